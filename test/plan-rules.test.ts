import { booleanPointInPolygon, pointOnFeature } from '@turf/turf'
import ExcelJS from 'exceljs'
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson'
import { pino } from 'pino'
import { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CommonQueryMethods } from 'slonik'
import { CoverageEngine } from '../server/coverage/coverage-engine'
import { evaluateUnitRules, type RulesAnswer } from '../server/coverage/plan-check'
import { todayInCity } from '../server/coverage/indicators'
import { sql } from '../server/db/sql'
import { callApi } from './support/call'
import { startTestApp } from './support/test-app'
import { createTestUser, type TestUser } from './support/users'

let app: Awaited<ReturnType<typeof startTestApp>>
let admin: TestUser
let viewer: TestUser
beforeAll(async () => {
  app = await startTestApp()
  admin = await createTestUser(app.pool, ['admin'], [], 'plan')
  viewer = await createTestUser(app.pool, ['viewer', 'facility_editor'], [], 'plan')
})
afterAll(async () => {
  await app.close()
})

const get = (path: string, user: TestUser | null = null) => callApi(app.url, 'GET', path, user)
const post = (path: string, user: TestUser | null, body: unknown) => callApi(app.url, 'POST', path, user, body, { 'content-type': 'application/json' })
const rule = (answer: { rules: { id: string }[] }, id: string) => answer.rules.find((r) => r.id === id) as RulesAnswer['rules'][number]

/**
 * A hand-made set of facilities in a transaction that is rolled back: every live facility
 * of the four registers is hidden, and `setup` adds what the test needs (positions at
 * township seats, so the answer is obvious).
 */
async function inWorld<T>(setup: (tx: CommonQueryMethods) => Promise<void>, test: (tx: CommonQueryMethods, engine: CoverageEngine) => Promise<T>): Promise<T> {
  let result: T
  const done = new Error('rolled back')
  try {
    await app.pool.transaction(async (tx) => {
      for (const table of ['eldercare_facilities', 'social_work_stations', 'funeral_facilities', 'cemeteries']) {
        await tx.query(sql.unsafe`UPDATE ${sql.identifier([table])} SET deleted_at = now() WHERE deleted_at IS NULL`)
      }
      await setup(tx)
      result = await test(tx, new CoverageEngine(tx, pino({ level: 'silent' })))
      throw done
    })
  } catch (error) {
    if (error !== done) throw error
  }
  return result!
}

const seat = (township: string) => sql.fragment`(SELECT seat FROM townships WHERE code = ${township})`
const addEldercare = (tx: CommonQueryMethods, township: string, o: { kind: string; status?: string; beds?: number; embedded?: number; services?: string[] }) =>
  tx.query(sql.unsafe`INSERT INTO eldercare_facilities (name, kind, ownership, beds, nursing_beds, embedded_beds, services, medical_integration, barrier_free, status, data_source, geom)
    VALUES ('测试设施', ${o.kind}, 'public', ${o.beds ?? 0}, 0, ${o.embedded ?? 0}, ${sql.array(o.services ?? ['day_care'], 'text')}, false, false, ${o.status ?? 'operating'}, 'survey', ${seat(township)})`)
const addFuneral = (tx: CommonQueryMethods, township: string, kind: string) =>
  tx.query(sql.unsafe`INSERT INTO funeral_facilities (name, kind, capacity, used, status, data_source, geom) VALUES ('测试殡仪服务站', ${kind}, 0, 0, 'operating', 'survey', ${seat(township)})`)

