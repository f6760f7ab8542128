/**
 * Measures the eldercare coverage analyses and prints the figures beside their targets:
 *
 *   npm run bench:coverage                          # embedded PGlite and the server, sample city and province
 *   npm run bench:coverage -- --embedded-only       # or --server-only
 *   npm run bench:coverage -- --scale=0.1           # a tenth of the generated province
 *   npm run bench:coverage -- --no-province         # or --no-city
 *
 * The sample city is seeded as the service seeds it (server/seeds.ts) into a fresh
 * database; when the city ships no sample roads, a stand-in street grid is generated over
 * its urban streets (街道). The generated province (200,000 communities, 30,000 facilities,
 * about 1,000,000 road edges at scale 1) goes into a database of its own. The server is
 * PostgreSQL at SERVER_URL (default postgres://postgres@127.0.0.1:5432/postgres), where a
 * scratch database is created and dropped. Nothing is asserted: compare the figures across
 * changes, on the same machine.
 */
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import { z } from 'zod'
import type { DatabasePool } from 'slonik'
import { loadConfig } from '../server/config'
import { openDatabase, getDatabaseVersions, type DatabaseKind } from '../server/db/database'
import { sql } from '../server/db/sql'
import { seedDatabase } from '../server/seeds'
import { CoverageEngine, SEARCH_LIMIT_M, type Mode } from '../server/coverage/coverage-engine'
import { coverageParameters, eldercareCoverage, facilitySet, OPERATING } from '../server/coverage/eldercare-coverage'
import { nearestFacilities, readRoadEdges, snapToRoads, readAreas } from '../server/coverage/coverage.queries'
import { COMMUNITY_KINDS, VILLAGE_KINDS } from '../server/coverage/coverage.schemas'
import { suggestSites } from '../server/coverage/suggest'
import { getGraphGeneration, getRoadsGeneration, rebuildRoadGraph } from '../server/roads/graph.queries'
import { createScratchDatabase } from '../test/support/scratch-database'

const args = process.argv.slice(2)
const flag = (name: string) => args.includes(`--${name}`)
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const SCALE = Number(option('scale') ?? 1)
const RUNS = Number(option('runs') ?? 5)
const SERVER_URL = process.env.SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const kinds: DatabaseKind[] = flag('embedded-only') ? ['embedded'] : flag('server-only') ? ['postgres'] : ['embedded', 'postgres']
const logger = pino({ level: 'silent' })

/** The generated province at scale 1: towns, and per town communities, facilities and a street grid of GRID × GRID blocks. */
const PROVINCE = { towns: 1000, communities: 200, facilities: 30, grid: 22, blockM: 100, townshipKm: 13 }

