import fs from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator, Page } from 'playwright-core'
import type { Feature, FeatureCollection, MultiPolygon, Point } from 'geojson'
import { collectErrors, launchBrowser, signIn, waitForMapIdle } from './browser'
import { startServerProcess, type ServerProcess } from './server-process'

const ARTIFACTS = path.resolve('test-results')
const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1400, height: 900 }
const ADMIN_PASSWORD = 'e2e-admin-password'
/** A facility editor who may edit only in 新华区 (410402). */
const SCOPED = { username: 'xinhua-editor', password: 'xinhua password 123' }
/** Open ground in 新华区 and in 宝丰县 (410421), between the sample's facilities. */
const IN_XINHUA: [number, number] = [113.2405, 33.7535]
const IN_BAOFENG: [number, number] = [112.86, 33.92]

let server: ServerProcess
let browser: Browser
let facilities: Feature<Point>[]
/** A facility in 新华区 and one in 宝丰县, each with no other within about 400 m. */
let inXinhua: Feature<Point>
let inBaofeng: Feature<Point>

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(new URL(url, server.url))
  expect(res.status, url).toBe(200)
  return (await res.json()) as T
}

const lonLat = (f: Feature<Point>) => f.geometry.coordinates as [number, number]

function isolatedIn(county: string): Feature<Point> {
  const found = facilities.find(
    (f) =>
      f.properties?.county_code === county &&
      facilities.every((g) => g === f || Math.abs(lonLat(g)[0] - lonLat(f)[0]) + Math.abs(lonLat(g)[1] - lonLat(f)[1]) > 0.004),
  )
  expect(found, county).toBeDefined()
  return found!
}

beforeAll(async () => {
  await fs.mkdir(ARTIFACTS, { recursive: true })
  server = await startServerProcess({ ADMIN_PASSWORD })
  browser = await launchBrowser()
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  })
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!
  const { csrfToken } = (await login.json()) as { csrfToken: string }
  const created = await fetch(`${server.url}/api/admin/users`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ ...SCOPED, display_name: '新华区编辑', roles: ['facility_editor'], county_codes: ['410402'] }),
  })
  expect(created.status).toBe(201)
  facilities = (await getJson<FeatureCollection<Point>>('/ogc/collections/eldercare_facilities/items?limit=10000')).features
  inXinhua = isolatedIn('410402')
  inBaofeng = isolatedIn('410421')
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

async function openMap(viewport: { width: number; height: number }, lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport })
  const errors = collectErrors(page)
  if (lang === 'en') await page.addInitScript(() => localStorage.setItem('lang', 'en'))
  await page.goto(server.url)
  await waitForMapIdle(page)
  await page.waitForFunction(() => window.appMap!.querySourceFeatures('eldercare-facilities').length > 0)
  return { page, errors }
}

/** Centres the map on a place at a zoom and returns the place's position on the page. */
async function centreOn(page: Page, lngLat: [number, number], zoom: number, offset: [number, number] = [0, 0]): Promise<{ x: number; y: number }> {
  await page.evaluate(
    ({ lngLat, zoom, offset }) =>
      new Promise((resolve) => {
        const map = window.appMap!
        map.jumpTo({ center: lngLat, zoom })
        map.panBy([-offset[0], -offset[1]], { animate: false })
        map.once('idle', resolve)
      }),
    { lngLat, zoom, offset },
  )
  return pagePosition(page, lngLat)
}

/** Where a lon/lat is on the page now. */
function pagePosition(page: Page, lngLat: [number, number]): Promise<{ x: number; y: number }> {
  return page.evaluate((at) => {
    const p = window.appMap!.project(at)
    const box = window.appMap!.getContainer().getBoundingClientRect()
    return { x: p.x + box.left, y: p.y + box.top }
  }, lngLat)
}

/** Waits until the map stands still (a popup may pan it clear of the panels). */
const settle = (page: Page) => page.waitForFunction(() => !window.appMap!.isMoving())

