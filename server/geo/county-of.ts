import { sql } from '../db/sql'

/**
 * SQL for the county-level code of the row aliased `t` with geometry `t.geom`: the county
 * of the live township containing a point on its surface (the point itself for a point
 * register), or NULL outside the city's townships. Used for filtering by county and for
 * the county scope of writes.
 */
export const countyOfGeometry = sql.fragment`(SELECT s.county_code FROM townships s
  WHERE s.deleted_at IS NULL AND ST_Intersects(s.geom, ST_PointOnSurface(t.geom)) ORDER BY s.code LIMIT 1)`
