import fs from 'node:fs'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import type { Position } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { loadConfig } from '../server/config'
import { sql } from '../server/db/sql'
import { Geometry } from '../server/geo/geojson'
import { errorText } from '../server/http/error-codes'
import { outsideCityReason } from '../server/ogc/outside-city-reason'
import { measureCityFit, type CityFit } from '../server/ogc/ogc.write.queries'
import { area } from '@turf/turf'
import { startTestApp } from './support/test-app'
import { createTestUser, type TestUser } from './support/users'
import { callApi, type Call } from './support/call'

let app: Awaited<ReturnType<typeof startTestApp>>
let editor: TestUser
beforeAll(async () => {
  app = await startTestApp({ poolSize: 4 })
  editor = await createTestUser(app.pool, ['facility_editor'])
})
afterAll(async () => {
  await app.close()
})

// The shipped outlines, read here independently of the database and of PostGIS.
type Vertex = { lon: number; lat: number; county: string }
const outlines = JSON.parse(fs.readFileSync(path.join(loadConfig({}).cityDataDir, 'counties.geojson'), 'utf8')) as {
  features: { properties: { name: string; is_home: boolean }; geometry: { type: 'MultiPolygon'; coordinates: Position[][][] } }[]
}
const verticesOf = (home: boolean): Vertex[] =>
  outlines.features
    .filter((f) => f.properties.is_home === home)
    .flatMap((f) => f.geometry.coordinates.flat(2).map(([lon, lat]) => ({ lon: lon!, lat: lat!, county: f.properties.name })))
const HOME = verticesOf(true)
const NEIGHBOURS = verticesOf(false)

/** Great-circle distance in metres on a sphere of the mean Earth radius. */
function haversine(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h))
}

/** The city's easternmost vertex: everything east of it lies outside the city. */
const EAST = HOME.reduce((a, v) => (v.lon > a.lon ? v : a))

/** A point about 50 km due east of the city's easternmost vertex. */
const FAR_EAST: [number, number] = [EAST.lon + 50_000 / (111_320 * Math.cos((EAST.lat * Math.PI) / 180)), EAST.lat]

/** A point in the middle of 鲁山县 (410423), far from any boundary. */
const INSIDE: [number, number] = [112.6665, 33.7759]

function rectangle(west: number, south: number, east: number, north: number) {
  return { type: 'Polygon' as const, coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] }
}

const ELDERCARE = {
  name: '测试市界日间照料中心', kind: 'day_care', ownership: 'public', beds: 10, nursing_beds: 4, embedded_beds: 0,
  services: ['day_care'], medical_integration: false, grade: null, barrier_free: true, status: 'operating', opened_on: null,
  data_source: 'survey',
}
const CEMETERY = {
  name: '测试市界公墓', kind: 'rural_public', level: 'township', capacity: 2000, plots_used: 100, green_coverage_pct: 55,
  eco_burial_pct: 20, public_welfare_reserve_pct: null, status: 'operating', data_source: 'survey',
}

const call = (method: string, path: string, user: TestUser | null, body?: unknown, headers: Record<string, string> = {}) =>
  callApi(app.url, method, path, user, body, headers)

const feature = (geometry: unknown, properties: Record<string, unknown>) => ({ type: 'Feature', geometry, properties })
const uniqueName = (base: string) => `${base}-${randomBytes(4).toString('hex')}`

/** Rows of `table` with this name, deleted or not: what a refused write must not have added. */
function rowsNamed(table: 'eldercare_facilities' | 'funeral_facilities' | 'cemeteries', name: string) {
  return app.pool.oneFirst(sql.type(z.object({ n: z.number() }))`
    SELECT count(*)::int AS n FROM ${sql.identifier([table])} WHERE name = ${name}`)
}

/** The one error of a 400 on the geometry. */
function geometryError(res: Call): string {
  expect(res.status, JSON.stringify(res.body)).toBe(400)
  expect(res.type).toMatch(/^application\/problem\+json/)
  expect(res.body.errors).toHaveLength(1)
  expect(res.body.errors[0].field).toBe('geometry')
  return res.body.errors[0].reason
}