type Row = { figure: string; target?: string; values: Partial<Record<DatabaseKind, string>> }
const rows: Row[] = []
const notes: string[] = []
function record(figure: string, kind: DatabaseKind, value: string, target?: string) {
  let row = rows.find((r) => r.figure === figure)
  if (!row) rows.push((row = { figure, target, values: {} }))
  row.values[kind] = value
  console.log(`  [${kind}] ${figure}: ${value}${target ? `   (target ${target})` : ''}`)
}
const note = (text: string) => {
  if (!notes.includes(text)) notes.push(text)
  console.log(`  note: ${text}`)
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const ms = (n: number) => (n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${n.toFixed(n < 10 ? 1 : 0)} ms`)
async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now()
  const value = await work()
  return { value, ms: performance.now() - t0 }
}

/** A fresh, migrated database of the kind, and how to close and remove it. */
async function freshDatabase(kind: DatabaseKind): Promise<{ pool: DatabasePool; close: () => Promise<void> }> {
  if (kind === 'embedded') {
    const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'civil-map-bench-coverage-'))
    const database = await openDatabase({ databaseUrl: undefined, dataDir })
    return { pool: database.pool, close: async () => { await database.close(); await fsp.rm(dataDir, { recursive: true, force: true }) } }
  }
  const scratch = await createScratchDatabase(SERVER_URL)
  const database = await openDatabase({ databaseUrl: scratch.url, dataDir: os.tmpdir() })
  return { pool: database.pool, close: async () => { await database.close(); await scratch.drop() } }
}

/** Runs a long load statement without the pool's statement timeout. */
function load(pool: DatabasePool, statement: Parameters<DatabasePool['query']>[0]) {
  return pool.transaction(async (tx) => {
    await tx.query(sql.typeAlias('void')`SET LOCAL statement_timeout = 0`)
    await tx.query(statement)
  })
}

/**
 * A stand-in street grid over the city's urban streets (街道 townships): the edges of a
 * lattice of `spacing` metres whose midpoints lie in one of them, one road per edge.
 */
async function insertStandInStreets(pool: DatabasePool, spacing: number) {
  await load(pool, sql.typeAlias('void')`
    WITH area AS (
      SELECT ST_Union(t.geom) AS geom, ST_Extent(t.geom)::geometry AS box
      FROM townships t JOIN counties k ON k.code = t.county_code AND k.is_home WHERE t.kind = 'street'),
    step AS (
      SELECT ${spacing}::float8 / 110574 AS dy, ${spacing}::float8 / (111320 * cos(radians(ST_Y(ST_Centroid(box))))) AS dx,
             ST_XMin(box) AS x0, ST_YMin(box) AS y0, ST_XMax(box) AS x1, ST_YMax(box) AS y1 FROM area),
    lattice AS (
      SELECT i, j, x0 + i * dx AS x, y0 + j * dy AS y, dx, dy
      FROM step, generate_series(0, ceil((x1 - x0) / dx)::int) i, generate_series(0, ceil((y1 - y0) / dy)::int) j),
    segments AS (
      SELECT ST_MakeLine(ST_MakePoint(x, y), ST_MakePoint(x + dx, y)) AS g FROM lattice
      UNION ALL
      SELECT ST_MakeLine(ST_MakePoint(x, y), ST_MakePoint(x, y + dy)) FROM lattice)
    INSERT INTO roads (class, walkable, data_source, geom)
    SELECT 'residential', true, 'generated', ST_SetSRID(s.g, 4326)
    FROM segments s, area WHERE ST_Intersects(area.geom, ST_SetSRID(ST_LineInterpolatePoint(s.g, 0.5), 4326))`)
}

/**
 * The generated province: `towns` townships of PROVINCE.townshipKm square on a lattice,
 * ten to a county (all counties is_home); in each a town of GRID × GRID blocks of streets
 * at its centre, half the communities inside the town and the villages over the whole
 * township, and facilities: two thirds in the town, the rest (village homes, township
 * homes) over the township.
 */
async function insertProvince(pool: DatabasePool, towns: number) {
  const p = PROVINCE
  const cols = Math.ceil(Math.sqrt(towns))
  const half = p.communities / 2
  const townFacilities = Math.round((p.facilities * 2) / 3)
  await pool.transaction(async (tx) => {
    await tx.query(sql.typeAlias('void')`SET LOCAL statement_timeout = 0`)
    await tx.query(sql.typeAlias('void')`SELECT setseed(0.42)`)
    await tx.query(sql.typeAlias('void')`
      CREATE TEMP TABLE town ON COMMIT DROP AS
      SELECT n, (900001 + n / 10)::text AS county_code, (900001 + n / 10)::text || (101 + n % 10)::text AS code,
             x0, y0, dx, dy,
             -- the town's south-west corner, the township centred on it
             x0 + (${p.townshipKm * 1000}::float8 / 2 - ${(p.grid * p.blockM) / 2}) * dx / ${p.blockM} AS tx,
             y0 + (${p.townshipKm * 1000}::float8 / 2 - ${(p.grid * p.blockM) / 2}) * dy / ${p.blockM} AS ty
      FROM (SELECT n, 111.0 + (n % ${cols}) * ${p.townshipKm * 1000}::float8 / (111320 * cos(radians(33.5))) AS x0,
                   31.5 + (n / ${cols}) * ${p.townshipKm * 1000}::float8 / 110574 AS y0,
                   ${p.blockM}::float8 / (111320 * cos(radians(33.5))) AS dx, ${p.blockM}::float8 / 110574 AS dy
            FROM generate_series(0, ${towns - 1}) n) s`)
    const span = (p.townshipKm * 1000) / p.blockM
    await tx.query(sql.typeAlias('void')`
      INSERT INTO counties (code, name, city_code, city_name, is_home, geom)
      SELECT county_code, '生成县' || county_code, '9000', '生成省（示例）', true,
             ST_Multi(ST_SetSRID(ST_MakeEnvelope(min(x0), min(y0), max(x0) + ${span} * min(dx), max(y0) + ${span} * min(dy)), 4326))
      FROM town GROUP BY county_code`)
    await tx.query(sql.typeAlias('void')`
      INSERT INTO townships (code, name, kind, county_code, admin_code, geometry_source, seat, geom)
      SELECT code, '生成镇' || code, 'town', county_code, county_code, 'approximate',
             ST_SetSRID(ST_MakePoint(tx + ${p.grid / 2} * dx, ty + ${p.grid / 2} * dy), 4326),
             ST_Multi(ST_SetSRID(ST_MakeEnvelope(x0, y0, x0 + ${span} * dx, y0 + ${span} * dy), 4326))
      FROM town`)
    await tx.query(sql.typeAlias('void')`
      INSERT INTO communities (code, name, kind, township_code, population, population_60plus, data_source, geom)
      SELECT code || lpad((CASE WHEN k <= ${half} THEN k ELSE 200 + k - ${half} END)::text, 3, '0'),
             '生成社区' || k, CASE WHEN k <= ${half} THEN 'community' ELSE 'village' END, code, pop, (pop * (0.12 + 0.15 * random()))::int,
             'generated',
             CASE WHEN k <= ${half}
               THEN ST_SetSRID(ST_MakePoint(tx + random() * ${p.grid} * dx, ty + random() * ${p.grid} * dy), 4326)
               ELSE ST_SetSRID(ST_MakePoint(x0 + random() * ${span} * dx, y0 + random() * ${span} * dy), 4326) END
      FROM town, generate_series(1, ${p.communities}) k, LATERAL (SELECT (500 + random() * 9500 + k * 0)::int AS pop) q`)
    await tx.query(sql.typeAlias('void')`
      INSERT INTO eldercare_facilities (name, kind, ownership, beds, nursing_beds, embedded_beds, services, medical_integration,
                                        barrier_free, status, data_source, geom)
      SELECT '生成设施' || code || '-' || k,
             CASE WHEN k <= ${townFacilities} THEN (ARRAY['day_care', 'home_care_station', 'street_centre', 'embedded', 'institution'])[1 + k % 5]
                  ELSE (ARRAY['village_home', 'village_home', 'township_home'])[1 + k % 3] END,
             'public', 20, 0, 0, ARRAY['day_care'], false, true,
             CASE WHEN k % 10 = 0 THEN 'planned' ELSE 'operating' END, 'generated',
             CASE WHEN k <= ${townFacilities}
               THEN ST_SetSRID(ST_MakePoint(tx + random() * ${p.grid} * dx, ty + random() * ${p.grid} * dy), 4326)
               ELSE ST_SetSRID(ST_MakePoint(x0 + random() * ${span} * dx, y0 + random() * ${span} * dy), 4326) END
      FROM town, generate_series(1, ${p.facilities}) k`)
    // Streets: GRID + 1 lines each way per town, each with a vertex at every crossing.
    await tx.query(sql.typeAlias('void')`
      INSERT INTO roads (class, walkable, data_source, geom)
      SELECT 'residential', true, 'generated', ST_SetSRID(ST_MakeLine(array_agg(pt ORDER BY i)), 4326)
      FROM (
        SELECT n, 0 AS way, j AS line, i, ST_MakePoint(tx + i * dx, ty + j * dy) AS pt
        FROM town, generate_series(0, ${p.grid}) i, generate_series(0, ${p.grid}) j
        UNION ALL
        SELECT n, 1, i, j, ST_MakePoint(tx + i * dx, ty + j * dy)
        FROM town, generate_series(0, ${p.grid}) i, generate_series(0, ${p.grid}) j) v
      GROUP BY n, way, line`)
  })
}

/** Builds the road graph (without the pool's statement timeout) when the roads changed. */
async function buildGraph(pool: DatabasePool): Promise<void> {
  if ((await getGraphGeneration(pool)) === (await getRoadsGeneration(pool))) return
  await pool.transaction(async (tx) => {
    await tx.query(sql.typeAlias('void')`SET LOCAL statement_timeout = 0`)
    await rebuildRoadGraph(tx)
  })
}

const Counts = z.object({ communities: z.number(), facilities: z.number(), roads: z.number(), edges: z.number(), nodes: z.number() })
const Floor = z.object({ townships: z.number(), covered: z.number() })
const Id = z.object({ id: z.number() })
const Point = z.object({ lon: z.number(), lat: z.number() })

/** The pool, printing the time of each query the engine makes (--trace), to see where a figure's time goes. */
function traced(pool: DatabasePool, label: string): DatabasePool {
  const methods = new Set(['one', 'any', 'query', 'maybeOne', 'oneFirst', 'many'])
  return new Proxy(pool, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown
      if (typeof value !== 'function') return value
      if (!methods.has(String(key))) return value.bind(target)
      return async (...a: unknown[]) => {
        const t0 = performance.now()
        const result = await value.apply(target, a)
        const text = (a[0] as { sql: string }).sql.replace(/\s+/g, ' ').trim().slice(0, 90)
        console.log(`    trace ${label}: ${ms(performance.now() - t0)}  ${text}`)
        return result
      }
    },
  })
}

/** The straight-line analysis as one statement: nearest facility per community, covered within the budget, per township. */
function straightFloor(pool: DatabasePool, budget: number) {
  return pool.one(sql.type(Floor)`
    WITH n AS (
      SELECT c.township_code, c.population_60plus, f.d
      FROM communities c
      JOIN townships t ON t.code = c.township_code AND t.deleted_at IS NULL
      JOIN counties k ON k.code = t.county_code AND k.is_home
      LEFT JOIN LATERAL (
        SELECT ST_Distance(k.g, c.geom::geography) AS d
        FROM (SELECT f.geom::geography AS g FROM eldercare_facilities f
              WHERE f.deleted_at IS NULL AND f.status = 'operating'
                AND f.kind = ANY(CASE WHEN c.kind = 'village' THEN ${sql.array(VILLAGE_KINDS, 'text')} ELSE ${sql.array(COMMUNITY_KINDS, 'text')} END)
              ORDER BY f.geom <-> c.geom LIMIT 4) k
        ORDER BY d LIMIT 1) f ON true
      WHERE c.deleted_at IS NULL),
    u AS (SELECT township_code, count(*) FILTER (WHERE d <= ${budget}) AS covered,
                 sum(population_60plus) FILTER (WHERE d <= ${budget}) AS old FROM n GROUP BY township_code)
    SELECT count(*)::int AS townships, coalesce(sum(covered), 0)::int AS covered FROM u`)
}

/**
 * Every figure for one data set on one database: the analyses cold and warm in both
 * modes, the update after one facility edit, suggestions, and the one-statement floor.
 */
async function measure(pool: DatabasePool, kind: DatabaseKind, scale: 'city' | 'province', targets: { straight?: string; network?: string; edit?: string; greedy?: string }) {
  const label = (s: string) => `${scale}: ${s}`
  const counts = await pool.one(sql.type(Counts)`
    SELECT (SELECT count(*) FROM communities)::int AS communities, (SELECT count(*) FROM eldercare_facilities)::int AS facilities,
           (SELECT count(*) FROM roads)::int AS roads, (SELECT count(*) FROM road_edges)::int AS edges, (SELECT count(*) FROM road_nodes)::int AS nodes`)
  record(label('size'), kind, `${counts.communities} communities, ${counts.facilities} facilities, ${counts.roads} roads, ${counts.edges} edges, ${counts.nodes} nodes`)
  const runs = scale === 'province' ? Math.min(RUNS, 3) : RUNS
  for (const mode of ['straight', 'network'] as Mode[]) {
    const engine = new CoverageEngine(flag('trace') ? traced(pool, `${scale} ${mode}`) : pool, logger)
    const cold = await timed(() => eldercareCoverage(engine, coverageParameters({ mode })))
    if (flag('trace')) console.log(`  [${kind}] ${scale} ${mode} cold: ${ms(cold.ms)} in all`)
    const c = cold.value
    record(label(`${mode}, cold (first answer, full compute)`), kind, `${ms(cold.ms)} (covered ${c.summary.communities.covered}/${c.summary.communities.total})`, mode === 'straight' ? targets.straight : targets.network)
    const warm: number[] = []
    for (let r = 0; r < runs; r++) {
      warm.push((await timed(() => eldercareCoverage(engine, coverageParameters({ mode, minutes: 10 + r })))).ms)
    }
    record(label(`${mode}, warm (cached, other minutes)`), kind, `${ms(median(warm))}`, mode === 'straight' ? targets.straight : targets.network)
    // One facility edit, then the answer again: an insert beside a community, then a move of it.
    const inserts: number[] = []
    const moves: number[] = []
    const recomputed: number[] = []
    const updates: number[] = []
    for (let r = 0; r < runs; r++) {
      const at = await pool.one(sql.type(Point)`
        SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM communities WHERE kind = 'community' ORDER BY md5(code || ${String(r)}) LIMIT 1`)
      const { id } = await pool.one(sql.type(Id)`
        INSERT INTO eldercare_facilities (name, kind, ownership, beds, nursing_beds, embedded_beds, services, medical_integration,
                                          barrier_free, status, data_source, geom)
        VALUES ('基准测试设施', 'day_care', 'public', 10, 0, 0, ARRAY['day_care'], false, true, 'operating', 'generated',
                ST_SetSRID(ST_MakePoint(${at.lon + 0.001}, ${at.lat}), 4326))
        RETURNING id::float8 AS id`)
      const inserted = await timed(() => eldercareCoverage(engine, coverageParameters({ mode })))
      inserts.push(inserted.ms)
      recomputed.push(inserted.value.computation.recomputed)
      await pool.query(sql.typeAlias('void')`UPDATE eldercare_facilities SET geom = ST_Translate(geom, 0.004, 0.003) WHERE id = ${id}`)
      const moved = await timed(() => eldercareCoverage(engine, coverageParameters({ mode })))
      moves.push(moved.ms)
      recomputed.push(moved.value.computation.recomputed)
      if (moved.value.computation.full) note(`${scale} ${mode}: an edit caused a full recompute`)
      // The engine's update alone, without building the answer's lines and roll-up.
      await pool.query(sql.typeAlias('void')`UPDATE eldercare_facilities SET geom = ST_Translate(geom, -0.002, 0.001) WHERE id = ${id}`)
      updates.push((await timed(() => engine.nearest(facilitySet(coverageParameters({ mode }))))).ms)
    }
    record(label(`${mode}, after one facility insert`), kind, `${ms(median(inserts))}`, targets.edit)
    record(label(`${mode}, after moving it`), kind, `${ms(median(moves))}`, targets.edit)
    record(label(`${mode}, after another move: engine.nearest alone`), kind, `${ms(median(updates))}`, targets.edit)
    record(label(`${mode}, edit: computation.recomputed`), kind, `${Math.min(...recomputed)}–${Math.max(...recomputed)} communities`)
    if (mode === 'straight' || scale === 'city' || !flag('no-network-suggest')) {
      const greedy: number[] = []
      let last
      for (let r = 0; r < (scale === 'province' ? 1 : 3); r++) {
        const g = await timed(() => suggestSites(engine, coverageParameters({ mode }), { n: 10, capacity: null, candidates: null, method: 'greedy', timeLimit: 20 }))
        greedy.push(g.ms)
        last = g.value
      }
      record(label(`${mode}, suggest N=10 greedy`), kind, `${ms(median(greedy))} (${last!.candidates} candidates, +${Math.round(last!.sites.reduce((a, s) => a + s.gain.population_60plus, 0))} aged 60+)`, targets.greedy)
      if (scale === 'city') {
        const exact = await timed(() => suggestSites(engine, coverageParameters({ mode }), { n: 10, capacity: null, candidates: null, method: 'exact', timeLimit: 60 }))
        const e = exact.value.exact!
        record(label(`${mode}, suggest N=10 exact (HiGHS)`), kind, `${ms(exact.ms)} (${e.status}; greedy ${e.greedy_population_60plus} vs exact ${e.population_60plus} aged 60+, gap ${(e.greedy_gap * 100).toFixed(2)}%)`)
      }
    }
    if (mode === 'straight') {
      const nearestAlone: number[] = []
      const floor: number[] = []
      for (let r = 0; r < runs; r++) {
        nearestAlone.push((await timed(() => nearestFacilities(pool, { kinds: { community: COMMUNITY_KINDS, village: VILLAGE_KINDS }, statuses: OPERATING, limit: SEARCH_LIMIT_M }))).ms)
        floor.push((await timed(() => straightFloor(pool, 900))).ms)
      }
      record(label('straight, floor: nearestFacilities query alone'), kind, `${ms(median(nearestAlone))} (engine cold / it = ${(cold.ms / median(nearestAlone)).toFixed(2)}×)`)
      record(label('straight, floor: one statement with the roll-up'), kind, `${ms(median(floor))} (engine cold / it = ${(cold.ms / median(floor)).toFixed(2)}×, warm / it = ${(median(warm) / median(floor)).toFixed(2)}×)`)
      const areas = await timed(() => readAreas(pool))
      record(label('breakdown: readAreas'), kind, ms(areas.ms))
    } else {
      const edges = await timed(() => readRoadEdges(pool))
      record(label('breakdown: readRoadEdges'), kind, ms(edges.ms))
      const areas = await readAreas(pool)
      const snap = await timed(() => snapToRoads(pool, areas.communities.lon.map((lon, i) => ({ lon, lat: areas.communities.lat[i]! }))))
      record(label('breakdown: snapToRoads (every community)'), kind, ms(snap.ms))
    }
  }
}

async function runCity(kind: DatabaseKind) {
  const config = loadConfig()
  const { pool, close } = await freshDatabase(kind)
  try {
    const seeded = await timed(() => seedDatabase(pool, config.cityDataDir, logger))
    record('city: seed (base geography and samples)', kind, ms(seeded.ms))
    if (!fs.existsSync(path.join(config.cityDataDir, 'sample/roads.geojson'))) {
      note('the city has no sample roads (data/pingdingshan/sample/roads.geojson): a stand-in grid of 250 m streets over its 街道 townships is generated here')
      const t = await timed(async () => {
        await insertStandInStreets(pool, 250)
        await pool.query(sql.typeAlias('void')`ANALYZE roads`)
      })
      record('city: stand-in streets generated', kind, ms(t.ms))
    }
    const graph = await timed(async () => {
      await buildGraph(pool)
      await pool.query(sql.typeAlias('void')`ANALYZE road_edges`)
    })
    record('city: road graph build', kind, ms(graph.ms))
    await measure(pool, kind, 'city', { straight: '< 200 ms', network: '< 1 s' })
  } finally {
    await close()
  }
}

async function runProvince(kind: DatabaseKind) {
  const towns = Math.max(1, Math.round(PROVINCE.towns * SCALE))
  if (towns !== PROVINCE.towns) note(`province at scale ${SCALE}: ${towns} towns instead of ${PROVINCE.towns}`)
  const { pool, close } = await freshDatabase(kind)
  try {
    const loaded = await timed(async () => {
      await insertProvince(pool, towns)
      await pool.query(sql.typeAlias('void')`ANALYZE`)
    })
    record('province: generate (SQL)', kind, ms(loaded.ms))
    const graph = await timed(async () => {
      await buildGraph(pool)
      await pool.query(sql.typeAlias('void')`ANALYZE road_edges`)
    })
    record('province: road graph build', kind, ms(graph.ms))
    await measure(pool, kind, 'province', { straight: '< 5 s', edit: '< 100 ms', greedy: '< 2 s' })
  } finally {
    await close()
  }
}

const versions: string[] = []
for (const kind of kinds) {
  console.log(`\n${kind === 'embedded' ? 'embedded PGlite' : `server ${SERVER_URL}`}`)
  {
    const { pool, close } = await freshDatabase(kind)
    const v = await getDatabaseVersions(pool)
    versions.push(`${kind}: PostgreSQL ${v.postgres}, PostGIS ${v.postgis}`)
    await close()
  }
  if (!flag('no-city')) await runCity(kind)
  if (!flag('no-province')) await runProvince(kind)
}

console.log(`\nCoverage analyses: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`)
for (const v of versions) console.log(`  ${v}`)
const width = Math.max(...rows.map((r) => r.figure.length))
console.log(['figure'.padEnd(width), ...kinds.map((k) => (k === 'embedded' ? 'embedded' : 'server')), 'target'].join(' | '))
for (const r of rows) console.log([r.figure.padEnd(width), ...kinds.map((k) => r.values[k] ?? 'not run'), r.target ?? ''].join(' | '))
for (const n of notes) console.log(`note: ${n}`)
