import { pino } from 'pino'
import { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CommonQueryMethods } from 'slonik'
import { CoverageEngine } from '../server/coverage/coverage-engine'
import { coverageParameters, eldercareCoverage } from '../server/coverage/eldercare-coverage'
import { sql } from '../server/db/sql'
import { ensureRoadGraph } from '../server/roads/graph.queries'
import { callApi } from './support/call'
import { startTestApp } from './support/test-app'
import { createTestUser } from './support/users'

let app: Awaited<ReturnType<typeof startTestApp>>
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(async () => {
  await app.close()
})

const get = (query: string) => callApi(app.url, 'GET', `/api/coverage/eldercare${query}`, null)
const post = (path: string, body: unknown) => callApi(app.url, 'POST', path, null, body, { 'content-type': 'application/json' })

/**
 * A hand-made world in a transaction that is rolled back, so that no other suite sees it:
 * every live community, facility and road is hidden, and the given ones are added (the
 * communities in township 410402001; positions in metres east and north of 113.2, 33.0).
 */
async function inWorld<T>(
  world: { communities: [string, number, number, number][]; facilities: [string, number, number][]; roads: [number, number][][] },
  test: (tx: CommonQueryMethods, engine: CoverageEngine) => Promise<T>,
): Promise<T> {
  const lon = (x: number) => 113.2 + x / 93_400
  const lat = (y: number) => 33.0 + y / 110_900
  let result: T
  const done = new Error('rolled back')
  try {
    await app.pool.transaction(async (tx) => {
      await tx.query(sql.unsafe`UPDATE communities SET deleted_at = now() WHERE deleted_at IS NULL`)
      await tx.query(sql.unsafe`UPDATE eldercare_facilities SET deleted_at = now() WHERE deleted_at IS NULL`)
      await tx.query(sql.unsafe`UPDATE roads SET deleted_at = now() WHERE deleted_at IS NULL`)
      for (const [code, x, y, old] of world.communities) {
        await tx.query(sql.unsafe`INSERT INTO communities (code, name, kind, township_code, population, population_60plus, data_source, geom)
          VALUES (${code}, ${'测试' + code.slice(-3)}, 'community', '410402001', ${old * 5}, ${old}, 'survey', ST_SetSRID(ST_MakePoint(${lon(x)}, ${lat(y)}), 4326))`)
      }
      for (const [kind, x, y] of world.facilities) {
        await tx.query(sql.unsafe`INSERT INTO eldercare_facilities (name, kind, ownership, beds, nursing_beds, embedded_beds, services, medical_integration, barrier_free, status, data_source, geom)
          VALUES ('测试设施', ${kind}, 'public', 0, 0, 0, '{day_care}', false, false, 'operating', 'survey', ST_SetSRID(ST_MakePoint(${lon(x)}, ${lat(y)}), 4326))`)
      }
      for (const line of world.roads) {
        const wkt = `LINESTRING(${line.map(([x, y]) => `${lon(x)} ${lat(y)}`).join(',')})`
        await tx.query(sql.unsafe`INSERT INTO roads (name, class, walkable, data_source, geom) VALUES (null, 'residential', true, 'survey', ST_GeomFromText(${wkt}, 4326))`)
      }
      await ensureRoadGraph(tx)
      result = await test(tx, new CoverageEngine(tx, pino({ level: 'silent' })))
      throw done
    })
  } catch (error) {
    if (error !== done) throw error
  }
  return result!
}

const answer = (engine: CoverageEngine, p: Parameters<typeof coverageParameters>[0]) => eldercareCoverage(engine, coverageParameters(p))
const byCode = (a: Awaited<ReturnType<typeof answer>>) => new Map(a.communities.map((c) => [c.code, c]))
const edgeLengths = (tx: CommonQueryMethods) => tx.manyFirst(sql.type(z.object({ l: z.number() }))`SELECT length_m AS l FROM road_edges ORDER BY id`)