describe('the unit rules on hand-made data in the database', () => {
  it('finds each facility’s township by its position: a street with a centre of 60 embedded beds passes, one whose centre is closed fails', async () => {
    const answer = await inWorld(
      async (tx) => {
        await addEldercare(tx, '410402001', { kind: 'street_centre', beds: 60, embedded: 60 })
        await addEldercare(tx, '410402002', { kind: 'street_centre', beds: 80, embedded: 80, status: 'closed' })
        await addEldercare(tx, '410402003', { kind: 'street_centre', beds: 40, embedded: 32 })
        await addEldercare(tx, '410421100', { kind: 'township_home', beds: 50, services: ['full_time', 'day_care', 'home_visit'] })
      },
      (tx, engine) => evaluateUnitRules(tx, engine, { ids: ['street_comprehensive_centre', 'township_comprehensive_function'], includePlanned: false }),
    )
    const streets = rule(answer, 'street_comprehensive_centre')
    const failing = new Map(streets.failing.map((u) => [u.code, u]))
    expect(failing.has('410402001')).toBe(false)
    expect(failing.get('410402002')!.figures).toMatchObject({ street_centres: 0, largest_embedded_beds: null })
    expect(failing.get('410402003')!.figures).toMatchObject({ street_centres: 1, largest_embedded_beds: 32 })
    expect(failing.get('410402003')!.bbox).toHaveLength(4)
    const towns = rule(answer, 'township_comprehensive_function')
    expect(towns.totals.passing).toBe(1)
    expect(towns.failing.some((u) => u.code === '410421100')).toBe(false)
  })

  it('a county with 1 funeral service station passes and one with 3 fails; a district of 600,000 residents with one station fails', async () => {
    const answer = await inWorld(
      async (tx) => {
        await addFuneral(tx, '410421100', 'service_station')
        for (const t of ['410422001', '410422002', '410422101']) await addFuneral(tx, t, 'service_station')
        await addFuneral(tx, '410402001', 'service_station')
        // 新华区's residents: 600,000 in one community, none in the others.
        // (Its townships include the development zone's, which keep their own codes.)
        const xinhua = sql.fragment`(SELECT code FROM townships WHERE county_code = '410402')`
        await tx.query(sql.unsafe`UPDATE communities SET population = 0, population_60plus = 0 WHERE township_code IN ${xinhua}`)
        await tx.query(sql.unsafe`UPDATE communities SET population = 600000 WHERE code = (SELECT min(code) FROM communities WHERE township_code IN ${xinhua} AND deleted_at IS NULL)`)
      },
      (tx, engine) => evaluateUnitRules(tx, engine, { ids: ['funeral_service_stations'], includePlanned: false }),
    )
    const failing = new Map(rule(answer, 'funeral_service_stations').failing.map((u) => [u.code, u]))
    expect(failing.has('410421')).toBe(false)
    expect(failing.get('410422')!.figures).toMatchObject({ stations: 3, required_min: 1, required_max: 2 })
    expect(failing.get('410402')!.figures).toEqual({ stations: 1, population: 600_000, required_min: 2, required_max: null })
    expect(failing.get('410402')!.within).toBeNull()
  })

  it('the 15-minute circle comes from the coverage analysis: a community with a day-care centre beside it passes, the others without one fail', async () => {
    const code = (await app.pool.oneFirst(sql.type(z.object({ code: z.string() }))`SELECT min(code) AS code FROM communities WHERE kind = 'community' AND deleted_at IS NULL`))
    const answer = await inWorld(
      async (tx) => {
        await tx.query(sql.unsafe`INSERT INTO eldercare_facilities (name, kind, ownership, beds, nursing_beds, embedded_beds, services, medical_integration, barrier_free, status, data_source, geom)
          SELECT '测试日间照料中心', 'day_care', 'public', 0, 0, 0, '{day_care}', false, false, 'operating', 'survey', ST_Translate(geom, 0.0005, 0) FROM communities WHERE code = ${code}`)
      },
      (tx, engine) => evaluateUnitRules(tx, engine, { ids: ['fifteen_minute_circle', 'community_service_place'], includePlanned: false }),
    )
    const circle = rule(answer, 'fifteen_minute_circle')
    expect(circle.failing.some((u) => u.code === code)).toBe(false)
    expect(circle.totals.passing).toBeGreaterThanOrEqual(1)
    expect(circle.failing.length).toBe(circle.totals.units - circle.totals.passing)
    // The centre stands 47 m from the community's point: it is that community's service place.
    expect(rule(answer, 'community_service_place').failing.some((u) => u.code === code)).toBe(false)
  })
})

/** A response's text with its byte-order mark kept (Response.text() drops it). */
const bytesText = async (res: Response) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer())

type Items = FeatureCollection<Point | Polygon | MultiPolygon, Record<string, any>>
const items = async (collection: string): Promise<Items> => (await get(`/ogc/collections/${collection}/items?limit=10000`)).body

