import type { FragmentSqlToken } from 'slonik'
import { sql } from '../db/sql'

/** SQL for a column of the live township containing a point on the surface of `t.geom` (the point itself for a point), or NULL outside them. */
function ofContainingTownship(column: 'code' | 'county_code'): FragmentSqlToken {
  return sql.fragment`(SELECT s.${sql.identifier([column])} FROM townships s
  WHERE s.deleted_at IS NULL AND ST_Intersects(s.geom, ST_PointOnSurface(t.geom)) ORDER BY s.code LIMIT 1)`
}

/**
 * SQL for the county-level code of the row aliased `t` with geometry `t.geom`: the county
 * of the live township containing a point on its surface (the point itself for a point
 * register), or NULL outside the city's townships. Used for filtering by county and for
 * the county scope of writes.
 */
export const countyOfGeometry = ofContainingTownship('county_code')

/** SQL for the code of the live township containing a point on the surface of `t.geom`, or NULL. */
export const townshipOfGeometry = ofContainingTownship('code')
