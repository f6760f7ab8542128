import fs from 'node:fs/promises'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { collectErrors, launchBrowser, signIn, waitForMapIdle } from './browser'
import { createScratchDatabase } from '../support/scratch-database'
import { startServerProcess, type ServerProcess } from './server-process'

const ARTIFACTS = path.resolve('test-results')
const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1400, height: 900 }
const ADMIN_PASSWORD = 'e2e-admin-password'
const INSPECTOR = { username: 'sign-inspector', password: 'sign inspector 123' }
/** Each test walks through the app, from sign-in on: minutes on a busy machine. */
const WALK_MS = 240_000

let server: ServerProcess
let browser: Browser
/** With TEST_DATABASE_URL, the server runs on a fresh database there; else on the embedded one. */
let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined
type SampleSign = { code: string; name: string; roman_spelling: string; lon: number; lat: number }
/** Sample street signs in use, intact and recently inspected (green on the map). */
let signs: SampleSign[]

async function adminFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!
  const { csrfToken } = (await login.json()) as { csrfToken: string }
  return fetch(`${server.url}${url}`, { ...init, headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json', ...(init.headers ?? {}) } })
}

/** A JPEG that looks like a photo of a sign, for the file inputs. */
async function photoFile(dir: string, name: string): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480"><rect width="640" height="480" fill="#9db8cf"/><rect x="160" y="150" width="320" height="110" fill="#0b4f8a"/><text x="320" y="220" font-size="40" text-anchor="middle" fill="#fff" font-family="Noto Sans CJK SC">测试照片</text></svg>`
  const file = path.join(dir, name)
  await fs.writeFile(file, await sharp(Buffer.from(svg)).jpeg().toBuffer())
  return file
}

beforeAll(async () => {
  await fs.mkdir(ARTIFACTS, { recursive: true })
  scratch = process.env.TEST_DATABASE_URL ? await createScratchDatabase(process.env.TEST_DATABASE_URL) : undefined
  server = await startServerProcess({ ADMIN_PASSWORD, ...(scratch ? { DATABASE_URL: scratch.url } : {}) })
  browser = await launchBrowser()
  const created = await adminFetch('/api/admin/users', { method: 'POST', body: JSON.stringify({ ...INSPECTOR, display_name: '巡检员', roles: ['placename_editor'], county_codes: [] }) })
  expect(created.status).toBe(201)
  const res = await fetch(`${server.url}/ogc/collections/signs/items?limit=400&sign_type=residential_street&status=in_use&last_condition=intact&content_outdated=false`)
  const features = ((await res.json()) as { features: { geometry: { coordinates: [number, number] }; properties: SampleSign & { map_state: string } }[] }).features
  signs = features.filter((f) => f.properties.map_state === 'ok').map((f) => ({ ...f.properties, lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] }))
  expect(signs.length).toBeGreaterThan(10)
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await scratch?.drop()
})

/** The page's console errors and failed requests, and any dialog: a script that ran from a stored text would open one. */
function watchErrors(page: Page): string[] {
  const errors = collectErrors(page)
  page.on('dialog', (dialog) => {
    errors.push(`dialog: ${dialog.message()}`)
    void dialog.dismiss()
  })
  return errors
}

async function phonePage(options: { geolocation?: { longitude: number; latitude: number } } = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    ...(options.geolocation ? { geolocation: { ...options.geolocation, accuracy: 8 }, permissions: ['geolocation'] } : {}),
  })
  const page = await context.newPage()
  return { context, page, errors: watchErrors(page) }
}

/** Signs in from the phone's top bar. */
async function phoneSignIn(page: Page, user: { username: string; password: string }): Promise<void> {
  await signIn(page, user.username, user.password)
  await page.waitForSelector('#login-dialog', { state: 'hidden' })
}

/** The state the staff map draws a sign in, read from the rendered point there. */
async function drawnState(page: Page, sign: SampleSign): Promise<string | undefined> {
  await page.evaluate(
    (at) =>
      new Promise((resolve) => {
        window.appMap!.jumpTo({ center: at, zoom: 17.5 })
        window.appMap!.once('idle', resolve)
      }),
    [sign.lon, sign.lat] as [number, number],
  )
  return page.evaluate((code) => {
    const found = window.appMap!.queryRenderedFeatures({ layers: ['signs-points'] }).find((f) => f.properties?.code === code)
    return found?.properties?.state as string | undefined
  }, sign.code)
}

