import fs from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { collectErrors, launchBrowser, signIn, waitForMapIdle } from './browser'
import { startServerProcess, type ServerProcess } from './server-process'

const ARTIFACTS = path.resolve('test-results')
const ADMIN_PASSWORD = 'e2e-admin-password'

let server: ServerProcess
let browser: Browser
beforeAll(async () => {
  await fs.mkdir(ARTIFACTS, { recursive: true })
  server = await startServerProcess({ ADMIN_PASSWORD })
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('signing in and administering', () => {
  it('refuses a wrong password with a message, then signs the admin in and shows the roles', async () => {
    const page = await browser.newPage()
    await page.goto(server.url)
    await waitForMapIdle(page)
    await signIn(page, 'admin', 'wrong password')
    await expect.poll(() => page.locator('#login-dialog .form-error').textContent()).toContain('登录失败：用户名或密码不正确')
    await page.fill('#login-dialog input[name=password]', ADMIN_PASSWORD)
    await page.click('#login-dialog button[type=submit]')
    await expect.poll(() => page.locator('#current-user').textContent()).toContain('管理员')
    await page.close()
  })

  it('lets the admin create a county-scoped user, whose sign-in then shows no admin tools', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    const errors = collectErrors(page)
    await page.goto(server.url)
    await waitForMapIdle(page)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.click('#manage')
    await page.click('#new-user')
    await page.fill('.user-form input[name=username]', 'lushan-editor')
    await page.fill('.user-form input[name=display_name]', '鲁山县民政局')
    await page.fill('.user-form input[name=password]', 'a long enough password')
    await page.check('.user-form input[name=roles][value=facility_editor]')
    await page.uncheck('.user-form input[name=roles][value=viewer]')
    await page.check('.user-form input[name=county_codes][value="410423"]')
    await page.click('.user-form button[type=submit]')
    const row = page.locator('tr[data-username="lushan-editor"]')
    await expect.poll(() => row.textContent()).toContain('鲁山县')
    expect(await row.textContent()).toContain('设施编辑')
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-users.png') })

    await page.click('#admin-dialog nav button:nth-child(2)')
    await expect.poll(() => page.locator('#admin-dialog table.audit').textContent()).toContain('lushan-editor')
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-audit.png') })
    await page.click('#admin-dialog .close')
    await page.click('#sign-out')
    await expect.poll(() => page.locator('#sign-in').count()).toBe(1)

    await signIn(page, 'lushan-editor', 'a long enough password')
    await expect.poll(() => page.locator('#current-user').textContent()).toContain('鲁山县民政局')
    expect(await page.locator('#manage').textContent()).toBe('我的令牌')
    expect(errors).toEqual([])
    await page.close()
  })

  it('lets the admin rename a township from its popup; the change reaches the map and the audit log', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(server.url)
    await waitForMapIdle(page)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await expect.poll(() => page.locator('#current-user').count()).toBe(1)
    // Zoom to 鲁山县's 昭平台库区乡 and click where its label stands (always inside it).
    const point = await page.evaluate(async () => {
      const map = window.appMap!
      const feature = (await (await fetch('/ogc/collections/townships/items/410423207')).json()) as GeoJSON.Feature<GeoJSON.MultiPolygon>
      const ring = feature.geometry.coordinates[0]![0]!
      const lons = ring.map((p) => p[0]!)
      const lats = ring.map((p) => p[1]!)
      map.fitBounds([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)], { duration: 0 })
      await new Promise((resolve) => map.once('idle', resolve))
      const [label] = map.querySourceFeatures('township-labels', { filter: ['==', ['get', 'code'], '410423207'] })
      const [lon, lat] = (label!.geometry as GeoJSON.Point).coordinates as [number, number]
      const p = map.project([lon, lat])
      const box = document.getElementById('map')!.getBoundingClientRect()
      return { x: p.x + box.left, y: p.y + box.top }
    })
    await page.mouse.click(point.x, point.y)
    const popup = page.locator('.maplibregl-popup-content')
    await expect.poll(() => popup.textContent()).toContain('昭平台库区乡')
    await popup.locator('input[name=name]').fill('昭平台镇')
    await popup.locator('button[type=submit]').click()
    await expect.poll(() => popup.locator('.form-note').textContent()).toBe('已保存')
    const renamed = await (await fetch(`${server.url}/ogc/collections/townships/items/410423207`)).json()
    expect(renamed.properties.name).toBe('昭平台镇')
    await page.click('#manage')
    await page.click('#admin-dialog nav button:nth-child(2)')
    await expect.poll(() => page.locator('#admin-dialog table.audit').textContent()).toContain('名称：昭平台库区乡 → 昭平台镇')
    await page.close()
  })

  it('lets the admin check a walking network file, with the upload’s progress, and names what is wrong with a bad one', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    const errors = collectErrors(page)
    await page.goto(server.url)
    await waitForMapIdle(page)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.click('#manage')
    await page.click('#admin-dialog nav button:has-text("导入步行路网")')
    await page.setInputFiles('#admin-dialog input[name=roads]', path.resolve('test/fixtures/roads/tiny.osm.pbf'))
    // Replacing, the dry run's network is the file's alone.
    await page.check('#admin-dialog input[name=replace]')
    await page.click('#roads-check')
    const result = page.locator('#admin-dialog .import-result')
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toContain('检查通过（尚未写入）')
    // test/fixtures/roads/tiny.osm: 8 ways, 3 kept; 5 edges, 7 nodes, 2 connected parts.
    expect(await result.textContent()).toMatch(/读到 8 条线，可导入 3 条，将删除现有道路 \d{4,} 条/)
    expect(await result.textContent()).toContain('路网：5 条路段，7 个节点，2 个连通片')
    expect(await result.textContent()).toContain('非步行道路 2')
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-roads-check.png') })
    // A file that is no network: the field and the reason, in Chinese.
    await page.setInputFiles('#admin-dialog input[name=roads]', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('这不是路网') })
    await page.click('#roads-check')
    await expect.poll(() => result.textContent()).toContain('文件：不是路网文件')
    errors.length = 0
    // Nothing was written by either check.
    const network = await (await fetch(`${server.url}/api/roads/network`)).json()
    expect(network.roads).toBeGreaterThan(1000)
    await page.close()
  })

  it('serves the page under a content security policy', async () => {
    const res = await fetch(server.url)
    expect(res.headers.get('content-security-policy')).toContain("worker-src 'self' blob:")
  })
})
