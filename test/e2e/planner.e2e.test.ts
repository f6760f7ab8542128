import fs from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator, Page } from 'playwright-core'
import type { Feature, FeatureCollection, Point } from 'geojson'
import { collectErrors, launchBrowser, waitForMapIdle } from './browser'
import { startServerProcess, type ServerProcess } from './server-process'

const ARTIFACTS = path.resolve('test-results')
/** Each register's collection and the map layer that draws it. */
const LAYERS = {
  eldercare_facilities: 'eldercare-facilities',
  social_work_stations: 'social-work-stations',
  funeral_facilities: 'funeral-facilities',
  cemeteries: 'cemeteries-fill',
} as const
type Collection = keyof typeof LAYERS
const KIND_KEY: Record<Collection, string> = { eldercare_facilities: 'kind', social_work_stations: 'tier', funeral_facilities: 'kind', cemeteries: 'kind' }

let server: ServerProcess
let browser: Browser
/** Every record of each register, as the OGC API serves it (the test's own reading, not the app's). */
const records = {} as Record<Collection, Feature[]>
let ruleChecks: { id: string; title: Record<'zh-CN' | 'en', string>; clause: { ref: string } }[]

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(new URL(url, server.url))
  expect(res.status, url).toBe(200)
  return (await res.json()) as T
}

const items = async (collection: string, query = '') =>
  (await getJson<FeatureCollection>(`/ogc/collections/${collection}/items?limit=10000${query}`)).features
const failed = (f: Feature) => String(f.properties?.rules_failed ?? '').split(',').filter(Boolean)
const sortedIds = (features: { id?: string | number }[]) => features.map((f) => Number(f.id)).sort((a, b) => a - b)

beforeAll(async () => {
  await fs.mkdir(ARTIFACTS, { recursive: true })
  server = await startServerProcess()
  browser = await launchBrowser()
  for (const collection of Object.keys(LAYERS) as Collection[]) records[collection] = await items(collection)
  ruleChecks = await getJson('/api/rule-checks')
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

async function openMap(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } })
  const errors = collectErrors(page)
  await page.goto(server.url)
  await waitForMapIdle(page)
  // The registers load after the base layers: wait until every one is on the map.
  await page.waitForFunction(
    (layers) => layers.every((layer) => window.appMap!.queryRenderedFeatures({ layers: [layer] }).length > 0),
    Object.values(LAYERS),
  )
  return { page, errors }
}

/** The features a layer draws in the view, one per id (a feature may lie in several tiles). */
function drawn(page: Page, layer: string): Promise<{ id: number; properties: Record<string, unknown> }[]> {
  return page.evaluate((layer) => {
    const byId = new Map<number, { id: number; properties: Record<string, unknown> }>()
    for (const f of window.appMap!.queryRenderedFeatures({ layers: [layer] })) byId.set(Number(f.id), { id: Number(f.id), properties: f.properties })
    return [...byId.values()]
  }, layer)
}

/** Zooms in on a place and returns its position on the page, for a mouse click. */
function zoomTo(page: Page, lngLat: [number, number], zoom: number): Promise<{ x: number; y: number }> {
  return page.evaluate(
    async ({ lngLat, zoom }) => {
      const map = window.appMap!
      map.jumpTo({ center: lngLat, zoom })
      await new Promise((resolve) => map.once('idle', resolve))
      const p = map.project(lngLat)
      const box = map.getContainer().getBoundingClientRect()
      return { x: p.x + box.left, y: p.y + box.top }
    },
    { lngLat, zoom },
  )
}

/** Whether no facility but `feature` lies within about 100 m of `at`, so that a click there finds it alone. */
function alone(feature: Feature, at: [number, number]): boolean {
  const points = [...records.eldercare_facilities, ...records.social_work_stations, ...records.funeral_facilities]
  return points.every((f) => {
    const [lon, lat] = (f.geometry as Point).coordinates as [number, number]
    return f === feature || Math.hypot(lon - at[0], lat - at[1]) > 0.001
  })
}

