import fs from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { collectErrors, launchBrowser, waitForMapIdle } from './browser'
import { startServerProcess, type ServerProcess } from './server-process'

const ARTIFACTS = path.resolve('test-results')
const HOME_COUNTIES = ['新华区', '卫东区', '石龙区', '湛河区', '宝丰县', '叶县', '鲁山县', '郏县', '舞钢市', '汝州市']

let server: ServerProcess
let browser: Browser
beforeAll(async () => {
  await fs.mkdir(ARTIFACTS, { recursive: true })
  server = await startServerProcess()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('the map', () => {
  it('draws the city with its 10 county labels, makes no outside request and logs no error', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } })
    const errors = collectErrors(page)
    const outside: string[] = []
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url) && !request.url().startsWith('blob:') && !request.url().startsWith('data:')) {
        outside.push(request.url())
      }
    })
    await page.goto(server.url)
    await waitForMapIdle(page)
    const labels = await page.evaluate(() => {
      const features = window.appMap!.queryRenderedFeatures({ layers: ['county-labels'] })
      return [...new Set(features.filter((f) => f.properties.is_home).map((f) => f.properties.name as string))]
    })
    await page.screenshot({ path: path.join(ARTIFACTS, 'map-zh.png') })
    expect(labels.sort()).toEqual([...HOME_COUNTIES].sort())
    expect(await page.title()).toBe('平顶山市民政地理信息服务')
    expect(outside).toEqual([])
    expect(errors).toEqual([])
    await page.close()
  })

  it('shows a popup with the line name when a boundary line is clicked, and switches to English', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } })
    const errors = collectErrors(page)
    await page.goto(server.url)
    await waitForMapIdle(page)
    // Click on a vertex of the 平顶山—许昌线, projected to screen coordinates.
    const point = await page.evaluate(async () => {
      const res = await fetch('/ogc/collections/boundary_lines/items/4104-4110')
      const line = (await res.json()) as { geometry: { coordinates: [number, number][][] } }
      const coords = line.geometry.coordinates[0]!
      const [lon, lat] = coords[Math.floor(coords.length / 2)]!
      const p = window.appMap!.project([lon, lat])
      const box = document.getElementById('map')!.getBoundingClientRect()
      return { x: p.x + box.left, y: p.y + box.top }
    })
    await page.mouse.click(point.x, point.y)
    const popup = page.locator('.maplibregl-popup-content')
    await expect.poll(() => popup.textContent()).toContain('平顶山—许昌线')
    expect(await popup.textContent()).toContain('市级界线')

    await page.click('#lang-toggle')
    await expect.poll(() => page.locator('#legend').textContent()).toContain('City-level boundary lines')
    expect(await page.title()).toBe('Pingdingshan civil-affairs map')
    await expect.poll(() => popup.textContent()).toContain('City-level line')
    await page.screenshot({ path: path.join(ARTIFACTS, 'map-en-popup.png') })
    expect(errors).toEqual([])
    await page.close()
  })

  it('draws the generalised county outlines in the overview and the full ones when zoomed in', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } })
    const errors = collectErrors(page)
    const detailRequests: string[] = []
    page.on('request', (request) => {
      if (request.url().includes('/ogc/collections/counties/items?')) detailRequests.push(request.url())
    })
    await page.goto(server.url)
    await waitForMapIdle(page)
    expect(detailRequests).toEqual([])
    // The vertices of 鲁山县 (410423) as the map's source holds it.
    const shown = () =>
      page.evaluate(async () => {
        const data = (await (window.appMap!.getSource('counties') as import('maplibre-gl').GeoJSONSource).getData()) as GeoJSON.FeatureCollection<GeoJSON.MultiPolygon>
        return data.features.find((f) => f.id === '410423')!.geometry.coordinates.flat(2).length
      })
    const full = await page.evaluate(async () => {
      const county = (await (await fetch('/ogc/collections/counties/items/410423')).json()) as GeoJSON.Feature<GeoJSON.MultiPolygon>
      return county.geometry.coordinates.flat(2).length
    })
    const overview = await shown()
    expect(overview).toBeLessThan(full / 2)

    await page.evaluate(() => window.appMap!.jumpTo({ center: [112.6665, 33.7759], zoom: 11 }))
    await expect.poll(shown, { timeout: 30_000 }).toBe(full)
    expect(detailRequests).toHaveLength(1)
    expect(new URL(detailRequests[0]!).searchParams.get('bbox')).toMatch(/^[\d.]+,[\d.]+,[\d.]+,[\d.]+$/)

    await page.evaluate(() => window.appMap!.jumpTo({ zoom: 8 }))
    await expect.poll(shown).toBe(overview)
    expect(errors).toEqual([])
    await page.close()
  })

  it('tells the user that township areas are approximate', async () => {
    const page = await browser.newPage()
    await page.goto(server.url)
    await waitForMapIdle(page)
    expect(await page.locator('#legend').textContent()).toContain('示意生成')
    await page.close()
  })

  it('shows the eldercare facilities by kind with their counts, labelled as generated, and hides a kind on request', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(server.url)
    await waitForMapIdle(page)
    const legend = page.locator('#legend')
    await expect.poll(() => legend.textContent()).toContain('乡镇敬老院（74）')
    expect(await legend.textContent()).toContain('示例数据（生成）')
    const drawn = () =>
      page.evaluate(() => window.appMap!.queryRenderedFeatures({ layers: ['eldercare-facilities'] }).filter((f) => f.properties.kind === 'township_home').length)
    expect(await drawn()).toBeGreaterThan(50)
    await page.uncheck('#legend input[data-kind=township_home]')
    await waitForMapIdle(page)
    expect(await drawn()).toBe(0)
    await page.screenshot({ path: path.join(ARTIFACTS, 'map-eldercare.png') })
    await page.close()
  })

  it('shows a cemetery with its land area in 亩, measured from the polygon', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    const errors = collectErrors(page)
    await page.goto(server.url)
    await waitForMapIdle(page)
    const point = await page.evaluate(async () => {
      const map = window.appMap!
      const page = (await (await fetch('/ogc/collections/cemeteries/items?limit=1&kind=urban_public')).json()) as GeoJSON.FeatureCollection<GeoJSON.MultiPolygon>
      const ring = page.features[0]!.geometry.coordinates[0]![0]!
      const lon = ring.slice(0, -1).reduce((a, p) => a + p[0]!, 0) / (ring.length - 1)
      const lat = ring.slice(0, -1).reduce((a, p) => a + p[1]!, 0) / (ring.length - 1)
      map.jumpTo({ center: [lon, lat], zoom: 14 })
      await new Promise((resolve) => map.once('idle', resolve))
      const p = map.project([lon, lat])
      const box = document.getElementById('map')!.getBoundingClientRect()
      return { x: p.x + box.left, y: p.y + box.top }
    })
    await page.mouse.click(point.x, point.y)
    const popup = page.locator('.maplibregl-popup-content')
    await expect.poll(() => popup.textContent()).toContain('城市公益性公墓')
    expect(await popup.textContent()).toMatch(/占地\d+\.\d 亩/)
    expect(await popup.textContent()).toContain('示例数据（生成）')
    await page.screenshot({ path: path.join(ARTIFACTS, 'map-cemetery.png') })
    expect(errors).toEqual([])
    await page.close()
  })

  it('draws the walking network when switched on, labelled as the generated sample', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    const errors = collectErrors(page)
    await page.goto(server.url)
    await waitForMapIdle(page)
    const row = page.locator('#legend label.legend-row:has(input[data-layers="roads-lines"])')
    expect(await row.textContent()).toBe('步行路网')
    await row.locator('input').check()
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toBe('步行路网（示例，生成）')
    // 中兴路 and its neighbours in the city centre, at street level.
    const drawn = await page.evaluate(async () => {
      const map = window.appMap!
      map.jumpTo({ center: [113.3, 33.74], zoom: 14 })
      await new Promise((resolve) => map.once('idle', resolve))
      return map.queryRenderedFeatures({ layers: ['roads-lines'] }).length
    })
    expect(drawn).toBeGreaterThan(20)
    await page.screenshot({ path: path.join(ARTIFACTS, 'map-roads.png') })
    await row.locator('input').uncheck()
    expect(await page.evaluate(() => window.appMap!.getLayoutProperty('roads-lines', 'visibility'))).toBe('none')
    expect(errors).toEqual([])
    await page.close()
  })
})
