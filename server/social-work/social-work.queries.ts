import { z } from 'zod'
import type { CommonQueryMethods } from 'slonik'
import { sql } from '../db/sql'
import type { DataFeature } from '../db/seed'

const Count = z.object({ n: z.number() })

/** Inserts social-work stations from GeoJSON features (properties as in data/<city>/sample/social_work_stations.geojson). */
export async function insertSocialWorkStations(db: CommonQueryMethods, features: DataFeature[]): Promise<number> {
  return db.oneFirst(sql.type(Count)`
    WITH ins AS (
      INSERT INTO social_work_stations (name, tier, staff, certified_workers, has_premises, has_equipment, has_staff,
        has_services, has_procedures, has_rules, status, data_source, geom)
      SELECT p->>'name', p->>'tier', (p->>'staff')::int, (p->>'certified_workers')::int, (p->>'has_premises')::boolean,
             (p->>'has_equipment')::boolean, (p->>'has_staff')::boolean, (p->>'has_services')::boolean,
             (p->>'has_procedures')::boolean, (p->>'has_rules')::boolean, p->>'status', p->>'data_source',
             ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326)
      FROM jsonb_array_elements(${sql.jsonb(features as never)}) WITH ORDINALITY AS e(f, n), LATERAL (SELECT f->'properties' AS p) x
      ORDER BY n
      RETURNING 1)
    SELECT count(*)::int AS n FROM ins`)
}
