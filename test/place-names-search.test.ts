import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { sql } from '../server/db/sql'
import { startTestApp } from './support/test-app'
import { createTestUser, type TestUser } from './support/users'
import { callApi, type Call } from './support/call'

let app: Awaited<ReturnType<typeof startTestApp>>
let editor: TestUser
/** A point in a township of each county-level unit, by code. */
const pointIn: Record<string, [number, number]> = {}
beforeAll(async () => {
  app = await startTestApp({ poolSize: 2 })
  editor = await createTestUser(app.pool, ['placename_editor'])
  const rows = await app.pool.any(sql.type(z.object({ county: z.string(), lon: z.number(), lat: z.number() }))`
    SELECT DISTINCT ON (county_code) county_code AS county, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat
    FROM townships WHERE deleted_at IS NULL ORDER BY county_code, code`)
  for (const r of rows) pointIn[r.county] = [r.lon, r.lat]
})
afterAll(async () => {
  await app.close()
})

const call = (method: string, path: string, user: TestUser | null, body?: unknown, headers: Record<string, string> = {}) =>
  callApi(app.url, method, path, user, body, headers)

function expectProblem(res: Call, status: number, field: string, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  expect(res.body.errors.find((e: { field: string }) => e.field === field)?.code, JSON.stringify(res.body)).toBe(code)
}

const search = async (q: string, limit?: number) => {
  const res = await call('GET', `/api/place-names/search?q=${encodeURIComponent(q)}${limit ? `&limit=${limit}` : ''}`, null)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.hits as { collection: string; id: string; name: string; match: string; matched: { text: string; as: string; years: string | null }; status: string; county_code: string | null; county_name: string | null; category: string; point: [number, number]; bbox: number[] }[]
}

