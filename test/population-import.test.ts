import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pino } from 'pino'
import { z } from 'zod'
import { insertCommunities, insertTownships } from '../server/areas/areas.queries'
import { sql } from '../server/db/sql'
import { startTestApp } from './support/test-app'
import { createTestUser, type TestUser } from './support/users'

// Imports write only to townships and communities made here, in a neighbouring county of
// 南阳 (内乡县), so that the suites checking the sample city's 4,990,000 people see it unchanged.
const COUNTY = '411325'
const OTHER_COUNTY = '411323'
const HEADER = 'code,population,population_60plus'

let app: Awaited<ReturnType<typeof startTestApp>>
let admin: TestUser
beforeAll(async () => {
  app = await startTestApp({ poolSize: 4, logger: pino({ level: 'error' }) })
  admin = await createTestUser(app.pool, ['admin'], [], 'importer')
})
afterAll(async () => {
  await app.close()
})

type Reply = { status: number; type: string | null; body: any }

async function send(method: string, path: string, user: TestUser | null, body?: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { ...(user ? { authorization: `Bearer ${user.token}` } : {}), ...headers },
    body,
  })
  const text = await res.text()
  return { status: res.status, type: res.headers.get('content-type'), body: text ? JSON.parse(text) : null }
}

/** Posts a CSV to the import endpoint as `user` (the admin unless said). */
function importCsv(csv: string | Uint8Array<ArrayBuffer>, query = 'source=census', user: TestUser | null = admin, contentType = 'text/csv') {
  return send('POST', `/api/communities/population?${query}`, user, csv, { 'content-type': contentType })
}

let townshipSeq = 0
/**
 * A new township in COUNTY (codes 9xx, which no real or other test township uses) with
 * three communities of 1,000 people, 150 of them aged 60+, from the survey. They are
 * inserted as the seed loads data, so that the OGC write rules do not shape this suite.
 * @returns their codes.
 */
async function createArea(source = 'survey'): Promise<{ township: string; communities: [string, string, string] }> {
  const township = `${COUNTY}${900 + ++townshipSeq}`
  const [lon, lat] = [111.8 + townshipSeq * 0.02, 33.0]
  const communities = [`${township}001`, `${township}002`, `${township}003`] as [string, string, string]
  await app.pool.transaction(async (tx) => {
    await insertTownships(tx, [{
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [[[lon, lat], [lon + 0.01, lat], [lon + 0.01, lat + 0.01], [lon, lat + 0.01], [lon, lat]]] },
      properties: { code: township, name: '导入测试镇', kind: 'other', county_code: COUNTY, admin_code: COUNTY, geometry_source: 'surveyed' },
    }])
    await insertCommunities(tx, communities.map((code) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point', coordinates: [lon + 0.005, lat + 0.005] },
      properties: { code, name: '导入测试社区', kind: 'community', township_code: township, population: 1000, population_60plus: 150, data_source: source },
    })))
  })
  return { township, communities }
}

const Figures = z.object({ code: z.string(), population: z.number(), population_60plus: z.number(), data_source: z.string(), version: z.number() })

/** The stored figures of the communities, in code order. */
function figuresOf(codes: string[]) {
  return app.pool.any(sql.type(Figures)`
    SELECT code, population, population_60plus, data_source, version FROM communities
    WHERE code = ANY(${sql.array(codes, 'text')}) ORDER BY code`)
}

/** Figures as createArea made them. */
const untouched = (codes: string[], source = 'survey') =>
  codes.map((code) => ({ code, population: 1000, population_60plus: 150, data_source: source, version: 1 }))

function updateAudits(code: string) {
  return app.pool.any(sql.type(z.object({ username: z.string(), changes: z.record(z.unknown()) }))`
    SELECT username, changes FROM audit_log WHERE table_name = 'communities' AND record_id = ${code} AND action = 'update' ORDER BY id`)
}

