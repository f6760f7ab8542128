import { deflateSync, crc32 } from 'node:zlib'
import jsQR from 'jsqr'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { sql } from '../server/db/sql'
import { makeProof } from '../server/signs/report'
import { signCode } from '../server/signs/sign-code'
import { startTestApp } from './support/test-app'
import { createTestUser, type TestUser } from './support/users'
import { callApi, type Call } from './support/call'

const BASE = 'https://dm.example.gov.cn'
let app: Awaited<ReturnType<typeof startTestApp>>
let editor: TestUser
let viewer: TestUser
beforeAll(async () => {
  app = await startTestApp({ logger: (await import('pino')).pino({ level: process.env.TEST_LOG ?? 'silent' }), poolSize: 3, trustProxy: true, signs: { publicBaseUrl: BASE, contact: '0375-0000000（示例）' } })
  editor = await createTestUser(app.pool, ['placename_editor'], [], 'signs')
  viewer = await createTestUser(app.pool, ['viewer'], [], 'signs-viewer')
})
afterAll(async () => {
  await app.close()
})

const call = (method: string, path: string, user: TestUser | null, body?: unknown, headers: Record<string, string> = {}) =>
  callApi(app.url, method, path, user, body, headers)

function expectProblem(res: Call, status: number, field: string, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  expect(res.body.errors?.find((e: { field: string }) => e.field === field)?.code, JSON.stringify(res.body)).toBe(code)
}

const SignRow = z.object({ id: z.coerce.number(), code: z.string(), place_name_id: z.coerce.number(), name: z.string() })
/** A sample street sign in use (the n-th), with its place name. */
async function sampleSign(n = 0, where = sql.fragment`TRUE`) {
  return app.pool.one(sql.type(SignRow)`
    SELECT s.id, s.code, s.place_name_id, p.name FROM signs s JOIN place_names p ON p.id = s.place_name_id
    WHERE s.data_source = 'generated' AND s.status = 'in_use' AND s.sign_type = 'residential_street' AND ${where}
    ORDER BY s.id OFFSET ${n} LIMIT 1`)
}

/** An unused code in 鲁山县 (410423) with a right check character. */
let serial = 90000
const freshCode = () => signCode('410423', serial++)

let someIp = 1
/** A new client address for each report (the limits are per address). */
const ip = () => `198.51.${Math.floor(someIp / 250)}.${(someIp++ % 250) + 1}`

/** Sends the public report form as a browser does (multipart), from `address`. */
async function report(code: string, fields: Record<string, string>, options: { photo?: Buffer; address?: string; proofAge?: number } = {}) {
  const proof = await makeProof(app.pool, code, Date.now() - (options.proofAge ?? 10_000))
  const form = new FormData()
  for (const [k, v] of Object.entries({ problem: 'damaged', description: '', contact: '', lang: 'zh', ...proof, website: '', ...fields })) form.append(k, v)
  if (options.photo) form.append('photo', new Blob([new Uint8Array(options.photo)], { type: 'image/jpeg' }), 'photo.jpg')
  const res = await fetch(`${app.url}/s/${code}/report`, { method: 'POST', body: form, headers: { 'x-forwarded-for': options.address ?? ip() } })
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() }
}

const WorkRow = z.object({ n: z.number() })
const countItems = (signId: number) =>
  app.pool.oneFirst(sql.type(WorkRow)`SELECT count(*)::int AS n FROM sign_work_items WHERE sign_id = ${signId} AND source = 'public' AND data_source = 'register'`)