/** A popup's attribute rows, label → value. */
async function popupRows(popup: Locator): Promise<Record<string, string>> {
  return Object.fromEntries(await popup.locator('table tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')!.textContent, tr.querySelector('td')!.textContent])))
}

/** The mean of a polygon's outer ring's vertices (inside the small convex cemetery shapes). */
function ringMean(feature: Feature): [number, number] {
  const g = feature.geometry
  const ring = (g.type === 'MultiPolygon' ? g.coordinates[0]![0]! : g.type === 'Polygon' ? g.coordinates[0]! : []).slice(0, -1)
  return [ring.reduce((a, p) => a + p[0]!, 0) / ring.length, ring.reduce((a, p) => a + p[1]!, 0) / ring.length]
}

describe("the planner's path", () => {
  it('lists each register with per-kind counts, and a kind switch removes exactly its features from the map and brings them back', async () => {
    const { page, errors } = await openMap()
    const legend = page.locator('#legend')
    for (const collection of Object.keys(LAYERS) as Collection[]) {
      const heading = await legend.locator(`input[data-register=${collection}]:not([data-kind])`).locator('xpath=..').textContent()
      expect(heading, collection).toMatch(new RegExp(`（${records[collection].length}）$`))
      const kinds = legend.locator(`input[data-register=${collection}][data-kind]`)
      expect(await kinds.count(), collection).toBeGreaterThan(1)
      for (const box of await kinds.all()) {
        const kind = (await box.getAttribute('data-kind'))!
        const expected = records[collection].filter((f) => f.properties?.[KIND_KEY[collection]] === kind).length
        expect(await box.locator('xpath=..').textContent(), `${collection}/${kind}`).toMatch(new RegExp(`（${expected}）$`))
      }
      // At the city's extent every record is drawn.
      expect(sortedIds(await drawn(page, LAYERS[collection])), collection).toEqual(sortedIds(records[collection]))
    }

    for (const [collection, kind] of [['eldercare_facilities', 'village_home'], ['cemeteries', 'commercial']] as const) {
      const layer = LAYERS[collection]
      const all = sortedIds(records[collection])
      const ofKind = records[collection].filter((f) => f.properties?.kind === kind)
      expect(ofKind.length, kind).toBeGreaterThan(0)
      const box = `#legend input[data-register=${collection}][data-kind=${kind}]`
      await page.uncheck(box)
      await waitForMapIdle(page)
      await expect.poll(async () => sortedIds(await drawn(page, layer))).toEqual(all.filter((id) => !ofKind.some((f) => f.id === id)))
      if (kind === 'village_home') await page.screenshot({ path: path.join(ARTIFACTS, 'planner-kind-off.png') })
      await page.check(box)
      await waitForMapIdle(page)
      await expect.poll(async () => sortedIds(await drawn(page, layer))).toEqual(all)
    }
    expect(errors).toEqual([])
    await page.close()
  })

  it('narrows the map to a county and a status, and to the records failing one rule check', async () => {
    const { page, errors } = await openMap()
    await page.selectOption('#filters select[name=county]', '410423')
    await page.selectOption('#filters select[name=status]', 'planned')
    await waitForMapIdle(page)
    const expected = await items('eldercare_facilities', '&county_code=410423&status=planned')
    expect(expected.length).toBeGreaterThan(0)
    await expect.poll(async () => sortedIds(await drawn(page, LAYERS.eldercare_facilities))).toEqual(sortedIds(expected))
    for (const f of await drawn(page, LAYERS.eldercare_facilities)) expect(f.properties).toMatchObject({ county_code: '410423', status: 'planned' })
    for (const f of await drawn(page, LAYERS.social_work_stations)) expect(f.properties).toMatchObject({ county_code: '410423', status: 'planned' })
    expect(await page.locator('#legend input[data-register=eldercare_facilities]:not([data-kind])').locator('xpath=..').textContent()).toContain(
      `（${expected.length}）`,
    )
    await page.screenshot({ path: path.join(ARTIFACTS, 'planner-filter-county-status.png') })

    await page.selectOption('#filters select[name=county]', '')
    await page.selectOption('#filters select[name=status]', '')
    await page.selectOption('#filters select[name=rule]', 'cemetery_land_minimum')
    await waitForMapIdle(page)
    const failing = records.cemeteries.filter((f) => failed(f).includes('cemetery_land_minimum'))
    expect(failing.length).toBeGreaterThan(0)
    expect(failing.length).toBeLessThan(records.cemeteries.length)
    await expect.poll(async () => sortedIds(await drawn(page, LAYERS.cemeteries))).toEqual(sortedIds(failing))
    // No record of another register fails a cemetery rule.
    expect(await drawn(page, LAYERS.eldercare_facilities)).toEqual([])
    await page.screenshot({ path: path.join(ARTIFACTS, 'planner-filter-rule.png') })
    expect(errors).toEqual([])
    await page.close()
  })

  it("shows a clicked facility's attributes and rule checks with their plan clauses, in Chinese and in English", async () => {
    const { page, errors } = await openMap()
    const facility = records.eldercare_facilities.find(
      (f) => f.properties?.kind === 'institution' && failed(f).includes('nursing_bed_share') && alone(f, (f.geometry as Point).coordinates as [number, number]),
    )!
    expect(facility).toBeDefined()
    const p = facility.properties!
    const rule = ruleChecks.find((r) => r.id === 'nursing_bed_share')!
    const point = await zoomTo(page, (facility.geometry as Point).coordinates as [number, number], 15)
    await page.mouse.click(point.x, point.y)
    const popup = page.locator(`.record-popup[data-id="${facility.id}"]`)
    await expect.poll(() => popup.locator('h3').textContent()).toBe(p.name)
    const statusZh: Record<string, string> = { operating: '运营', planned: '规划', under_construction: '在建', closed: '关闭' }
    expect(await popupRows(popup)).toMatchObject({ 类型: '养老机构', 床位: String(p.beds), 护理型床位: String(p.nursing_beds), 状态: statusZh[p.status] })
    const check = popup.locator('.rule-checks li[data-rule=nursing_bed_share]')
    expect(await check.getAttribute('class')).toBe('rule-failed')
    expect(await check.locator('.rule-mark').textContent()).toBe('✗')
    expect(await check.textContent()).toContain(rule.title['zh-CN'])
    expect(await check.locator('.rule-clause').textContent()).toBe(rule.clause.ref)
    expect(rule.clause.ref).toMatch(/^专栏1/)
    await page.screenshot({ path: path.join(ARTIFACTS, 'planner-popup-zh.png') })

    await page.click('#lang-toggle')
    await expect.poll(() => check.textContent()).toContain(rule.title.en)
    expect(await check.textContent()).toContain('failed')
    expect(await popupRows(popup)).toMatchObject({ Kind: 'Eldercare institution', Beds: String(p.beds), 'Nursing-type beds': String(p.nursing_beds), Status: p.status })
    expect(await popup.locator('.rule-checks h4').textContent()).toBe('Rule checks')
    await page.screenshot({ path: path.join(ARTIFACTS, 'planner-popup-en.png') })
    expect(errors).toEqual([])
    await page.close()
  })

  describe('the table', () => {
    /** The texts of a column of the drawn table, by its field key. */
    async function column(page: Page, key: string): Promise<string[]> {
      const index = await page.locator('.record-table thead th').evaluateAll((ths, key) => ths.findIndex((th) => (th as HTMLElement).dataset.key === key), key)
      expect(index, key).toBeGreaterThanOrEqual(0)
      return page.locator(`.record-table tbody tr td:nth-child(${index + 1})`).allTextContents()
    }

    it('lists a register, sorts it by a number, narrows it by text, and a row click selects the record on the map', async () => {
      const { page, errors } = await openMap()
      await page.click('#table-toggle')
      await expect.poll(() => page.locator('#table-drawer').isVisible()).toBe(true)
      const tabs = page.locator('.table-tab')
      expect(await tabs.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.collection))).toEqual(Object.keys(LAYERS))
      for (const collection of Object.keys(LAYERS) as Collection[]) {
        expect(await page.locator(`.table-tab[data-collection=${collection}] .tab-count`).textContent()).toBe(String(records[collection].length))
      }
      await page.click('.table-tab[data-collection=social_work_stations]')
      expect(await page.locator('.table-tab[data-collection=social_work_stations]').getAttribute('aria-selected')).toBe('true')
      const stations = records.social_work_stations
      await expect.poll(() => page.locator('.record-table tbody tr').count()).toBe(stations.length)
      expect(await page.locator('.table-count').textContent()).toBe(`${stations.length} / ${stations.length} 条`)

      const staff = stations.map((f) => Number(f.properties!.staff))
      await page.click('.record-table th[data-key=staff] button')
      expect(await page.locator('.record-table th[data-key=staff]').getAttribute('aria-sort')).toBe('ascending')
      expect(await page.locator('.record-table th[data-key=staff] .sort-mark').textContent()).toBe('▲')
      expect((await column(page, 'staff')).map(Number)).toEqual([...staff].sort((a, b) => a - b))
      await page.click('.record-table th[data-key=staff] button')
      expect(await page.locator('.record-table th[data-key=staff]').getAttribute('aria-sort')).toBe('descending')
      expect(await page.locator('.record-table th[data-key=staff] .sort-mark').textContent()).toBe('▼')
      expect((await column(page, 'staff')).map(Number)).toEqual([...staff].sort((a, b) => b - a))

      // 郏县 (410425) appears as the county of its stations and in some names.
      await page.fill('.table-search', '郏县')
      const inJiaxian = stations.filter((f) => f.properties!.county_code === '410425' || String(f.properties!.name).includes('郏县'))
      expect(inJiaxian.length).toBeGreaterThan(1)
      await expect.poll(() => page.locator('.record-table tbody tr').count()).toBe(inJiaxian.length)
      expect(sortedIds(await page.locator('.record-table tbody tr').evaluateAll((trs) => trs.map((tr) => ({ id: (tr as HTMLElement).dataset.id! }))))).toEqual(
        sortedIds(inJiaxian),
      )
      expect(await page.locator('.table-count').textContent()).toBe(`${inJiaxian.length} / ${stations.length} 条`)
      expect(await page.locator('.table-note').textContent()).toContain(`隐藏 ${stations.length - inJiaxian.length} 条`)
      const counts = (await column(page, 'staff')).map(Number)
      expect(counts).toEqual([...counts].sort((a, b) => b - a))

      const row = page.locator('.record-table tbody tr').nth(1)
      const id = Number(await row.getAttribute('data-id'))
      const name = stations.find((f) => f.id === id)!.properties!.name as string
      await row.click()
      await expect.poll(() => row.getAttribute('aria-selected')).toBe('true')
      expect(await row.getAttribute('class')).toContain('selected')
      expect(await page.locator('.record-table tbody tr[aria-selected=true]').count()).toBe(1)
      await expect.poll(() => page.locator('.record-popup h3').textContent()).toBe(name)
      await waitForMapIdle(page)
      await expect
        .poll(() => page.evaluate(() => window.appMap!.querySourceFeatures('selection').map((f) => [f.id, f.properties.name])))
        .toContainEqual([id, name])
      await page.screenshot({ path: path.join(ARTIFACTS, 'planner-table-row-selected.png') })
      expect(errors).toEqual([])
      await page.close()
    })

    it('switches to the register of a feature clicked on the map and highlights its row in view', async () => {
      const { page, errors } = await openMap()
      await page.click('#table-toggle')
      await expect.poll(() => page.locator('.record-table tbody tr').count()).toBe(records.eldercare_facilities.length)
      // The last of the cemeteries failing the land minimum but not the green coverage: far down its list.
      const cemetery = records.cemeteries.findLast(
        (f) => failed(f).join() === 'cemetery_land_minimum' && String(f.properties!.rules_checked).includes('green_coverage') && alone(f, ringMean(f)),
      )!
      expect(cemetery).toBeDefined()
      const point = await zoomTo(page, ringMean(cemetery), 15)
      await page.mouse.click(point.x, point.y)
      const row = page.locator(`.record-table tbody tr[data-id="${cemetery.id}"]`)
      await expect.poll(() => row.getAttribute('aria-selected')).toBe('true')
      expect(await page.locator('.table-tab[aria-selected=true]').getAttribute('data-collection')).toBe('cemeteries')
      expect(await page.locator('.record-table tbody tr.selected').count()).toBe(1)
      const [rowBox, scrollBox] = await Promise.all([row.boundingBox(), page.locator('.table-scroll').boundingBox()])
      expect(rowBox!.y).toBeGreaterThanOrEqual(scrollBox!.y)
      expect(rowBox!.y + rowBox!.height).toBeLessThanOrEqual(scrollBox!.y + scrollBox!.height)

      // Its popup: the land rule failed, the green coverage passed, each with its clause.
      const popup = page.locator(`.record-popup[data-id="${cemetery.id}"]`)
      expect(await popup.locator('h3').textContent()).toBe(cemetery.properties!.name)
      const land = popup.locator('.rule-checks li[data-rule=cemetery_land_minimum]')
      const green = popup.locator('.rule-checks li[data-rule=green_coverage]')
      expect(await land.locator('.rule-mark').textContent()).toBe('✗')
      expect(await green.locator('.rule-mark').textContent()).toBe('✓')
      expect(await land.locator('.rule-clause').textContent()).toBe('第九章第二节')
      await page.screenshot({ path: path.join(ARTIFACTS, 'planner-table-map-click.png') })
      expect(errors).toEqual([])
      await page.close()
    })

    it('exports the rows as shown, sorted and narrowed, as a CSV file that Excel reads', async () => {
      const { page, errors } = await openMap()
      await page.click('#table-toggle')
      await page.click('.table-tab[data-collection=eldercare_facilities]')
      await page.click('.record-table th[data-key=beds] button')
      await page.click('.record-table th[data-key=beds] button')
      await page.fill('.table-search', '鲁山')
      await expect.poll(() => page.locator('.table-count').textContent()).not.toMatch(/^(\d+) \/ \1 /)
      const shownIds = await page.locator('.record-table tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.id!))
      const headers = await page.locator('.record-table thead th').allTextContents()
      expect(shownIds.length).toBeGreaterThan(1)

      const [download] = await Promise.all([page.waitForEvent('download'), page.click('.table-export')])
      expect(download.suggestedFilename()).toMatch(/^eldercare_facilities-\d{4}-\d{2}-\d{2}\.csv$/)
      const bytes = await fs.readFile((await download.path())!)
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      const text = bytes.toString('utf8').slice(1)
      expect(text.endsWith('\r\n')).toBe(true)
      const lines = text.slice(0, -2).split('\r\n')
      expect(lines[0]).toBe(['编号', ...headers.map((h) => h.replace(/[▲▼]$/, '')), '经度', '纬度'].join(','))
      expect(lines.length - 1).toBe(shownIds.length)
      expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(shownIds)
      // A row's coordinates are the feature's own.
      const first = records.eldercare_facilities.find((f) => String(f.id) === shownIds[0])!
      expect(lines[1]!.split(',').slice(-2).map(Number)).toEqual((first.geometry as Point).coordinates)
      expect(lines[1]).toContain(first.properties!.name)
      expect(errors).toEqual([])
      await page.close()
    })
  })
})
