import { z } from 'zod'
import type { CommonQueryMethods, FragmentSqlToken } from 'slonik'
import { sql } from '../db/sql'
import type { Geometry } from '../geo/geojson'
import { notFound } from '../http/problem'
import { getLine } from './inspections.queries'

/**
 * The default tolerance, in metres, for a line leaving the shared edge of its two sides.
 * The shipped outlines sit on a 1/1024° grid (about 104 m north–south and 87 m east–west
 * at 33.7° N), so a point of the true boundary may lie up to half a cell's diagonal, about
 * 68 m, from the shipped edge; 100 m allows that with room. The generalised outlines
 * (simplified by 0.001°, each on its own) part from each other by up to about 110 m more.
 */
export const DEFAULT_TOLERANCE_M = 100

/**
 * The precision grid of the overlays, in metres. With a grid GEOS overlays by snap-rounding,
 * which needs no fallback; the default floating overlay falls back (snapping, then a
 * grid) through a C++ exception, which the embedded database's PostGIS cannot raise:
 * there the check of the shipped outlines was lost.
 */
const GRID_M = 0.001

/** Spacing of the points at which the line's distance from the shared edge is measured, in metres. */
const STEP_M = 50

/** A stretch where the line is farther than the tolerance from either side's outline. */
export type OffEdgeStretch = { from_km: number; to_km: number; max_distance_m: number; at: [number, number]; geometry: { type: 'LineString'; coordinates: [number, number][] } }
/** A gap or an overlap between the two sides' polygons: its area and a point inside it. */
export type AreaProblem = { area_m2: number; at: [number, number] }

const PointRow = z.object({ part: z.number(), part_m: z.number(), at_m: z.number(), off_m: z.number(), lon: z.number(), lat: z.number() })
const Shapes = z.object({ line: z.record(z.unknown()), a: z.record(z.unknown()).nullable(), b: z.record(z.unknown()).nullable() })
const AreaRow = z.object({ kind: z.enum(['gap', 'overlap']), area_m2: z.number(), lon: z.number(), lat: z.number() })

/** A GeoJSON geometry (EPSG:4326) as SQL. */
export function geometryFromGeoJson(geometry: Geometry | Record<string, unknown>): FragmentSqlToken {
  return sql.fragment`ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326))`
}

/**
 * Checks a line against the polygons of its two sides, in the UTM zone of the line (metres):
 * - the stretches where the line lies farther than `toleranceM` from either polygon's
 *   outline (measured every 50 m along it), with the largest distance;
 * - the gaps between the two polygons (areas within `toleranceM` of both that neither
 *   covers, found by closing their union by `toleranceM`: a gap up to twice as wide);
 * - the overlaps (areas both cover), each with its area in m² and a point inside it.
 * Only the polygons' parts within three tolerances of the line are compared.
 */
export async function checkTopology(
  db: CommonQueryMethods,
  input: { line: FragmentSqlToken; sideA: FragmentSqlToken; sideB: FragmentSqlToken; toleranceM: number },
): Promise<{ tolerance_m: number; off_edge: OffEdgeStretch[]; gaps: AreaProblem[]; overlaps: AreaProblem[] }> {
  const w = input.toleranceM
  const base = sql.fragment`
    p AS MATERIALIZED (SELECT ${input.line} AS l, ${input.sideA} AS a, ${input.sideB} AS b),
    z AS MATERIALIZED (SELECT (32600 + floor((ST_X(ST_Centroid(l)) + 180) / 6)::int + 1 + CASE WHEN ST_Y(ST_Centroid(l)) < 0 THEN 100 ELSE 0 END) AS srid FROM p),
    m AS MATERIALIZED (SELECT ST_Transform(p.l, z.srid) AS l, ST_Transform(p.a, z.srid) AS a, ST_Transform(p.b, z.srid) AS b, z.srid FROM p, z),
    -- The neighbourhood of the line: outlines far from it cannot bear on it, and GEOS is slow on a whole city.
    u AS MATERIALIZED (
      SELECT m.l, m.srid, ST_Intersection(m.a, c.corridor, ${GRID_M}::float8) AS a, ST_Intersection(m.b, c.corridor, ${GRID_M}::float8) AS b,
             ST_Boundary(m.a) AS edge_a, ST_Boundary(m.b) AS edge_b
      FROM m, LATERAL (SELECT ST_Buffer(m.l, ${3 * w}::float8) AS corridor) c)`
  const points = await db.any(sql.type(PointRow)`
    WITH ${base},
    parts AS (SELECT coalesce(d.path[1], 1) AS part, d.geom FROM u, LATERAL ST_Dump(ST_LineMerge(u.l)) d)
    SELECT parts.part, ST_Length(parts.geom) AS part_m, ST_LineLocatePoint(parts.geom, q.geom) * ST_Length(parts.geom) AS at_m,
           greatest(ST_Distance(q.geom, u.edge_a), ST_Distance(q.geom, u.edge_b)) AS off_m,
           ST_X(ST_Transform(q.geom, 4326)) AS lon, ST_Y(ST_Transform(q.geom, 4326)) AS lat
    FROM u, parts, LATERAL ST_DumpPoints(ST_Segmentize(parts.geom, ${STEP_M}::float8)) q
    ORDER BY parts.part, q.path[1]`)
  const areas = await db.any(sql.type(AreaRow)`
    WITH ${base},
    j AS MATERIALIZED (SELECT ST_Union(u.a, u.b, ${GRID_M}::float8) AS ab FROM u),
    found AS (
      SELECT 'gap' AS kind, g.geom FROM u, j, LATERAL ST_Dump(ST_Difference(ST_Buffer(ST_Buffer(j.ab, ${w}::float8), ${-w}::float8), j.ab, ${GRID_M}::float8)) g
      WHERE ST_DWithin(g.geom, u.a, 0.5) AND ST_DWithin(g.geom, u.b, 0.5)
      UNION ALL
      SELECT 'overlap', o.geom FROM u, LATERAL ST_Dump(ST_CollectionExtract(ST_Intersection(u.a, u.b, ${GRID_M}::float8), 3)) o
    )
    SELECT f.kind, ST_Area(f.geom) AS area_m2, ST_X(ST_Transform(ST_PointOnSurface(f.geom), 4326)) AS lon, ST_Y(ST_Transform(ST_PointOnSurface(f.geom), 4326)) AS lat
    FROM found f WHERE ST_Area(f.geom) >= 1 ORDER BY f.kind, ST_Area(f.geom) DESC`)
  const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d
  return {
    tolerance_m: w,
    off_edge: stretchesOf(points, w),
    gaps: areas.filter((a) => a.kind === 'gap').map((a) => ({ area_m2: round(a.area_m2), at: [round(a.lon, 6), round(a.lat, 6)] })),
    overlaps: areas.filter((a) => a.kind === 'overlap').map((a) => ({ area_m2: round(a.area_m2), at: [round(a.lon, 6), round(a.lat, 6)] })),
  }
}