/** Whether the element is wholly inside the viewport and the topmost element at its centre is it (or inside it). */
function uncovered(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const r = element.getBoundingClientRect()
    if (r.width === 0 || r.left < 0 || r.top < 0 || r.right > innerWidth || r.bottom > innerHeight) return false
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
    return !!top && element.contains(top)
  })
}

/** The boxes of two elements do not overlap. */
async function apart(a: Locator, b: Locator): Promise<boolean> {
  const [ra, rb] = await Promise.all([a.boundingBox(), b.boundingBox()])
  return !ra || !rb || ra.x + ra.width <= rb.x || rb.x + rb.width <= ra.x || ra.y + ra.height <= rb.y || rb.y + rb.height <= ra.y
}

/** The header is one line: its own height, and no item in it taller than one line of text. */
async function expectOneLineHeader(page: Page): Promise<void> {
  const header = await page.locator('.topbar').boundingBox()
  expect(header!.height).toBe(48)
  const heights = await page.locator('.topbar h1, .topbar button:visible').evaluateAll((els) => els.map((el) => [el.textContent, el.getBoundingClientRect().height, el.getBoundingClientRect().right] as const))
  for (const [text, height, right] of heights) {
    expect(height, `${text}`).toBeLessThanOrEqual(34)
    expect(right, `${text}`).toBeLessThanOrEqual(innerWidthOf(header!))
  }
}
const innerWidthOf = (box: { x: number; width: number }) => box.x + box.width

