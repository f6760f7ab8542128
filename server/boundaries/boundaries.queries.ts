import { z } from 'zod'
import type { CommonQueryMethods } from 'slonik'
import { sql } from '../db/sql'
import type { DataFeature } from '../db/seed'

const Count = z.object({ n: z.number() })

/** Inserts boundary lines from GeoJSON features (properties as in data/<city>/boundary_lines.geojson). */
export async function insertBoundaryLines(db: CommonQueryMethods, features: DataFeature[]): Promise<number> {
  return db.oneFirst(sql.type(Count)`
    WITH ins AS (
      INSERT INTO boundary_lines (id, name, level, left_code, left_name, right_code, right_name, length_km, geom)
      SELECT p->>'id', p->>'name', p->>'level', p->>'left_code', p->>'left_name', p->>'right_code', p->>'right_name',
             (p->>'length_km')::float8, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326))
      FROM jsonb_array_elements(${sql.jsonb(features as never)}) AS f, LATERAL (SELECT f->'properties' AS p) x
      RETURNING 1)
    SELECT count(*)::int AS n FROM ins`)
}
