import fs from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { collectErrors, jumpTo, launchBrowser, pixel, signIn, waitForMapIdle } from './browser'
import { startServerProcess, type ServerProcess } from './server-process'
import { createScratchDatabase } from '../support/scratch-database'

const ARTIFACTS = path.resolve('test-results')
const ADMIN_PASSWORD = 'e2e-admin-password'
const EDITOR = { username: 'placename-editor', password: 'place names 123' }
const DESKTOP = { width: 1400, height: 900 }
const PHONE = { width: 390, height: 844 }

type Feature = { id: number; geometry: { type: string; coordinates: any }; properties: Record<string, any> }

let server: ServerProcess
/** With TEST_DATABASE_URL, the server runs on a scratch database there; else on the embedded one. */
let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined
let browser: Browser
let adminCookie = ''
let adminCsrf = ''

async function api<T>(method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: { cookie: adminCookie, 'x-csrf-token': adminCsrf, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  const text = await res.text()
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T }
}

/** The middle vertex of a street's (first) line: a point on it to click. */
function onStreet(f: Feature): [number, number] {
  const line: [number, number][] = f.geometry.type === 'LineString' ? f.geometry.coordinates : f.geometry.coordinates[0]
  const [a, b] = [line[Math.floor((line.length - 1) / 2)]!, line[Math.floor((line.length - 1) / 2) + 1] ?? line[0]!]
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]
}

/** Signs in, opens the place-names mode and waits for the register on the map. */
async function openMode(viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport })
  const errors = collectErrors(page)
  await page.goto(server.url)
  await waitForMapIdle(page)
  await signIn(page, EDITOR.username, EDITOR.password)
  await page.waitForSelector('#place-names-overdue:not([hidden])')
  await page.click('#place-names-toggle')
  await page.waitForSelector('#place-names-panel[data-names]', { timeout: 60_000 })
  await waitForMapIdle(page)
  return { page, errors }
}

/** Clicks a street on the map and waits for its page. */
async function clickStreet(page: Page, street: Feature) {
  await jumpTo(page, onStreet(street), 16)
  const at = await pixel(page, onStreet(street))
  await page.mouse.click(at.x, at.y)
  try {
    await page.waitForFunction((name) => document.getElementById('pn-record-name')?.textContent === name, street.properties.name, { timeout: 20_000 })
    await page.waitForSelector('#pn-history')
  } catch (error) {
    await page.screenshot({ path: path.join(ARTIFACTS, 'place-names-click-failed.png') })
    throw error
  }
}

const generatedStreets = async () =>
  (await api<{ features: Feature[] }>('GET', '/ogc/collections/place_names/items?data_source=generated&status=standard&limit=3000')).body.features.filter(
    (f) => f.properties.code && f.geometry.type === 'LineString' && f.properties.former_names.length === 0,
  )

beforeAll(async () => {
  await fs.mkdir(ARTIFACTS, { recursive: true })
  scratch = process.env.TEST_DATABASE_URL ? await createScratchDatabase(process.env.TEST_DATABASE_URL) : undefined
  server = await startServerProcess({ ADMIN_PASSWORD, ...(scratch ? { DATABASE_URL: scratch.url } : {}) })
  browser = await launchBrowser()
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })
  adminCookie = res.headers.get('set-cookie')!.split(';')[0]!
  adminCsrf = ((await res.json()) as { csrfToken: string }).csrfToken
  expect((await api('POST', '/api/admin/users', { ...EDITOR, display_name: '地名科', roles: ['placename_editor'] })).status).toBe(201)
})
afterAll(async () => {
  if (process.env.E2E_SERVER_OUTPUT) console.log(server?.output().slice(-4000))
  await browser?.close()
  await server?.stop()
  await scratch?.drop()
})

