import { z } from 'zod'
import type { CommonQueryMethods } from 'slonik'
import { sql } from '../db/sql'

/** A point given by longitude and latitude (EPSG:4326). */
export type LonLat = { lon: number; lat: number }

const Areas = z.object({
  communities: z.object({
    code: z.array(z.string()),
    name: z.array(z.string()),
    kind: z.array(z.string()),
    township_code: z.array(z.string()),
    county_code: z.array(z.string()),
    population: z.array(z.number()),
    population_60plus: z.array(z.number()),
    lon: z.array(z.number()),
    lat: z.array(z.number()),
  }),
  townships: z.array(z.object({ code: z.string(), name: z.string(), county_code: z.string() })),
  counties: z.array(z.object({ code: z.string(), name: z.string() })),
  city: z.object({ code: z.string(), name: z.string() }).nullable(),
})
export type Areas = z.infer<typeof Areas>

/**
 * The live communities and villages of the city's own counties, column by column (one row
 * of arrays reads fast, even for a province), with the names of their townships and counties.
 */
export function readAreas(db: CommonQueryMethods): Promise<Areas> {
  return db.one(sql.type(Areas)`
    WITH c AS (
      SELECT c.code, c.name, c.kind, c.township_code, t.county_code, c.population, c.population_60plus,
             ST_X(c.geom) AS lon, ST_Y(c.geom) AS lat
      FROM communities c
      JOIN townships t ON t.code = c.township_code
      JOIN counties k ON k.code = t.county_code AND k.is_home
      WHERE c.deleted_at IS NULL AND t.deleted_at IS NULL)
    SELECT
      (SELECT json_build_object(
         'code', coalesce(array_agg(code ORDER BY code), '{}'), 'name', coalesce(array_agg(name ORDER BY code), '{}'),
         'kind', coalesce(array_agg(kind ORDER BY code), '{}'), 'township_code', coalesce(array_agg(township_code ORDER BY code), '{}'),
         'county_code', coalesce(array_agg(county_code ORDER BY code), '{}'),
         'population', coalesce(array_agg(population ORDER BY code), '{}'),
         'population_60plus', coalesce(array_agg(population_60plus ORDER BY code), '{}'),
         'lon', coalesce(array_agg(lon ORDER BY code), '{}'), 'lat', coalesce(array_agg(lat ORDER BY code), '{}')) FROM c) AS communities,
      (SELECT coalesce(json_agg(json_build_object('code', t.code, 'name', t.name, 'county_code', t.county_code) ORDER BY t.code), '[]')
       FROM townships t JOIN counties k ON k.code = t.county_code AND k.is_home WHERE t.deleted_at IS NULL) AS townships,
      (SELECT coalesce(json_agg(json_build_object('code', k.code, 'name', k.name) ORDER BY k.code), '[]') FROM counties k WHERE k.is_home) AS counties,
      (SELECT json_build_object('code', min(k.city_code) || '00', 'name', min(k.city_name)) FROM counties k WHERE k.is_home HAVING count(*) > 0) AS city`)
}

const Generations = z.object({ communities: z.number(), eldercare_facilities: z.number(), roads: z.number() })

/** The change generations of the tables the analyses read (0 for one never written). */
export function readGenerations(db: CommonQueryMethods): Promise<z.infer<typeof Generations>> {
  return db.one(sql.type(Generations)`
    SELECT ${generationOf('communities')} AS communities, ${generationOf('eldercare_facilities')} AS eldercare_facilities,
           ${generationOf('roads')} AS roads`)
}

const generationOf = (table: string) =>
  sql.fragment`coalesce((SELECT generation FROM table_changes WHERE table_name = ${table}), 0)::float8`

const Changes = z.object({ generation: z.number(), ids: z.array(z.number().nullable()) })

/**
 * The facilities changed after generation `since`, and the generation read, in one snapshot;
 * a null id means the whole table changed. (Writers queue on the generation until they
 * commit — migration 013 — so no change of an earlier generation can appear later.)
 */
export function readFacilityChanges(db: CommonQueryMethods, since: number): Promise<z.infer<typeof Changes>> {
  return db.one(sql.type(Changes)`
    SELECT ${generationOf('eldercare_facilities')} AS generation,
           coalesce((SELECT array_agg(DISTINCT facility_id::float8) FROM eldercare_facility_changes
                     WHERE generation > ${since}), '{}') AS ids`)
}

const Facility = z.object({ id: z.number(), kind: z.string(), status: z.string(), lon: z.number(), lat: z.number() })
export type FacilityRow = z.infer<typeof Facility>