describe('the 15-minute circle on hand-made cases', () => {
  it('straight line: within minutes × speed of the nearest facility of a serving kind', async () => {
    await inWorld(
      {
        communities: [['410402001901', 0, 0, 100], ['410402001902', 850, 0, 200], ['410402001903', 0, 2000, 300]],
        // A day-care centre at the first community's corner; an institution (not a community kind) beside the third.
        facilities: [['day_care', 0, 50], ['institution', 0, 2010]],
        roads: [],
      },
      async (_tx, engine) => {
        const a = await answer(engine, {})
        const c = byCode(a)
        expect(c.get('410402001901')).toMatchObject({ covered: true })
        expect(c.get('410402001901')!.distance_m).toBeCloseTo(50, 0)
        // √(850² + 50²) ≈ 851.5 m ≤ 900 m.
        expect(c.get('410402001902')!.distance_m).toBeCloseTo(Math.hypot(850, 50), -1)
        expect(c.get('410402001902')!.covered).toBe(true)
        // 1,950 m to the centre; the institution 10 m away does not serve a community.
        expect(c.get('410402001903')).toMatchObject({ covered: false, facility_id: null })
        expect(c.get('410402001903')!.distance_m).toBeCloseTo(1950, -1)
        // The roll-ups: 2 of 3 communities, 300 of 600 aged 60+.
        expect(a.summary).toMatchObject({ communities: { total: 3, covered: 2, uncovered: 1 }, population_60plus: { total: 600, covered: 300, uncovered: 300 } })
        expect(a.units.map((u) => [u.level, u.code, u.communities.covered])).toEqual([['city', '410400', 2], ['county', '410402', 2], ['township', '410402001', 2]])
        // 14 minutes at 60 m/min is 840 m: the second community drops out.
        expect((await answer(engine, { minutes: 14 })).summary.communities.covered).toBe(1)
        // With institutions counted, the third is covered by the one 10 m away.
        expect(byCode(await answer(engine, { kinds: ['day_care', 'institution'] })).get('410402001903')!.covered).toBe(true)
      },
    )
  })

  it('network: an edge reached in part counts in part, and the walk to and from the street counts', async () => {
    await inWorld(
      {
        // One street 1,000 m long; the centre at its west end; communities 20 m off it, 280 m and 900 m along.
        communities: [['410402001911', 280, 20, 100], ['410402001912', 900, 20, 100]],
        facilities: [['day_care', 0, 0]],
        roads: [[[0, 0], [1000, 0]]],
      },
      async (tx, engine) => {
        const [length] = await edgeLengths(tx)
        expect(length).toBeCloseTo(1000, -1)
        // 5 minutes × 60 m: 300 m. The first community is 280 m along (and 20 m off): exactly 300 m.
        const a = byCode(await answer(engine, { mode: 'network', minutes: 5.1 }))
        expect(a.get('410402001911')!.distance_m).toBeCloseTo(0.28 * length! + 20, 0)
        expect(a.get('410402001911')!.covered).toBe(true)
        expect(a.get('410402001912')!.covered).toBe(false)
        expect(a.get('410402001912')!.distance_m).toBeCloseTo(0.9 * length! + 20, 0)
        // 16 minutes: 960 m reaches the second (920 m) though the edge's far end (1,000 m) is out of reach.
        expect(byCode(await answer(engine, { mode: 'network', minutes: 16 })).get('410402001912')!.covered).toBe(true)
      },
    )
  })

  it('network: around a block the walk is longer than the straight line, and the isochrone keeps the block as a hole', async () => {
    await inWorld(
      {
        // A 1 km square of streets; the centre at its south-west corner; a community in the middle of the block.
        communities: [['410402001921', 500, 500, 100]],
        facilities: [['day_care', 0, 0]],
        roads: [[[0, 0], [1000, 0]], [[1000, 0], [1000, 1000]], [[1000, 1000], [0, 1000]], [[0, 1000], [0, 0]]],
      },
      async (_tx, engine) => {
        // Straight: about 707 m, covered. On foot: 500 m to a street, 500 m along it, then back: about 1,000 m.
        expect(byCode(await answer(engine, {})).get('410402001921')!.covered).toBe(true)
        const walk = byCode(await answer(engine, { mode: 'network' })).get('410402001921')!
        expect(walk.covered).toBe(false)
        expect(walk.distance_m).toBeCloseTo(1000, -1)
        // 60 minutes reaches the whole square: a ring 120 m wide each side of the streets, with the block inside as a hole.
        const area = (await engine.coverageArea(
          { mode: 'network', kinds: { community: ['day_care'], village: ['day_care'] }, statuses: ['operating'] }, ['day_care'], [], 3600,
        )) as { type: string; coordinates: number[][][][] }
        expect(area.type).toBe('MultiPolygon')
        expect(area.coordinates.length).toBe(1)
        expect(area.coordinates[0]!.length).toBe(2)
        // 5 minutes (300 m) from the corner: two arms of 300 m, no hole.
        const arms = (await engine.coverageArea(
          { mode: 'network', kinds: { community: ['day_care'], village: ['day_care'] }, statuses: ['operating'] }, ['day_care'], [], 300,
        )) as { type: string; coordinates: number[][][][] }
        expect(arms.coordinates.map((polygon) => polygon.length)).toEqual([1])
      },
    )
  })

  it('what-if: a trial facility covers what it reaches, and the answer says what it adds', async () => {
    await inWorld(
      { communities: [['410402001931', 0, 0, 100], ['410402001932', 3000, 0, 250]], facilities: [['day_care', 0, 100]], roads: [] },
      async (_tx, engine) => {
        const a = await eldercareCoverage(engine, coverageParameters({ facilities: [{ kind: 'home_care_station', geometry: { coordinates: [113.2 + 3000 / 93_400, 33.0 + 300 / 110_900] } }] }))
        expect(a.summary.communities.covered).toBe(2)
        expect(a.difference).toMatchObject({ communities: 1, population_60plus: 250, newly_covered: ['410402001932'] })
        expect(byCode(a).get('410402001932')).toMatchObject({ covered: true, facility_id: null, trial_facility: 1 })
      },
    )
  })
})

