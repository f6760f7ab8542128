import fs from 'node:fs'
import path from 'node:path'
import { pino } from 'pino'
import { z } from 'zod'
import type { CommonQueryMethods } from 'slonik'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../server/db/sql'
import { ensureRoadGraph, getRoadsGeneration, rebuildRoadGraph, summarizeRoadNetwork } from '../server/roads/graph.queries'
import { importRoads, readRoadsFile } from '../server/roads/roads-import'
import { insertRoads } from '../server/roads/roads.queries'
import { startTestApp } from './support/test-app'
import { createTestUser, type TestUser } from './support/users'

// The graph is city-wide: every test that adds roads does so in a transaction it rolls
// back (or as a dry run), so the other suites never see them.
let app: Awaited<ReturnType<typeof startTestApp>>
let admin: TestUser
let viewer: TestUser
beforeAll(async () => {
  app = await startTestApp({ poolSize: 4, logger: pino({ level: 'error' }) })
  admin = await createTestUser(app.pool, ['admin'], [], 'roads-admin')
  viewer = await createTestUser(app.pool, ['viewer'], [], 'roads-viewer')
})
afterAll(async () => {
  await app.close()
})

class Rollback extends Error {}

/** Runs `body` in a transaction that is always rolled back, returning what it returned. */
async function inRolledBack<T>(body: (tx: CommonQueryMethods) => Promise<T>): Promise<T> {
  let result: T | undefined
  await app.pool
    .transaction(async (tx) => {
      result = await body(tx)
      throw new Rollback()
    })
    .catch((error) => {
      if (!(error instanceof Rollback)) throw error
    })
  return result as T
}

/**
 * Geodesic distance on WGS 84 in metres (Vincenty's inverse formula), independent of
 * PostGIS, to check the edges' lengths against.
 */
function vincenty([lon1, lat1]: number[], [lon2, lat2]: number[]): number {
  const a = 6378137
  const f = 1 / 298.257223563
  const b = a * (1 - f)
  const rad = Math.PI / 180
  const L = (lon2! - lon1!) * rad
  const U1 = Math.atan((1 - f) * Math.tan(lat1! * rad))
  const U2 = Math.atan((1 - f) * Math.tan(lat2! * rad))
  let lambda = L
  let sinSigma = 0
  let cosSigma = 0
  let sigma = 0
  let cos2Alpha = 0
  let cos2SigmaM = 0
  for (let i = 0; i < 200; i += 1) {
    const sinLambda = Math.sin(lambda)
    const cosLambda = Math.cos(lambda)
    sinSigma = Math.hypot(Math.cos(U2) * sinLambda, Math.cos(U1) * Math.sin(U2) - Math.sin(U1) * Math.cos(U2) * cosLambda)
    cosSigma = Math.sin(U1) * Math.sin(U2) + Math.cos(U1) * Math.cos(U2) * cosLambda
    sigma = Math.atan2(sinSigma, cosSigma)
    const sinAlpha = (Math.cos(U1) * Math.cos(U2) * sinLambda) / sinSigma
    cos2Alpha = 1 - sinAlpha * sinAlpha
    cos2SigmaM = cos2Alpha === 0 ? 0 : cosSigma - (2 * Math.sin(U1) * Math.sin(U2)) / cos2Alpha
    const C = (f / 16) * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha))
    const next = L + (1 - C) * f * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)))
    if (Math.abs(next - lambda) < 1e-13) break
    lambda = next
  }
  const u2 = (cos2Alpha * (a * a - b * b)) / (b * b)
  const A = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)))
  const B = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)))
  const deltaSigma =
    B * sinSigma * (cos2SigmaM + (B / 4) * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) - (B / 6) * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
  return b * A * (sigma - deltaSigma)
}

const road = (coordinates: number[][], properties: Record<string, unknown> = {}) => ({
  type: 'Feature' as const,
  properties: { name: null, class: 'residential', walkable: true, data_source: 'survey', ...properties },
  geometry: { type: 'LineString', coordinates },
})

const Edge = z.object({ road_id: z.number(), source: z.number(), target: z.number(), length_m: z.number(), coords: z.string() })
const Node = z.object({ id: z.number(), x: z.number(), y: z.number() })