/** Live eldercare facilities of the given statuses (all of them, or those with the given ids). */
export function readFacilities(db: CommonQueryMethods, statuses: readonly string[], ids?: readonly number[]): Promise<readonly FacilityRow[]> {
  return db.any(sql.type(Facility)`
    SELECT id::float8 AS id, kind, status, ST_X(geom) AS lon, ST_Y(geom) AS lat
    FROM eldercare_facilities
    WHERE deleted_at IS NULL AND status = ANY(${sql.array(statuses, 'text')})
      ${ids ? sql.fragment`AND id = ANY(${sql.array(ids, 'int8')})` : sql.fragment``}
    ORDER BY id`)
}

const Nearest = z.object({ code: z.array(z.string()), facility_id: z.array(z.number()), distance_m: z.array(z.number()) })

/**
 * For each community (all, or those with the given codes) its nearest live facility by
 * geodesic distance within `limit` metres, among the facilities of the statuses and of
 * the kinds that serve its kind; communities with none that near are left out. The 4
 * nearest by the GiST index's KNN (`<->`, planar in degrees, several times faster than the
 * geography index's) are measured on the spheroid, and the nearest of them wins: a
 * degree of longitude is shorter than one of latitude by cos(latitude), so a facility
 * nearer in metres could hide beyond the 4th only behind 4 others at almost one spot.
 */
export async function nearestFacilities(
  db: CommonQueryMethods,
  options: { kinds: { community: readonly string[]; village: readonly string[] }; statuses: readonly string[]; limit: number; codes?: readonly string[] },
): Promise<z.infer<typeof Nearest>> {
  return db.one(sql.type(Nearest)`
    WITH n AS (
      SELECT c.code, f.id, f.d
      FROM communities c
      CROSS JOIN LATERAL (
        SELECT k.id, ST_Distance(k.g, c.geom::geography) AS d
        FROM (
          SELECT f.id, f.geom::geography AS g
          FROM eldercare_facilities f
          WHERE f.deleted_at IS NULL AND f.status = ANY(${sql.array(options.statuses, 'text')})
            AND f.kind = ANY(CASE WHEN c.kind = 'village' THEN ${sql.array(options.kinds.village, 'text')}
                                  ELSE ${sql.array(options.kinds.community, 'text')} END)
          ORDER BY f.geom <-> c.geom
          LIMIT 4) k
        ORDER BY d, k.id
        LIMIT 1) f
      WHERE c.deleted_at IS NULL AND f.d <= ${options.limit}
        ${options.codes ? sql.fragment`AND c.code = ANY(${sql.array(options.codes, 'text')})` : sql.fragment``})
    SELECT coalesce(array_agg(code), '{}') AS code, coalesce(array_agg(id::float8), '{}') AS facility_id,
           coalesce(array_agg(d), '{}') AS distance_m
    FROM n`)
}

const Near = z.object({ point: z.array(z.number()), code: z.array(z.string()), distance_m: z.array(z.number()) })

/**
 * The live communities within `radius` metres (geodesic) of each point: for each pair,
 * the point's index, the community's code and the distance. The GiST index finds those
 * in a box around the point a little larger than the radius; the spheroid decides.
 */
export function communitiesNear(db: CommonQueryMethods, points: readonly LonLat[], radius: number): Promise<z.infer<typeof Near>> {
  return db.one(sql.type(Near)`
    WITH p AS (
      SELECT i - 1 AS i, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS g,
             ${radius} * 1.01 / 110574 AS dlat, ${radius} * 1.01 / 110574 / greatest(cos(radians(abs(lat) + 1)), 0.01) AS dlon
      FROM unnest(${sql.array(points.map((p) => p.lon), 'float8')}, ${sql.array(points.map((p) => p.lat), 'float8')})
           WITH ORDINALITY AS u(lon, lat, i)),
    n AS (
      SELECT p.i, c.code, ST_Distance(p.g::geography, c.geom::geography) AS d
      FROM p JOIN communities c ON c.geom && ST_Expand(p.g, p.dlon, p.dlat)
      WHERE c.deleted_at IS NULL AND ST_DWithin(p.g::geography, c.geom::geography, ${radius}))
    SELECT coalesce(array_agg(i::float8 ORDER BY i, code), '{}') AS point, coalesce(array_agg(code ORDER BY i, code), '{}') AS code,
           coalesce(array_agg(d ORDER BY i, code), '{}') AS distance_m
    FROM n`)
}

