import { z } from 'zod'
import type { CommonQueryMethods } from 'slonik'
import { sql } from '../db/sql'
import type { DataFeature } from '../db/seed'

const Count = z.object({ n: z.number() })

/** Rows per INSERT statement, so that one parameter never holds a whole city's roads. */
const BATCH = 5000

/**
 * Inserts roads from GeoJSON LineString features (properties as in
 * data/<city>/sample/roads.geojson: name, class, walkable, data_source; optionally oneway
 * and osm_id), dropping repeated consecutive vertices.
 * @returns how many were inserted.
 */
export async function insertRoads(db: CommonQueryMethods, features: readonly DataFeature[]): Promise<number> {
  let total = 0
  for (let start = 0; start < features.length; start += BATCH) {
    total += await db.oneFirst(sql.type(Count)`
      WITH ins AS (
        INSERT INTO roads (name, class, walkable, oneway, osm_id, data_source, geom)
        SELECT nullif(p->>'name', ''), p->>'class', (p->>'walkable')::boolean, coalesce((p->>'oneway')::boolean, false),
               (p->>'osm_id')::bigint, p->>'data_source',
               ST_RemoveRepeatedPoints(ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326))
        FROM jsonb_array_elements(${sql.jsonb(features.slice(start, start + BATCH) as never)}) WITH ORDINALITY AS e(f, n),
             LATERAL (SELECT f->'properties' AS p) x
        ORDER BY n
        RETURNING 1)
      SELECT count(*)::int AS n FROM ins`)
  }
  return total
}

/**
 * Deletes every road, live or soft-deleted, for an import that replaces the network.
 * @returns how many live roads there were.
 */
export async function deleteAllRoads(db: CommonQueryMethods): Promise<number> {
  return db.oneFirst(sql.type(Count)`
    WITH gone AS (DELETE FROM roads RETURNING deleted_at) SELECT count(*) FILTER (WHERE deleted_at IS NULL)::int AS n FROM gone`)
}

/** How many live roads there are. */
export async function countRoads(db: CommonQueryMethods): Promise<number> {
  return db.oneFirst(sql.type(Count)`SELECT count(*)::int AS n FROM roads WHERE deleted_at IS NULL`)
}