describe('the public sign page on a phone (390×844)', () => {
  it('shows the standard name, its spelling and the small map, and switches to English', async () => {
    const sign = signs[3]!
    const { context, page, errors } = await phonePage()
    const res = await page.goto(`${server.url}/s/${sign.code}`)
    expect(res!.status()).toBe(200)
    await expect.poll(() => page.locator('h1').textContent()).toBe(sign.name)
    expect(await page.locator('.spell').textContent()).toBe(sign.roman_spelling)
    expect(await page.locator('figure svg path').count()).toBeGreaterThan(3)
    const h1 = await page.locator('h1').boundingBox()
    expect(h1!.y + h1!.height).toBeLessThan(PHONE.height / 3)
    expect(await page.locator('.plate .badge').textContent()).toContain('示例数据')
    expect(await page.locator('footer .note.gen').textContent()).toContain('示例数据')
    await page.screenshot({ path: path.join(ARTIFACTS, 'signs-public-390.png'), fullPage: true })
    await page.click('header a[hreflang=en]')
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en')
    expect(await page.locator('h1').textContent()).toBe(sign.name)
    await page.screenshot({ path: path.join(ARTIFACTS, 'signs-public-390-en.png') })
    expect(errors).toEqual([])
    await context.close()
  }, WALK_MS)
})

describe('a public report', () => {
  it('is sent from the phone without script running, and appears in the staff queue', async () => {
    const sign = signs[5]!
    const description = `<img src=x onerror=alert(1)>树枝挡住了牌子 ${Date.now()}`
    const { context, page, errors } = await phonePage()
    await page.goto(`${server.url}/s/${sign.code}`)
    await page.click('a.btn')
    await page.waitForSelector('form[enctype="multipart/form-data"]')
    await page.check('input[name=problem][value=obstructed]')
    await page.fill('#description', description)
    await page.fill('#contact', '13800000000')
    await page.setInputFiles('#photo', await photoFile(ARTIFACTS, 'signs-report-photo.jpg'))
    await page.screenshot({ path: path.join(ARTIFACTS, 'signs-report-390.png'), fullPage: true })
    // People take a few seconds over a form; the form refuses one sent sooner.
    await page.waitForTimeout(3200)
    await page.click('button[type=submit]')
    await page.waitForSelector('.ok')
    expect(await page.locator('.ok').textContent()).toContain('已收到您的报告')
    await page.screenshot({ path: path.join(ARTIFACTS, 'signs-report-sent-390.png') })
    expect(errors).toEqual([])
    await context.close()

    const staff = await browser.newPage({ viewport: DESKTOP })
    const staffErrors = watchErrors(staff)
    await staff.goto(server.url)
    await waitForMapIdle(staff)
    await signIn(staff, INSPECTOR.username, INSPECTOR.password)
    await staff.waitForSelector('#login-dialog', { state: 'hidden' })
    await staff.click('#signs-toggle')
    await staff.waitForSelector('#signs-panel[data-loaded]')
    await staff.click('.signs-tabs [data-tab=queue]')
    await staff.selectOption('#queue-source', 'public')
    const row = staff.locator('#signs-queue tr', { hasText: description })
    await row.waitFor()
    expect(await row.getAttribute('data-code')).toBe(sign.code)
    await row.click()
    await staff.waitForSelector('#sign-items li[data-source=public]')
    const item = staff.locator('#sign-items li', { hasText: description })
    await item.waitFor()
    expect(await item.locator('.signs-description').textContent()).toBe(description)
    expect(await item.locator('.signs-thumbs img').count()).toBe(1)
    await staff.screenshot({ path: path.join(ARTIFACTS, 'signs-queue-1400.png') })
    expect(staffErrors).toEqual([])
    await staff.close()
  }, WALK_MS)
})