/** Groups the measured points into stretches beyond the tolerance, with kilometres counted along the whole line. */
function stretchesOf(points: readonly z.infer<typeof PointRow>[], tolerance: number): OffEdgeStretch[] {
  const stretches: OffEdgeStretch[] = []
  const offsets = new Map<number, number>()
  let total = 0
  for (const p of points) {
    if (!offsets.has(p.part)) {
      offsets.set(p.part, total)
      total += p.part_m
    }
  }
  let open: OffEdgeStretch | null = null
  let lastPart = -1
  for (const p of points) {
    const km = Math.round((offsets.get(p.part)! + p.at_m) / 10) / 100
    if (p.part !== lastPart) open = null
    lastPart = p.part
    if (p.off_m <= tolerance) {
      open = null
      continue
    }
    const at: [number, number] = [Math.round(p.lon * 1e6) / 1e6, Math.round(p.lat * 1e6) / 1e6]
    if (!open) {
      open = { from_km: km, to_km: km, max_distance_m: 0, at, geometry: { type: 'LineString', coordinates: [] } }
      stretches.push(open)
    }
    open.to_km = km
    open.geometry.coordinates.push(at)
    if (p.off_m > open.max_distance_m) {
      open.max_distance_m = Math.round(p.off_m * 10) / 10
      open.at = at
    }
  }
  return stretches
}

/** SQL for the polygon of one side of a line: a city's county-level units united, or one county-level unit. */
function sidePolygon(code: string, detail: 'full' | 'generalised'): FragmentSqlToken {
  const column = detail === 'full' ? sql.identifier(['c', 'geom']) : sql.identifier(['c', 'geom_generalised'])
  return code.length === 4
    ? sql.fragment`(SELECT ST_Union(${column}) FROM counties c WHERE c.city_code = ${code})`
    : sql.fragment`(SELECT ST_Union(${column}) FROM counties c WHERE c.code = ${code})`
}

/**
 * The topology check of a stored line against its sides' outlines (the full ones, or the
 * generalised ones of the overview map).
 * @throws 404 for an unknown line.
 */
export async function checkLineTopology(db: CommonQueryMethods, lineId: string, options: { toleranceM: number; detail: 'full' | 'generalised' }) {
  const line = await getLine(db, lineId)
  if (!line) throw notFound('unknown_line', { id: lineId })
  const shapes = await db.one(sql.type(Shapes)`
    SELECT ST_AsGeoJSON((SELECT geom FROM boundary_lines WHERE id = ${lineId}))::json AS line,
           ST_AsGeoJSON(${sidePolygon(line.left_code, options.detail)})::json AS a,
           ST_AsGeoJSON(${sidePolygon(line.right_code, options.detail)})::json AS b`)
  if (!shapes.a || !shapes.b) throw notFound('unknown_line', { id: lineId })
  const result = await checkTopology(db, {
    line: geometryFromGeoJson(shapes.line),
    sideA: geometryFromGeoJson(shapes.a),
    sideB: geometryFromGeoJson(shapes.b),
    toleranceM: options.toleranceM,
  })
  return { line_id: line.id, name: line.name, detail: options.detail, ...result }
}