describe('the sample signs', () => {
  it('are 3,353, generated, along the sample streets and at the administrative areas, with a mix of states', async () => {
    const row = await app.pool.one(sql.type(z.object({ n: z.number(), streets: z.number(), areas: z.number(), far: z.number(), overdue: z.number(), never: z.number(), damaged: z.number(), queue: z.number(), photos: z.number() }))`
      SELECT count(*)::int AS n,
             count(*) FILTER (WHERE p.category = 'street')::int AS streets,
             count(*) FILTER (WHERE s.sign_type = 'admin_area' AND p.category = 'admin_division')::int AS areas,
             count(*) FILTER (WHERE p.category = 'street' AND NOT ST_DWithin(s.geom::geography, p.geom::geography, 12))::int AS far,
             count(*) FILTER (WHERE s.status <> 'removed' AND coalesce(s.last_inspected_at, s.installed_on::timestamptz) < now() - interval '12 months')::int AS overdue,
             count(*) FILTER (WHERE s.last_inspected_at IS NULL)::int AS never,
             count(*) FILTER (WHERE s.status = 'damaged')::int AS damaged,
             (SELECT count(*)::int FROM sign_work_items w WHERE w.data_source = 'generated' AND w.state IN ('open', 'assigned')) AS queue,
             (SELECT count(*)::int FROM sign_inspections i WHERE i.data_source = 'generated' AND cardinality(i.photo_ids) > 0) AS photos
      FROM signs s JOIN place_names p ON p.id = s.place_name_id WHERE s.data_source = 'generated'`)
    expect(row.n).toBe(3353)
    expect(row.areas).toBe(158)
    expect(row.streets).toBe(3353 - 158)
    // Every street sign stands beside its street (8 m off the centre line).
    expect(row.far).toBe(0)
    expect(row.overdue).toBeGreaterThan(300)
    expect(row.never).toBeGreaterThan(100)
    expect(row.damaged).toBeGreaterThan(50)
    expect(row.queue).toBeGreaterThan(500)
    expect(row.photos).toBe(12)
  })
})