describe('GET /api/coverage/rules on the sample city', () => {
  it('every rule returns failures (the sample has gaps), with figures and reasons in both languages; planned facilities count only in what-if', async () => {
    const res = await get('/api/coverage/rules')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ include_planned: false, statuses: ['operating'] })
    // Every sample record is generated; other suites add records of their own.
    expect(res.body.records.generated).toBeGreaterThan(0)
    expect(res.body.records.generated).toBeLessThanOrEqual(res.body.records.total)
    expect(res.body.rules).toHaveLength(14)
    for (const r of res.body.rules) {
      expect(r.passes, r.id).toBe(false)
      expect(r.failing.length, r.id).toBe(r.totals.failing)
      expect(r.totals.failing, r.id).toBeGreaterThan(0)
      for (const u of r.failing) {
        expect(u.reason['zh-CN'].length, r.id).toBeGreaterThan(2)
        expect(u.reason.en.length, r.id).toBeGreaterThan(2)
        expect(u.bbox, `${r.id} ${u.code}`).toHaveLength(4)
      }
      // Except the two city-wide figures and the named columbaria (all planned), some units pass.
      if (!['total_beds', 'named_columbaria', 'nursing_bed_share'].includes(r.id)) expect(r.totals.passing, r.id).toBeGreaterThan(0)
    }
    expect(res.body.rules[0]).not.toHaveProperty('outcomes')
    const whatIf = (await get('/api/coverage/rules?id=named_columbaria&include_planned=true')).body
    expect(whatIf).toMatchObject({ include_planned: true, statuses: ['operating', 'planned', 'under_construction'] })
    expect(whatIf.rules).toHaveLength(1)
    // The sample's columbarium named for 新华区 stands across the line, in 湛河区: the rule says so.
    expect(whatIf.rules[0]).toMatchObject({ id: 'named_columbaria', totals: { units: 7, passing: 6 } })
    expect(whatIf.rules[0].failing).toMatchObject([{ name: '新华区', figures: { registered: [], elsewhere: ['新华区公益性骨灰堂（规划，示例） (湛河区)'] } }])
    // Planned street centres make up some gaps.
    const planned = rule((await get('/api/coverage/rules?id=street_comprehensive_centre&include_planned=true')).body, 'street_comprehensive_centre')
    expect(planned.totals.passing).toBeGreaterThanOrEqual(rule(res.body, 'street_comprehensive_centre').totals.passing)
  })

  it('the computed indicator rows equal an independent count over the OGC items', async () => {
    const [allTownships, counties, eldercare, stations, cemeteries, funeral] = (await Promise.all(
      ['townships', 'counties', 'eldercare_facilities', 'social_work_stations', 'cemeteries', 'funeral_facilities'].map(items),
    )) as [Items, Items, Items, Items, Items, Items]
    const home = counties.features.filter((k) => k.properties.is_home)
    // The city's own townships: other suites add townships of a neighbour's county.
    const homeCodes = new Set(home.map((k) => k.properties.code))
    const townships = { ...allTownships, features: allTownships.features.filter((t) => homeCodes.has(t.properties.county_code)) }
    const townshipOf = (f: Feature) => {
      const point = f.geometry!.type === 'Point' ? (f.geometry as Point) : pointOnFeature(f as Feature<Polygon>).geometry
      return townships.features.find((t) => booleanPointInPolygon(point, t as Feature<Polygon | MultiPolygon>))?.properties.code as string | undefined
    }
    const countyOf = (f: Feature) => townships.features.find((t) => t.properties.code === townshipOf(f))?.properties.county_code as string | undefined
    const operating = (fc: Items) => fc.features.filter((f) => f.properties.status === 'operating')

    const institutions = operating(eldercare).filter((f) => ['institution', 'township_home', 'regional_centre'].includes(f.properties.kind) && townshipOf(f))
    const nursing = institutions.reduce((n, f) => n + f.properties.nursing_beds, 0)
    const beds = institutions.reduce((n, f) => n + f.properties.beds, 0)
    const comprehensive = new Set(operating(eldercare).filter((f) => ['full_time', 'day_care', 'home_visit'].every((s) => f.properties.services.includes(s))).map(townshipOf))
    const withStation = new Set(operating(stations).filter((s) => s.properties.tier === 'township_station').map(townshipOf))
    const burial = new Set([
      ...operating(cemeteries).filter((c) => c.properties.kind === 'urban_public' && c.properties.level !== 'township').map(countyOf),
      ...operating(funeral).filter((f) => f.properties.kind === 'columbarium').map(countyOf),
    ])
    const staff = operating(stations).filter((s) => townshipOf(s)).reduce((n, s) => n + s.properties.staff, 0)
    const share = (part: number, whole: number) => Math.round((part / whole) * 1000) / 10
    const expected: Record<number, number> = {
      4: share(nursing, beds),
      5: share(townships.features.filter((t) => comprehensive.has(t.properties.code)).length, townships.features.length),
      8: share(home.filter((k) => burial.has(k.properties.code)).length, home.length),
      11: Math.round((staff / 10_000) * 10_000) / 10_000,
      13: share(townships.features.filter((t) => withStation.has(t.properties.code)).length, townships.features.length),
    }
    const table = (await get('/api/indicators')).body
    expect(table.indicators).toHaveLength(13)
    for (const [id, value] of Object.entries(expected)) {
      const row = table.indicators.find((r: { id: number }) => r.id === Number(id))
      expect(row.current.value, `row ${id}`).toBe(value)
      expect(row.status, `row ${id}`).toBe('not_met')
    }
    // The sample's figures, as docs/plan-rules.md quotes them.
    expect(expected[4]).toBeGreaterThan(20)
    expect(expected[4]).toBeLessThan(55)
    const linked = table.indicators.find((r: { id: number }) => r.id === 5)
    expect(linked.current.rule).toEqual({ id: 'township_comprehensive_function', failing: townships.features.length - [...comprehensive].filter(Boolean).length })
    expect(table.indicators.find((r: { id: number }) => r.id === 9)).toMatchObject({ status: 'not_modelled', current: null, note: { en: expect.stringMatching(/not a register/) } })
  })

  it('downloads the failing units as CSV (BOM) and as GeoJSON with the units’ geometries', async () => {
    const res = await fetch(`${app.url}/api/coverage/rules?f=csv`)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    const text = await bytesText(res)
    expect(text.charCodeAt(0)).toBe(0xfeff)
    const lines = text.split('\r\n').slice(0, -1)
    expect(lines[0]).toBe('\uFEFFrule_id,rule_zh,rule_en,clause,level,code,name,within,reason_zh,reason_en,figures,include_planned')
    const json = (await get('/api/coverage/rules')).body
    const failing = json.rules.reduce((n: number, r: { totals: { failing: number } }) => n + r.totals.failing, 0)
    expect(lines.length - 1).toBe(failing)
    const geo = (await get('/api/coverage/rules?id=county_guidance_centre&f=geojson')).body
    expect(geo.type).toBe('FeatureCollection')
    expect(geo.features).toHaveLength(rule(json, 'county_guidance_centre').totals.failing)
    for (const f of geo.features) {
      expect(f.geometry.type).toMatch(/Polygon/)
      expect(f.properties).toMatchObject({ rule_id: 'county_guidance_centre', level: 'county' })
    }
    const communities = (await get('/api/coverage/rules?id=fifteen_minute_circle&f=geojson')).body
    expect(communities.features.every((f: Feature) => f.geometry.type === 'Point')).toBe(true)
  })

  it('refuses an unknown rule, format or parameter, naming the field', async () => {
    for (const [query, field, code] of [['?id=nope', 'id', 'not_one_of'], ['?f=xlsx', 'f', 'not_one_of'], ['?include_planned=yes', 'include_planned', 'not_one_of'], ['?x=1', 'x', 'unknown_parameter']]) {
      const res = await get(`/api/coverage/rules${query}`)
      expect(res.status, query).toBe(400)
      expect(res.type).toMatch(/problem\+json/)
      expect(res.body.errors[0], query).toMatchObject({ field, code })
    }
  })
})