describe('importing population figures', () => {
  it('writes the changed communities, bumps their versions, audits each, and the township totals follow', async () => {
    const { township, communities: [a, b, c] } = await createArea()
    const csv = `name,${HEADER},备注\n甲社区,${a},1200,300,\n乙社区,${b},900,100,新\n丙社区,${c},1000,150,\n`
    const res = await importCsv(csv, 'source=survey')
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body).toEqual({ rows: 3, updated: 2, unchanged: 1, ignored_columns: ['name', '备注'], dry_run: false })

    expect(await figuresOf([a, b, c])).toEqual([
      { code: a, population: 1200, population_60plus: 300, data_source: 'survey', version: 2 },
      { code: b, population: 900, population_60plus: 100, data_source: 'survey', version: 2 },
      { code: c, population: 1000, population_60plus: 150, data_source: 'survey', version: 1 },
    ])
    const totals = await send('GET', `/ogc/collections/townships/items/${township}`, null)
    expect(totals.body.properties).toMatchObject({ population: 1200 + 900 + 1000, population_60plus: 300 + 100 + 150 })

    expect(await updateAudits(a)).toEqual([
      { username: admin.username, changes: { population: { old: 1000, new: 1200 }, population_60plus: { old: 150, new: 300 } } },
    ])
    expect(await updateAudits(c)).toEqual([])
    const view = await send('GET', `/api/admin/audit?table=communities&record_id=${b}`, admin)
    expect(view.body.entries.map((e: { action: string }) => e.action)).toEqual(['update'])
    expect(view.body.entries[0].changes).toEqual({ population: { old: 1000, new: 900 }, population_60plus: { old: 150, new: 100 } })
    const item = await fetch(`${app.url}/ogc/collections/communities/items/${a}`)
    expect(item.headers.get('etag')).toBe('"2"')
  })

  it('audits an import the way an OGC update of the community is audited', async () => {
    const { communities: [a, b] } = await createArea()
    const item = await fetch(`${app.url}/ogc/collections/communities/items/${a}`)
    const patched = await send('PATCH', `/ogc/collections/communities/items/${a}`, admin,
      JSON.stringify({ properties: { population: 1300, data_source: 'census' } }),
      { 'content-type': 'application/merge-patch+json', 'if-match': item.headers.get('etag')! })
    expect(patched.status, JSON.stringify(patched.body)).toBe(200)
    expect((await importCsv(`${HEADER}\n${b},1300,150\n`, 'source=census')).status).toBe(200)
    const [viaOgc] = await updateAudits(a)
    const [viaImport] = await updateAudits(b)
    expect(viaImport).toEqual(viaOgc)
    expect(viaImport!.changes).toEqual({ population: { old: 1000, new: 1300 }, data_source: { old: 'survey', new: 'census' } })
  })

  it('counts a change of source alone as a change', async () => {
    const { communities } = await createArea()
    const res = await importCsv(`${HEADER}\n${communities.map((c) => `${c},1000,150`).join('\n')}\n`, 'source=census')
    expect(res.body).toMatchObject({ rows: 3, updated: 3, unchanged: 0 })
    expect(await figuresOf(communities)).toEqual(
      communities.map((code) => ({ code, population: 1000, population_60plus: 150, data_source: 'census', version: 2 })),
    )
    expect((await updateAudits(communities[0]))[0]!.changes).toEqual({ data_source: { old: 'survey', new: 'census' } })
  })

  it('only checks and counts on a dry run, writing nothing', async () => {
    const { township, communities: [a, b, c] } = await createArea()
    const res = await importCsv(`${HEADER}\n${a},1200,300\n${b},1000,150\n${c},5,0\n`, 'source=survey&dry_run=true')
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body).toEqual({ rows: 3, updated: 2, unchanged: 1, ignored_columns: [], dry_run: true })
    expect(await figuresOf([a, b, c])).toEqual(untouched([a, b, c]))
    expect(await updateAudits(a)).toEqual([])
    expect((await send('GET', `/ogc/collections/townships/items/${township}`, null)).body.properties.population).toBe(3000)
  })

  it('reads a byte-order mark, quoted fields, CRLF line ends, columns in any order and case, and blank rows', async () => {
    const { communities: [a, b] } = await createArea()
    const text = `"名称","Population_60plus","CODE","population"\r\n"新华路, 东段社区",300,"${a}","1200"\r\n\r\n"He said ""hi""",0,${b}, 7 \r\n`
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)])
    const res = await importCsv(bytes, 'source=census', admin, 'text/csv; charset=utf-8')
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body).toEqual({ rows: 2, updated: 2, unchanged: 0, ignored_columns: ['名称'], dry_run: false })
    expect((await figuresOf([a, b])).map((f) => [f.population, f.population_60plus, f.data_source])).toEqual([
      [1200, 300, 'census'],
      [7, 0, 'census'],
    ])
  })
})