async function graphOf(tx: CommonQueryMethods) {
  const edges = await tx.any(sql.type(Edge)`
    SELECT road_id::int AS road_id, source::int AS source, target::int AS target, length_m, ST_AsGeoJSON(geom)::json->>'coordinates' AS coords
    FROM road_edges ORDER BY id`)
  const nodes = await tx.any(sql.type(Node)`SELECT id::int AS id, ST_X(geom) AS x, ST_Y(geom) AS y FROM road_nodes ORDER BY id`)
  return { edges: edges.map((e) => ({ ...e, coords: JSON.parse(e.coords) as number[][] })), nodes }
}

/** Builds the graph of just these roads (every stored road is deleted first, in the rolled-back transaction). */
async function graphOfRoads(tx: CommonQueryMethods, roads: ReturnType<typeof road>[]) {
  await tx.query(sql.typeAlias('void')`DELETE FROM roads`)
  await insertRoads(tx, roads)
  const generation = await rebuildRoadGraph(tx)
  return { ...(await graphOf(tx)), summary: await summarizeRoadNetwork(tx, generation) }
}

describe('buildRoadGraph', () => {
  it('makes a node where two lines share a vertex and at the four ends, and four edges of geodesic length', async () => {
    const west = [113.3, 33.8]
    const centre = [113.31, 33.8]
    const east = [113.32, 33.8]
    const south = [113.31, 33.79]
    const north = [113.31, 33.81]
    const { edges, nodes, summary } = await inRolledBack((tx) => graphOfRoads(tx, [road([west, centre, east]), road([south, centre, north], { class: 'footway' })]))
    expect(nodes).toHaveLength(5)
    expect(edges).toHaveLength(4)
    const centreNode = nodes.find((n) => n.x === centre[0] && n.y === centre[1])!
    expect(centreNode).toBeDefined()
    // Every edge has the centre at one end and one of the four ends at the other.
    for (const e of edges) expect([e.source, e.target]).toContain(centreNode.id)
    const ends = edges.map((e) => (e.source === centreNode.id ? e.coords.at(-1) : e.coords[0]))
    expect(ends).toEqual(expect.arrayContaining([west, east, south, north]))
    for (const e of edges) {
      expect(e.coords).toHaveLength(2)
      expect(e.length_m).toBeCloseTo(vincenty(e.coords[0]!, e.coords[1]!), 2)
    }
    // 0.01° of longitude at 33.8° N is about 926 m; 0.01° of latitude about 1,109 m.
    expect(edges.map((e) => Math.round(e.length_m)).sort((a, b) => a - b)).toEqual([926, 926, 1109, 1109])
    expect(summary).toMatchObject({ roads: 2, walkable_roads: 2, edges: 4, nodes: 5, components: 1, largest_component_edges: 4, generated: false, generated_km: 0 })
    expect(summary.total_km).toBeCloseTo(edges.reduce((s, e) => s + vincenty(e.coords[0]!, e.coords[1]!), 0) / 1000, 3)
  })

  it('keeps two lines that cross without a shared vertex apart: two components', async () => {
    const { edges, nodes, summary } = await inRolledBack((tx) =>
      graphOfRoads(tx, [road([[113.4, 33.8], [113.42, 33.8]]), road([[113.41, 33.79], [113.41, 33.81]], { data_source: 'generated' })]),
    )
    expect(nodes).toHaveLength(4)
    expect(edges).toHaveLength(2)
    expect(summary).toMatchObject({ edges: 2, nodes: 4, components: 2, largest_component_edges: 1, generated: true })
    expect(summary.generated_km).toBeCloseTo(vincenty([113.41, 33.79], [113.41, 33.81]) / 1000, 3)
  })

  it('splits a line at each vertex another line ends on, keeping its inner vertices in the edges, and leaves out roads that are not walkable or deleted', async () => {
    const { first, afterDelete } = await inRolledBack(async (tx) => {
      const g = await graphOfRoads(tx, [
        road([[113.5, 33.8], [113.505, 33.801], [113.51, 33.8], [113.515, 33.801], [113.52, 33.8]]),
        road([[113.51, 33.8], [113.51, 33.79]]),
        road([[113.6, 33.8], [113.61, 33.8]], { class: 'trunk', walkable: false }),
      ])
      await tx.query(sql.typeAlias('void')`UPDATE roads SET deleted_at = now() WHERE ST_XMin(geom) = 113.51`)
      await rebuildRoadGraph(tx)
      return { first: g, afterDelete: await graphOf(tx) }
    })
    expect(first.nodes).toHaveLength(4)
    expect(first.edges.map((e) => e.coords.length).sort()).toEqual([2, 3, 3])
    expect(first.summary).toMatchObject({ roads: 3, walkable_roads: 2, edges: 3 })
    // With the side road deleted, the long road is one edge again.
    expect(afterDelete.nodes).toHaveLength(2)
    expect(afterDelete.edges.map((e) => e.coords.length)).toEqual([5])
  })

  it('ensureRoadGraph rebuilds only when the roads changed, and records their generation', async () => {
    const generation = await ensureRoadGraph(app.pool)
    expect(generation).toBe(await getRoadsGeneration(app.pool))
    expect(await ensureRoadGraph(app.pool)).toBe(generation)
    const inside = await inRolledBack(async (tx) => {
      await insertRoads(tx, [road([[113.7, 33.8], [113.71, 33.8]])])
      const changed = await ensureRoadGraph(tx)
      const summary = await summarizeRoadNetwork(tx, changed)
      return { changed, summary }
    })
    expect(inside.changed).toBeGreaterThan(generation)
    expect(inside.summary.roads).toBeGreaterThanOrEqual(1)
  })
})

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures/roads', name))
const crossFile = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    road([[113.3, 33.8], [113.31, 33.8], [113.32, 33.8]], { name: '测试东西路' }),
    road([[113.31, 33.79], [113.31, 33.8], [113.31, 33.81]], { class: 'footway' }),
    road([[113.3, 33.9], [113.31, 33.9]], { class: 'motorway' }),
  ],
})