describe('an inspection on a phone (390×844)', () => {
  it('finds the nearest sign, records the condition with a photo and the position, and the sign’s colour on the map changes', async () => {
    const sign = signs[8]!
    // The phone stands about 6 m east of the sign.
    const { context, page, errors } = await phonePage({ geolocation: { longitude: sign.lon + 0.00006, latitude: sign.lat } })
    await page.goto(server.url)
    await waitForMapIdle(page)
    await phoneSignIn(page, INSPECTOR)
    await page.click('#signs-toggle')
    await page.waitForSelector('#signs-panel[data-loaded]')
    await page.click('#signs-panel .sheet-toggle')
    expect(await drawnState(page, sign)).toBe('ok')
    await page.screenshot({ path: path.join(ARTIFACTS, 'signs-map-before-390.png') })
    await page.click('#signs-panel .sheet-toggle')

    await page.click('#signs-inspect')
    const nearest = page.locator(`#inspect-nearby [data-code="${sign.code}"]`)
    await nearest.waitFor()
    await page.screenshot({ path: path.join(ARTIFACTS, 'signs-inspect-find-390.png') })
    await nearest.click()
    await page.click('[data-condition=broken]')
    await page.setInputFiles('#inspect-photo', await photoFile(ARTIFACTS, 'signs-inspection-photo.jpg'))
    await page.waitForSelector('#inspect-thumbs [data-file-id]')
    await expect.poll(() => page.locator('#inspect-position').textContent()).toMatch(/±8/)
    await page.fill('#inspect-notes', '立柱断裂')
    // Thumb reach: the save button sits in the lower part of the screen, full width.
    const save = await page.locator('#inspect-save').boundingBox()
    expect(save!.y).toBeGreaterThan(PHONE.height / 2)
    expect(save!.width).toBeGreaterThan(PHONE.width * 0.8)
    for (const b of await page.locator('.inspect-condition').all()) expect((await b.boundingBox())!.height).toBeGreaterThanOrEqual(48)
    await page.screenshot({ path: path.join(ARTIFACTS, 'signs-inspect-form-390.png') })
    await page.click('#inspect-save')
    await page.waitForSelector('#inspect-saved')
    expect(await page.locator('#inspect-saved').textContent()).toContain('破损')
    await page.screenshot({ path: path.join(ARTIFACTS, 'signs-inspect-saved-390.png') })
    await page.click('#inspect-done')

    await expect.poll(() => drawnState(page, sign), { timeout: 15_000 }).toBe('damaged')
    // The panel folded, the map shows the sign in its new colour.
    await page.click('#signs-panel .sheet-toggle')
    await page.screenshot({ path: path.join(ARTIFACTS, 'signs-map-after-390.png') })
    const detail = (await (await adminFetch(`/api/signs/${sign.code}`)).json()) as { inspections: { condition: string; photo_ids: number[]; accuracy_m: number; distance_m: number }[] }
    expect(detail.inspections[0]).toMatchObject({ condition: 'broken', accuracy_m: 8 })
    expect(detail.inspections[0]!.photo_ids).toHaveLength(1)
    expect(detail.inspections[0]!.distance_m).toBeGreaterThan(3)
    expect(detail.inspections[0]!.distance_m).toBeLessThan(10)
    expect(errors).toEqual([])
    await context.close()
  }, WALK_MS)
})

describe('the signs mode on a wide screen (1400×900)', () => {
  it('draws the signs clustered with a legend and counts, and a sign’s panel with its QR code', async () => {
    const page = await browser.newPage({ viewport: DESKTOP })
    const errors = collectErrors(page)
    await page.goto(server.url)
    await waitForMapIdle(page)
    await signIn(page, INSPECTOR.username, INSPECTOR.password)
    await page.waitForSelector('#login-dialog', { state: 'hidden' })
    await page.click('#signs-toggle')
    await page.waitForSelector('#signs-panel[data-loaded="3353"]')
    await waitForMapIdle(page)
    const counts = await page.locator('#signs-legend .legend-count').allTextContents()
    expect(counts.map((c) => Number(c.replace(/,/g, ''))).reduce((a, b) => a + b, 0)).toBe(3353)
    expect(await page.evaluate(() => window.appMap!.queryRenderedFeatures({ layers: ['signs-clusters'] }).length)).toBeGreaterThan(5)
    await page.screenshot({ path: path.join(ARTIFACTS, 'signs-mode-1400.png') })
    const sign = signs[12]!
    await drawnState(page, sign)
    const at = await page.evaluate((lngLat) => {
      const p = window.appMap!.project(lngLat)
      const box = window.appMap!.getContainer().getBoundingClientRect()
      return { x: p.x + box.left, y: p.y + box.top }
    }, [sign.lon, sign.lat] as [number, number])
    await page.mouse.click(at.x, at.y)
    await page.waitForSelector('#sign-state')
    expect(await page.locator('.signs-name').textContent()).toBe(sign.name)
    await page.waitForFunction(() => (document.querySelector('.signs-qr') as HTMLImageElement | null)?.complete === true)
    expect(await page.locator('.signs-qr').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0)
    await page.screenshot({ path: path.join(ARTIFACTS, 'signs-sign-1400.png') })
    expect(errors).toEqual([])
    await page.close()
  }, WALK_MS)
})
