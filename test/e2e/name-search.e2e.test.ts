import fs from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { collectErrors, launchBrowser, signIn, waitForMapIdle } from './browser'
import { startServerProcess, type ServerProcess } from './server-process'

const ARTIFACTS = path.resolve('test-results')
const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1400, height: 900 }
const ADMIN_PASSWORD = 'e2e-admin-password'
const EDITOR = { username: 'names-editor', password: 'names editor password 1' }

let server: ServerProcess
let browser: Browser

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
    body: JSON.stringify({ ...EDITOR, display_name: '地名科', roles: ['placename_editor'], county_codes: [] }),
  })
  expect(created.status).toBe(201)
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

async function openMap(viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport })
  const errors = collectErrors(page)
  await page.goto(server.url)
  await waitForMapIdle(page)
  return { page, errors }
}

/** Types into the search box key by key, as a person does, and waits for the list. */
async function type(page: Page, text: string): Promise<string[]> {
  await page.fill('#name-search-input', '')
  await page.type('#name-search-input', text, { delay: 40 })
  await page.waitForFunction((q) => {
    const list = document.getElementById('name-search-results')!
    return !list.hidden && list.dataset.q === q && list.querySelector('.search-hit')
  }, text)
  return page.locator('.search-hit-name').allTextContents()
}

/** Chooses the hit of that name and waits for the flight to end; returns the map's centre and zoom and the marker's place. */
async function flyTo(page: Page, name: string) {
  await page.locator('.search-hit', { has: page.locator('.search-hit-name', { hasText: name }) }).first().click()
  await page.waitForSelector(`[data-search-hit="${name}"]`)
  await page.waitForFunction(() => !window.appMap!.isMoving())
  await waitForMapIdle(page)
  return page.evaluate(() => {
    const map = window.appMap!
    const marker = document.querySelector<HTMLElement>('[data-search-hit]')!.getBoundingClientRect()
    const box = map.getContainer().getBoundingClientRect()
    return {
      zoom: map.getZoom(),
      markerInMap: marker.left >= box.left && marker.right <= box.right && marker.top >= box.top && marker.bottom <= box.bottom,
    }
  })
}

describe('the search box', () => {
  for (const [label, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`finds 中兴路-like names by "zxl" and flies to one (${label})`, async () => {
      const { page, errors } = await openMap(viewport)
      const startZoom = await page.evaluate(() => window.appMap!.getZoom())
      const names = await type(page, 'zxl')
      expect(names).toContain('中兴路')
      expect(names.length).toBeGreaterThan(1)
      // Every hit is a name whose initials begin zxl, and says what it is and where.
      const kinds = await page.locator('.search-hit-kind').allTextContents()
      expect(kinds.every((k) => k.includes('·'))).toBe(true)
      await page.screenshot({ path: `${ARTIFACTS}/name-search-zxl-${label}.png` })
      const view = await flyTo(page, '中兴路')
      expect(view.zoom).toBeGreaterThan(startZoom + 2)
      expect(view.markerInMap).toBe(true)
      expect(await page.isHidden('#name-search-results')).toBe(true)
      await page.screenshot({ path: `${ARTIFACTS}/name-search-flown-${label}.png` })
      expect(errors).toEqual([])
      await page.close()
    })
  }

  it('marks former names and aliases, and finds by full pinyin with spaces', async () => {
    const { page, errors } = await openMap(DESKTOP)
    const names = await type(page, 'zhongxing lu')
    expect(names[0]).toBe('中兴路')
    // A sample record with a former name: the list says which name matched, and its years.
    await type(page, '湛南路')
    const former = page.locator('.search-mark.former').first()
    await expect.poll(() => former.textContent()).toMatch(/^曾用名 湛南路/)
    await page.screenshot({ path: `${ARTIFACTS}/name-search-former.png` })
    expect(errors).toEqual([])
    await page.close()
  })
})

describe('the duplicate warning', () => {
  it('appears in the name check for a clashing name, naming the record, and not for a fresh one', async () => {
    for (const [label, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      const { page, errors } = await openMap(viewport)
      await signIn(page, EDITOR.username, EDITOR.password)
      await page.waitForSelector('#name-check-open:not([hidden])')
      await page.click('#name-check-open')
      await page.fill('#name-check input[name=name]', '中兴路')
      await page.selectOption('#name-check select[name=category]', 'street')
      await page.selectOption('#name-check select[name=county_code]', '410402')
      const warning = page.locator('#name-check .clash.duplicate_name')
      await warning.waitFor()
      expect(await warning.textContent()).toContain('中兴路')
      expect(await warning.textContent()).toContain('湛河区')
      await page.screenshot({ path: `${ARTIFACTS}/name-check-duplicate-${label}.png` })
      await page.fill('#name-check input[name=name]', '忠兴路')
      await page.locator('#name-check .clash.homophone_name').waitFor()
      await page.fill('#name-check input[name=name]', '犇骉路')
      await page.locator('#name-check .clash-none').waitFor()
      expect(await page.locator('#name-check .clash').count()).toBe(0)
      expect(errors).toEqual([])
      await page.close()
    }
  })
})