describe('a phone-sized screen (390×844)', () => {
  it('fits the header on one line and folds the layer panel into a bottom sheet', async () => {
    const { page, errors } = await openMap(PHONE)
    await expectOneLineHeader(page)
    const sheet = page.locator('#side-panel')
    const toggle = sheet.locator('.sheet-toggle')
    // Folded at first: the map is the phone's.
    expect(await toggle.getAttribute('aria-expanded')).toBe('false')
    expect(await page.locator('#filters').isVisible()).toBe(false)
    let box = (await sheet.boundingBox())!
    expect(box.height).toBeLessThanOrEqual(60)
    expect(box.y + box.height).toBe(PHONE.height)
    expect(box.width).toBe(PHONE.width)
    await page.screenshot({ path: path.join(ARTIFACTS, 'phone-map.png') })

    await toggle.click()
    expect(await toggle.getAttribute('aria-expanded')).toBe('true')
    expect(await page.locator('#filters select[name=county]').isVisible()).toBe(true)
    box = (await sheet.boundingBox())!
    expect(box.height).toBeGreaterThan(300)
    // Room is left above it to see the map.
    expect(box.y).toBeGreaterThan(48 + 56)
    expect(await uncovered(toggle)).toBe(true)
    await page.screenshot({ path: path.join(ARTIFACTS, 'phone-panel-open.png') })
    await toggle.click()
    expect(await page.locator('#filters').isVisible()).toBe(false)
    expect((await sheet.boundingBox())!.height).toBeLessThanOrEqual(60)
    expect(errors).toEqual([])
    await page.close()
  })

  it('opens a popup wholly in view with its close button uncovered; a second click keeps it open, Esc closes it', async () => {
    const { page, errors } = await openMap(PHONE)
    // Open the panel first: the popup must not open under it.
    await page.click('#side-panel .sheet-toggle')
    // At the right, just above the open panel: the popup has no room there.
    const at = await centreOn(page, lonLat(inBaofeng), 14, [150, -110])
    expect(at.y).toBeLessThan((await page.locator('#side-panel').boundingBox())!.y - 20)
    await page.mouse.click(at.x, at.y)
    const popup = page.locator(`.record-popup[data-id="${inBaofeng.id}"]`)
    await expect.poll(() => popup.count()).toBe(1)
    await settle(page)
    const frame = page.locator('.maplibregl-popup')
    const close = page.locator('.maplibregl-popup-close-button')
    await expect.poll(() => uncovered(close)).toBe(true)
    expect(await uncovered(popup.locator('h3'))).toBe(true)
    expect(await apart(frame, page.locator('#side-panel'))).toBe(true)
    const box = (await frame.boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width)
    expect(box.y).toBeGreaterThanOrEqual(48)
    await page.screenshot({ path: path.join(ARTIFACTS, 'phone-popup.png') })

    const again = await pagePosition(page, lonLat(inBaofeng))
    await page.mouse.click(again.x, again.y)
    await page.waitForTimeout(500)
    expect(await popup.count()).toBe(1)
    expect(await page.locator('.maplibregl-popup').count()).toBe(1)

    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('.maplibregl-popup').count()).toBe(0)
    expect(errors).toEqual([])
    await page.close()
  })

  it('zooms to the county chosen in the filter, clear of the panel', async () => {
    const { page, errors } = await openMap(PHONE)
    await page.click('#side-panel .sheet-toggle')
    const before = await page.evaluate(() => window.appMap!.getZoom())
    await page.selectOption('#filters select[name=county]', '410421')
    await page.waitForFunction(() => !window.appMap!.isMoving())
    await waitForMapIdle(page)
    const county = await getJson<Feature<MultiPolygon>>('/ogc/collections/counties/items/410421')
    const points = county.geometry.coordinates.flat(2)
    const [west, south, east, north] = [Math.min(...points.map((p) => p[0]!)), Math.min(...points.map((p) => p[1]!)), Math.max(...points.map((p) => p[0]!)), Math.max(...points.map((p) => p[1]!))]
    const view = await page.evaluate(() => ({ zoom: window.appMap!.getZoom(), bounds: window.appMap!.getBounds().toArray() }))
    expect(view.zoom).toBeGreaterThan(before + 0.5)
    const [[w, s], [e, n]] = view.bounds as [[number, number], [number, number]]
    expect(w).toBeLessThanOrEqual(west)
    expect(s).toBeLessThanOrEqual(south)
    expect(e).toBeGreaterThanOrEqual(east)
    expect(n).toBeGreaterThanOrEqual(north)
    // The county's corners are above the open panel.
    const sheetTop = (await page.locator('#side-panel').boundingBox())!.y
    for (const corner of [[west, south], [east, south]] as [number, number][]) expect((await pagePosition(page, corner)).y).toBeLessThan(sheetTop)
    await page.screenshot({ path: path.join(ARTIFACTS, 'phone-county-zoom.png') })
    expect(errors).toEqual([])
    await page.close()
  })

  it("shows the table's whole toolbar, and a row selected out of view brings its record into view", async () => {
    const { page, errors } = await openMap(PHONE)
    await page.click('#table-toggle')
    const bar = (await page.locator('.table-bar').boundingBox())!
    for (const selector of ['.table-search', '.table-count', '.table-export', '.table-collapse', '.table-close']) {
      const item = page.locator(`.table-bar ${selector}`)
      const box = (await item.boundingBox())!
      expect(box.x, selector).toBeGreaterThanOrEqual(0)
      expect(box.x + box.width, selector).toBeLessThanOrEqual(PHONE.width)
      expect(box.y + box.height, selector).toBeLessThanOrEqual(bar.y + bar.height)
      expect(await uncovered(item), selector).toBe(true)
    }
    await expectOneLineHeader(page)
    // Far from the records, then a row.
    await centreOn(page, [111.5, 35.2], 12)
    await page.fill('.table-search', String(inBaofeng.properties!.name))
    await page.click(`.record-table tbody tr[data-id="${inBaofeng.id}"]`)
    await settle(page)
    const at = await pagePosition(page, lonLat(inBaofeng))
    const map = (await page.locator('#map').boundingBox())!
    const sheetTop = (await page.locator('#side-panel').boundingBox())!.y
    expect(at.x).toBeGreaterThan(0)
    expect(at.x).toBeLessThan(PHONE.width)
    expect(at.y).toBeGreaterThan(map.y)
    expect(at.y).toBeLessThan(sheetTop)
    await expect.poll(() => uncovered(page.locator('.maplibregl-popup-close-button'))).toBe(true)
    await page.screenshot({ path: path.join(ARTIFACTS, 'phone-table.png') })
    await page.click('.table-collapse')
    expect(await page.locator('.table-scroll').isVisible()).toBe(false)
    expect(errors).toEqual([])
    await page.close()
  })

  describe('a county-scoped editor', () => {
    let page: Page
    let errors: string[]
    beforeAll(async () => {
      ;({ page, errors } = await openMap(PHONE))
      await signIn(page, SCOPED.username, SCOPED.password)
      await page.waitForSelector('#editor:not([hidden])')
    })
    afterAll(async () => {
      await page?.close()
    })

    it('keeps the header on one line, the user in a menu', async () => {
      await expectOneLineHeader(page)
      expect(await page.locator('#sign-out').isVisible()).toBe(false)
      await page.click('.user-menu-toggle')
      expect(await uncovered(page.locator('#sign-out'))).toBe(true)
      expect(await page.locator('#current-user').textContent()).toContain('新华区编辑')
      await page.keyboard.press('Escape')
      expect(await page.locator('#sign-out').isVisible()).toBe(false)
    })

    it("is offered no edit, move or delete on another county's record, and is on their own", async () => {
      let at = await centreOn(page, lonLat(inBaofeng), 14)
      await page.mouse.click(at.x, at.y)
      const outside = page.locator(`.record-popup[data-id="${inBaofeng.id}"]`)
      await expect.poll(() => outside.count()).toBe(1)
      expect(await outside.locator('button[data-action]').count()).toBe(0)
      expect(await outside.locator('[data-scope-note]').textContent()).toBe('此记录位于宝丰县。您只能编辑新华区的记录。')
      await page.screenshot({ path: path.join(ARTIFACTS, 'phone-scoped-outside.png') })

      at = await centreOn(page, lonLat(inXinhua), 14)
      await page.mouse.click(at.x, at.y)
      const inside = page.locator(`.record-popup[data-id="${inXinhua.id}"]`)
      await expect.poll(() => inside.count()).toBe(1)
      expect(await inside.locator('button[data-action]').evaluateAll((bs) => bs.map((b) => (b as HTMLElement).dataset.action))).toEqual(['edit', 'reshape', 'delete'])
      await settle(page)
      expect(await uncovered(inside.locator('button[data-action=delete]'))).toBe(true)
      await page.keyboard.press('Escape')
    })

    it('cannot open the add form outside their county, is told where the click was, and can inside it', async () => {
      await page.click('#editor button[data-add=eldercare_facilities]')
      let at = await centreOn(page, IN_BAOFENG, 13)
      await page.mouse.click(at.x, at.y)
      await expect.poll(() => page.locator('#editor .form-error').textContent()).toBe('此处位于宝丰县。您只能在新华区新增记录，请在新华区范围内点击。')
      expect(await page.locator('dialog.editor-form').count()).toBe(0)
      await page.screenshot({ path: path.join(ARTIFACTS, 'phone-scoped-refused.png') })

      at = await centreOn(page, IN_XINHUA, 14)
      await page.mouse.click(at.x, at.y)
      const form = page.locator('dialog.editor-form')
      await expect.poll(() => form.count()).toBe(1)
      const box = (await form.boundingBox())!
      expect(box.x).toBeGreaterThanOrEqual(0)
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width)
      expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height)
      expect(await uncovered(form.locator('button[type=submit]'))).toBe(true)
      expect(await uncovered(form.locator('input[name=name]'))).toBe(true)
      await page.screenshot({ path: path.join(ARTIFACTS, 'phone-editor-form.png') })
      // The server's refusals read in Chinese beside their fields, with no English left in them.
      await form.locator('input[name=name]').fill('手机测试养老院')
      await form.locator('input[name=beds]').fill('10')
      await form.locator('input[name=nursing_beds]').fill('20')
      await form.locator('input[name=beds]').fill('3000000000')
      await form.locator('button[type=submit]').click()
      await expect.poll(() => form.locator('[data-error-for=beds]').textContent()).toBe('不能大于 10000')
      expect(await form.locator('[data-error-for=nursing_beds]').textContent()).toBe('')
      await form.locator('input[name=beds]').fill('10')
      await form.locator('button[type=submit]').click()
      await expect.poll(() => form.locator('[data-error-for=nursing_beds]').textContent()).toBe('不能超过床位')
      const shown = await form.evaluate((el) => el.textContent ?? '')
      expect(shown).not.toMatch(/[A-Za-z]{3,}/)
      await page.screenshot({ path: path.join(ARTIFACTS, 'phone-editor-errors.png') })
      // The 400s were asked for; the browser logs them as failed resources.
      errors.length = 0
      await form.locator('.buttons button[type=button]').click()
      await expect.poll(() => form.count()).toBe(0)
      await page.click('#editor button:has-text("取消")')
      expect(errors).toEqual([])
    })
  })
})

