import { z } from 'zod'
import type { CommonQueryMethods } from 'slonik'
import { sql } from '../db/sql'
import type { DataFeature } from '../db/seed'

const Count = z.object({ n: z.number() })

/** Inserts eldercare facilities from GeoJSON features (properties as in data/<city>/sample/eldercare_facilities.geojson). */
export async function insertEldercareFacilities(db: CommonQueryMethods, features: DataFeature[]): Promise<number> {
  return db.oneFirst(sql.type(Count)`
    WITH ins AS (
      INSERT INTO eldercare_facilities (name, kind, ownership, beds, nursing_beds, embedded_beds, services,
        medical_integration, grade, barrier_free, status, opened_on, data_source, geom)
      SELECT p->>'name', p->>'kind', p->>'ownership', (p->>'beds')::int, (p->>'nursing_beds')::int, (p->>'embedded_beds')::int,
             ARRAY(SELECT jsonb_array_elements_text(p->'services')), (p->>'medical_integration')::boolean,
             (p->>'grade')::smallint, (p->>'barrier_free')::boolean, p->>'status', (p->>'opened_on')::date, p->>'data_source',
             ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326)
      FROM jsonb_array_elements(${sql.jsonb(features as never)}) WITH ORDINALITY AS e(f, n), LATERAL (SELECT f->'properties' AS p) x
      ORDER BY n
      RETURNING 1)
    SELECT count(*)::int AS n FROM ins`)
}
