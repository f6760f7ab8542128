import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { sql } from '../server/db/sql'
import { startTestApp } from './support/test-app'
import { createTestUser, type TestUser } from './support/users'
import { callApi, type Call } from './support/call'

let app: Awaited<ReturnType<typeof startTestApp>>
let editor: TestUser
beforeAll(async () => {
  app = await startTestApp({ poolSize: 2 })
  editor = await createTestUser(app.pool, ['placename_editor'])
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

/** A new street in 鲁山县's county town (410423), without a code. */
function street(properties: Record<string, unknown> = {}) {
  return {
    type: 'Feature',
    geometry: { type: 'LineString', coordinates: [[112.905, 33.738], [112.912, 33.739]] },
    properties: {
      code: null, name: '琴台新路', category: 'street', sub_kind: '路', division_code: null, meaning: null, origin: null,
      history: null, description: null, aliases: [], former_names: ['琴台东路|1958|1984'], status: 'proposed', protected: false,
      protection_list: null, source: null, data_source: 'register', ...properties,
    },
  }
}

// Other suites add register records of their own, without a code: the sample's have one.
describe('the sample place names', () => {
  it('have the real county-level units and townships with their codes and official spellings', async () => {
    const rows = await app.pool.any(sql.type(z.object({ name: z.string(), roman_spelling: z.string(), division_code: z.string(), geometry: z.string() }))`
      SELECT name, roman_spelling, division_code, GeometryType(geom) AS geometry FROM place_names
      WHERE data_source = 'register' AND category = 'admin_division' AND length(division_code) = 6 AND code IS NOT NULL ORDER BY division_code`)
    expect(rows.map((r) => r.division_code)).toEqual(['410402', '410403', '410404', '410411', '410421', '410422', '410423', '410425', '410481', '410482'])
    expect(Object.fromEntries(rows.map((r) => [r.name, r.roman_spelling]))).toMatchObject({
      郏县: 'Jia Xian', 叶县: 'Ye Xian', 湛河区: 'Zhanhe Qu', 鲁山县: 'Lushan Xian', 汝州市: 'Ruzhou Shi', 舞钢市: 'Wugang Shi',
    })
    expect(new Set(rows.map((r) => r.geometry))).toEqual(new Set(['MULTIPOLYGON']))
    const townships = await app.pool.oneFirst(sql.type(z.object({ n: z.number() }))`
      SELECT count(*)::int AS n FROM place_names p JOIN townships t ON t.code = p.division_code AND t.name = p.name
      WHERE p.data_source = 'register' AND p.code IS NOT NULL`)
    expect(townships).toBe(148)
  })

  it('keep 郏县 on the 千年古县 list', async () => {
    const res = await call('GET', '/ogc/collections/place_names/items?name=郏县&data_source=register', null)
    expect(res.body.features).toHaveLength(1)
    expect(res.body.features[0].properties).toMatchObject({ code: '410425PN00001', protected: true, protection_list: '中国地名文化遗产·千年古县', county_code: '410425' })
  })

  it('name the sample streets within the city, labelled generated, on lines lying in the county their code names', async () => {
    const row = await app.pool.one(sql.type(z.object({ n: z.number(), lines: z.number(), misplaced: z.number(), names: z.number() }))`
      SELECT count(*)::int AS n,
             count(*) FILTER (WHERE GeometryType(geom) IN ('LINESTRING', 'MULTILINESTRING'))::int AS lines,
             count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM counties c WHERE c.code = left(p.code, 6) AND ST_Intersects(c.geom, p.geom)))::int AS misplaced,
             -- A street the sample cases renamed is counted by its first name, the road's.
             count(DISTINCT coalesce((SELECT c.old_name FROM place_name_cases c WHERE c.place_name_id = p.id AND c.kind = 'renaming'
                                      AND c.approved_on IS NOT NULL ORDER BY c.approved_on LIMIT 1), name))::int AS names
      FROM place_names p WHERE data_source = 'generated' AND category = 'street' AND code IS NOT NULL`)
    expect(row.n).toBeGreaterThan(1000)
    expect(row.lines).toBe(row.n)
    expect(row.misplaced).toBe(0)
    const roadNames = await app.pool.oneFirst(sql.type(z.object({ n: z.number() }))`
      SELECT count(DISTINCT r.name)::int AS n FROM roads r
      WHERE r.data_source = 'generated' AND r.name IS NOT NULL AND EXISTS (SELECT 1 FROM counties c WHERE c.is_home AND ST_Intersects(c.geom, r.geom))`)
    expect(row.names).toBe(roadNames)
  })
})

describe('writing a place name', () => {
  it('fills in the suggested spelling when none is given, and keeps a spelling staff wrote', async () => {
    const created = await call('POST', '/ogc/collections/place_names/items', editor, street())
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body.properties).toMatchObject({ roman_spelling: 'Qintai Xinlu', county_code: '410423', former_names: ['琴台东路|1958|1984'] })
    expect(created.body.properties.township_code).toMatch(/^410423\d{3}$/)
    const path = `/ogc/collections/place_names/items/${created.body.id}`
    const patched = await call('PATCH', path, editor, { properties: { roman_spelling: 'Qintaixin Lu' } }, { 'if-match': created.etag! })
    expect(patched.status, JSON.stringify(patched.body)).toBe(200)
    expect(patched.body.properties.roman_spelling).toBe('Qintaixin Lu')
    const cleared = await call('PATCH', path, editor, { properties: { roman_spelling: '', name: '琴台路' } }, { 'if-match': patched.etag! })
    expect(cleared.body.properties).toMatchObject({ name: '琴台路', roman_spelling: 'Qintai Lu' })
  })

  it('refuses a tone-marked spelling, a Latin or digit name, an empty or over-long one, protected without a list', async () => {
    const post = (properties: Record<string, unknown>) => call('POST', '/ogc/collections/place_names/items', editor, street(properties))
    expectProblem(await post({ roman_spelling: 'Qíntái Xīnlù' }), 400, 'properties.roman_spelling', 'tone_marks')
    expectProblem(await post({ name: 'Qintai Lu' }), 400, 'properties.name', 'not_chinese_name')
    expectProblem(await post({ name: '经5路' }), 400, 'properties.name', 'digits_in_name')
    expectProblem(await post({ name: '' }), 400, 'properties.name', 'empty')
    expectProblem(await post({ name: '路'.repeat(51) }), 400, 'properties.name', 'too_long')
    expectProblem(await post({ protected: true }), 400, 'properties.protection_list', 'required_when')
    expectProblem(await post({ former_names: ['琴台东路（1958–1984）'] }), 400, 'properties.former_names.0', 'bad_former_name')
    expectProblem(await post({ code: '410423-1' }), 400, 'properties.code', 'bad_place_name_code')
  })

  it('writes a name given or changed in the 通用规范汉字表, and keeps a stored name outside it on other edits', async () => {
    const post = (properties: Record<string, unknown>) => call('POST', '/ogc/collections/place_names/items', editor, street(properties))
    const traditional = await post({ name: '鄭州路' })
    expectProblem(traditional, 400, 'properties.name', 'traditional_character')
    expect(traditional.body.errors[0].params).toEqual({ characters: '鄭', suggestion: '郑州路' })
    // 㐀 (U+3400, CJK Extension A) is a Han character of GB 18030 but not in the table.
    const rare = await post({ name: '㐀台路' })
    expectProblem(rare, 400, 'properties.name', 'nonstandard_character')
    expect(rare.body.errors[0].params).toEqual({ characters: '㐀' })
    expect((await post({ name: '鄭州路', status: 'abolished' })).status).toBe(201)

    // A census record as stored (written past the API) keeps its character when another field is edited.
    const created = await post({ name: '琴台西路' })
    const path = `/ogc/collections/place_names/items/${created.body.id}`
    await app.pool.query(sql.unsafe`UPDATE place_names SET name = '㐀台西路' WHERE id = ${created.body.id}`)
    const stored = await call('GET', path, editor)
    const edited = await call('PATCH', path, editor, { properties: { meaning: '因琴台得名' } }, { 'if-match': stored.etag! })
    expect(edited.status, JSON.stringify(edited.body)).toBe(200)
    const renamed = await call('PATCH', path, editor, { properties: { name: '㐀台北路' } }, { 'if-match': edited.etag! })
    expectProblem(renamed, 400, 'properties.name', 'nonstandard_character')
    expect((await call('GET', path, editor)).body.properties.name).toBe('㐀台西路')
  })

  it('refuses a code another place name holds, naming the code (not the id)', async () => {
    const taken = await app.pool.oneFirst(sql.type(z.object({ code: z.string() }))`SELECT code FROM place_names WHERE code IS NOT NULL ORDER BY code LIMIT 1`)
    const res = await call('POST', '/ogc/collections/place_names/items', editor, street({ code: taken }))
    expect(res.status).toBe(409)
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'properties.code', code: 'taken' })])
  })

  it('takes a polygon and a point in the same collection', async () => {
    const square = [[[112.9, 33.73], [112.903, 33.73], [112.903, 33.733], [112.9, 33.733], [112.9, 33.73]]]
    const area = await call('POST', '/ogc/collections/place_names/items', editor, {
      ...street({ name: '琴台小区', category: 'residential', sub_kind: '小区' }), geometry: { type: 'Polygon', coordinates: square },
    })
    expect(area.status, JSON.stringify(area.body)).toBe(201)
    expect(area.body.geometry.type).toBe('Polygon')
    const point = await call('POST', '/ogc/collections/place_names/items', editor, {
      ...street({ name: '琴台', category: 'natural', sub_kind: null }), geometry: { type: 'Point', coordinates: [112.906, 33.74] },
    })
    expect(point.status, JSON.stringify(point.body)).toBe(201)
  })

  it('is for place-name editors: a facility editor is refused', async () => {
    const other = await createTestUser(app.pool, ['facility_editor'])
    expect((await call('POST', '/ogc/collections/place_names/items', other, street())).status).toBe(403)
  })
})
