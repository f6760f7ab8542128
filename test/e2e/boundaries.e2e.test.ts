import { execFileSync } from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import PDFDocument from 'pdfkit'
import sharp from 'sharp'
import { collectErrors, launchBrowser, waitForMapIdle } from './browser'
import { startServerProcess, type ServerProcess } from './server-process'
import { createScratchDatabase } from '../support/scratch-database'

const ARTIFACTS = path.resolve('test-results')
const ADMIN_PASSWORD = 'e2e-admin-password'
const LINE = '4104-4117'
const TEAMS = [
  { username: 'pds-inspector', password: 'pingdingshan-2026', display_name: '平顶山联检员', units: ['4104'] },
  { username: 'zmd-inspector', password: 'zhumadian-2026', display_name: '驻马店联检员', units: ['4117'] },
]

let server: ServerProcess
let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined
let browser: Browser
let adminCookie = ''
let adminCsrf = ''

async function api(method: string, url: string, body?: unknown) {
  const res = await fetch(new URL(url, server.url), {
    method,
    headers: { cookie: adminCookie, 'x-csrf-token': adminCsrf, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  return { status: res.status, body: await res.json() }
}

beforeAll(async () => {
  await fs.mkdir(ARTIFACTS, { recursive: true })
  // With TEST_DATABASE_URL, on a scratch database of that server (it seeds faster than the embedded one).
  scratch = process.env.TEST_DATABASE_URL ? await createScratchDatabase(process.env.TEST_DATABASE_URL) : undefined
  server = await startServerProcess({ ADMIN_PASSWORD, ...(scratch ? { DATABASE_URL: scratch.url } : {}) })
  browser = await launchBrowser()
  const login = await fetch(new URL('/api/auth/login', server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })
  adminCookie = login.headers.get('set-cookie')!.split(';')[0]!
  adminCsrf = ((await login.json()) as { csrfToken: string }).csrfToken
  for (const t of TEAMS) {
    const created = await api('POST', '/api/admin/users', { username: t.username, password: t.password, display_name: t.display_name, roles: ['boundary_inspector'], county_codes: [] })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect((await api('PUT', `/api/boundaries/inspectors/${created.body.id}/units`, { unit_codes: t.units })).status).toBe(200)
  }
}, 180_000)
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await scratch?.drop()
})

/** A page signed in as `user` (through the API, in the page, so that the session cookie is the page's). */
async function openAs(context: BrowserContext, user: (typeof TEAMS)[number]): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage()
  await page.goto(new URL('/api/health', server.url).toString())
  // The answer is read to its end: a body still loading when the page navigates is cut off, a failed request.
  const status = await page.evaluate(async ([u, p]) => {
    const res = await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, password: p }) })
    await res.text()
    return res.status
  }, [user.username, user.password])
  expect(status).toBe(200)
  const errors = collectErrors(page)
  await page.goto(server.url)
  await waitForMapIdle(page)
  return { page, errors }
}

/** A small real PDF (a scanned form stands in as one page of text). */
async function smallPdf(text: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4' })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const ended = new Promise((resolve) => doc.on('end', resolve))
  doc.fontSize(20).text(text)
  doc.end()
  await ended
  return Buffer.concat(chunks)
}

async function lineColour(page: Page): Promise<string> {
  return page.evaluate((line) => {
    const map = window.appMap!
    const feature = map.querySourceFeatures('boundary-status-lines').find((f) => f.properties?.line_id === line)
    return String(feature?.properties?.status)
  }, LINE)
}

