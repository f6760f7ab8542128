import { z } from 'zod'
import type { CommonQueryMethods } from 'slonik'
import { sql } from '../db/sql'
import type { DataFeature } from '../db/seed'
import type { CommunityFigures, PopulationSource } from './population-import'

const Count = z.object({ n: z.number() })

/** Inserts county-level units from GeoJSON features (properties as in data/<city>/counties.geojson). */
export async function insertCounties(db: CommonQueryMethods, features: DataFeature[]): Promise<number> {
  return db.oneFirst(sql.type(Count)`
    WITH ins AS (
      INSERT INTO counties (code, name, city_code, city_name, is_home, geom)
      SELECT f->'properties'->>'code', f->'properties'->>'name', f->'properties'->>'city_code',
             f->'properties'->>'city_name', (f->'properties'->>'is_home')::boolean,
             ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326))
      FROM jsonb_array_elements(${sql.jsonb(features as never)}) AS f
      RETURNING 1)
    SELECT count(*)::int AS n FROM ins`)
}

/** Inserts township-level units from GeoJSON features (properties as in data/<city>/townships.geojson). */
export async function insertTownships(db: CommonQueryMethods, features: DataFeature[]): Promise<number> {
  return db.oneFirst(sql.type(Count)`
    WITH ins AS (
      INSERT INTO townships (code, name, kind, county_code, admin_code, geometry_source, seat, geom)
      SELECT f->'properties'->>'code', f->'properties'->>'name', f->'properties'->>'kind',
             f->'properties'->>'county_code', f->'properties'->>'admin_code', f->'properties'->>'geometry_source',
             ST_SetSRID(ST_GeomFromGeoJSON(f->'properties'->>'seat'), 4326),
             ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326))
      FROM jsonb_array_elements(${sql.jsonb(features as never)}) AS f
      RETURNING 1)
    SELECT count(*)::int AS n FROM ins`)
}

/** Inserts communities and villages from GeoJSON features (properties as in data/<city>/sample/communities.geojson). */
export async function insertCommunities(db: CommonQueryMethods, features: DataFeature[]): Promise<number> {
  return db.oneFirst(sql.type(Count)`
    WITH ins AS (
      INSERT INTO communities (code, name, kind, township_code, population, population_60plus, data_source, geom)
      SELECT p->>'code', p->>'name', p->>'kind', p->>'township_code', (p->>'population')::int,
             (p->>'population_60plus')::int, p->>'data_source', ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326)
      FROM jsonb_array_elements(${sql.jsonb(features as never)}) AS f, LATERAL (SELECT f->'properties' AS p) x
      RETURNING 1)
    SELECT count(*)::int AS n FROM ins`)
}

const Figures = z.object({
  code: z.string(),
  population: z.number(),
  population_60plus: z.number(),
  data_source: z.string(),
  county_code: z.string().nullable(),
})

function figuresQuery(codes: readonly string[], lock: boolean) {
  // Rows are locked in code order, so that two imports cannot deadlock each other.
  return sql.type(Figures)`
    SELECT m.code, m.population, m.population_60plus, m.data_source, s.county_code
    FROM communities m LEFT JOIN townships s ON s.code = m.township_code
    WHERE m.code = ANY(${sql.array([...codes], 'text')}) AND m.deleted_at IS NULL
    ORDER BY m.code ${lock ? sql.fragment`FOR UPDATE OF m` : sql.fragment``}`
}

/** The figures, source and county of the live communities and villages among `codes`, by code. */
export async function listCommunityFigures(db: CommonQueryMethods, codes: readonly string[]): Promise<Map<string, CommunityFigures>> {
  const rows = await db.any(figuresQuery(codes, false))
  return new Map(rows.map((r) => [r.code, r]))
}

/** As listCommunityFigures, and locks those rows for an update in this transaction. */
export async function lockCommunityFigures(db: CommonQueryMethods, codes: readonly string[]): Promise<Map<string, CommunityFigures>> {
  const rows = await db.any(figuresQuery(codes, true))
  return new Map(rows.map((r) => [r.code, r]))
}

/**
 * Writes new population figures of live communities, sets their `data_source` and bumps
 * their versions, in one statement. @returns the number of rows written.
 */
export async function updateCommunityFigures(
  db: CommonQueryMethods,
  updates: readonly { code: string; population: number; population_60plus: number }[],
  source: PopulationSource,
): Promise<number> {
  if (updates.length === 0) return 0
  return db.oneFirst(sql.type(Count)`
    WITH upd AS (
      UPDATE communities m
      SET population = i.population, population_60plus = i.population_60plus, data_source = ${source}, version = m.version + 1
      FROM unnest(${sql.array(updates.map((u) => u.code), 'text')}, ${sql.array(updates.map((u) => u.population), 'int4')},
                  ${sql.array(updates.map((u) => u.population_60plus), 'int4')}) AS i(code, population, population_60plus)
      WHERE m.code = i.code AND m.deleted_at IS NULL
      RETURNING 1)
    SELECT count(*)::int AS n FROM upd`)
}