describe('a wide screen (1400×900)', () => {
  it('folds the side panel, greys the kinds of a register switched off, and its county swatch shows the map’s colours', async () => {
    const { page, errors } = await openMap(DESKTOP)
    await expectOneLineHeader(page)
    const toggle = page.locator('#side-panel .sheet-toggle')
    expect(await toggle.getAttribute('aria-expanded')).toBe('true')
    const colours = await page.evaluate(() => JSON.stringify(window.appMap!.getPaintProperty('home-counties-fill', 'fill-color')).match(/#[0-9a-f]{6}/gi))
    expect(colours!.length).toBe(5)
    const swatch = await page.locator('#legend input[data-layers^=home-counties]').locator('xpath=..').locator('.swatch').getAttribute('style')
    for (const colour of colours!) expect(swatch).toContain(colour)
    expect(await page.locator('#legend').textContent()).toContain('红圈：未达到“六有”标准')

    await page.uncheck('#legend input[data-register=social_work_stations]:not([data-kind])')
    const kinds = page.locator('#legend input[data-register=social_work_stations][data-kind]')
    expect(await kinds.count()).toBe(3)
    for (const box of await kinds.all()) {
      expect(await box.isDisabled()).toBe(true)
      expect(await box.locator('xpath=..').getAttribute('class')).toContain('off')
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'desktop-zh.png') })
    await page.check('#legend input[data-register=social_work_stations]:not([data-kind])')
    expect(await kinds.first().isDisabled()).toBe(false)

    await toggle.click()
    expect(await page.locator('#legend').isVisible()).toBe(false)
    expect((await page.locator('#side-panel').boundingBox())!.height).toBeLessThanOrEqual(50)
    await toggle.click()
    expect(await page.locator('#legend').isVisible()).toBe(true)
    expect(errors).toEqual([])
    await page.close()
  })

  it('names its controls in the language chosen', async () => {
    const { page, errors } = await openMap(DESKTOP, 'en')
    await expectOneLineHeader(page)
    const names = () =>
      page.evaluate(() => ({
        lang: document.documentElement.lang,
        toggle: document.getElementById('lang-toggle')!.getAttribute('aria-label'),
        map: document.getElementById('map')!.getAttribute('aria-label'),
        zoomIn: document.querySelector('.maplibregl-ctrl-zoom-in')!.getAttribute('title'),
        sheet: document.querySelector('#side-panel .sheet-toggle')!.getAttribute('title'),
        close: document.querySelector('.maplibregl-popup-close-button')?.getAttribute('aria-label'),
      }))
    const at = await centreOn(page, lonLat(inXinhua), 14)
    await page.mouse.click(at.x, at.y)
    await expect.poll(() => page.locator('.record-popup').count()).toBe(1)
    expect(await names()).toEqual({ lang: 'en', toggle: 'Switch to the Chinese interface', map: 'Map', zoomIn: 'Zoom in', sheet: 'Collapse the panel', close: 'Close popup' })
    await page.screenshot({ path: path.join(ARTIFACTS, 'desktop-en.png') })
    await page.click('#lang-toggle')
    expect(await names()).toEqual({ lang: 'zh-CN', toggle: '切换到英文界面', map: '地图', zoomIn: '放大', sheet: '收起面板', close: '关闭弹窗' })
    expect(errors).toEqual([])
    await page.close()
  })
})