describe('GET /api/coverage/eldercare on the sample city', () => {
  it('answers the summary, the roll-ups and each community, consistently', async () => {
    const res = await get('')
    expect(res.status).toBe(200)
    const a = res.body
    expect(a.parameters).toMatchObject({ mode: 'straight', minutes: 15, speed_m_per_min: 60, budget_m: 900, scope: 'all', include_planned: false })
    expect(a.summary.communities.total).toBe(a.communities.length)
    expect(a.summary.communities.covered).toBe(a.communities.filter((c: { covered: boolean }) => c.covered).length)
    const city = a.units.find((u: { level: string }) => u.level === 'city')
    expect(city).toMatchObject({ code: '410400', name: '平顶山市', communities: a.summary.communities })
    const townships = a.units.filter((u: { level: string }) => u.level === 'township')
    expect(townships.reduce((s: number, u: { population_60plus: { covered: number } }) => s + u.population_60plus.covered, 0)).toBe(a.summary.population_60plus.covered)
    for (const c of a.communities) expect(c.covered).toBe(c.distance_m !== null && c.distance_m <= 900)
  })

  it('measures each distance on the spheroid to the nearest serving facility (checked by brute force for a sample)', async () => {
    const a = (await get('?scope=community')).body
    const some = a.communities.filter((_: unknown, i: number) => i % 25 === 0)
    for (const c of some) {
      const nearest = await app.pool.maybeOne(sql.type(z.object({ id: z.number(), d: z.number() }))`
        SELECT f.id::float8 AS id, ST_Distance(f.geom::geography, c.geom::geography) AS d
        FROM eldercare_facilities f, communities c
        WHERE c.code = ${c.code} AND f.deleted_at IS NULL AND f.status = 'operating'
          AND f.kind IN ('street_centre', 'day_care', 'home_care_station', 'embedded', 'regional_centre')
        ORDER BY d, f.id LIMIT 1`)
      if (!nearest || nearest.d > 7200) expect(c.distance_m).toBeNull()
      else {
        expect(c.distance_m).toBeCloseTo(nearest.d, 0)
        expect(c.nearest_facility_id).toBe(nearest.id)
      }
    }
  })

  it('covers more with more minutes, and with planned facilities says what they add', async () => {
    const counts = []
    for (const minutes of [5, 10, 15, 30]) counts.push((await get(`?minutes=${minutes}`)).body.summary.communities.covered)
    expect(counts).toEqual([...counts].sort((x, y) => x - y))
    expect(counts[0]).toBeLessThan(counts[3])
    const planned = (await get('?include_planned=true')).body
    const base = (await get('')).body
    expect(planned.summary.communities.covered - base.summary.communities.covered).toBe(planned.difference.communities)
  })

  it('answers in every mode and scope, and downloads as CSV (BOM) and GeoJSON', async () => {
    for (const q of ['?mode=network', '?scope=village', '?scope=community&speed_m_per_min=40', '?geometry=true']) expect((await get(q)).status).toBe(200)
    for (const mode of ['straight', 'network']) {
      const withArea = (await get(`?geometry=true&minutes=20&mode=${mode}`)).body
      expect(withArea.coverage.type).toBe('FeatureCollection')
      const geometry = JSON.stringify(withArea.coverage.features[0].geometry)
      expect(withArea.coverage.features[0].geometry.type).toBe('MultiPolygon')
      // Valid for PostGIS (and so for QGIS and GDAL); the circles hold every covered community (to the 20 m grid).
      const covered = withArea.communities.filter((c: { covered: boolean }) => c.covered).map((c: { code: string }) => c.code)
      const check = await app.pool.one(sql.type(z.object({ valid: z.boolean(), outside: z.number() }))`
        WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON(${geometry}), 4326) AS g)
        SELECT ST_IsValid(g) AS valid,
               (SELECT count(*)::int FROM communities c WHERE c.code = ANY(${sql.array(covered, 'text')})
                  AND NOT ST_DWithin(c.geom::geography, g::geography, 30)) AS outside
        FROM g`)
      expect(check.valid).toBe(true)
      if (mode === 'straight') expect(check.outside).toBe(0)
    }
    const csv = await fetch(`${app.url}/api/coverage/eldercare?f=csv&scope=community`)
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
    const bytes = Buffer.from(await csv.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf8')
    expect(text.startsWith('\uFEFFcode,name,kind,')).toBe(true)
    expect(text.split('\r\n').length - 2).toBe((await get('?scope=community')).body.communities.length)
    const geojson = await (await fetch(`${app.url}/api/coverage/eldercare?f=geojson`)).json()
    expect(geojson.type).toBe('FeatureCollection')
    expect(geojson.features[0].geometry.type).toBe('Point')
  })

  it('is in the OGC API document beside the data, served from the root', async () => {
    const doc = (await callApi(app.url, 'GET', '/ogc/api', null)).body
    expect(Object.keys(doc.paths['/api/coverage/eldercare'])).toEqual(expect.arrayContaining(['get', 'post']))
    expect(doc.paths['/api/coverage/suggest'].post.requestBody).toBeTruthy()
    expect(doc.paths['/api/roads/network'].get).toBeTruthy()
    expect(doc.paths['/api/coverage/eldercare'].servers).toEqual([{ url: new URL(app.url).origin }])
    expect(doc.paths['/api/coverage/eldercare'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['mode', 'minutes', 'speed_m_per_min', 'kinds', 'include_planned', 'scope', 'geometry', 'f']),
    )
  })

  it.each([
    ['?minutes=0', 'minutes', 'too_small'],
    ['?minutes=61', 'minutes', 'too_big'],
    ['?minutes=ten', 'minutes', 'wrong_type'],
    ['?speed_m_per_min=121', 'speed_m_per_min', 'too_big'],
    ['?kinds=day_care,palace', 'kinds', 'not_one_of'],
    ['?mode=bicycle', 'mode', 'not_one_of'],
    ['?scope=town', 'scope', 'not_one_of'],
    ['?f=xlsx', 'f', 'not_one_of'],
    ['?colour=red', 'colour', 'unknown_parameter'],
  ])('refuses %s naming %s', async (query, field, code) => {
    const res = await get(query)
    expect(res.status).toBe(400)
    expect(res.type).toMatch(/application\/problem\+json/)
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field, code }))
  })
})