describe('a joint inspection of one line, both sides, on a phone and on the desktop', () => {
  it('records findings (one displaced), is agreed only once both sides confirm, and files a report with the displacement', async () => {
    const markers = (await (await fetch(new URL(`/ogc/collections/boundary_markers/items?line_id=${LINE}`, server.url))).json()) as { features: { id: number; properties: { number: string }; geometry: { coordinates: [number, number] } }[] }
    const first = markers.features[0]!
    // The phone stands 23 m north-east of the first marker.
    const phoneAt = { longitude: first.geometry.coordinates[0] + 0.00017, latitude: first.geometry.coordinates[1] + 0.00015, accuracy: 4 }

    // Side 1 on a phone.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, geolocation: phoneAt, permissions: ['geolocation'] })
    const { page, errors } = await openAs(phone, TEAMS[0]!)
    await page.click('#boundary-toggle')
    await page.waitForSelector(`.line-row[data-line="${LINE}"]`)
    await page.waitForFunction(() => window.appMap!.querySourceFeatures('boundary-status-lines').length > 0)
    expect(await lineColour(page)).toBe('planned')
    await page.screenshot({ path: `${ARTIFACTS}/boundaries-phone-round.png` })
    await page.click(`.line-row[data-line="${LINE}"]`)
    await page.waitForSelector('#boundary-inspect')
    await page.click('#boundary-inspect')
    await page.waitForSelector('#walk-marker')
    // The position first: the form offers the nearest marker and shows the displacement.
    await page.click('#walk-position')
    await page.waitForSelector('#walk-displacement')
    const nearest = await page.$('#walk-nearest')
    if (nearest) await nearest.click()
    expect(await page.getAttribute('#walk-marker', 'data-number')).toBe(first.properties.number)
    await page.click('#walk-position')
    await page.waitForSelector('#walk-displacement')
    expect(await page.textContent('#walk-displacement')).toMatch(/距登记位置 2\d\.\d 米/)
    await page.click('button[data-condition=displaced]')
    await page.fill('#boundary-note', '修路时被推移')
    await page.screenshot({ path: `${ARTIFACTS}/boundaries-phone-form.png` })
    // The save button is in reach without scrolling: inside the 390×844 screen, the panel not scrolled.
    const save = (await page.$('#walk-save'))!
    const box = (await save.boundingBox())!
    expect(box.y + box.height).toBeLessThanOrEqual(844)
    expect(box.y).toBeGreaterThan(844 / 2)
    expect(await page.evaluate(() => document.getElementById('boundary-panel-body')!.scrollTop)).toBe(0)
    expect(await save.isVisible()).toBe(true)
    expect(await page.evaluate(() => {
      const b = document.getElementById('walk-save')!.getBoundingClientRect()
      return document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2)?.id
    })).toBe('walk-save')
    await page.click('#walk-save')
    await page.waitForFunction(() => /已保存/.test(document.getElementById('boundary-message')?.textContent ?? ''))
    // The next markers: intact.
    for (let i = 1; i < Math.min(3, markers.features.length); i++) {
      await page.waitForSelector('button[data-condition=intact]')
      await page.click('button[data-condition=intact]')
      await page.click('#walk-save')
      await page.waitForFunction((n) => (document.getElementById('boundary-message')?.textContent ?? '').includes(n), markers.features[i]!.properties.number)
    }
    await page.click('.walk-head .back')

    // A change along the line, sketched on the map (two taps: a line), with a note and a photo.
    await page.click('#boundary-new-change')
    await page.waitForSelector('#change-kind')
    await page.selectOption('#change-kind', 'road')
    await page.fill('#change-note', '新修乡道穿越界线')
    await page.mouse.click(150, 120)
    await page.waitForSelector('#sketch-count[data-count="1"]')
    await page.mouse.click(240, 150)
    await page.waitForSelector('#sketch-count[data-count="2"]')
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#7a9a5b' } }).jpeg().toBuffer()
    await page.setInputFiles('#change-photos', { name: 'road.jpg', mimeType: 'image/jpeg', buffer: photo })
    await page.screenshot({ path: `${ARTIFACTS}/boundaries-phone-change.png` })
    await page.click('#change-save')
    await page.waitForSelector('#boundary-changes li[data-kind=road]')
    expect(await page.textContent('#boundary-changes')).toContain('新修乡道穿越界线')
    expect(await page.textContent('#boundary-message')).toContain('变化已记录')
    // A dispute: what, where (one tap), since when, its status, a document.
    await page.click('#boundary-new-dispute')
    await page.waitForSelector('#dispute-subject')
    await page.fill('#dispute-subject', '界桩东侧林地权属争议')
    await page.mouse.click(200, 130)
    await page.waitForSelector('#sketch-count[data-count="1"]')
    await page.fill('#dispute-since', '2023-04-01')
    await page.selectOption('#dispute-status', 'negotiating')
    await page.setInputFiles('#dispute-files', { name: '林地权属函.pdf', mimeType: 'application/pdf', buffer: await smallPdf('Forest land letter') })
    await page.screenshot({ path: `${ARTIFACTS}/boundaries-phone-dispute.png` })
    await page.click('#dispute-save')
    await page.waitForSelector('#boundary-disputes li[data-status=negotiating]')
    expect(await page.textContent('#boundary-disputes')).toMatch(/界桩东侧林地权属争议 · 协商中 · 自 2023-04-01/)
    // What the API holds: the sketched geometries and the attached files.
    const id = (await api('GET', `/api/boundaries/rounds/5/summary`)).body.lines.find((l: { line_id: string }) => l.line_id === LINE).inspection_id
    const held = (await api('GET', `/api/boundaries/inspections/${id}`)).body
    const change = held.changes.find((c: { note: string }) => c.note === '新修乡道穿越界线')
    expect(change.geometry.type).toBe('LineString')
    expect(change.photo_ids).toHaveLength(1)
    const dispute = held.disputes.find((d: { subject: string }) => d.subject === '界桩东侧林地权属争议')
    expect(dispute.geometry.type).toBe('Point')
    expect(dispute.file_ids).toHaveLength(1)

    await page.waitForSelector('#boundary-confirm')
    await page.click('#boundary-confirm')
    await page.waitForSelector('#confirm-what')
    const what = await page.textContent('#confirm-what')
    expect(what).toContain('平顶山市')
    expect(what).toContain(first.properties.number)
    await page.screenshot({ path: `${ARTIFACTS}/boundaries-phone-confirm.png` })
    await page.click('#confirm-now')
    await page.waitForSelector('.boundary-confirmations[data-agreed=false] li[data-side="4104"][data-current=true]')
    expect(await page.getAttribute('#boundary-line-status', 'data-status')).toBe('in_field')
    await page.waitForFunction((line) => window.appMap!.querySourceFeatures('boundary-status-lines').some((f) => f.properties?.line_id === line && f.properties?.status === 'in_field'), LINE)
    expect(errors).toEqual([])
    await phone.close()

    // Side 2 on the desktop.
    const desktop = await browser.newContext({ viewport: { width: 1400, height: 900 } })
    const second = await openAs(desktop, TEAMS[1]!)
    await second.page.click('#boundary-toggle')
    await second.page.waitForSelector(`.line-row[data-line="${LINE}"]`)
    await second.page.click(`.line-row[data-line="${LINE}"]`)
    await second.page.waitForSelector('#boundary-confirm')
    // The record form (联检记录表) goes into the line's archive, listed with its type and size.
    const form = await smallPdf('Joint inspection record form')
    await second.page.click('#archive-add summary')
    await second.page.selectOption('#archive-kind', 'record_form')
    await second.page.setInputFiles('#archive-file', { name: '联检记录表.pdf', mimeType: 'application/pdf', buffer: form })
    await second.page.fill('#archive-title', '第5轮联检记录表')
    await second.page.click('#archive-upload')
    await second.page.waitForSelector('#boundary-archive li[data-kind=record_form]')
    const listed = await second.page.textContent('#boundary-archive li[data-kind=record_form]')
    expect(listed).toContain('第5轮联检记录表')
    expect(listed).toContain('PDF')
    expect(listed).toContain(`${Math.round(form.length / 1024)} KB`)
    expect((await api('GET', `/api/boundaries/lines/${LINE}/files`)).body.files.find((f: { kind: string }) => f.kind === 'record_form').file.size).toBe(form.length)
    await second.page.screenshot({ path: `${ARTIFACTS}/boundaries-desktop-line.png` })
    await second.page.click('#boundary-confirm')
    await second.page.waitForSelector('#confirm-what')
    expect(await second.page.textContent('#confirm-what')).toContain('驻马店市')
    await second.page.click('#confirm-now')
    await second.page.waitForSelector('.boundary-confirmations[data-agreed=true]')
    expect(await second.page.getAttribute('#boundary-line-status', 'data-status')).toBe('agreed')
    await second.page.waitForFunction((line) => window.appMap!.querySourceFeatures('boundary-status-lines').some((f) => f.properties?.line_id === line && f.properties?.status === 'agreed'), LINE)
    await waitForMapIdle(second.page)
    await second.page.screenshot({ path: `${ARTIFACTS}/boundaries-desktop-agreed.png` })

    // The report PDF holds the displaced marker's number and displacement.
    const href = await second.page.getAttribute('#boundary-report-pdf', 'href')
    const pdf = await second.page.evaluate(async (url) => {
      const res = await fetch(url!)
      return Array.from(new Uint8Array(await res.arrayBuffer()))
    }, href)
    const file = path.join(ARTIFACTS, 'boundaries-report.pdf')
    await fs.writeFile(file, Buffer.from(pdf))
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    const displacement = /实测位置 .*位移 (\d+\.\d\d) 米/.exec(text)
    expect(text).toContain(first.properties.number)
    expect(displacement, text.slice(0, 2000)).not.toBeNull()
    expect(Number(displacement![1])).toBeGreaterThan(20)
    expect(Number(displacement![1])).toBeLessThan(30)
    expect(text).toContain('双方均已确认')
    expect(second.errors).toEqual([])
    await desktop.close()

    // The administrator attaches the second team's inspector to one more unit (许昌市, 4110).
    const adminContext = await browser.newContext({ viewport: { width: 1400, height: 900 } })
    const admin = await openAs(adminContext, { username: 'admin', password: ADMIN_PASSWORD } as (typeof TEAMS)[number])
    await admin.page.click('#boundary-toggle')
    await admin.page.waitForSelector('#inspectors-form')
    await admin.page.click('#inspectors-form summary')
    const zmd = (await api('GET', '/api/boundaries/inspectors')).body.inspectors.find((i: { username: string }) => i.username === 'zmd-inspector')
    await admin.page.selectOption('#inspector-user', String(zmd.user_id))
    expect(await admin.page.isChecked('#inspector-units input[data-unit="4117"]')).toBe(true)
    expect(await admin.page.isChecked('#inspector-units input[data-unit="4110"]')).toBe(false)
    await admin.page.check('#inspector-units input[data-unit="4110"]')
    await admin.page.screenshot({ path: `${ARTIFACTS}/boundaries-desktop-inspectors.png` })
    await admin.page.click('#inspector-save')
    await admin.page.waitForFunction(() => /驻马店联检员 所属/.test(document.getElementById('boundary-message')?.textContent ?? ''))
    expect((await api('GET', '/api/boundaries/inspectors')).body.inspectors.find((i: { username: string }) => i.username === 'zmd-inspector').unit_codes).toEqual(['4110', '4117'])
    expect(admin.errors).toEqual([])
    await adminContext.close()
  }, 300_000)
})
