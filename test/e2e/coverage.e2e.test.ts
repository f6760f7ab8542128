import fs from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson'
import { launchBrowser, waitForMapIdle } from './browser'
import { startServerProcess, type ServerProcess } from './server-process'
import { pointInArea } from '../../web/src/map/point-in-area'

const ARTIFACTS = path.resolve('test-results')
const DESKTOP = { width: 1280, height: 860 }
const PHONE = { width: 390, height: 844 }

type Tally = { total: number; covered: number; uncovered: number }
type Figures = { communities: Tally; population_60plus: Tally; share_covered: number }
type Answer = {
  parameters: { mode: string; minutes: number; speed_m_per_min: number; budget_m: number; kinds: { community: string[]; village: string[] } }
  summary: Figures
  units: (Figures & { level: string; code: string; name: string })[]
  communities: { code: string; name: string; township_code: string; population_60plus: number; covered: boolean }[]
  coverage?: FeatureCollection<Polygon | MultiPolygon>
  difference?: { communities: number; population_60plus: number }
}
type Suggestion = { sites: { rank: number; geometry: Point; gain: { communities: number; population_60plus: number } }[] }

let server: ServerProcess
let browser: Browser
let communities: Feature<Point>[]
let townships: Feature<Polygon | MultiPolygon>[]
let facilities: Feature<Point>[]

async function call<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
  const res = await fetch(new URL(url, server.url), {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  expect(res.status, `${method} ${url}: ${res.status === 200 ? '' : await res.clone().text()}`).toBe(200)
  return (await res.json()) as T
}

/** The coverage answer for the same parameters the app starts with, changed by `change`. */
const DEFAULTS = { mode: 'straight', minutes: 15, speed_m_per_min: 60, include_planned: false, scope: 'all' }
const coverage = (change: Record<string, unknown> = {}) => call<Answer>('POST', '/api/coverage/eldercare', { ...DEFAULTS, ...change })

const items = async <G extends Point | Polygon | MultiPolygon>(collection: string) =>
  (await call<FeatureCollection<G>>('GET', `/ogc/collections/${collection}/items?limit=10000`)).features

beforeAll(async () => {
  await fs.mkdir(ARTIFACTS, { recursive: true })
  server = await startServerProcess()
  browser = await launchBrowser()
  communities = await items<Point>('communities')
  townships = await items<Polygon | MultiPolygon>('townships')
  facilities = await items<Point>('eldercare_facilities')
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

/**
 * Console errors and failed requests of a page, as `collectErrors` gathers them, except the
 * coverage requests the app cancels itself (a slider moved on, a trial facility dragged on).
 */
function collectErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`)
  })
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`))
  page.on('requestfailed', (request) => {
    if (request.failure()?.errorText === 'net::ERR_ABORTED' && new URL(request.url()).pathname.startsWith('/api/coverage/')) return
    errors.push(`request failed: ${request.url()}`)
  })
  return errors
}

/** Opens the map and the coverage mode, and waits for its first answer to be drawn. */
async function openCoverage(viewport: { width: number; height: number }, lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport })
  const errors = collectErrors(page)
  if (lang === 'en') await page.addInitScript(() => localStorage.setItem('lang', 'en'))
  await page.goto(server.url)
  await waitForMapIdle(page)
  await page.waitForFunction(() => window.appMap!.querySourceFeatures('communities').length > 0)
  await page.click('#coverage-toggle')
  await settled(page)
  return { page, errors }
}

/** Waits until the coverage panel has its answer and the map has drawn it. */
async function settled(page: Page): Promise<void> {
  await page.waitForSelector('#coverage-panel[data-state=ready]', { timeout: 90_000 })
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        window.appMap!.once('idle', () => resolve())
        window.appMap!.triggerRepaint()
      }),
  )
}

/** Moves a slider as a hand would: its value changes and it says so (`input`). */
async function slide(page: Page, selector: string, value: number): Promise<void> {
  await page.locator(selector).evaluate((input, value) => {
    ;(input as HTMLInputElement).value = String(value)
    input.dispatchEvent(new Event('input', { bubbles: true }))
  }, value)
}

/** The figures the panel shows. */
async function shown(page: Page): Promise<{ covered: number; uncovered: number; total: number }> {
  const data = await page.locator('#coverage-summary').evaluate((e) => ({ ...(e as HTMLElement).dataset }))
  return { covered: Number(data.covered), uncovered: Number(data.uncovered), total: Number(data.total) }
}

