import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { DatabasePool } from 'slonik'
import { loadConfig } from '../server/config'
import { sql } from '../server/db/sql'
import { area } from '@turf/turf'
import type { Geometry } from 'geojson'
import { openTestPool } from './support/test-app'

const cityDir = loadConfig({}).cityDataDir
const sourceCounties = JSON.parse(fs.readFileSync(path.join(cityDir, 'counties.geojson'), 'utf8')) as {
  features: { properties: { code: string; is_home: boolean }; geometry: Geometry }[]
}

let db: DatabasePool
beforeAll(async () => {
  db = await openTestPool(2)
})
afterAll(async () => {
  await db.end()
})

describe('county-level units', () => {
  it('stores the 10 units of 平顶山, all valid, about 7,914 km² in total', async () => {
    const row = await db.one(sql.type(z.object({ n: z.number(), invalid: z.number(), km2: z.number() }))`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE NOT ST_IsValid(geom))::int AS invalid,
             (sum(ST_Area(geom::geography)) / 1e6)::float8 AS km2
      FROM counties WHERE city_code = '4104'`)
    expect(row.n).toBe(10)
    expect(row.invalid).toBe(0)
    // Independent arithmetic on the shipped file, not PostGIS.
    const fileKm2 =
      sourceCounties.features.filter((f) => f.properties.is_home).reduce((a, f) => a + area(f.geometry), 0) / 1e6
    expect(Math.abs(fileKm2 - 7914) / 7914).toBeLessThan(0.01)
    expect(Math.abs(row.km2 - fileKm2) / fileKm2).toBeLessThan(0.01)
  })

  it('stores the six neighbouring cities as context, not as the home city', async () => {
    const rows = await db.many(sql.type(z.object({ city_name: z.string(), n: z.number() }))`
      SELECT city_name, count(*)::int AS n FROM counties WHERE NOT is_home GROUP BY city_name ORDER BY city_name`)
    expect(rows.map((r) => r.city_name).sort()).toEqual(['南阳市', '洛阳市', '漯河市', '许昌市', '郑州市', '驻马店市'].sort())
  })
})

describe('township-level units', () => {
  it('has the 148 real units of 4104 with 9-digit codes, all marked approximate', async () => {
    const row = await db.one(sql.type(z.object({ n: z.number(), approximate: z.number(), xinhua: z.string() }))`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE geometry_source = 'approximate')::int AS approximate,
             (SELECT name FROM townships WHERE code = '410402001') AS xinhua
      FROM townships WHERE code LIKE '4104%'`)
    expect(row).toEqual({ n: 148, approximate: 148, xinhua: '曙光街街道' })
  })

  it('partitions each county: areas sum to the county within 0.1%, without overlaps, each around its seat', async () => {
    const rows = await db.many(sql.type(
      z.object({ code: z.string(), county_km2: z.number(), towns_km2: z.number(), overlap_m2: z.number(), seats_outside: z.number() }),
    )`
      SELECT c.code,
             (ST_Area(c.geom::geography) / 1e6)::float8 AS county_km2,
             (SELECT sum(ST_Area(t.geom::geography)) / 1e6 FROM townships t WHERE t.county_code = c.code)::float8 AS towns_km2,
             coalesce((SELECT sum(ST_Area(ST_Intersection(a.geom, b.geom)::geography))
                       FROM townships a JOIN townships b ON a.code < b.code AND ST_Intersects(a.geom, b.geom)
                       WHERE a.county_code = c.code AND b.county_code = c.code), 0)::float8 AS overlap_m2,
             (SELECT count(*) FROM townships t WHERE t.county_code = c.code AND NOT ST_Intersects(t.geom, t.seat))::int AS seats_outside
      FROM counties c WHERE c.is_home ORDER BY c.code`)
    expect(rows).toHaveLength(10)
    for (const r of rows) {
      expect(Math.abs(r.towns_km2 - r.county_km2) / r.county_km2, r.code).toBeLessThan(0.001)
      expect(r.overlap_m2, r.code).toBeLessThan(1)
      expect(r.seats_outside, r.code).toBe(0)
    }
  })
})

describe('boundary lines', () => {
  it('has the 6 city lines and the 19 county lines, named in code order', async () => {
    const rows = await db.many(sql.type(z.object({ level: z.string(), n: z.number(), names: z.array(z.string()) }))`
      SELECT level, count(*)::int AS n, array_agg(name ORDER BY id) AS names FROM boundary_lines GROUP BY level ORDER BY level`)
    expect(rows.map((r) => [r.level, r.n])).toEqual([['city', 6], ['county', 19]])
    expect(rows[0]!.names).toEqual(['郑州—平顶山线', '洛阳—平顶山线', '平顶山—许昌线', '平顶山—漯河线', '平顶山—南阳线', '平顶山—驻马店线'])
    expect(rows[1]!.names).toContain('宝丰县—郏县线')
  })

  it('lies on the outlines of both sides, and its stored length matches its geometry', async () => {
    const rows = await db.many(sql.type(z.object({ id: z.string(), length_km: z.number(), measured_km: z.number(), off_a: z.number(), off_b: z.number() }))`
      WITH sides AS (
        SELECT code, geom FROM counties WHERE is_home
        UNION ALL SELECT city_code, ST_Union(geom) FROM counties GROUP BY city_code
      )
      SELECT l.id, l.length_km, (ST_Length(l.geom::geography) / 1000)::float8 AS measured_km,
             ST_Length(ST_Difference(l.geom, ST_Buffer(ST_Boundary(a.geom), 1e-7)))::float8 AS off_a,
             ST_Length(ST_Difference(l.geom, ST_Buffer(ST_Boundary(b.geom), 1e-7)))::float8 AS off_b
      FROM boundary_lines l JOIN sides a ON a.code = l.left_code JOIN sides b ON b.code = l.right_code`)
    expect(rows).toHaveLength(25)
    for (const r of rows) {
      expect(Math.abs(r.measured_km - r.length_km), r.id).toBeLessThan(0.01)
      expect(r.off_a, r.id).toBeLessThan(1e-9)
      expect(r.off_b, r.id).toBeLessThan(1e-9)
    }
  })
})

describe('spatial indexes', () => {
  it.each([
    ['counties', 'geom'],
    ['counties', 'geom_generalised'],
    ['townships', 'geom'],
    ['boundary_lines', 'geom'],
  ])('the bbox predicate on %s.%s can use its GiST index', async (table, column) => {
    const plan = await db.connect(async (connection) => {
      // With so few rows the planner rightly prefers a scan; forbidding it shows the index can serve the predicate.
      await connection.query(sql.typeAlias('void')`SET enable_seqscan = off`)
      const rows = await connection.many(sql.type(z.object({ 'QUERY PLAN': z.unknown() }))`
        EXPLAIN (FORMAT JSON) SELECT 1 FROM ${sql.identifier([table])}
        WHERE ST_Intersects(${sql.identifier([column])}, ST_MakeEnvelope(113.2, 33.7, 113.4, 33.8, 4326))`)
      await connection.query(sql.typeAlias('void')`RESET enable_seqscan`)
      return JSON.stringify(rows)
    })
    expect(plan).toContain(`${table}_${column}_idx`)
  })
})