describe('importRoads', () => {
  it('writes the roads and the graph in one transaction, and audits the import', async () => {
    const read = await readRoadsFile(Buffer.from(crossFile))
    const result = await inRolledBack(async (tx) => {
      const report = await importRoads(tx, read, { dryRun: false, replace: true, user: { id: 1, username: 'roads-admin' } })
      const stored = await tx.oneFirst(sql.type(z.object({ n: z.number() }))`SELECT count(*)::int AS n FROM roads WHERE name = '测试东西路'`)
      const audit = await tx.maybeOne(sql.type(z.object({ record_id: z.string(), changes: z.any() }))`
        SELECT record_id, changes FROM audit_log WHERE table_name = 'roads' ORDER BY id DESC LIMIT 1`)
      const built = await ensureRoadGraph(tx)
      return { report, stored, audit, built }
    })
    expect(result.report).toMatchObject({ dry_run: false, replace: true, format: 'geojson', read: 3, kept: 2, inserted: 2, skipped: { class: 1 } })
    expect(result.report.network).toMatchObject({ roads: 2, edges: 4, nodes: 5, components: 1 })
    expect(result.stored).toBe(1)
    expect(result.audit).toMatchObject({ record_id: 'import:geojson', changes: { roads: { new: 2 }, replace: { new: true } } })
    // The graph was rebuilt with the roads: nothing is stale afterwards.
    expect(result.built).toBe(result.report.network.generation)
  })

  it('a dry run reports the network it would make and writes nothing', async () => {
    const before = await getRoadsGeneration(app.pool)
    const roadsBefore = await app.pool.oneFirst(sql.type(z.object({ n: z.number() }))`SELECT count(*)::int AS n FROM roads`)
    const report = await importRoads(app.pool, await readRoadsFile(fixture('tiny.osm.pbf')), { dryRun: true, replace: true })
    expect(report).toMatchObject({ dry_run: true, format: 'osm.pbf', read: 8, kept: 3, inserted: 3, skipped: { class: 2, access: 2, too_short: 1 } })
    expect(report.network).toMatchObject({ roads: 3, edges: 5, nodes: 7, components: 2, largest_component_edges: 4 })
    expect(await getRoadsGeneration(app.pool)).toBe(before)
    expect(await app.pool.oneFirst(sql.type(z.object({ n: z.number() }))`SELECT count(*)::int AS n FROM roads`)).toBe(roadsBefore)
  })
})