/** The distinct values of a property over a source's features (from the tiles loaded, one per feature). */
function sourceValues(page: Page, source: string, key: string, filter?: unknown[]): Promise<unknown[]> {
  return page.evaluate(
    ({ source, key, filter }) => [...new Set(window.appMap!.querySourceFeatures(source, filter ? { filter: filter as never } : {}).map((f) => f.properties[key]))],
    { source, key, filter },
  )
}

/** Where a lon/lat is on the page, for the mouse. */
function onPage(page: Page, at: Position): Promise<{ x: number; y: number }> {
  return page.evaluate((at) => {
    const map = window.appMap!
    const p = map.project(at as [number, number])
    const box = map.getContainer().getBoundingClientRect()
    return { x: p.x + box.left, y: p.y + box.top }
  }, at)
}

/** Centres the map on a place at a zoom, clear of the panel, and waits for it to be drawn. */
async function centre(page: Page, at: Position, zoom: number): Promise<void> {
  await page.evaluate(
    ({ at, zoom }) =>
      new Promise<void>((resolve) => {
        const map = window.appMap!
        map.jumpTo({ center: at as [number, number], zoom, padding: { left: 360, top: 0, right: 280, bottom: 0 } })
        map.once('idle', () => resolve())
      }),
    { at, zoom },
  )
}

const degreesApart = (a: Position, b: Position) => Math.hypot((a[0]! - b[0]!) * Math.cos((a[1]! * Math.PI) / 180), a[1]! - b[1]!)

