import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pino } from 'pino'
import { z } from 'zod'
import { sql } from '../server/db/sql'
import { startTestApp } from './support/test-app'
import { createTestUser, type TestUser } from './support/users'

let app: Awaited<ReturnType<typeof startTestApp>>
let editor: TestUser
let reader: TestUser
let lushanEditor: TestUser
/** A named sample street with a point on it, to clash with. */
let street: { id: string; name: string; lon: number; lat: number; county_code: string }

beforeAll(async () => {
  app = await startTestApp({ poolSize: 2, logger: pino({ level: 'error' }) })
  editor = await createTestUser(app.pool, ['placename_editor'])
  reader = await createTestUser(app.pool, ['viewer'])
  lushanEditor = await createTestUser(app.pool, ['placename_editor'], ['410423'])
  street = await app.pool.one(sql.type(z.object({ id: z.string(), name: z.string(), lon: z.number(), lat: z.number(), county_code: z.string() }))`
    SELECT p.id::text, p.name, ST_X(ST_PointOnSurface(p.geom)) AS lon, ST_Y(ST_PointOnSurface(p.geom)) AS lat, w.county_code
    FROM place_names p JOIN townships w ON ST_Intersects(w.geom, ST_PointOnSurface(p.geom))
    WHERE p.category = 'street' AND p.status = 'standard' AND p.deleted_at IS NULL AND w.county_code = '410402'
    ORDER BY p.id LIMIT 1`)
})
afterAll(async () => {
  await app.close()
})

type Reply = { status: number; type: string | null; body: any }

/** Posts a file to the import as `user` (the editor unless said). */
async function importFile(file: string | Uint8Array<ArrayBuffer>, query = '', user: TestUser | null = editor): Promise<Reply> {
  const res = await fetch(`${app.url}/api/place-names/import${query ? `?${query}` : ''}`, {
    method: 'POST',
    headers: { ...(user ? { authorization: `Bearer ${user.token}` } : {}), 'content-type': 'application/octet-stream' },
    body: file,
  })
  const text = await res.text()
  return { status: res.status, type: res.headers.get('content-type'), body: text ? JSON.parse(text) : null }
}

const Count = z.object({ n: z.number() })
const countNames = () => app.pool.oneFirst(sql.type(Count)`SELECT count(*)::int AS n FROM place_names WHERE deleted_at IS NULL`)
const countAudits = (user: TestUser) =>
  app.pool.oneFirst(sql.type(Count)`SELECT count(*)::int AS n FROM audit_log WHERE user_id = ${user.id} AND table_name = 'place_names' AND action = 'create'`)

/** The errors of an import's 400, as field → code. */
function errorCodes(reply: Reply): Record<string, string> {
  expect(reply.status, JSON.stringify(reply.body)).toBe(400)
  expect(reply.type).toMatch(/application\/problem\+json/)
  expect(reply.body.code).toBe('import_invalid')
  return Object.fromEntries(reply.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]))
}