describe('a file with errors gets a 400 naming each row and column, and nothing is written', () => {
  const cases: [string, (a: string, b: string) => string, { field: string; code: string }[]][] = [
    ['an unknown code', (a) => `${HEADER}\n${a},1200,300\n${COUNTY}999999,10,1\n`, [{ field: 'row 3: code', code: 'unknown_community' }]],
    ['a negative figure', (a, b) => `${HEADER}\n${a},1200,300\n${b},-5,0\n`, [{ field: 'row 3: population', code: 'too_small' }]],
    ['a figure that is not a whole number', (a, b) => `${HEADER}\n${a},1200,300\n${b},100,12.5\n`, [{ field: 'row 3: population_60plus', code: 'not_a_count' }]],
    ['a thousands separator', (a, b) => `${HEADER}\n${a},1200,300\n${b},"1,200",3\n`, [{ field: 'row 3: population', code: 'not_a_count' }]],
    ['more people aged 60+ than people', (a, b) => `${HEADER}\n${a},1200,300\n${b},1200,1201\n`, [{ field: 'row 3: population_60plus', code: 'exceeds_figure' }]],
    ['a code given twice', (a) => `${HEADER}\n${a},1200,300\n${a},1300,300\n`, [{ field: 'row 3: code', code: 'repeated_code' }]],
    ['a missing column', (a) => `code,population\n${a},1200\n`, [{ field: 'row 1: population_60plus', code: 'csv_missing_column' }]],
    ['an empty cell', (a, b) => `${HEADER}\n${a},1200,300\n${b},,3\n`, [{ field: 'row 3: population', code: 'empty' }]],
    ['a code a spreadsheet turned into a number', (a) => `${HEADER}\n${a},1200,300\n4.11325E+11,10,1\n`, [{ field: 'row 3: code', code: 'code_as_number' }]],
    ['more fields than the header', (a, b) => `${HEADER}\n${a},1200,300\n${b},1,200,3\n`, [{ field: 'row 3', code: 'csv_wrong_cell_count' }]],
    ['a quoted field that is not closed', (a, b) => `${HEADER}\n${a},1200,300\n${b},"12,3\n`, [{ field: 'row 3', code: 'csv_unclosed_quote' }]],
    ['an empty file', () => '', [{ field: 'body', code: 'csv_empty' }]],
    ['a header without data rows', () => `${HEADER}\r\n\r\n`, [{ field: 'body', code: 'csv_no_rows' }]],
    [
      'several errors at once, in file order',
      (a, b) => `${HEADER}\n${b},10,20\n${a},x,-1\n${COUNTY}999998,1,1\n`,
      [
        { field: 'row 2: population_60plus', code: 'exceeds_figure' },
        { field: 'row 3: population', code: 'not_a_count' },
        { field: 'row 3: population_60plus', code: 'too_small' },
        { field: 'row 4: code', code: 'unknown_community' },
      ],
    ],
  ]

  it.each(cases)('%s', async (_name, build, expected) => {
    const { communities: [a, b, c] } = await createArea()
    const res = await importCsv(build(a, b))
    expect(res.status, JSON.stringify(res.body)).toBe(400)
    expect(res.type).toMatch(/^application\/problem\+json/)
    expect(res.body.errors).toHaveLength(expected.length)
    expected.forEach((e, i) => {
      expect(res.body.errors[i].field).toBe(e.field)
      expect(res.body.errors[i].code).toBe(e.code)
    })
    expect(res.body.detail).toMatch(/Nothing was imported/)
    expect(await figuresOf([a, b, c])).toEqual(untouched([a, b, c]))
    expect(await updateAudits(a)).toEqual([])
  })

  it('lists at most 100 errors and says how many there are', async () => {
    const { communities: [a] } = await createArea()
    const rows = Array.from({ length: 150 }, (_, i) => `${COUNTY}${String(990000 + i)},1,2`)
    const res = await importCsv(`${HEADER}\n${a},1200,300\n${rows.join('\n')}\n`)
    expect(res.status).toBe(400)
    expect(res.body.errors).toHaveLength(100)
    expect(res.body.error_count).toBe(300)
    expect(res.body.detail).toBe('The file has 300 error(s); 100 are listed. Nothing was imported.')
    expect(res.body.errors[0]).toMatchObject({ field: 'row 3: code', code: 'unknown_community', reason: `${COUNTY}990000 is not a community or village (or it was deleted)` })
    expect(res.body.errors[1]).toMatchObject({ field: 'row 3: population_60plus', code: 'exceeds_figure', reason: 'must not exceed population (1)' })
    expect(await figuresOf([a])).toEqual(untouched([a]))
  })

  it('refuses a community that has been deleted', async () => {
    const { communities: [a, b] } = await createArea()
    const item = await fetch(`${app.url}/ogc/collections/communities/items/${b}`)
    expect((await send('DELETE', `/ogc/collections/communities/items/${b}`, admin, undefined, { 'if-match': item.headers.get('etag')! })).status).toBe(204)
    const res = await importCsv(`${HEADER}\n${a},1200,300\n${b},10,1\n`)
    expect(res.status).toBe(400)
    expect(res.body.errors).toMatchObject([{ field: 'row 3: code', code: 'unknown_community', reason: `${b} is not a community or village (or it was deleted)` }])
    expect(await figuresOf([a])).toEqual(untouched([a]))
  })
})