describe('QR codes', () => {
  it('decode to PUBLIC_BASE_URL/s/{code}', async () => {
    const sign = await sampleSign()
    const res = await fetch(`${app.url}/api/signs/${sign.code}/qr.png`, { headers: { authorization: `Bearer ${viewer.token}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    const { data, info } = await sharp(Buffer.from(await res.arrayBuffer())).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
    const decoded = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)
    expect(decoded?.data).toBe(`${BASE}/s/${sign.code}`)
    const svg = await fetch(`${app.url}/api/signs/${sign.code}/qr.svg`, { headers: { authorization: `Bearer ${viewer.token}` } })
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/)
    expect(await svg.text()).toMatch(/^<svg /)
  })

  it('print on an A4 sheet with each sign’s code, name and spelling; a sheet needs a choice of signs', async () => {
    const [a, b] = [await sampleSign(0), await sampleSign(1)]
    const res = await fetch(`${app.url}/api/signs/print?codes=${a.code},${b.code}&per_page=4`, { headers: { authorization: `Bearer ${viewer.token}` } })
    const text = await res.text()
    expect(res.status).toBe(200)
    expect(text).toContain('@page{size:A4')
    expect(text.match(/<div class="cell">/g)).toHaveLength(2)
    for (const s of [a, b]) expect(text).toContain(s.code)
    expect(text).toContain(a.name)
    expectProblem(await call('GET', '/api/signs/print', viewer), 400, 'codes', 'print_filter_required')
    expectProblem(await call('GET', `/api/signs/print?codes=${a.code},41040200017Y`, viewer), 400, 'codes.1', 'bad_sign_code')
  })
})

describe('sign records', () => {
  const feature = (properties: Record<string, unknown>) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [112.906, 33.7385] },
    properties: { sign_type: 'residential_street', bearing: 90, road_side: 'north', width_mm: 1200, height_mm: 400, material: 'aluminium', installer: null, installed_on: new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10), status: 'in_use', data_source: 'register', ...properties },
  })

  it('refuse a code that breaks the format or exists, a type not among the six, a place name that does not exist', async () => {
    const sign = await sampleSign()
    const body = (p: Record<string, unknown>) => feature({ code: freshCode(), place_name_id: sign.place_name_id, ...p })
    expectProblem(await call('POST', '/ogc/collections/signs/items', editor, body({ code: '41042390001' })), 400, 'properties.code', 'bad_sign_code')
    const wrongCheck = freshCode()
    expectProblem(await call('POST', '/ogc/collections/signs/items', editor, body({ code: wrongCheck.slice(0, 11) + (wrongCheck[11] === '0' ? '1' : '0') })), 400, 'properties.code', 'bad_sign_code')
    expectProblem(await call('POST', '/ogc/collections/signs/items', editor, body({ code: sign.code })), 409, 'properties.code', 'taken')
    expectProblem(await call('POST', '/ogc/collections/signs/items', editor, body({ sign_type: 'billboard' })), 400, 'properties.sign_type', 'not_one_of')
    expectProblem(await call('POST', '/ogc/collections/signs/items', editor, body({ place_name_id: 999_999_999 })), 400, 'properties.place_name_id', 'unknown_reference')
    expect((await call('POST', '/ogc/collections/signs/items', viewer, body({}))).status).toBe(403)
  })

  it('take the printed text from the place name, and are flagged outdated when the name is renamed by any path until replaced', async () => {
    // A name of its own (the sample's are counted by the place-names suite), as staff would register it.
    const registered = await call('POST', '/ogc/collections/place_names/items', editor, {
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [[112.905, 33.7383], [112.908, 33.7386]] },
      properties: {
        code: null, name: '琴台标志路', category: 'street', sub_kind: '路', division_code: null, meaning: null, origin: null, history: null, description: null,
        aliases: [], former_names: [], status: 'standard', protected: false, protection_list: null, source: null, data_source: 'register',
      },
    })
    expect(registered.status, JSON.stringify(registered.body)).toBe(201)
    const place = { id: Number(registered.body.id), name: '琴台标志路' }
    const code = freshCode()
    const created = await call('POST', '/ogc/collections/signs/items', editor, feature({ code, place_name_id: place.id }))
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body.properties).toMatchObject({ code, name: place.name, printed_name: place.name, content_outdated: false, map_state: 'never' })

    // A rename straight in the database, as an import or another module would make it.
    await app.pool.query(sql.typeAlias('void')`UPDATE place_names SET name = ${`${place.name.slice(0, -1)}新路`}, roman_spelling = 'Xin Lu' WHERE id = ${place.id}`)
    const after = await call('GET', `/ogc/collections/signs/items/${created.body.id}`, null)
    expect(after.body.properties).toMatchObject({ content_outdated: true, printed_name: place.name, roman_spelling: 'Xin Lu', map_state: 'outdated' })
    const page = await (await fetch(`${app.url}/s/${code}`)).text()
    expect(page).toContain('Xin Lu')
    expect(page).toContain(`牌面现为：${place.name}`)

    const queued = await call('POST', '/api/signs/queue', editor, { sign: code, action: 'replace', description: '更换新牌', assignee: '维护班组' })
    expect(queued.status, JSON.stringify(queued.body)).toBe(201)
    expect(queued.body).toMatchObject({ state: 'assigned', source: 'other' })
    const done = await call('POST', `/api/signs/queue/${queued.body.id}/complete`, editor, { note: '已更换' })
    expect(done.status, JSON.stringify(done.body)).toBe(200)
    expect(done.body).toMatchObject({ state: 'done', completion_note: '已更换' })
    const replaced = await call('GET', `/ogc/collections/signs/items/${created.body.id}`, null)
    expect(replaced.body.properties).toMatchObject({ content_outdated: false, printed_spelling: 'Xin Lu', status: 'in_use' })
    expectProblem(await call('POST', `/api/signs/queue/${queued.body.id}/complete`, editor, {}), 409, 'state', 'work_item_closed')
  })
})

describe('the public sign page', () => {
  it('shows the name large, its spelling, the area, the server’s SVG map and nearby names, within 60 KB, revalidated on every visit', async () => {
    const sign = await sampleSign(5)
    const res = await fetch(`${app.url}/s/${sign.code}`)
    const text = await res.text()
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(res.headers.get('cache-control')).toBe('no-cache')
    expect(text).toMatch(new RegExp(`<h1 lang="zh-CN">${sign.name}</h1>`))
    expect(text).toMatch(/<svg viewBox="-250 -250 500 500"[^>]*>.*<path d="M/s)
    expect(text).not.toMatch(/<script/i)
    expect(Buffer.byteLength(text)).toBeLessThan(60 * 1024)
    const etag = res.headers.get('etag')!
    const again = await fetch(`${app.url}/s/${sign.code}`, { headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' } })
    expect(again.status, `${etag} ${again.headers.get('etag')}`).toBe(304)
    // An edit of the name shows at once: the page's ETag follows its content.
    await app.pool.query(sql.typeAlias('void')`UPDATE place_names SET meaning = '因示例而得名' WHERE id = ${sign.place_name_id}`)
    const edited = await fetch(`${app.url}/s/${sign.code}`, { headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' } })
    expect(edited.status).toBe(200)
    expect(await edited.text()).toContain('因示例而得名')
    const english = await (await fetch(`${app.url}/s/${sign.code}?lang=en`)).text()
    expect(english).toContain('<html lang="en">')
    expect(english).toContain('Named places nearby')
    await app.pool.query(sql.typeAlias('void')`UPDATE place_names SET meaning = NULL WHERE id = ${sign.place_name_id}`)
  })

  it('counts scans per day without storing who scanned', async () => {
    const sign = await sampleSign(6)
    const Scans = z.object({ n: z.number().nullable() })
    const before = (await app.pool.oneFirst(sql.type(Scans)`SELECT sum(count)::int AS n FROM sign_scans WHERE sign_id = ${sign.id}`)) ?? 0
    for (let i = 0; i < 3; i++) await (await fetch(`${app.url}/s/${sign.code}`)).text()
    expect(await app.pool.oneFirst(sql.type(Scans)`SELECT sum(count)::int AS n FROM sign_scans WHERE sign_id = ${sign.id}`)).toBe(before + 3)
    const columns = await app.pool.anyFirst(sql.type(z.object({ c: z.string() }))`SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'sign_scans' ORDER BY ordinal_position`)
    expect(columns).toEqual(['sign_id', 'day', 'count'])
    const res = await fetch(`${app.url}/s/${sign.code}`)
    expect(res.headers.get('set-cookie')).toBeNull()
  })

  it('answers an unknown or malformed code with a helpful 404 page, and a lower-case x with the page’s address', async () => {
    for (const [code, text] of [[signCode('410402', 99999), `没有编码为「${signCode('410402', 99999)}」的地名标志`], ['abc<script>', '不是地名标志的编码']] as const) {
      const res = await fetch(`${app.url}/s/${encodeURIComponent(code)}`)
      const body = await res.text()
      expect(res.status).toBe(404)
      expect(res.headers.get('content-type')).toMatch(/^text\/html/)
      expect(body).toContain(text)
      expect(body).toContain('<form method="get" action="/s"')
      expect(body).toContain('0375-0000000')
      expect(body).not.toContain('<script>')
    }
    const x = await app.pool.oneFirst(sql.type(z.object({ code: z.string() }))`SELECT code FROM signs WHERE code LIKE '%X' ORDER BY id LIMIT 1`)
    const res = await fetch(`${app.url}/s/${x.toLowerCase()}`, { redirect: 'manual' })
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe(`/s/${x}`)
    const search = await (await fetch(`${app.url}/s?q=${encodeURIComponent((await sampleSign(7)).name)}`)).text()
    expect(search).toContain((await sampleSign(7)).code)
  })

  it('says a removed sign is removed and still shows its place name', async () => {
    const removed = await app.pool.one(sql.type(z.object({ code: z.string(), name: z.string() }))`
      SELECT s.code, p.name FROM signs s JOIN place_names p ON p.id = s.place_name_id WHERE s.status = 'removed' ORDER BY s.id LIMIT 1`)
    const text = await (await fetch(`${app.url}/s/${removed.code}`)).text()
    expect(text).toContain('此标志已拆除')
    expect(text).toContain(removed.name)
    expect(text).not.toContain('/report')
    expect((await fetch(`${app.url}/s/${removed.code}/report`)).status).toBe(410)
  })
})

/** A PNG whose header claims `width` × `height` pixels, with almost no data: a decompression bomb. */
function bombPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const out = Buffer.alloc(12 + data.length)
    out.writeUInt32BE(data.length, 0)
    body.copy(out, 4)
    out.writeUInt32BE(crc32(body), 8 + data.length)
    return out
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.set([8, 2, 0, 0, 0], 8)
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1024))), chunk('IEND', Buffer.alloc(0))])
}

describe('public reports', () => {
  it('become queue items for staff, every text stored as given and shown escaped', async () => {
    const sign = await sampleSign(10)
    const form = await fetch(`${app.url}/s/${sign.code}/report`)
    expect(form.headers.get('cache-control')).toBe('no-store')
    expect(await form.text()).toMatch(/<input type="hidden" name="p" value="[0-9a-f]{64}">/)
    const script = '<script>alert(1)</script><img src=x onerror=alert(2)> 牌子"歪了"'
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#888' } }).jpeg().toBuffer()
    const sent = await report(sign.code, { problem: 'damaged', description: script, contact: '<b>13800000000</b>' }, { photo })
    expect(sent.status, sent.text).toBe(201)
    expect(sent.text).toContain('已收到您的报告')
    const queue = await call('GET', `/api/signs/queue?sign=${sign.code}&source=public&state=open`, editor)
    const item = queue.body.items.find((i: { description: string }) => i.description === script)
    expect(item).toMatchObject({ source: 'public', problem: 'damaged', contact: '<b>13800000000</b>', state: 'open' })
    expect(item.photo_ids).toHaveLength(1)
    // A viewer reads the queue but not a reporter's contact.
    const seen = (await call('GET', `/api/signs/queue?sign=${sign.code}&source=public`, viewer)).body.items.find((i: { id: number }) => i.id === item.id)
    expect(seen.contact).toBe('***')
    // Shown again after a refusal, what was written is escaped.
    const refused = await report(sign.code, { problem: 'nonsense', description: script })
    expect(refused.status).toBe(400)
    expect(refused.text).toContain('&#60;script&#62;alert(1)&#60;/script&#62;')
    expect(refused.text).not.toContain('<script>')
    expect(refused.text).not.toContain('<img src=x')
  })

  it('refuse a quick bot, a replayed form, a filled honeypot, a file that is not an image, a too large photo and a decompression bomb', async () => {
    const sign = await sampleSign(11)
    const before = await countItems(sign.id)
    expect((await report(sign.code, {}, { proofAge: 500 })).text).toContain('提交太快了')
    expect((await report(sign.code, { p: 'f'.repeat(64) })).text).toContain('表单无法识别')
    expect((await report(sign.code, { website: 'http://spam.example' })).status).toBe(200)
    const notImage = await report(sign.code, {}, { photo: Buffer.from('<svg onload=alert(1)>not a photo</svg>') })
    expect(notImage.status).toBe(415)
    expect(notImage.text).toContain('不是可识别的照片')
    const big = await report(sign.code, {}, { photo: Buffer.alloc(10 * 1024 * 1024 + 10, 0xff) })
    expect(big.status).toBe(413)
    const bomb = await report(sign.code, {}, { photo: bombPng(100_000, 100_000) })
    expect(bomb.status).toBe(413)
    expect(bomb.text).toContain('照片像素过多')
    expect(await countItems(sign.id)).toBe(before)

    const proof = await makeProof(app.pool, sign.code, Date.now() - 10_000)
    const once = async () => {
      const form = new FormData()
      for (const [k, v] of Object.entries({ problem: 'other', description: 'once', lang: 'zh', ...proof })) form.append(k, v)
      return fetch(`${app.url}/s/${sign.code}/report`, { method: 'POST', body: form, headers: { 'x-forwarded-for': ip() } })
    }
    expect((await once()).status).toBe(201)
    const replay = await once()
    expect(replay.status).toBe(409)
    expect(await replay.text()).toContain('已经提交过')
    expect(await countItems(sign.id)).toBe(before + 1)
  })

  it('hold a flood from one address to 5 an hour', async () => {
    const sign = await sampleSign(12)
    const address = ip()
    const statuses: number[] = []
    for (let i = 0; i < 7; i++) statuses.push((await report(sign.code, { description: `flood ${i}` }, { address })).status)
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429])
    expect((await report(sign.code, { description: 'another address' })).status).toBe(201)
  })
})

describe('inspections and the repair queue', () => {
  it('record the condition, the position and its accuracy, the distance from the sign, and queue a follow-up; the map state follows', async () => {
    const sign = await sampleSign(20, sql.fragment`s.last_condition = 'intact' AND NOT s.content_outdated AND s.last_inspected_at > now() - interval '6 months'`)
    const at = await app.pool.one(sql.type(z.object({ lon: z.number(), lat: z.number() }))`SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM signs WHERE id = ${sign.id}`)
    const points = async () => (await call('GET', '/api/signs/points', null)).body.signs.find((s: string[]) => s[0] === sign.code)[3]
    expect(await points()).toBe('ok')
    const res = await call('POST', `/api/signs/${sign.code}/inspections`, editor, { condition: 'broken', notes: '立柱断裂', position: [at.lon + 0.00005, at.lat], accuracy_m: 6 })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body.inspection).toMatchObject({ condition: 'broken', accuracy_m: 6 })
    expect(res.body.inspection.distance_m).toBeGreaterThan(3)
    expect(res.body.inspection.distance_m).toBeLessThan(6)
    expect(res.body.warnings).toEqual([])
    expect(res.body.work_item).toMatchObject({ source: 'inspection', action: 'replace', state: 'open', condition: 'broken' })
    expect(await points()).toBe('damaged')

    const far = await call('POST', `/api/signs/${sign.code}/inspections`, editor, { condition: 'intact', position: [at.lon + 0.002, at.lat], accuracy_m: 10 })
    expect(far.body.warnings[0]).toMatchObject({ field: 'position', code: 'far_from_sign' })
    expect(far.body.work_item).toBeNull()

    const detail = await call('GET', `/api/signs/${sign.code}`, viewer)
    expect(detail.body.inspections.slice(0, 2).map((i: { condition: string }) => i.condition)).toEqual(['intact', 'broken'])
    expect(detail.body.url).toBe(`${BASE}/s/${sign.code}`)
  })

  it('refuse a negative accuracy, a missing position, unknown photos, a removed sign, and anyone but place-name staff', async () => {
    const sign = await sampleSign(21)
    const ok = { condition: 'faded', position: [113.2, 33.7], accuracy_m: 5 }
    expectProblem(await call('POST', `/api/signs/${sign.code}/inspections`, editor, { ...ok, accuracy_m: -1 }), 400, 'accuracy_m', 'too_small')
    expectProblem(await call('POST', `/api/signs/${sign.code}/inspections`, editor, { condition: 'faded' }), 400, 'position', 'position_required')
    expectProblem(await call('POST', `/api/signs/${sign.code}/inspections`, editor, { ...ok, photo_ids: [987654321] }), 400, 'photo_ids.0', 'unknown_file')
    expectProblem(await call('POST', `/api/signs/${sign.code}/inspections`, editor, { ...ok, condition: '很好' }), 400, 'condition', 'not_one_of')
    expectProblem(await call('POST', '/api/signs/41040200017Y/inspections', editor, ok), 400, 'code', 'bad_sign_code')
    const removed = await app.pool.oneFirst(sql.type(z.object({ code: z.string() }))`SELECT code FROM signs WHERE status = 'removed' ORDER BY id LIMIT 1`)
    expectProblem(await call('POST', `/api/signs/${removed}/inspections`, editor, ok), 409, 'code', 'sign_removed')
    expect((await call('POST', `/api/signs/${sign.code}/inspections`, viewer, ok)).status).toBe(403)
    expect((await call('GET', `/api/signs/${signCode('410402', 99999)}`, viewer)).status).toBe(404)
  })

  it('merge a second report into an item of the same sign, dismiss with a reason, and filter by state, source, county and age', async () => {
    const sign = await sampleSign(22)
    const other = await sampleSign(23)
    for (const d of ['first', 'second']) expect((await report(sign.code, { description: d })).status).toBe(201)
    expect((await report(other.code, { description: 'elsewhere' })).status).toBe(201)
    const items = (await call('GET', `/api/signs/queue?sign=${sign.code}&source=public&state=open`, editor)).body.items as { id: number; description: string }[]
    const first = items.find((i) => i.description === 'first')!
    const second = items.find((i) => i.description === 'second')!
    const elsewhere = (await call('GET', `/api/signs/queue?sign=${other.code}&source=public`, editor)).body.items.find((i: { description: string }) => i.description === 'elsewhere')
    expectProblem(await call('POST', `/api/signs/queue/${second.id}/merge`, editor, { into: second.id }), 400, 'into', 'merge_into_self')
    expectProblem(await call('POST', `/api/signs/queue/${second.id}/merge`, editor, { into: elsewhere.id }), 400, 'into', 'merge_other_sign')
    const merged = await call('POST', `/api/signs/queue/${second.id}/merge`, editor, { into: first.id })
    expect(merged.body).toMatchObject({ state: 'merged', merged_into: first.id })
    expectProblem(await call('POST', `/api/signs/queue/${elsewhere.id}/dismiss`, editor, { reason: '' }), 400, 'reason', 'empty')
    expect((await call('POST', `/api/signs/queue/${elsewhere.id}/dismiss`, editor, { reason: '现场核实无问题' })).body).toMatchObject({ state: 'dismissed', dismiss_reason: '现场核实无问题' })
    const assigned = await call('PATCH', `/api/signs/queue/${first.id}`, editor, { assignee: '维护一班', action: 'repair', due_on: '2030-01-31' })
    expect(assigned.body).toMatchObject({ state: 'assigned', assignee: '维护一班', due_on: '2030-01-31' })
    expectProblem(await call('PATCH', `/api/signs/queue/${first.id}`, editor, { due_on: '2030-02-30' }), 400, 'due_on', 'not_on_calendar')
    expect((await call('PATCH', '/api/signs/queue/999999999', editor, {})).status).toBe(404)

    const county = (await call('GET', `/ogc/collections/signs/items?code=${sign.code}`, null)).body.features[0].properties.county_code
    const byCounty = (await call('GET', `/api/signs/queue?county=${county}&state=active&limit=1000`, editor)).body
    expect(byCounty.items.every((i: { county_code: string; state: string }) => i.county_code === county && ['open', 'assigned'].includes(i.state))).toBe(true)
    const old = (await call('GET', '/api/signs/queue?older_than_days=20&source=inspection&limit=50', editor)).body.items
    expect(old.length).toBeGreaterThan(0)
    expect(old.every((i: { age_days: number }) => i.age_days >= 20)).toBe(true)
  })

  it('count a sign as overdue after the configured period', async () => {
    const sign = await sampleSign(30, sql.fragment`s.last_inspected_at BETWEEN now() - interval '11 months' AND now() - interval '7 months' AND s.last_condition = 'intact' AND NOT s.content_outdated`)
    const state = async () => (await call('GET', `/ogc/collections/signs/items?code=${sign.code}`, null)).body.features[0].properties.overdue
    expect(await state()).toBe(false)
    const admin = await createTestUser(app.pool, ['admin'], [], 'signs-admin')
    expect((await call('PUT', '/api/signs/settings', admin, { inspection_months: 6 })).body).toEqual({ inspection_months: 6 })
    try {
      expect(await state()).toBe(true)
    } finally {
      await call('PUT', '/api/signs/settings', admin, { inspection_months: 12 })
    }
    expectProblem(await call('PUT', '/api/signs/settings', admin, { inspection_months: 0 }), 400, 'inspection_months', 'too_small')
  })
})