const Polygon = z.object({ geometry: z.string().nullable() })

/**
 * The union of the circles of `radius` metres (geodesic) around the points, simplified
 * for display, as GeoJSON; null for no points.
 */
export async function circlesUnion(db: CommonQueryMethods, points: readonly LonLat[], radius: number): Promise<unknown | null> {
  if (points.length === 0) return null
  const row = await db.one(sql.type(Polygon)`
    SELECT ST_AsGeoJSON(ST_SimplifyPreserveTopology(ST_Union(ST_Buffer(
             ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography, ${radius}, 'quad_segs=8')::geometry), 0.00005), 6) AS geometry
    FROM unnest(${sql.array(points.map((p) => p.lon), 'float8')}, ${sql.array(points.map((p) => p.lat), 'float8')}) AS u(lon, lat)`)
  return row.geometry === null ? null : JSON.parse(row.geometry)
}

const Edges = z.object({ id: z.array(z.number()), source: z.array(z.number()), target: z.array(z.number()), length_m: z.array(z.number()) })

/** Every edge of the road graph (migration 012), column by column. */
export function readRoadEdges(db: CommonQueryMethods): Promise<z.infer<typeof Edges>> {
  return db.one(sql.type(Edges)`
    SELECT coalesce(array_agg(id::float8 ORDER BY id), '{}') AS id, coalesce(array_agg(source::float8 ORDER BY id), '{}') AS source,
           coalesce(array_agg(target::float8 ORDER BY id), '{}') AS target, coalesce(array_agg(length_m ORDER BY id), '{}') AS length_m
    FROM road_edges`)
}

const Snaps = z.object({ point: z.array(z.number()), edge_id: z.array(z.number()), fraction: z.array(z.number()), access_m: z.array(z.number()) })

/**
 * Where each point meets the road graph: its nearest edge (the nearest by geodesic
 * distance of the 8 nearest by the GiST index's planar KNN), how far along it, and the
 * geodesic walk to it. Points are left out when there are no edges.
 */
export function snapToRoads(db: CommonQueryMethods, points: readonly LonLat[]): Promise<z.infer<typeof Snaps>> {
  return db.one(sql.type(Snaps)`
    WITH p AS (
      SELECT i - 1 AS i, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS g
      FROM unnest(${sql.array(points.map((p) => p.lon), 'float8')}, ${sql.array(points.map((p) => p.lat), 'float8')})
           WITH ORDINALITY AS u(lon, lat, i)),
    s AS (
      SELECT p.i, e.id, ST_LineLocatePoint(e.geom, p.g) AS fraction, e.d
      FROM p CROSS JOIN LATERAL (
        SELECT k.id, k.geom, ST_Distance(ST_ClosestPoint(k.geom, p.g)::geography, p.g::geography) AS d
        FROM (SELECT id, geom FROM road_edges ORDER BY geom <-> p.g LIMIT 8) k
        ORDER BY d, k.id
        LIMIT 1) e)
    SELECT coalesce(array_agg(i::float8 ORDER BY i), '{}') AS point, coalesce(array_agg(id::float8 ORDER BY i), '{}') AS edge_id,
           coalesce(array_agg(fraction ORDER BY i), '{}') AS fraction, coalesce(array_agg(d ORDER BY i), '{}') AS access_m
    FROM s`)
}

/**
 * The isochrone: the given stretches of edges (fractions along them), buffered by
 * `width` metres and merged; holes stay where no reached street comes near. Simplified for display, as GeoJSON; null when nothing is reached.
 */
export async function stretchesBuffer(
  db: CommonQueryMethods,
  stretches: readonly { edge_id: number; from: number; to: number }[],
  width: number,
): Promise<unknown | null> {
  if (stretches.length === 0) return null
  const row = await db.one(sql.type(Polygon)`
    WITH s AS (
      SELECT ST_LineSubstring(e.geom, u.a, u.b) AS geom
      FROM unnest(${sql.array(stretches.map((s) => s.edge_id), 'int8')}, ${sql.array(stretches.map((s) => s.from), 'float8')},
                  ${sql.array(stretches.map((s) => s.to), 'float8')}) AS u(id, a, b)
      JOIN road_edges e ON e.id = u.id)
    SELECT ST_AsGeoJSON(ST_SimplifyPreserveTopology(
             ST_Buffer(ST_Collect(geom)::geography, ${width}, 'quad_segs=4')::geometry, 0.00005), 6) AS geometry
    FROM s`)
  return row.geometry === null ? null : JSON.parse(row.geometry)
}
