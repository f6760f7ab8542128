import { chromium, type Browser, type Page } from 'playwright-core'

/** Debian's Chromium, headless, with software WebGL and no background network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--enable-unsafe-swiftshader',
      '--use-angle=swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

/** Collects console errors and failed requests of a page, for "no errors" assertions. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`)
  })
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`))
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`))
  return errors
}

/** Waits until the map has drawn everything it has loaded; on a timeout, saves a screenshot of the page. */
export async function waitForMapIdle(page: Page): Promise<void> {
  try {
    await page.waitForFunction(
      () => {
        const map = window.appMap
        return !!map && map.loaded() && document.body.dataset.mapState === 'idle' && map.querySourceFeatures('counties').length > 0
      },
      undefined,
      { timeout: 60_000 },
    )
  } catch (error) {
    await page.screenshot({ path: 'test-results/map-not-idle.png' }).catch(() => undefined)
    throw error
  }
}

/** Signs in through the top bar's dialog (the result is for the caller to check). */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.click('#sign-in')
  await page.fill('#login-dialog input[name=username]', username)
  await page.fill('#login-dialog input[name=password]', password)
  await page.click('#login-dialog button[type=submit]')
}

/** The page position of a lon/lat on the map. */
export async function pixel(page: Page, lngLat: [number, number]): Promise<{ x: number; y: number }> {
  return page.evaluate((at) => {
    const p = window.appMap!.project(at)
    const box = document.getElementById('map')!.getBoundingClientRect()
    return { x: p.x + box.left, y: p.y + box.top }
  }, lngLat)
}

/** Moves the map to `center` at `zoom` at once and waits until it has drawn. */
export async function jumpTo(page: Page, center: [number, number], zoom: number) {
  await page.evaluate(
    ([c, z]) =>
      new Promise((resolve) => {
        window.appMap!.jumpTo({ center: c as [number, number], zoom: z as number })
        window.appMap!.once('idle', resolve)
      }),
    [center, zoom] as const,
  )
}