describe('place-name staff', () => {
  it('edit a name and see its history', async () => {
    const { page, errors } = await openMode(DESKTOP)
    const streets = await generatedStreets()
    const street = streets[40]!
    await clickStreet(page, street)
    await page.click('#pn-edit')
    await page.fill('#pn-edit-form [name=meaning]', '以附近的琴台得名（测试）')
    await page.fill('#pn-edit-form [name=roman_spelling]', '')
    await page.click('#pn-edit-form button[type=submit]')
    await page.waitForFunction(() => document.querySelectorAll('#pn-history li').length >= 2)
    const history = await page.locator('#pn-history').innerText()
    expect(history).toContain('修改')
    expect(history).toContain('含义：— → 以附近的琴台得名（测试）')
    expect(history).toContain('登记')
    expect(await page.locator('[data-field=meaning] dd').innerText()).toBe('以附近的琴台得名（测试）')
    // A refused edit says why, beside the field.
    await page.click('#pn-edit')
    await page.fill('#pn-edit-form [name=name]', 'Qintai Lu')
    await page.click('#pn-edit-form button[type=submit]')
    await page.waitForSelector('#pn-edit-form .pn-alert:not([hidden])')
    expect(await page.locator('#pn-edit-form .pn-alert').innerText()).toMatch(/^名称：须是汉字书写的地名/)
    expect(await page.locator('#pn-edit-form [name=name]').getAttribute('aria-invalid')).toBe('true')
    // The name of another street of the same county is a duplicate (条例 art. 9): warned in the form as it is typed.
    // Retyped, the name is no longer marked and the earlier refusal goes.
    const other = streets.find((f) => f !== street && f.properties.category === 'street' && f.properties.county_code === street.properties.county_code)!
    await page.fill('#pn-edit-form [name=name]', String(other.properties.name))
    expect(await page.locator('#pn-edit-form [name=name]').getAttribute('aria-invalid')).toBeNull()
    expect(await page.locator('#pn-edit-form .pn-alert').isHidden()).toBe(true)
    // The old name's spelling is not kept for the new one: the field empties for the suggestion.
    expect(await page.inputValue('#pn-edit-form [name=roman_spelling]')).toBe('')
    await page.locator('#pn-edit-form .clash.duplicate_name').waitFor()
    expect(await page.locator('#pn-edit-form .clash-warnings').innerText()).toContain(String(other.properties.code))
    await page.screenshot({ path: path.join(ARTIFACTS, 'place-names-edit-clash.png') })
    await page.click('#pn-edit-form button[type=button]')
    await page.screenshot({ path: path.join(ARTIFACTS, 'place-names-history-desktop.png') })
    expect(errors.filter((e) => !e.includes('400'))).toEqual([])
    await page.close()
  }, 240_000)

  it('propose a new street on the map, in standard characters, and apply for its naming', async () => {
    const { page, errors } = await openMode(DESKTOP)
    const near = onStreet((await generatedStreets())[120]!)
    await jumpTo(page, near, 15)
    await page.click('#pn-new')
    await page.fill('#pn-new-form [name=name]', '琴臺新路')
    await page.selectOption('#pn-new-form [name=category]', 'street')
    await page.fill('#pn-new-form [name=sub_kind]', '路')
    await page.fill('#pn-new-form [name=meaning]', '规划道路，近琴台（测试）')
    // Not yet on the map: said before anything is sent.
    await page.click('#pn-new-form button[type=submit]')
    expect(await page.locator('#pn-new-form .pn-alert').innerText()).toBe('请先在地图上标出位置（线至少 2 个点）')
    await page.selectOption('#pn-new-form [name=shape]', 'line')
    const ends: [number, number][] = [[near[0] - 0.002, near[1] + 0.001], [near[0] + 0.002, near[1] + 0.001]]
    for (const end of ends) {
      const at = await pixel(page, end)
      await page.mouse.click(at.x, at.y)
    }
    expect(await page.locator('#pn-draft-note').innerText()).toBe('已画 2 个点（至少 2 个）')
    // A traditional character is refused with the name in standard characters.
    await page.click('#pn-new-form button[type=submit]')
    await page.waitForFunction(() => /繁体字/.test(document.querySelector('#pn-new-form .pn-alert:not([hidden])')?.textContent ?? ''))
    expect(await page.locator('#pn-new-form .pn-alert').innerText()).toContain('应写作“琴台新路”')
    await page.screenshot({ path: path.join(ARTIFACTS, 'place-names-new-refused.png') })
    await page.fill('#pn-new-form [name=name]', '琴台新路')
    expect(await page.locator('#pn-new-form .pn-alert').isHidden()).toBe(true)
    await page.dispatchEvent('#pn-new-form [name=name]', 'change')
    await page.waitForFunction(() => (document.querySelector<HTMLInputElement>('#pn-new-form [name=roman_spelling]')?.placeholder ?? '').includes('Qintai Xinlu'))
    await page.click('#pn-new-form button[type=submit]')
    await page.waitForFunction(() => document.getElementById('pn-record-name')?.textContent === '琴台新路')
    expect(await page.locator('#pn-record-spelling').innerText()).toBe('Qintai Xinlu')
    expect(await page.locator('[data-field=status] dd').innerText()).toBe('拟用名称')
    expect(await page.locator('[data-field=data_source] dd').innerText()).toBe('地名管理登记')
    // Who registered it, by the name they go by.
    await page.waitForSelector('#pn-history li')
    expect(await page.locator('#pn-history li').first().innerText()).toContain('地名科')
    await page.screenshot({ path: path.join(ARTIFACTS, 'place-names-new-proposed.png') })
    const stored = (await api<{ features: Feature[] }>('GET', `/ogc/collections/place_names/items?name=${encodeURIComponent('琴台新路')}`)).body.features
    expect(stored).toHaveLength(1)
    expect(stored[0]!.properties).toMatchObject({ status: 'proposed', data_source: 'register', category: 'street', meaning: '规划道路，近琴台（测试）' })
    expect(stored[0]!.properties.county_code).toMatch(/^4104\d\d$/)
    expect(stored[0]!.geometry.type).toBe('LineString')
    expect(stored[0]!.geometry.coordinates).toHaveLength(2)

    await page.click('#pn-apply-naming')
    await page.fill('#pn-apply-form [name=applicant]', '平顶山市自然资源和规划局')
    await page.fill('#pn-apply-form [name=proposal]', '新建道路命名')
    await page.click('#pn-apply-form button[type=submit]')
    await page.waitForSelector('#pn-step-form')
    expect(await page.locator('.pn-case-page h2').innerText()).toContain('琴台新路')
    const cases = (await api<{ cases: { kind: string; status: string }[] }>('GET', `/api/place-names/cases?place_name_id=${stored[0]!.id}`)).body.cases
    expect(cases).toEqual([expect.objectContaining({ kind: 'naming', status: 'applied' })])
    expect(errors.filter((e) => !e.includes('400'))).toEqual([])
    await page.close()
  }, 240_000)

  it.each([['desktop', DESKTOP, false], ['phone', PHONE, true]] as const)('import a CSV of names: refused rows listed, then checked with its clashes, then imported (%s)', async (name, viewport, dryRunOnly) => {
    const { page, errors } = await openMode(viewport)
    const street = (await generatedStreets())[200]!
    const [lon, lat] = onStreet(street)
    const fresh = name === 'phone' ? '试导手机路' : '试导新路'
    await page.click('#pn-import')
    await page.waitForSelector('#pn-import-form')
    const upload = (csv: string) => page.setInputFiles('#pn-import-file', { name: 'names.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    // A refused file: nothing is imported, each error named by row and field.
    await upload(`标准名称,类别,经度,纬度
Shidao Lu,街路巷,${lon},${lat}
试导路,道路,${lon},${lat}
`)
    await page.click('#pn-import-check')
    await page.waitForSelector('#pn-import-errors')
    const refused = await page.locator('#pn-import-errors').innerText()
    expect(refused).toContain('第 2 行 标准名称')
    expect(refused).toContain('须是汉字书写的地名')
    expect(refused).toContain('第 3 行 类别')
    expect(await page.locator('#pn-import-run').isHidden()).toBe(true)
    // The same name as a street of the register, and a new name given twice in the file.
    const csv = [
      '标准名称,类别,小类,经度,纬度',
      `${street.properties.name},街路巷,路,${lon},${lat}`,
      `${fresh},街路巷,路,${lon + 0.001},${lat + 0.001}`,
      `${fresh},街路巷,路,${lon + 0.002},${lat + 0.001}`,
    ].join('\n')
    await upload(csv)
    await page.click('#pn-import-check')
    await page.waitForSelector('#pn-import-run:not([hidden])')
    expect(await page.locator('#pn-import-run').innerText()).toBe('导入 3 条')
    expect(await page.locator('#pn-import-form [role=status]').innerText()).toBe('检查通过：可导入 3 条（CSV，共 3 条）。')
    const warnings = await page.locator('#pn-import-warnings').innerText()
    expect(warnings).toContain(String(street.properties.code))
    expect(warnings).toContain('本文件第 4 行')
    expect(warnings).toContain('本文件第 3 行')
    await page.screenshot({ path: path.join(ARTIFACTS, `place-names-import-checked-${name}.png`), fullPage: true })
    const before = Number(await page.getAttribute('#place-names-panel', 'data-names'))
    if (!dryRunOnly) {
      await page.click('#pn-import-run')
      await page.waitForFunction(() => document.querySelector('#pn-import-form [role=status]')?.textContent === '已导入 3 条地名。')
      await page.waitForFunction((n) => Number(document.getElementById('place-names-panel')?.dataset.names) === n, before + 3)
      const stored = (await api<{ features: Feature[] }>('GET', `/ogc/collections/place_names/items?name=${encodeURIComponent(fresh)}`)).body.features
      expect(stored.map((f) => [f.properties.status, f.properties.data_source, f.properties.roman_spelling])).toEqual([['standard', 'register', 'Shidao Xinlu'], ['standard', 'register', 'Shidao Xinlu']])
      await page.screenshot({ path: path.join(ARTIFACTS, `place-names-import-done-${name}.png`) })
      // The imported names are found by the search box at once, by their initials too.
      await page.type('#name-search-input', 'sdxl', { delay: 40 })
      await page.waitForFunction((n) => [...document.querySelectorAll('.search-hit-name')].some((e) => e.textContent === n), fresh)
    }
    expect(errors.filter((e) => !e.includes('400'))).toEqual([])
    await page.close()
  }, 240_000)

  it('run a rename case to announcement and see the former name kept', async () => {
    const { page, errors } = await openMode(DESKTOP)
    const street = (await generatedStreets())[80]!
    const oldName = street.properties.name as string
    const newName = `${oldName.slice(0, -1)}新${oldName.slice(-1)}`
    await clickStreet(page, street)
    await page.click('#pn-apply-renaming')
    await page.fill('#pn-apply-form [name=applicant]', '新华区住房和城乡建设局')
    await page.fill('#pn-apply-form [name=proposal]', '道路延伸，原名不能反映所在位置')
    await page.fill('#pn-apply-form [name=proposed_name]', newName)
    await page.setInputFiles('#pn-apply-form input[type=file]', { name: '更名申请书.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% 更名申请书\n%%EOF\n') })
    await page.click('#pn-apply-form button[type=submit]')
    await page.waitForSelector('#pn-step-form')
    expect(await page.locator('.pn-case-page h2').innerText()).toContain(`${oldName} → ${newName}`)
    expect(await page.locator('.pn-case-page').innerText()).toContain('更名申请书.pdf')

    const record = async (step: string, values: Record<string, string>, file?: string) => {
      await page.selectOption('#pn-step-choice', step)
      for (const [name, value] of Object.entries(values)) {
        const field = page.locator(`#pn-step-form [name=${name}]`)
        if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value)
        else await field.fill(value)
      }
      if (file) await page.setInputFiles('#pn-step-form input[type=file]', { name: file, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4\n% ${file}\n%%EOF\n`) })
      const before = await page.locator('.pn-step.done').count()
      await page.click('#pn-step-form button[type=submit]')
      await page.waitForFunction((n) => document.querySelectorAll('.pn-step.done').length > n || !document.getElementById('pn-step-form'), before)
    }
    // Out of order: approval before the reports is refused, in words.
    await page.selectOption('#pn-step-choice', 'approval')
    await page.fill('#pn-step-form [name=approval_authority]', '平顶山市人民政府')
    await page.fill('#pn-step-form [name=document_number]', '平政地〔2026〕3号')
    await page.click('#pn-step-form button[type=submit]')
    await page.waitForSelector('#pn-step-form .pn-alert:not([hidden])')
    expect(await page.locator('#pn-step-form .pn-alert').innerText()).toContain('综合评估报告')

    await record('report', { kind: 'evaluation', summary: '符合地名命名原则' }, '综合评估报告.pdf')
    await record('report', { kind: 'expert_review', summary: '专家组同意' })
    await record('report', { kind: 'consultation', summary: '公示无异议' })
    await record('approval', { approval_authority: '平顶山市人民政府', document_number: '平政地〔2026〕3号' })
    await record('filing', { filed_with: '河南省民政厅' })
    await page.screenshot({ path: path.join(ARTIFACTS, 'place-names-case-desktop.png') })
    await record('announcement', { medium: '平顶山市人民政府网站' }, '更名公告.pdf')
    await page.waitForSelector('#pn-announcement')
    const announcement = await page.locator('#pn-announcement').innerText()
    expect(announcement).toContain(newName)
    expect(announcement).toContain('平政地〔2026〕3号')
    expect(await page.locator('.pn-case-page').innerText()).toContain('已办结')
    await page.screenshot({ path: path.join(ARTIFACTS, 'place-names-announced-desktop.png'), fullPage: true })

    await page.click('#pn-open-record')
    await page.waitForFunction((name) => document.getElementById('pn-record-name')?.textContent === name, newName)
    await page.waitForSelector('#pn-history li')
    const former = await page.locator('[data-field=former_names] dd').innerText()
    expect(former).toMatch(new RegExp(`^${oldName}（…–\\d{4}）$`))
    expect(await page.locator('#pn-history').innerText()).toContain(`标准名称：${oldName} → ${newName}`)
    await page.screenshot({ path: path.join(ARTIFACTS, 'place-names-renamed-desktop.png') })
    const stored = (await api<Feature>('GET', `/ogc/collections/place_names/items/${street.id}`)).body.properties
    expect(stored.name).toBe(newName)
    expect(stored.former_names[0]).toMatch(new RegExp(`^${oldName}\\|\\|\\d{4}$`))
    expect(errors.filter((e) => !e.includes('409'))).toEqual([])
    await page.close()
  }, 240_000)

  it.each([['desktop', DESKTOP], ['phone', PHONE]] as const)('see an overdue case flagged (%s)', async (name, viewport) => {
    const { page, errors } = await openMode(viewport)
    const overdue = (await api<{ overdue_total: number }>('GET', '/api/place-names/cases?overdue=true')).body.overdue_total
    expect(overdue).toBeGreaterThan(0)
    expect(await page.locator('#place-names-overdue').innerText()).toBe(String(overdue))
    await page.click('#pn-tab-cases')
    await page.waitForSelector('.pn-case')
    // Overdue first, flagged.
    expect(await page.locator('.pn-case').first().getAttribute('data-overdue')).toBe('true')
    expect(await page.locator('.pn-case').first().locator('.pn-overdue').innerText()).toBe('逾期')
    await page.click('.pn-filter[data-filter=overdue]')
    await page.waitForFunction((n) => document.querySelectorAll('.pn-case').length === n && document.querySelectorAll('.pn-case[data-overdue=true]').length === n, overdue)
    expect(await page.locator('#pn-cases-count').innerText()).toContain(`逾期 ${overdue} 件`)
    await page.screenshot({ path: path.join(ARTIFACTS, `place-names-overdue-${name}.png`) })
    await page.locator('.pn-case').first().click()
    await page.waitForSelector('.pn-deadline.pn-overdue-text')
    expect(await page.locator('.pn-deadline.pn-overdue-text').first().innerText()).toMatch(/已逾期 \d+ 天/)
    await page.screenshot({ path: path.join(ARTIFACTS, `place-names-overdue-case-${name}.png`) })
    expect(errors).toEqual([])
    await page.close()
  }, 240_000)
})