describe('the facility registers take only geometries within the city', () => {
  it('accept a point well inside (created, then deleted again)', async () => {
    const created = await call('POST', '/ogc/collections/eldercare_facilities/items', editor, feature({ type: 'Point', coordinates: INSIDE }, ELDERCARE))
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body.properties.county_code).toBe('410423')
    const deleted = await call('DELETE', `/ogc/collections/eldercare_facilities/items/${created.body.id}`, editor, undefined, { 'if-match': created.etag! })
    expect(deleted.status).toBe(204)
  })

  it('accept a cemetery across a county line inside the city (created, then deleted again)', async () => {
    // A vertex two of the city's own units share, at least ~5 km from any neighbour's outline.
    const neighbourKeys = new Set(NEIGHBOURS.map((v) => `${v.lon},${v.lat}`))
    const counties = new Map<string, Set<string>>()
    for (const v of HOME) counties.set(`${v.lon},${v.lat}`, (counties.get(`${v.lon},${v.lat}`) ?? new Set()).add(v.county))
    const shared = [...counties.entries()]
      .filter(([key, names]) => names.size === 2 && !neighbourKeys.has(key))
      .map(([key]) => key.split(',').map(Number) as [number, number])
      .filter(([lon, lat]) => NEIGHBOURS.every((n) => Math.abs(n.lon - lon) > 0.05 || Math.abs(n.lat - lat) > 0.05))
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    expect(shared.length).toBeGreaterThan(0)
    const [lon, lat] = shared[0]!
    const name = uniqueName(CEMETERY.name)
    const geometry = rectangle(lon - 0.003, lat - 0.003, lon + 0.003, lat + 0.003)
    const created = await call('POST', '/ogc/collections/cemeteries/items', editor, feature(geometry, { ...CEMETERY, name }))
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const deleted = await call('DELETE', `/ogc/collections/cemeteries/items/${created.body.id}`, editor, undefined, { 'if-match': created.etag! })
    expect(deleted.status).toBe(204)
  })

  it('refuse a point 50 km east of the city, saying how far it is and which unit is nearest', async () => {
    const name = uniqueName('测试殡仪服务站')
    const res = await call('POST', '/ogc/collections/funeral_facilities/items', editor, feature(
      { type: 'Point', coordinates: FAR_EAST },
      { name, kind: 'service_station', capacity: 0, used: 0, status: 'operating', data_source: 'survey' },
    ))
    const match = /^is (\d+\.\d) km outside 平顶山市 \(nearest: (.+)\)$/.exec(geometryError(res))
    expect(match, res.body.errors[0].reason).not.toBeNull()
    // The nearest vertex of the outlines is an upper bound on the distance, and a close one.
    const point = { lon: FAR_EAST[0], lat: FAR_EAST[1] }
    const distances = HOME.map((v) => ({ ...v, m: haversine(point, v) }))
    const nearest = Math.min(...distances.map((d) => d.m))
    expect(nearest).toBeGreaterThan(45_000)
    expect(Math.abs(Number(match![1]) * 1000 - nearest) / nearest).toBeLessThan(0.03)
    expect(distances.filter((d) => d.m < nearest + 1).map((d) => d.county)).toContain(match![2])
    expect(await rowsNamed('funeral_facilities', name)).toBe(0)
  })

  it('pass on the schema’s word that a point given as [latitude, longitude] looks swapped', async () => {
    const res = await call('POST', '/ogc/collections/social_work_stations/items', editor, feature({ type: 'Point', coordinates: [INSIDE[1], INSIDE[0]] }, {}))
    expect(res.status).toBe(400)
    expect(res.type).toMatch(/^application\/problem\+json/)
    expect(res.body.errors).toContainEqual({
      field: 'geometry.coordinates',
      code: 'latitude_range',
      params: { value: INSIDE[0] },
      reason: `latitude ${INSIDE[0]} is outside -90..90 (are longitude and latitude swapped?)`,
    })
  })

  it('refuse a cemetery across the city boundary, saying how much of it lies outside', async () => {
    const name = uniqueName(CEMETERY.name)
    const d = 0.003
    const geometry = rectangle(EAST.lon - d, EAST.lat - d, EAST.lon + d, EAST.lat + d)
    const res = await call('POST', '/ogc/collections/cemeteries/items', editor, feature(geometry, { ...CEMETERY, name }))
    const match = /^crosses the boundary of 平顶山市: (\d+) m² of it lies outside$/.exec(geometryError(res))
    expect(match, res.body.errors[0].reason).not.toBeNull()
    // All of its eastern half lies east of the city's easternmost vertex; some of the rest is inside.
    const outside = Number(match![1])
    expect(outside).toBeGreaterThan(area(rectangle(EAST.lon, EAST.lat - d, EAST.lon + d, EAST.lat + d)))
    expect(outside).toBeLessThan(area(geometry))
    expect(await rowsNamed('cemeteries', name)).toBe(0)
  })

  it('refuse a PATCH or PUT that moves a facility outside, and leave it as it was', async () => {
    const name = uniqueName(ELDERCARE.name)
    const created = await call('POST', '/ogc/collections/eldercare_facilities/items', editor, feature({ type: 'Point', coordinates: INSIDE }, { ...ELDERCARE, name }))
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const item = `/ogc/collections/eldercare_facilities/items/${created.body.id}`
    const outside = { type: 'Point', coordinates: FAR_EAST }
    expect(geometryError(await call('PATCH', item, editor, { geometry: outside }, { 'if-match': created.etag! }))).toMatch(/km outside 平顶山市/)
    expect(geometryError(await call('PUT', item, editor, feature(outside, { ...ELDERCARE, name }), { 'if-match': created.etag! }))).toMatch(/km outside 平顶山市/)
    const after = await call('GET', item, null)
    expect(after.etag).toBe(created.etag)
    expect(after.body.geometry).toEqual(created.body.geometry)
    expect(after.body.geometry.coordinates).toEqual(INSIDE)
    expect((await call('DELETE', item, editor, undefined, { 'if-match': created.etag! })).status).toBe(204)
  })

  it('check the caller before the geometry: 401 for anonymous, 403 without the role', async () => {
    const viewer = await createTestUser(app.pool, ['viewer'])
    const body = feature({ type: 'Point', coordinates: FAR_EAST }, ELDERCARE)
    expect((await call('POST', '/ogc/collections/eldercare_facilities/items', null, body)).status).toBe(401)
    expect((await call('POST', '/ogc/collections/eldercare_facilities/items', viewer, body)).status).toBe(403)
    expect((await call('PATCH', '/ogc/collections/eldercare_facilities/items/1', null, { geometry: body.geometry }, { 'if-match': '"1"' })).status).toBe(401)
    expect((await call('PATCH', '/ogc/collections/eldercare_facilities/items/1', viewer, { geometry: body.geometry }, { 'if-match': '"1"' })).status).toBe(403)
  })
})