describe('what-if and suggestions on the sample city', () => {
  it('refuses a trial facility outside the city, candidates that are not points, N above 50, a capacity that is not positive, exact with a capacity', async () => {
    const cases: [string, unknown, string, string][] = [
      ['/api/coverage/eldercare', { facilities: [{ kind: 'day_care', geometry: { type: 'Point', coordinates: [116.4, 39.9] } }] }, 'facilities.0.geometry', 'outside_city'],
      ['/api/coverage/eldercare', { facilities: [{ kind: 'tower', geometry: { type: 'Point', coordinates: [113.3, 33.75] } }] }, 'facilities.0.kind', 'not_one_of'],
      ['/api/coverage/suggest', { n: 51 }, 'n', 'too_big'],
      ['/api/coverage/suggest', { n: 3, capacity: 0 }, 'capacity', 'too_small'],
      ['/api/coverage/suggest', { n: 3, capacity: 'lots' }, 'capacity', 'wrong_type'],
      ['/api/coverage/suggest', { n: 3, candidates: [{ type: 'LineString', coordinates: [[113.3, 33.7], [113.31, 33.7]] }] }, 'candidates.0', 'wrong_geometry_type'],
      ['/api/coverage/suggest', { n: 3, capacity: 500, method: 'exact' }, 'method', 'exact_without_capacity'],
    ]
    for (const [path, body, field, code] of cases) {
      const res = await post(path, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.errors, JSON.stringify(body)).toContainEqual(expect.objectContaining({ field, code }))
    }
  })

  it.each(['straight', 'network'])('%s: adding the suggested sites raises the covered 60+ population by exactly their gains', async (mode) => {
    const suggestion = await post('/api/coverage/suggest', { n: 3, mode })
    expect(suggestion.status).toBe(200)
    const sites = suggestion.body.sites
    expect(sites.map((s: { rank: number }) => s.rank)).toEqual([1, 2, 3])
    const gains = sites.map((s: { gain: { population_60plus: number } }) => s.gain.population_60plus)
    expect(gains).toEqual([...gains].sort((x, y) => y - x))
    const base = (await get(`?mode=${mode}`)).body.summary.population_60plus.covered
    let expected = base
    for (let k = 1; k <= sites.length; k++) {
      expected += gains[k - 1]
      const facilities = sites.slice(0, k).map((s: { geometry: unknown }) => ({ kind: 'day_care', geometry: s.geometry }))
      const whatIf = await post('/api/coverage/eldercare', { mode, facilities })
      expect(whatIf.status).toBe(200)
      expect(whatIf.body.summary.population_60plus.covered).toBe(expected)
      expect(sites[k - 1].cumulative.population_60plus).toBe(expected)
    }
  })

  it('exact is at least as good as greedy, and says how far greedy is from it', async () => {
    const res = await post('/api/coverage/suggest', { n: 5, method: 'exact', time_limit_s: 30 })
    expect(res.status).toBe(200)
    expect(res.body.exact.optimal).toBe(true)
    expect(res.body.exact.population_60plus).toBeGreaterThanOrEqual(res.body.exact.greedy_population_60plus)
    expect(res.body.exact.greedy_gap).toBeGreaterThanOrEqual(0)
    expect(res.body.sites.reduce((s: number, x: { gain: { population_60plus: number } }) => s + x.gain.population_60plus, 0)).toBeCloseTo(res.body.exact.population_60plus, 3)
  })

  it('with a capacity, no site gains more than it can serve', async () => {
    const res = await post('/api/coverage/suggest', { n: 4, capacity: 300 })
    expect(res.status).toBe(200)
    for (const s of res.body.sites) expect(s.gain.population_60plus).toBeLessThanOrEqual(300)
  })
})