describe('the request', () => {
  it('needs an administrator: 401 anonymous, 403 for other roles, and a scoped one only inside its counties', async () => {
    const { communities: [a] } = await createArea()
    const csv = `${HEADER}\n${a},1200,300\n`
    const anonymous = await importCsv(csv, 'source=census', null)
    expect(anonymous.status).toBe(401)
    expect(anonymous.type).toMatch(/^application\/problem\+json/)
    for (const role of ['viewer', 'facility_editor', 'placename_editor', 'boundary_inspector'] as const) {
      const res = await importCsv(csv, 'source=census', await createTestUser(app.pool, [role]))
      expect(res.status, role).toBe(403)
    }
    const elsewhere = await createTestUser(app.pool, ['admin'], [OTHER_COUNTY])
    const scoped = await importCsv(csv, 'source=census', elsewhere)
    expect(scoped.status).toBe(403)
    expect(scoped.body.code).toBe('import_outside_scope')
    expect(scoped.body.errors).toMatchObject([{ field: 'row 2: code', code: 'outside_counties', params: { county: COUNTY, allowed: [OTHER_COUNTY] } }])
    expect(await figuresOf([a])).toEqual(untouched([a]))
    const inside = await importCsv(csv, 'source=census', await createTestUser(app.pool, ['admin'], [COUNTY]))
    expect(inside.status).toBe(200)
  })

  it.each([
    ['', 'source', 'required'],
    ['source=register', 'source', 'not_one_of'],
    ['source=census&dry_run=yes', 'dry_run', 'not_one_of'],
    ['source=census&mode=replace', 'mode', 'unknown_parameter'],
  ])('refuses the query "%s", naming %s', async (query, field, code) => {
    const { communities: [a] } = await createArea()
    const res = await importCsv(`${HEADER}\n${a},1200,300\n`, query)
    expect(res.status).toBe(400)
    expect(res.body.errors).toMatchObject([{ field, code }])
    expect(await figuresOf([a])).toEqual(untouched([a]))
  })

  it.each(['application/json', 'text/plain', 'application/vnd.ms-excel'])('refuses a body sent as %s with 415, saying to send text/csv', async (type) => {
    const { communities: [a] } = await createArea()
    const res = await importCsv(type === 'application/json' ? JSON.stringify([{ code: a }]) : `${HEADER}\n${a},1200,300\n`, 'source=census', admin, type)
    expect(res.status).toBe(415)
    expect(res.body).toMatchObject({ code: 'unsupported_media_type', params: { expected: 'text/csv' } })
    expect(res.body.errors).toMatchObject([{ field: 'Content-Type', code: 'not_one_of' }])
    expect(await figuresOf([a])).toEqual(untouched([a]))
  })

  it('refuses a file over 5 MB with 413', async () => {
    const { communities: [a] } = await createArea()
    const filler = `${a},1200,300,${'x'.repeat(100)}\n`.repeat(Math.ceil((5 * 1024 * 1024) / 100))
    const res = await importCsv(`${HEADER},note\n${filler}`)
    expect(res.status).toBe(413)
    expect(res.body.detail).toMatch(/5 MB/)
    expect(await figuresOf([a])).toEqual(untouched([a]))
  })
})