describe('measureCityFit', () => {
  it('finds that [latitude, longitude] would lie in the city with its coordinates flipped', async () => {
    // Unreachable over HTTP for this city: its longitudes (112–114) are no valid latitude, so
    // the GeoJSON schema refuses the swapped point first. The query itself still sees it.
    const fit = await measureCityFit(app.pool, { type: 'Point', coordinates: [INSIDE[1], INSIDE[0]] })
    expect(fit).toMatchObject({ inside: false, swapped: true, distance_m: null, outside_m2: null })
  })

  it('detects swapped coordinates where both orders are valid (a unit at 60–61°E, 40–41°N, added and rolled back)', async () => {
    const swapped: Geometry = { type: 'Point', coordinates: [40.5, 60.5] }
    expect(Geometry.safeParse(swapped).success).toBe(true)
    const seen: CityFit[] = []
    await expect(
      app.pool.transaction(async (tx) => {
        await tx.query(sql.typeAlias('void')`
          INSERT INTO counties (code, name, city_code, city_name, is_home, geom)
          VALUES ('999901', '测试县', '9999', '平顶山市', true, ST_Multi(ST_MakeEnvelope(60, 40, 61, 41, 4326)))`)
        seen.push(await measureCityFit(tx, swapped))
        seen.push(await measureCityFit(tx, { type: 'Point', coordinates: [60.5, 40.5] }))
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    expect(seen[0]).toMatchObject({ inside: false, swapped: true })
    expect(outsideCityReason(seen[0]!)?.code).toBe('swapped_coordinates')
    expect(seen[1]).toMatchObject({ inside: true, swapped: false })
  })

  it('measures a point inside as inside, with nothing else to say', async () => {
    const fit = await measureCityFit(app.pool, { type: 'Point', coordinates: INSIDE })
    expect(fit).toEqual({ city_name: '平顶山市', inside: true, swapped: false, nearest_name: null, distance_m: null, outside_m2: null })
    expect(outsideCityReason(fit)).toBeNull()
  })
})

describe('outsideCityReason', () => {
  const base = { city_name: '平顶山市', inside: false, swapped: false, nearest_name: null, distance_m: null, outside_m2: null }
  it('gives km with one decimal, metres below 100 m, m² below 1 km² and km² above', () => {
    const reason = (fit: Parameters<typeof outsideCityReason>[0]) => {
      const r = outsideCityReason(fit)
      return r && errorText(r.code, r.params)
    }
    expect(reason({ ...base, distance_m: 12_345, nearest_name: '叶县' })).toBe('is 12.3 km outside 平顶山市 (nearest: 叶县)')
    expect(outsideCityReason({ ...base, distance_m: 12_345, nearest_name: '叶县' })?.params.distance_m).toBe(12_345)
    expect(reason({ ...base, distance_m: 72.4, nearest_name: '叶县' })).toBe('is 72 m outside 平顶山市 (nearest: 叶县)')
    expect(reason({ ...base, outside_m2: 1234.4 })).toBe('crosses the boundary of 平顶山市: 1234 m² of it lies outside')
    expect(reason({ ...base, outside_m2: 2_345_678 })).toBe('crosses the boundary of 平顶山市: 2.35 km² of it lies outside')
  })

  it('lets a point less than 50 m outside the generalised outlines count as inside', () => {
    expect(outsideCityReason({ ...base, distance_m: 49, nearest_name: '叶县' })).toBeNull()
    expect(outsideCityReason({ ...base, distance_m: 51, nearest_name: '叶县' })?.params.distance).toBe('51 m')
  })

  it('says nothing when no city is loaded to judge by', () => {
    expect(outsideCityReason({ ...base, city_name: null, distance_m: 1000, nearest_name: 'x' })).toBeNull()
  })
})