describe('after a facility edit through /ogc', () => {
  it('the next answer includes it, recomputing only the communities near it', async () => {
    const editor = await createTestUser(app.pool, ['facility_editor'])
    // An uncovered urban community, and a point 100 m east of it.
    const before = (await get('?scope=community')).body
    const target = before.communities.find((c: { covered: boolean; distance_m: number | null }) => !c.covered && c.distance_m !== null && c.distance_m > 1500)
    expect(target).toBeTruthy()
    const [lon, lat] = (await app.pool.one(sql.type(z.object({ p: z.array(z.number()) }))`
      SELECT ARRAY[ST_X(geom) + 100 / 93400.0, ST_Y(geom)] AS p FROM communities WHERE code = ${target.code}`)).p
    const created = await callApi(app.url, 'POST', '/ogc/collections/eldercare_facilities/items', editor, {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: {
        name: '覆盖测试日间照料中心', kind: 'day_care', ownership: 'public', beds: 0, nursing_beds: 0, embedded_beds: 0, services: ['day_care'],
        medical_integration: false, grade: null, barrier_free: false, status: 'operating', opened_on: null, data_source: 'survey',
      },
    })
    expect(created.status).toBe(201)
    try {
      const after = (await get('?scope=community')).body
      const line = after.communities.find((c: { code: string }) => c.code === target.code)
      expect(line.covered).toBe(true)
      expect(line.distance_m).toBeCloseTo(100 * 0.9993, -1)
      expect(after.computation.full).toBe(false)
      expect(after.computation.recomputed).toBeGreaterThan(0)
      // Across every facility set in memory, a small part of the city's 1,629 communities.
      expect(after.computation.recomputed).toBeLessThan((await get('')).body.summary.communities.total / 3)
    } finally {
      const item = await callApi(app.url, 'GET', new URL(created.location!, app.url).pathname, editor)
      expect((await callApi(app.url, 'DELETE', new URL(created.location!, app.url).pathname, editor, undefined, { 'if-match': item.etag! })).status).toBe(204)
    }
    const removed = (await get('?scope=community')).body
    expect(removed.communities.find((c: { code: string }) => c.code === target.code).covered).toBe(false)
  })
})