/** A place name at a point of a county (by code), written through the OGC API; returns the response with its Write-Warnings parsed. */
async function write(method: 'POST' | 'PATCH', path: string, body: unknown, etag?: string) {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${editor.token}`, 'content-type': 'application/geo+json', ...(etag ? { 'if-match': etag } : {}) },
    body: JSON.stringify(body),
  })
  const json = await res.json()
  expect(res.status, JSON.stringify(json)).toBe(method === 'POST' ? 201 : 200)
  const header = res.headers.get('write-warnings')
  return { body: json, etag: res.headers.get('etag')!, warnings: header ? (JSON.parse(header) as { field: string; code: string; params: { scope: string; names: string[]; records: { id: string; name: string; county_name: string }[] } }[]) : [] }
}

function placeName(name: string, county: string, properties: Record<string, unknown> = {}) {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: pointIn[county] },
    properties: {
      code: null, name, category: 'street', sub_kind: null, division_code: null, meaning: null, origin: null, history: null,
      description: null, aliases: [], former_names: [], status: 'standard', protected: false, protection_list: null, source: null,
      data_source: 'register', ...properties,
    },
  }
}
const create = (name: string, county: string, properties: Record<string, unknown> = {}) =>
  write('POST', '/ogc/collections/place_names/items', placeName(name, county, properties))

describe('searching names as they are typed', () => {
  it('ranks exact > prefix > substring > former name, the name before an alias, standard before abolished', async () => {
    // 犇骉 (ben biao): characters no other record uses.
    const exact = await create('犇骉路', '410411')
    const abolished = await create('犇骉路', '410402', { status: 'abolished' })
    const alias = await create('骉园', '410411', { category: 'park', aliases: ['犇骉路'] })
    const prefix = await create('犇骉路东段', '410411')
    const inside = await create('新犇骉路', '410411')
    const former = await create('光华东街', '410411', { former_names: ['犇骉路|1950|1980'] })
    const hits = await search('犇骉路')
    expect(hits.map((h) => h.id)).toEqual([exact, alias, abolished, prefix, inside, former].map((r) => String(r.body.id)))
    expect(hits.map((h) => h.match)).toEqual(['exact', 'exact', 'exact', 'prefix', 'substring', 'former'])
    expect(hits[1]).toMatchObject({ name: '骉园', matched: { text: '犇骉路', as: 'alias' }, category: 'park' })
    expect(hits[5]).toMatchObject({ name: '光华东街', matched: { text: '犇骉路', as: 'former', years: '1950–1980' } })
    expect(hits[0]).toMatchObject({ collection: 'place_names', county_code: '410411', county_name: '湛河区', category: 'street', status: 'standard' })
    expect(hits[0]!.point).toEqual(pointIn['410411']!.map((c) => Number(c.toFixed(6))))

    // The same by pinyin, with and without spaces, and by initials.
    for (const q of ['benbiaolu', 'ben biao lu', 'Benbiao Lu']) {
      const byPinyin = await search(q)
      expect(byPinyin.slice(0, 3).map((h) => h.match), q).toEqual(['exact', 'exact', 'exact'])
      expect(byPinyin[0]!.id).toBe(String(exact.body.id))
      expect(byPinyin.find((h) => h.id === String(former.body.id))?.match).toBe('former')
    }
    const byInitials = await search('bbl', 50)
    expect(byInitials.find((h) => h.id === String(exact.body.id))?.match).toBe('initials')
    // One or two characters: found through the gram index.
    expect((await search('骉', 50)).map((h) => h.id)).toEqual(expect.arrayContaining([exact, alias, prefix, inside].map((r) => String(r.body.id))))
    expect((await search('犇骉', 50)).find((h) => h.id === String(inside.body.id))?.match).toBe('substring')
  })

  it('finds 中兴路 by zxl, zhongxinglu and zhongxing lu, and says where it is', async () => {
    const byInitials = await search('zxl')
    expect(byInitials.map((h) => h.name)).toContain('中兴路')
    expect(byInitials.every((h) => h.match === 'initials')).toBe(true)
    for (const q of ['zhongxinglu', 'zhongxing lu', 'Zhongxing Lu']) {
      const [first] = await search(q)
      expect(first, q).toMatchObject({ name: '中兴路', match: 'exact', collection: 'place_names', category: 'street' })
      expect(first!.county_name).toBeTruthy()
      expect(first!.bbox[0]).toBeLessThanOrEqual(first!.point[0])
      expect(first!.bbox[2]).toBeGreaterThanOrEqual(first!.point[0])
    }
  })

  it('finds the divisions once (as place names), the communities and the facilities', async () => {
    const ye = await search('叶县', 50)
    expect(ye.filter((h) => h.name === '叶县').map((h) => h.collection)).toEqual(['place_names'])
    expect((await search('yexian'))[0]).toMatchObject({ name: '叶县', match: 'exact', county_name: '叶县' })
    expect((await search('示例社区')).map((h) => h.collection)).toContain('communities')
    expect((await search('殡仪馆', 50)).map((h) => h.collection)).toContain('funeral_facilities')
  })

  it('finds a name written by SQL, not through the API, by its pinyin too', async () => {
    const { body } = await create('骉骉巷', '410411')
    await app.pool.query(sql.typeAlias('void')`UPDATE place_names SET name = '犇犇巷', roman_spelling = 'Benben Xiang' WHERE id = ${Number(body.id)}`)
    const [hit] = await search('benbenxiang')
    expect(hit).toMatchObject({ id: String(body.id), name: '犇犇巷', match: 'exact' })
    expect(await search('biaobiaoxiang')).toEqual([])
  })

  it('finds a deleted name no more', async () => {
    const created = await create('骉犇街', '410411')
    expect((await search('骉犇街')).map((h) => h.id)).toEqual([String(created.body.id)])
    const res = await call('DELETE', `/ogc/collections/place_names/items/${created.body.id}`, editor, undefined, { 'if-match': created.etag })
    expect(res.status).toBe(204)
    expect(await search('骉犇街')).toEqual([])
  })

  it('refuses empty, over-long and other text, and a limit out of range, naming the parameter', async () => {
    const get = (query: string) => call('GET', `/api/place-names/search?${query}`, null)
    expectProblem(await get('q='), 400, 'q', 'empty')
    expectProblem(await get('q=%20%20'), 400, 'q', 'empty')
    expectProblem(await get(`q=${'路'.repeat(51)}`), 400, 'q', 'too_long')
    expectProblem(await get('q=%25'), 400, 'q', 'not_search_text')
    expectProblem(await get('q=%3Cscript%3E'), 400, 'q', 'not_search_text')
    expectProblem(await get('q=lu&limit=0'), 400, 'limit', 'too_small')
    expectProblem(await get('q=lu&limit=51'), 400, 'limit', 'too_big')
    expectProblem(await get('q=lu&limit=ten'), 400, 'limit', 'not_integer')
    expectProblem(await get('q=lu&kind=street'), 400, 'kind', 'unknown_parameter')
    expectProblem(await get('limit=5'), 400, 'q', 'required')
    expectProblem(await get(`q=${encodeURIComponent("'·")}`), 400, 'q', 'not_search_text')
  })
})

describe('duplicate and homophone checks (条例 art. 9)', () => {
  const check = async (params: Record<string, string>) => {
    const res = await call('GET', `/api/place-names/duplicates?${new URLSearchParams(params)}`, null)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    return res.body as { scope: string | null; warnings: { field: string; code: string; params: { names: string[]; records: { id: string; name: string; county_name: string }[] } }[] }
  }
  const codes = (body: Awaited<ReturnType<typeof check>>) => Object.fromEntries(body.warnings.map((w) => [w.code, w.params.records.map((r) => r.id)]))

  it('streets: within the built-up area (the central districts together, 石龙区 and each county town apart), homophones too', async () => {
    const { body } = await create('犇骉北巷', '410411')
    const id = String(body.id)
    // 新华区 borders 湛河区: the same built-up area.
    expect(codes(await check({ name: '犇骉北巷', category: 'street', county_code: '410402' }))).toEqual({ duplicate_name: [id] })
    expect(codes(await check({ name: '奔彪北巷', category: 'street', at: pointIn['410403']!.join(',') }))).toEqual({ homophone_name: [id] })
    expect((await check({ name: '犇骉北巷', category: 'street', county_code: '410404' })).warnings).toEqual([])
    expect((await check({ name: '犇骉北巷', category: 'street', county_code: '410425' })).warnings).toEqual([])
    // The record itself (a rename of it) does not clash with itself; another category does not clash.
    expect((await check({ name: '犇骉北巷', category: 'street', county_code: '410411', exclude: id })).warnings).toEqual([])
    expect((await check({ name: '犇骉北巷', category: 'residential', county_code: '410411' })).warnings).toEqual([])
  })

  it('村/居委会 names: within the county only', async () => {
    const { body } = await create('犇骉村', '410422', { category: 'village_seat' })
    const id = String(body.id)
    const same = await check({ name: '犇骉村', category: 'village_seat', county_code: '410422' })
    expect(same.scope).toBe('county')
    expect(codes(same)).toEqual({ duplicate_name: [id] })
    expect(same.warnings[0]!.params.records[0]).toMatchObject({ name: '犇骉村', county_code: '410422', county_name: '叶县' })
    expect((await check({ name: '犇骉村', category: 'village_seat', county_code: '410423' })).warnings).toEqual([])
  })

  it('乡镇 names: within all the data held, whatever the county; abolished names do not clash', async () => {
    const { body } = await create('犇骉镇', '410482', { category: 'admin_division' })
    const id = String(body.id)
    const far = await check({ name: '犇骉镇', category: 'admin_division', county_code: '410421' })
    expect(far.scope).toBe('held')
    expect(codes(far)).toEqual({ duplicate_name: [id] })
    expect(codes(await check({ name: '奔镖镇', category: 'admin_division' }))).toEqual({ homophone_name: [id] })
    await create('骉骉镇', '410482', { category: 'admin_division', status: 'abolished' })
    expect((await check({ name: '骉骉镇', category: 'admin_division' })).warnings).toEqual([])
    // A real township of the sample register.
    expect((await check({ name: '湛河北路街道', category: 'admin_division' })).warnings.map((w) => w.code)).toEqual(['duplicate_name'])
  })

  it('other categories have no art. 9 scope: no warnings', async () => {
    await create('犇骉山', '410423', { category: 'natural' })
    const res = await check({ name: '犇骉山', category: 'natural', county_code: '410423' })
    expect(res).toMatchObject({ scope: null, warnings: [] })
  })

  it('the OGC write says so in Write-Warnings on create and on rename, not on other changes', async () => {
    const first = await create('骉犇南巷', '410411', { category: 'residential' })
    expect(first.warnings).toEqual([])
    const second = await create('骉犇南巷', '410402', { category: 'residential' })
    expect(second.warnings).toEqual([
      expect.objectContaining({ field: 'properties.name', code: 'duplicate_name', params: expect.objectContaining({ scope: 'built_up', names: ['骉犇南巷'] }) }),
    ])
    expect(second.warnings[0]!.params.records.map((r) => r.id)).toEqual([String(first.body.id)])
    const path = `/ogc/collections/place_names/items/${second.body.id}`
    const described = await write('PATCH', path, { properties: { description: '示例' } }, second.etag)
    expect(described.warnings).toEqual([])
    const renamed = await write('PATCH', path, { properties: { name: '骉犇北巷', roman_spelling: null } }, described.etag)
    expect(renamed.warnings).toEqual([])
    const back = await write('PATCH', path, { properties: { name: '彪奔南巷', roman_spelling: null } }, renamed.etag)
    expect(back.warnings.map((w) => w.code)).toEqual(['homophone_name'])
  })

  it('refuses a bad name, category, county or point, and a street without where it lies', async () => {
    const get = (query: string) => call('GET', `/api/place-names/duplicates?${query}`, null)
    expectProblem(await get('name=Zhongxing&category=street&county_code=410411'), 400, 'name', 'not_chinese_name')
    expectProblem(await get('name=&category=street&county_code=410411'), 400, 'name', 'empty')
    expectProblem(await get('name=中兴路&category=road&county_code=410411'), 400, 'category', 'not_one_of')
    expectProblem(await get('name=中兴路&category=street&county_code=4104'), 400, 'county_code', 'bad_county_code')
    expectProblem(await get('name=中兴路&category=street&at=200,33'), 400, 'at', 'longitude_range')
    expectProblem(await get('name=中兴路&category=street&at=113'), 400, 'at', 'bad_format')
    expectProblem(await get('name=中兴路&category=street&exclude=abc'), 400, 'exclude', 'bad_format')
    expectProblem(await get('name=中兴路&category=street'), 400, 'county_code', 'required_when')
  })
})