async function post(query: string, body: Buffer | string, user: TestUser | null = admin, type = 'application/octet-stream') {
  const res = await fetch(`${app.url}/api/roads/import?${query}`, {
    method: 'POST',
    headers: { ...(user ? { authorization: `Bearer ${user.token}` } : {}), 'content-type': type },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  })
  const text = await res.text()
  return { status: res.status, type: res.headers.get('content-type'), body: text ? JSON.parse(text) : null }
}

describe('POST /api/roads/import', () => {
  it('answers a dry run of an .osm.pbf with its report, counts and time, writing nothing', async () => {
    const before = await getRoadsGeneration(app.pool)
    const res = await post('dry_run=true&replace=true', fixture('tiny.osm.pbf'))
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ dry_run: true, format: 'osm.pbf', kept: 3, bytes: fixture('tiny.osm.pbf').length, network: { edges: 5, nodes: 7, components: 2 } })
    expect(res.body.ms).toBeGreaterThanOrEqual(0)
    expect(await getRoadsGeneration(app.pool)).toBe(before)
  })

  it('takes GeoJSON sent as application/geo+json, larger than the JSON body limit', async () => {
    const padded = JSON.stringify({ ...JSON.parse(crossFile), padding: 'x'.repeat(3 * 1024 * 1024) })
    const res = await post('dry_run=true&replace=true', padded, admin, 'application/geo+json')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ format: 'geojson', kept: 2, network: { edges: 4, nodes: 5 } })
  })

  it('refuses a file that is not a network, or has no walkable way, with a 400 naming the file, and writes nothing', async () => {
    const before = await getRoadsGeneration(app.pool)
    for (const [body, code] of [
      ['code,population\n1,2', 'not_a_road_network'],
      [fixture('tiny.osm.pbf').subarray(0, 200), 'damaged_road_network'],
      [JSON.stringify({ type: 'FeatureCollection', features: [road([[113, 33], [113.1, 33]], { class: 'motorway' })] }), 'no_walkable_ways'],
      ['', 'empty'],
    ] as const) {
      const res = await post('dry_run=false&replace=true', body)
      expect(res.status, code).toBe(400)
      expect(res.type).toMatch(/^application\/problem\+json/)
      expect(res.body).toMatchObject({ code: 'roads_file_invalid', errors: [{ field: 'file', code }] })
    }
    expect(await getRoadsGeneration(app.pool)).toBe(before)
  })

  it('is for administrators only, and refuses bad parameters', async () => {
    expect((await post('dry_run=true', fixture('tiny.osm.pbf'), viewer)).status).toBe(403)
    expect((await post('dry_run=true', fixture('tiny.osm.pbf'), null)).status).toBe(401)
    const bad = await post('dry_run=maybe', fixture('tiny.osm.pbf'))
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0]).toMatchObject({ field: 'dry_run', code: 'not_one_of' })
  })
})

describe('GET /api/roads/network', () => {
  it('answers anyone with the summary of the current graph', async () => {
    const res = await fetch(`${app.url}/api/roads/network`)
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(Object.keys(body)).toEqual(
      expect.arrayContaining(['roads', 'edges', 'nodes', 'components', 'largest_component_edges', 'total_km', 'generated_km', 'generated', 'generation']),
    )
    expect(body.generation).toBe(await getRoadsGeneration(app.pool))
    expect(body.largest_component_edges).toBeLessThanOrEqual(body.edges)
  })

  it('is in the OpenAPI document, with the import and its parameters', async () => {
    const doc = await (await fetch(`${app.url}/api/openapi.json`)).json()
    expect(doc.paths['/api/roads/network'].get).toBeTruthy()
    const importOp = doc.paths['/api/roads/import'].post
    expect(importOp.parameters.map((p: { name: string }) => p.name)).toEqual(['dry_run', 'replace', 'source'])
    expect(Object.keys(importOp.requestBody.content)).toContain('application/octet-stream')
  })
})

describe('the OGC collection roads', () => {
  it('publishes the roads with their class, walkability and length', async () => {
    const res = await fetch(`${app.url}/ogc/collections/roads`)
    expect(res.status).toBe(200)
    const schema = await (await fetch(`${app.url}/ogc/collections/roads/schema`)).json().catch(() => null)
    if (schema?.properties) expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['class', 'walkable', 'length_m']))
  })
})