describe('the indicator table', () => {
  const entries = async (id: number) => (await get(`/api/indicators/${id}`)).body.history as unknown[]

  it('lists the 13 rows with the plan’s baselines, targets and kinds', async () => {
    const rows = (await get('/api/indicators')).body.indicators
    expect(rows.map((r: { id: number }) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])
    expect(rows.filter((r: { kind: string }) => r.kind === 'binding').map((r: { id: number }) => r.id)).toEqual([3, 4, 7, 8])
    expect(rows[1]).toMatchObject({ baseline: { value: 65 }, target: { type: 'at_least', value: 75 }, source: { type: 'entered' } })
    expect(rows[0].target).toMatchObject({ type: 'relative', factor: 1 })
    expect(rows[5]).toMatchObject({ target: { type: 'none' } })
    expect(rows[10]).toMatchObject({ unit: { 'zh-CN': '万人' }, baseline: { value: 0.16 }, target: { value: 0.2 }, source: { type: 'stations' } })
  })

  it('an administrator enters a figure: it shows as the current value, every entry stays in the history, each is audited', async () => {
    const first = await post('/api/indicators/2/entries', admin, { value: 70, source: '平顶山市民政局 2022 年统计公报', department: '社会救助科', as_of: '2022-12-31' })
    expect(first.status).toBe(201)
    expect(first.body.entry).toMatchObject({ indicator: 2, value: 70, source: '平顶山市民政局 2022 年统计公报', department: '社会救助科', as_of: '2022-12-31', entered_by: admin.username })
    expect(first.body.indicator).toMatchObject({ status: 'not_met', current: { value: 70 } })
    await post('/api/indicators/2/entries', admin, { value: 76, source: '2023 年统计公报', as_of: '2023-12-31', note: '含农村低保提标' })
    // An older figure entered later is history, not the current value.
    await post('/api/indicators/2/entries', admin, { value: 68, source: '2021 年统计公报', as_of: '2021-12-31' })
    const row = (await get('/api/indicators/2')).body
    expect(row.indicator).toMatchObject({ status: 'met', current: { value: 76, detail: { 'zh-CN': '含农村低保提标' }, entry: { as_of: '2023-12-31' } } })
    expect(row.history.map((e: { value: number }) => e.value)).toEqual([76, 70, 68])
    const audit = await app.pool.any(sql.type(z.object({ record_id: z.string(), changes: z.any() }))`
      SELECT record_id, changes FROM audit_log WHERE table_name = 'indicator_entries' AND username = ${admin.username} ORDER BY id`)
    expect(audit).toHaveLength(3)
    expect(audit[0]!.changes.value).toEqual({ old: null, new: 70 })
    await expect(app.pool.query(sql.unsafe`UPDATE indicator_entries SET value = 1`)).rejects.toThrow(/append-only/)
  })

  it('compares a row against the second figure entered with it (row 1: consumption growth; row 12: 1.3 × the minimum-living standard)', async () => {
    const one = await post('/api/indicators/1/entries', admin, { value: 6.5, comparison_value: 5.8, source: '统计公报', as_of: '2023-06-30' })
    expect(one.body.indicator).toMatchObject({ status: 'met', current: { value: 6.5, comparison_value: 5.8 } })
    const twelve = await post('/api/indicators/12/entries', admin, { value: 1000, comparison_value: 800, source: '市政府文件', as_of: '2023-06-30' })
    expect(twelve.body.indicator.status).toBe('not_met')
    const again = await post('/api/indicators/12/entries', admin, { value: 1040, comparison_value: 800, source: '市政府文件', as_of: '2023-07-01' })
    expect(again.body.indicator.status).toBe('met')
  })

  it('downloads the table as CSV (BOM) and as an Excel workbook with 13 rows', async () => {
    const csv = await bytesText(await fetch(`${app.url}/api/indicators?f=csv`))
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    const lines = csv.split('\r\n').slice(0, -1)
    expect(lines).toHaveLength(14)
    expect(lines[0]).toMatch(/^\uFEFF序号,主要指标,单位,2020年基础值,2025年目标值,指标属性,当前值/)
    expect(lines[4]).toMatch(/^4,养老机构护理型床位占比,%,—,55,约束性,\d/)
    const en = await bytesText(await fetch(`${app.url}/api/indicators?f=csv&lang=en`))
    expect(en.split('\r\n')[0]).toMatch(/^\uFEFFNo\.,Indicator,Unit/)
    const res = await fetch(`${app.url}/api/indicators?f=xlsx`)
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await res.arrayBuffer())
    const sheet = workbook.getWorksheet('专栏1')!
    expect(String(sheet.getCell(1, 1).value)).toMatch(/^专栏1/)
    expect(sheet.getCell(2, 2).value).toBe('主要指标')
    const ids = [...Array(13).keys()].map((i) => sheet.getCell(3 + i, 1).value)
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])
    expect(sheet.getCell(6, 7).value).toBe((await get('/api/indicators')).body.indicators[3].current.value)
    expect(String(sheet.lastRow!.getCell(1).value)).toMatch(/示例数据/)
  })

  it('refuses bad entries with a problem naming the field, and writes nothing', async () => {
    const before = (await entries(3)).length
    const auditBefore = await app.pool.oneFirst(sql.type(z.object({ n: z.number() }))`SELECT count(*)::int AS n FROM audit_log WHERE table_name = 'indicator_entries'`)
    const ok = { value: 99.5, source: '残联统计', as_of: '2023-01-01' }
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)
    const cases: [string, unknown, string, string, number?][] = [
      ['/api/indicators/3/entries', { ...ok, value: 100.5 }, 'value', 'too_big'],
      ['/api/indicators/3/entries', { ...ok, value: -1 }, 'value', 'too_small'],
      ['/api/indicators/3/entries', { ...ok, value: '99' }, 'value', 'wrong_type'],
      ['/api/indicators/3/entries', { ...ok, value: 'ninety' }, 'value', 'wrong_type'],
      ['/api/indicators/3/entries', { ...ok, as_of: tomorrow }, 'as_of', 'date_out_of_range'],
      ['/api/indicators/3/entries', { ...ok, as_of: '2019-12-31' }, 'as_of', 'date_out_of_range'],
      ['/api/indicators/3/entries', { ...ok, as_of: '2023-02-30' }, 'as_of', 'not_on_calendar'],
      ['/api/indicators/3/entries', { value: 99, as_of: '2023-01-01' }, 'source', 'required'],
      ['/api/indicators/3/entries', { ...ok, source: '   ' }, 'source', 'empty'],
      ['/api/indicators/3/entries', { ...ok, comparison_value: 1 }, 'comparison_value', 'unknown_field'],
      ['/api/indicators/3/entries', { ...ok, extra: 1 }, 'extra', 'unknown_field'],
      ['/api/indicators/1/entries', { ...ok, value: 5 }, 'comparison_value', 'required'],
      ['/api/indicators/4/entries', ok, 'id', 'indicator_not_entered'],
      ['/api/indicators/9/entries', ok, 'id', 'indicator_not_entered'],
      ['/api/indicators/11/entries', ok, 'id', 'indicator_not_entered'],
      ['/api/indicators/14/entries', ok, 'id', 'unknown_indicator', 404],
      ['/api/indicators/0/entries', ok, 'id', 'too_small'],
    ]
    for (const [path, body, field, code, status] of cases) {
      const res = await post(path, admin, body)
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(status ?? 400)
      expect(res.type).toMatch(/^application\/problem\+json/)
      expect(res.body.errors.map((e: { field: string; code: string }) => `${e.field} ${e.code}`), JSON.stringify(body)).toContain(`${field} ${code}`)
    }
    expect((await post('/api/indicators/3/entries', viewer, ok)).body).toMatchObject({ status: 403, code: 'role_required' })
    expect((await post('/api/indicators/3/entries', null, ok)).status).toBe(401)
    expect((await get('/api/indicators/99')).status).toBe(404)
    expect((await get('/api/indicators/abc')).status).toBe(400)
    expect(await entries(3)).toHaveLength(before)
    expect(await app.pool.oneFirst(sql.type(z.object({ n: z.number() }))`SELECT count(*)::int AS n FROM audit_log WHERE table_name = 'indicator_entries'`)).toBe(auditBefore)
    // Today in the city is the last day allowed.
    expect((await post('/api/indicators/3/entries', admin, { ...ok, as_of: todayInCity() })).status).toBe(201)
  })
})