describe('the coverage mode on the sample city', () => {
  it('shows the uncovered communities and the townships’ coverage share as the API computes them, lists the gaps and links them to the map', async () => {
    const { page, errors } = await openCoverage(DESKTOP)
    const answer = await coverage()
    expect(answer.summary.communities.total).toBe(communities.length)
    expect(await shown(page)).toEqual({ covered: answer.summary.communities.covered, uncovered: answer.summary.communities.uncovered, total: communities.length })

    // Every uncovered community is drawn as an uncovered one, and only those.
    const uncovered = answer.communities.filter((c) => !c.covered).map((c) => c.code).sort()
    expect(uncovered.length).toBeGreaterThan(0)
    expect(((await sourceValues(page, 'coverage-communities', 'code', ['==', ['get', 'covered'], false])) as string[]).sort()).toEqual(uncovered)
    const drawnUncovered = await page.evaluate(() => new Set(window.appMap!.queryRenderedFeatures({ layers: ['coverage-communities-uncovered'] }).map((f) => f.properties.code)).size)
    expect(drawnUncovered).toBe(uncovered.length)

    // The choropleth: each township with communities has the API's share.
    const shares = (await page.evaluate(() =>
      [...new Map(window.appMap!.queryRenderedFeatures({ layers: ['coverage-townships-fill'] }).map((f) => [f.properties.code, f.properties.share])).entries()],
    )) as [string, number | undefined][]
    const withCommunities = answer.units.filter((u) => u.level === 'township' && u.communities.total > 0)
    expect(shares.filter(([, share]) => share !== undefined).length).toBe(withCommunities.length)
    for (const unit of withCommunities) expect(shares.find(([code]) => code === unit.code)?.[1], unit.name).toBeCloseTo(unit.share_covered, 9)
    expect(new Set(withCommunities.map((u) => Math.min(4, Math.floor(u.share_covered * 5)))).size).toBeGreaterThan(2)
    await expect(page.locator('#coverage-legend .share-class').count()).resolves.toBe(6)

    // The gap list: the uncovered communities, most people aged 60+ first; a click on a header turns the order round.
    const gaps = page.locator('#coverage-gaps')
    await expect(gaps.locator('.gap-tab[data-tab=communities]').textContent()).resolves.toContain(uncovered.length.toLocaleString('zh-CN'))
    const first60 = async () => Number((await gaps.locator('tbody tr').first().locator('td').nth(2).textContent())!.replace(/,/g, ''))
    const most = Math.max(...answer.communities.filter((c) => !c.covered).map((c) => c.population_60plus))
    const least = Math.min(...answer.communities.filter((c) => !c.covered).map((c) => c.population_60plus))
    expect(await first60()).toBe(most)
    await gaps.locator('th[data-key=population_60plus] button').click()
    expect(await first60()).toBe(least)
    await expect(gaps.locator('th[data-key=population_60plus]').getAttribute('aria-sort')).resolves.toBe('ascending')

    // A row picks its community on the map: highlighted, and the map goes to it.
    const row = gaps.locator('tbody tr').first()
    const code = (await row.getAttribute('data-code'))!
    await row.click()
    await page.waitForFunction(() => !window.appMap!.isMoving())
    await settled(page)
    const community = communities.find((c) => c.properties?.code === code)!
    expect(await sourceValues(page, 'coverage-highlight', 'code')).toEqual([code])
    const centre = await page.evaluate(() => window.appMap!.getCenter().toArray())
    expect(await page.evaluate(() => window.appMap!.getZoom())).toBeGreaterThanOrEqual(12)
    expect(degreesApart(centre, community.geometry.coordinates)).toBeLessThan(0.05)
    await expect(row.getAttribute('class')).resolves.toContain('selected')

    // The townships' tab: the least covered first, by name (no codes).
    await gaps.locator('.gap-tab[data-tab=townships]').click()
    const townshipRow = gaps.locator('tbody tr').first()
    const worst = withCommunities.reduce((a, b) => (b.share_covered < a.share_covered ? b : a))
    await expect(townshipRow.locator('td').nth(2).textContent()).resolves.toBe(new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(worst.share_covered))
    expect(await townshipRow.locator('td').first().textContent()).not.toMatch(/\d{9}/)

    await page.evaluate(() => window.appMap!.fitBounds([112.2, 33.1, 113.8, 34.4], { duration: 0 }))
    await settled(page)
    await page.screenshot({ path: path.join(ARTIFACTS, 'coverage-desktop.png') })
    expect(errors).toEqual([])
    await page.close()
  })

  it('opens a township’s popup with its population, 60+ population and coverage share', async () => {
    const { page, errors } = await openCoverage(DESKTOP)
    const answer = await coverage()
    // A township with communities, and a point in it well away from every community and facility, to click on.
    const points = [...communities, ...facilities].map((f) => f.geometry.coordinates)
    let best: { township: Feature<Polygon | MultiPolygon>; at: Position; room: number } | undefined
    for (const township of townships.filter((t) => answer.units.some((u) => u.code === t.properties?.code && u.communities.total > 0)).slice(0, 40)) {
      const ring = (township.geometry.type === 'Polygon' ? township.geometry.coordinates[0] : township.geometry.coordinates[0]![0])!
      const [xs, ys] = [ring.map((p) => p[0]!), ring.map((p) => p[1]!)]
      for (let i = 1; i < 10; i++)
        for (let j = 1; j < 10; j++) {
          const at = [Math.min(...xs) + ((Math.max(...xs) - Math.min(...xs)) * i) / 10, Math.min(...ys) + ((Math.max(...ys) - Math.min(...ys)) * j) / 10]
          if (!pointInArea(at, township.geometry)) continue
          const room = Math.min(...points.map((p) => degreesApart(p, at)))
          if (!best || room > best.room) best = { township, at, room }
        }
    }
    expect(best).toBeDefined()
    const { township, at } = best!
    await centre(page, at, 11)
    const { x, y } = await onPage(page, at)
    await page.mouse.click(x, y)
    const popup = page.locator('.maplibregl-popup')
    await popup.waitFor()
    await expect(popup.locator('h3').textContent()).resolves.toBe(township.properties!.name)
    const unit = answer.units.find((u) => u.code === township.properties!.code)!
    const text = (await popup.textContent())!
    expect(text).toContain('人口')
    expect(text).toContain(`${Number(township.properties!.population).toLocaleString('zh-CN')} 人`)
    expect(text).toContain(`${Number(township.properties!.population_60plus).toLocaleString('zh-CN')} 人`)
    await expect(popup.locator('.popup-coverage').textContent()).resolves.toContain(`（${unit.communities.covered} / ${unit.communities.total} 个社区（村））`)
    await page.screenshot({ path: path.join(ARTIFACTS, 'coverage-township-popup.png') })
    expect(errors).toEqual([])
    await page.close()
  })

  it('follows the minutes slider and the walking speed with the API’s figures for the same parameters', async () => {
    const { page, errors } = await openCoverage(DESKTOP)
    const before = await shown(page)
    const reach = () => page.evaluate(() => window.appMap!.querySourceFeatures('coverage-reach').length)
    expect(await reach()).toBeGreaterThan(0)
    await slide(page, '#coverage-minutes', 25)
    await expect(page.locator('#coverage-minutes-value').textContent()).resolves.toBe('25 分钟')
    await settled(page)
    const at25 = await coverage({ minutes: 25 })
    const after = await shown(page)
    expect(after.covered).toBe(at25.summary.communities.covered)
    expect(after.covered).toBeGreaterThan(before.covered)
    // A slower walk reaches fewer.
    await slide(page, '#coverage-speed', 40)
    await settled(page)
    const slow = await coverage({ minutes: 25, speed_m_per_min: 40 })
    expect((await shown(page)).covered).toBe(slow.summary.communities.covered)
    expect(slow.summary.communities.covered).toBeLessThan(at25.summary.communities.covered)
    await expect(page.locator('.coverage-reach').textContent()).resolves.toContain('1,000')
    expect(errors).toEqual([])
    await page.close()
  })

  it('counts a trial facility where it is placed and again where it is dragged to', async () => {
    const { page, errors } = await openCoverage(DESKTOP)
    const answer = await coverage()
    const before = await shown(page)
    // Two uncovered communities with the most people aged 60+, a few kilometres apart.
    const uncovered = answer.communities.filter((c) => !c.covered).sort((a, b) => b.population_60plus - a.population_60plus)
    const where = (code: string) => communities.find((c) => c.properties?.code === code)!.geometry.coordinates
    const first = where(uncovered[0]!.code)
    const second = where(uncovered.find((c) => degreesApart(where(c.code), first) > 0.02 && degreesApart(where(c.code), first) < 0.05)!.code)
    await centre(page, first, 12.5)
    await page.click('#place-trial')
    const start = await onPage(page, first)
    await page.mouse.click(start.x, start.y)
    await page.locator('.trial-marker').waitFor()
    await settled(page)
    const trial = page.locator('#coverage-trials li[data-trial]')
    const placedAt = async () => [Number(await trial.getAttribute('data-lon')), Number(await trial.getAttribute('data-lat'))]
    const kind = (await trial.getAttribute('data-kind'))!
    expect(answer.parameters.kinds.community).toContain(kind)
    const withTrial = await coverage({ facilities: [{ kind, geometry: { type: 'Point', coordinates: await placedAt() } }] })
    const placed = await shown(page)
    expect(placed.covered).toBe(withTrial.summary.communities.covered)
    expect(placed.covered).toBeGreaterThan(before.covered)
    await expect(page.locator('#coverage-gain').textContent()).resolves.toContain(`${withTrial.difference!.communities} 个社区（村）`)
    expect(await page.evaluate(() => window.appMap!.querySourceFeatures('coverage-trial').length)).toBeGreaterThan(0)
    await page.screenshot({ path: path.join(ARTIFACTS, 'coverage-trial-placed.png') })

    // Dragging: the circle follows at once, the figures once the marker is let go.
    const marker = await page.locator('.trial-marker').boundingBox()
    const target = await onPage(page, second)
    await page.mouse.move(marker!.x + marker!.width / 2, marker!.y + marker!.height / 2)
    await page.mouse.down()
    const steps = 8
    for (let i = 1; i <= steps; i++) {
      await page.mouse.move(marker!.x + marker!.width / 2 + ((target.x - marker!.x - marker!.width / 2) * i) / steps, marker!.y + marker!.height / 2 + ((target.y - marker!.y - marker!.height / 2) * i) / steps)
    }
    const circleEast = await page.evaluate(async () => {
      const data = (await (window.appMap!.getSource('coverage-trial') as unknown as { getData: () => Promise<FeatureCollection<Polygon>> }).getData())
      return Math.max(...data.features[0]!.geometry.coordinates[0]!.map((p) => p[0]!))
    })
    await page.mouse.up()
    await settled(page)
    const movedTo = await placedAt()
    expect(degreesApart(movedTo, second)).toBeLessThan(0.003)
    // The circle drawn while dragging was around the new place: its east edge 900 m east of it.
    expect(circleEast - movedTo[0]!).toBeCloseTo(900 / (111_195 * Math.cos((movedTo[1]! * Math.PI) / 180)), 3)
    const dragged = await coverage({ facilities: [{ kind, geometry: { type: 'Point', coordinates: movedTo } }] })
    expect((await shown(page)).covered).toBe(dragged.summary.communities.covered)
    await page.screenshot({ path: path.join(ARTIFACTS, 'coverage-trial-dragged.png') })
    expect(errors).toEqual([])
    await page.close()
  })

  it('draws 5 numbered suggested sites and lists what each adds', async () => {
    const { page, errors } = await openCoverage(DESKTOP)
    await page.locator('#suggest-n').fill('5')
    await page.locator('#suggest-n').dispatchEvent('change')
    await page.click('#suggest-run')
    await page.waitForSelector('#suggest-list li', { timeout: 90_000 })
    const expected = await call<Suggestion>('POST', '/api/coverage/suggest', { ...DEFAULTS, n: 5 })
    expect(expected.sites).toHaveLength(5)
    const markers = page.locator('.suggestion-marker')
    await expect(markers.allTextContents()).resolves.toEqual(['1', '2', '3', '4', '5'])
    const items = page.locator('#suggest-list li')
    expect(await items.count()).toBe(5)
    for (const site of expected.sites) {
      const text = (await items.nth(site.rank - 1).textContent())!
      expect(text).toContain(`新增覆盖 ${site.gain.communities.toLocaleString('zh-CN')} 个社区（村）、${site.gain.population_60plus.toLocaleString('zh-CN')} 位60岁以上老人`)
      expect(text).not.toMatch(/\d{12}/)
    }
    expect(await sourceValues(page, 'coverage-suggestions', 'rank')).toHaveLength(5)
    // Each marker stands where the API put its site.
    for (const site of expected.sites) {
      const box = (await markers.nth(site.rank - 1).boundingBox())!
      const at = await onPage(page, site.geometry.coordinates)
      expect(Math.hypot(box.x + box.width / 2 - at.x, box.y + box.height / 2 - at.y)).toBeLessThan(3)
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'coverage-suggestions.png') })
    expect(errors).toEqual([])
    await page.close()
  })

  it('draws the walking network’s isochrones, holes included, in network mode', async () => {
    const { page, errors } = await openCoverage(DESKTOP)
    await page.locator('.coverage-mode', { hasText: '步行路网' }).click()
    await settled(page)
    // The figures come first, the isochrones after them.
    await page.waitForSelector('#coverage-panel:not([data-reach=loading])', { timeout: 90_000 })
    await settled(page)
    await page.screenshot({ path: path.join(ARTIFACTS, 'coverage-network.png') })
    await expect(page.locator('#coverage-panel').getAttribute('data-reach'), (await page.locator('#coverage-status').textContent())!).resolves.toBe('ready')
    await settled(page)
    const answer = await call<Answer>('GET', '/api/coverage/eldercare?mode=network&geometry=true')
    expect((await shown(page)).covered).toBe(answer.summary.communities.covered)
    expect(answer.coverage!.features.length).toBeGreaterThan(0)
    const polygons = answer.coverage!.features.flatMap((f) => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates))
    expect(polygons.some((rings) => rings.length > 1), 'a polygon with interior rings').toBe(true)
    expect(await page.evaluate(() => window.appMap!.querySourceFeatures('coverage-reach').length)).toBeGreaterThan(0)
    // Close up, where a polygon with a hole lies.
    const holed = polygons.find((rings) => rings.length > 1)!
    await centre(page, holed[1]![0]!, 14)
    await settled(page)
    await page.screenshot({ path: path.join(ARTIFACTS, 'coverage-network-close.png') })
    expect(errors).toEqual([])
    await page.close()
  })

  it('works on a phone: the panel opens as a bottom sheet that leaves the map in view, in English too', async () => {
    const { page, errors } = await openCoverage(PHONE, 'en')
    const panel = page.locator('#coverage-panel')
    await expect(panel.locator('.sheet-toggle').getAttribute('aria-expanded')).resolves.toBe('true')
    await expect(panel.locator('.sheet-title').textContent()).resolves.toBe('Eldercare coverage')
    const sheet = (await panel.boundingBox())!
    expect(sheet.x).toBe(0)
    expect(sheet.width).toBe(PHONE.width)
    expect(sheet.y + sheet.height).toBeGreaterThanOrEqual(PHONE.height - 1)
    expect(sheet.height).toBeLessThan(PHONE.height * 0.65)
    // The city lies in the part of the map above the sheet.
    const { city } = await call<{ city: { bbox: [number, number, number, number] } }>('GET', '/api/config')
    const top = await onPage(page, [city.bbox[0], city.bbox[3]])
    const bottom = await onPage(page, [city.bbox[2], city.bbox[1]])
    expect(top.x).toBeGreaterThanOrEqual(0)
    expect(bottom.x).toBeLessThanOrEqual(PHONE.width)
    expect(top.y).toBeGreaterThan(48)
    expect(bottom.y).toBeLessThan(sheet.y)
    // The slider works there, with the API's figures.
    await slide(page, '#coverage-minutes', 20)
    await expect(page.locator('#coverage-minutes-value').textContent()).resolves.toBe('20 min')
    await settled(page)
    expect((await shown(page)).covered).toBe((await coverage({ minutes: 20 })).summary.communities.covered)
    await page.screenshot({ path: path.join(ARTIFACTS, 'coverage-phone.png') })
    // Folded, only its title bar is left over the map.
    await panel.locator('.sheet-toggle').click()
    expect((await panel.boundingBox())!.height).toBeLessThan(60)
    await page.screenshot({ path: path.join(ARTIFACTS, 'coverage-phone-folded.png') })
    expect(errors).toEqual([])
    await page.close()
  })
})
