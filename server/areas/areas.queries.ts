import { z } from 'zod'
import type { CommonQueryMethods } from 'slonik'
import { sql } from '../db/sql'
import type { DataFeature } from '../db/seed'

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