describe('POST /api/place-names/import', () => {
  const csv = () =>
    [
      '标准名称,类别,小类,含义,经度,纬度,备注',
      `${street.name},街路巷,路,与现有道路同名,${street.lon},${street.lat},甲`,
      `导入新街,街路巷,街,,${street.lon + 0.001},${street.lat},乙`,
      `导入新街,street,街,,${street.lon + 0.002},${street.lat},`,
      '',
      '导入山,自然地理实体,山,,112.80,33.80,',
    ].join('\r\n')

  it('checks a CSV on a dry run: counts what it would create, warns of clashes with the register and within the file, writes nothing', async () => {
    const before = await countNames()
    const audits = await countAudits(editor)
    const reply = await importFile(csv(), 'dry_run=true')
    expect(reply.status, JSON.stringify(reply.body)).toBe(200)
    expect(reply.body).toMatchObject({ format: 'csv', dry_run: true, rows: 4, created: 4, ignored_columns: ['备注'] })
    const byRow = Object.fromEntries(reply.body.warnings.map((w: { row: number }) => [w.row, w]))
    // The first clashes with the stored street of its name, named by its id and without a row.
    expect(byRow[2].warnings[0]).toMatchObject({ field: 'name', code: 'duplicate_name', params: { scope: 'built_up' } })
    expect(byRow[2].warnings[0].params.records.map((r: { id: string; row?: number }) => [r.id, r.row])).toContainEqual([street.id, undefined])
    // Rows 3 and 4 give the same name: each names the other by its row.
    expect(byRow[3].warnings[0].params.records.map((r: { row?: number }) => r.row)).toEqual([4])
    expect(byRow[4].warnings[0].params.records.map((r: { row?: number }) => r.row)).toEqual([3])
    expect(byRow[6]).toBeUndefined()
    expect(await countNames()).toBe(before)
    expect(await countAudits(editor)).toBe(audits)
  })

  it('imports the file in one go: each record with its suggested spelling, county and source, audited as a create', async () => {
    const before = await countNames()
    const audits = await countAudits(editor)
    const reply = await importFile(csv(), 'source=census')
    expect(reply.status, JSON.stringify(reply.body)).toBe(200)
    expect(reply.body).toMatchObject({ dry_run: false, rows: 4, created: 4 })
    expect(await countNames()).toBe(before + 4)
    expect(await countAudits(editor)).toBe(audits + 4)
    const res = await fetch(`${app.url}/ogc/collections/place_names/items?name=${encodeURIComponent('导入新街')}`)
    const features = (await res.json()).features
    expect(features).toHaveLength(2)
    expect(features[0].properties).toMatchObject({ roman_spelling: 'Daoru Xinjie', category: 'street', sub_kind: '街', status: 'standard', data_source: 'census', county_code: street.county_code, aliases: [] })
  })

  it('refuses a file with any bad row, listing every error by row and field, and writes none of it', async () => {
    const taken = await app.pool.oneFirst(sql.type(z.object({ code: z.string() }))`SELECT code FROM place_names WHERE code IS NOT NULL ORDER BY id LIMIT 1`)
    const before = await countNames()
    const file = [
      'name,category,lon,lat,code,status,protected,former_names',
      '好名路,street,113.30,33.75,,,,',
      'Zhongxing Lu,street,113.30,33.75,,,,',
      '鄭州路,街路巷,113.30,33.75,,,,',
      '某某路,道路,113.30,33.75,,,,',
      '某某巷,street,东经113,33.75,,,,',
      '某某街,street,113.30,33.75,410402PN99001,,,',
      '另某街,street,113.30,33.75,410402PN99001,,,',
      `旧某街,street,113.30,33.75,${taken},,,`,
      '保护街,street,113.30,33.75,,standard,是,',
      '曾名街,street,113.30,33.75,,,,坏的',
      '远方街,street,200,33.75,,,,',
    ].join('\n')
    const codes = errorCodes(await importFile(file))
    expect(codes).toEqual({
      'row 3: name': 'not_chinese_name',
      'row 4: name': 'traditional_character',
      'row 5: category': 'not_one_of',
      'row 6: lon': 'not_a_number',
      'row 8: code': 'repeated_code',
      'row 9: code': 'taken',
      'row 10: protection_list': 'required_when',
      'row 11: former_names.0': 'bad_former_name',
      'row 12: geometry.coordinates': 'longitude_range',
    })
    expect(await countNames()).toBe(before)
  })

  it('imports GeoJSON of any shape the register takes, and refuses an invalid polygon by PostGIS’s reason', async () => {
    const served = await (await fetch(`${app.url}/ogc/collections/place_names/items?category=residential&limit=1`)).json()
    const feature = served.features[0]
    // A feature as the server serves it (read-only properties included) goes back in, once renamed and without its code.
    const again = { ...feature, id: undefined, properties: { ...feature.properties, name: '回流小区', code: null, roman_spelling: null } }
    const line = { type: 'Feature', geometry: { type: 'LineString', coordinates: [[113.2, 33.74], [113.21, 33.741]] }, properties: { name: '导入线路', category: 'street', sub_kind: '路' } }
    const ok = await importFile(JSON.stringify({ type: 'FeatureCollection', features: [again, line] }), 'dry_run=true')
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    expect(ok.body).toMatchObject({ format: 'geojson', rows: 2, created: 2 })

    const bowtie = { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[113.2, 33.7], [113.21, 33.71], [113.21, 33.7], [113.2, 33.71], [113.2, 33.7]]] }, properties: { name: '蝴蝶小区', category: 'residential' } }
    const bad = await importFile(JSON.stringify({ type: 'FeatureCollection', features: [line, bowtie, 'x'] }))
    const codes = errorCodes(bad)
    expect(codes).toEqual({ 'feature 2: geometry': 'invalid_geometry', 'feature 3': 'not_a_feature' })
    expect(bad.body.errors[0].params).toMatchObject({ kind: 'self_intersection', row: 2 })
  })

  it('says what is wrong with a file that cannot be read', async () => {
    expect(errorCodes(await importFile(new Uint8Array([0x6e, 0x61, 0xff, 0x0a])))).toEqual({ file: 'invalid_unicode' })
    expect(errorCodes(await importFile('{"type": "Feature"'))).toEqual({ file: 'invalid_json' })
    expect(errorCodes(await importFile('{"type": "FeatureCollection", "features": {}}'))).toEqual({ file: 'not_a_feature_collection' })
    expect(errorCodes(await importFile('{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, "properties": {"name": "a\\u0000"}}]}'))).toEqual({ 'feature 1: name': 'nul_character' })
    expect(errorCodes(await importFile(''))).toEqual({ file: 'csv_empty' })
    expect(errorCodes(await importFile('name,lon\n'))).toEqual({ 'row 1: category': 'csv_missing_column', 'row 1: lat': 'csv_missing_column' })
    expect(errorCodes(await importFile('name,category,lon,lat\n'))).toEqual({ file: 'csv_no_rows' })
    expect(errorCodes(await importFile('name,category,lon,lat\n"某路,street,113,33\n'))).toEqual({ 'row 2': 'csv_unclosed_quote' })
    expect(errorCodes(await importFile(`name,category,lon,lat\n${'某路,street,113.3,33.7\n'.repeat(25_001)}`))).toEqual({ file: 'too_many_rows' })
  })

  it('offers a CSV template that takes its rows as they are filled in', async () => {
    const res = await fetch(`${app.url}/api/place-names/import/template`, { headers: { authorization: `Bearer ${editor.token}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(res.headers.get('content-disposition')).toContain('place-names-template.csv')
    const bytes = Buffer.from(await res.arrayBuffer())
    // A byte-order mark, so that a spreadsheet opens it as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const template = bytes.toString('utf8')
    expect(template.split('\r\n')[0]).toBe('\uFEFF标准名称,类别,小类,经度,纬度,罗马字母拼写,含义,来历,沿革,别名,曾用名,状态,资料来源')
    const filled = `${template}模板山,自然地理实体,山,112.9,33.8,,因形似得名,,,模板峰,旧模板山||1980,标准,测试\r\n`
    const reply = await importFile(filled, 'dry_run=true')
    expect(reply.status, JSON.stringify(reply.body)).toBe(200)
    expect(reply.body).toMatchObject({ rows: 1, created: 1, ignored_columns: [] })
  })

  it('keeps a county-scoped editor to their counties, and is for place-name staff only', async () => {
    const outside = await importFile(`name,category,lon,lat\n界外路,street,${street.lon},${street.lat}\n`, 'dry_run=true', lushanEditor)
    expect(errorCodes(outside)).toEqual({ 'row 2': 'outside_scope' })
    expect((await importFile('name,category,lon,lat\n', '', reader)).status).toBe(403)
    expect((await importFile('name,category,lon,lat\n', '', null)).status).toBe(401)
    const badQuery = await importFile('name,category,lon,lat\n', 'source=generated')
    expect(badQuery.status).toBe(400)
    expect(badQuery.body.errors[0]).toMatchObject({ field: 'source', code: 'not_one_of' })
  })
})
