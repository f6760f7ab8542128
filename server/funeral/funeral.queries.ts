import { z } from 'zod'
import type { CommonQueryMethods } from 'slonik'
import { sql } from '../db/sql'
import type { DataFeature } from '../db/seed'

const Count = z.object({ n: z.number() })

/** Inserts funeral facilities from GeoJSON features (data/<city>/sample/funeral_facilities.geojson). */
export async function insertFuneralFacilities(db: CommonQueryMethods, features: DataFeature[]): Promise<number> {
  return db.oneFirst(sql.type(Count)`
    WITH ins AS (
      INSERT INTO funeral_facilities (name, kind, capacity, used, status, data_source, geom)
      SELECT p->>'name', p->>'kind', (p->>'capacity')::int, (p->>'used')::int, p->>'status', p->>'data_source',
             ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326)
      FROM jsonb_array_elements(${sql.jsonb(features as never)}) WITH ORDINALITY AS e(f, n), LATERAL (SELECT f->'properties' AS p) x
      ORDER BY n
      RETURNING 1)
    SELECT count(*)::int AS n FROM ins`)
}

/** Inserts cemeteries from GeoJSON features (data/<city>/sample/cemeteries.geojson). */
export async function insertCemeteries(db: CommonQueryMethods, features: DataFeature[]): Promise<number> {
  return db.oneFirst(sql.type(Count)`
    WITH ins AS (
      INSERT INTO cemeteries (name, kind, level, capacity, plots_used, green_coverage_pct, eco_burial_pct,
        public_welfare_reserve_pct, status, data_source, geom)
      SELECT p->>'name', p->>'kind', p->>'level', (p->>'capacity')::int, (p->>'plots_used')::int,
             (p->>'green_coverage_pct')::numeric, (p->>'eco_burial_pct')::numeric, (p->>'public_welfare_reserve_pct')::numeric,
             p->>'status', p->>'data_source', ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326))
      FROM jsonb_array_elements(${sql.jsonb(features as never)}) WITH ORDINALITY AS e(f, n), LATERAL (SELECT f->'properties' AS p) x
      ORDER BY n
      RETURNING 1)
    SELECT count(*)::int AS n FROM ins`)
}
