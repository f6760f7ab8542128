import { z } from 'zod'
import type { CommonQueryMethods } from 'slonik'
import { sql } from '../db/sql'

/**
 * A result column read as one array, its elements checked in a plain loop: for the
 * hundreds of thousands of values of a province, z.array(z.number()) took several times
 * as long as the database (800,000 numbers: 2.5–2.9 s with it, 0.7–1.1 s without, most of
 * that the driver's parsing).
 */
const Numbers = z.custom<number[]>((v) => Array.isArray(v) && v.every((x) => typeof x === 'number'), 'an array of numbers')
const Strings = z.custom<string[]>((v) => Array.isArray(v) && v.every((x) => typeof x === 'string'), 'an array of strings')

/** A point given by longitude and latitude (EPSG:4326). */
export type LonLat = { lon: number; lat: number }

const Areas = z.object({
  communities: z.object({
    code: Strings,
    name: Strings,
    kind: Strings,
    township_code: Strings,
    county_code: Strings,
    population: Numbers,
    population_60plus: Numbers,
    lon: Numbers,
    lat: Numbers,
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

const Indexes = z.object({ i: Numbers })

/** The indexes of the points that no county of the city's own covers (the fast test; the reasons come from measureCityFit). */
export async function pointsNotInCity(db: CommonQueryMethods, points: readonly LonLat[]): Promise<number[]> {
  const row = await db.one(sql.type(Indexes)`
    SELECT coalesce(array_agg(i - 1 ORDER BY i), '{}')::float8[] AS i
    FROM unnest(${sql.array(points.map((p) => p.lon), 'float8')}, ${sql.array(points.map((p) => p.lat), 'float8')}) WITH ORDINALITY AS u(lon, lat, i)
    WHERE NOT EXISTS (SELECT 1 FROM counties c WHERE c.is_home AND ST_Covers(c.geom, ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326)))`)
  return row.i
}

const Facility = z.object({ id: z.number(), kind: z.string(), status: z.string(), lon: z.number(), lat: z.number() })
export type FacilityRow = z.infer<typeof Facility>

const Facilities = z.object({ id: Numbers, kind: Strings, status: Strings, lon: Numbers, lat: Numbers })

/**
 * Live eldercare facilities of the given statuses (all of them, or those with the given
 * ids), by id. Read column by column: row by row, a province's 30,000 took 5 s to parse.
 */
export async function readFacilities(db: CommonQueryMethods, statuses: readonly string[], ids?: readonly number[]): Promise<readonly FacilityRow[]> {
  const c = await db.one(sql.type(Facilities)`
    SELECT coalesce(array_agg(id), '{}') AS id, coalesce(array_agg(kind), '{}') AS kind, coalesce(array_agg(status), '{}') AS status,
           coalesce(array_agg(lon), '{}') AS lon, coalesce(array_agg(lat), '{}') AS lat
    FROM (
      SELECT id::float8 AS id, kind, status, ST_X(geom) AS lon, ST_Y(geom) AS lat
      FROM eldercare_facilities
      WHERE deleted_at IS NULL AND status = ANY(${sql.array(statuses, 'text')})
        ${ids ? sql.fragment`AND id = ANY(${sql.array(ids, 'int8')})` : sql.fragment``}
      ORDER BY id) f`)
  return c.id.map((id, i) => ({ id, kind: c.kind[i]!, status: c.status[i]!, lon: c.lon[i]!, lat: c.lat[i]! }))
}

const Nearest = z.object({ code: Strings, facility_id: Numbers, distance_m: Numbers })

/**
 * For each community (all, or those with the given codes) its nearest live facility by
 * geodesic distance within `limit` metres, among the facilities of the statuses and of
 * the kinds that serve its kind; communities with none that near are left out. The 4
 * nearest by the GiST index's KNN (`<->`, planar in degrees, several times faster than the
 * geography index's) are measured on the spheroid, and the nearest of them wins: a
 * degree of longitude is shorter than one of latitude by cos(latitude), so a facility
 * nearer in metres could hide beyond the 4th only behind 4 others at almost one spot.
 * Without JIT: the estimated cost of a city's communities passes jit_above_cost, and on
 * PostgreSQL 15 compiling the plan took longer than it saved (1,629 communities: 450–530 ms
 * with JIT, 245–300 ms without; the work is in PostGIS's C functions, which JIT does not touch).
 */
export async function nearestFacilities(
  db: CommonQueryMethods,
  options: { kinds: { community: readonly string[]; village: readonly string[] }; statuses: readonly string[]; limit: number; codes?: readonly string[] },
): Promise<z.infer<typeof Nearest>> {
  return db.transaction(async (tx) => {
    await tx.query(sql.typeAlias('void')`SET LOCAL jit = off`)
    return nearestFacilitiesNow(tx, options)
  })
}

function nearestFacilitiesNow(
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

const Near = z.object({ point: Numbers, code: Strings, distance_m: Numbers })

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

const Edges = z.object({ id: Numbers, source: Numbers, target: Numbers, length_m: Numbers })

/**
 * Every edge of the road graph (migration 012), column by column. The four arrays line up
 * because one aggregate step reads each row once; the rows are sorted once, in the
 * subquery, rather than once per array (four sorts took 4× as long for a million edges).
 */
export function readRoadEdges(db: CommonQueryMethods): Promise<z.infer<typeof Edges>> {
  return db.one(sql.type(Edges)`
    SELECT coalesce(array_agg(id::float8), '{}') AS id, coalesce(array_agg(source::float8), '{}') AS source,
           coalesce(array_agg(target::float8), '{}') AS target, coalesce(array_agg(length_m), '{}') AS length_m
    FROM (SELECT id, source, target, length_m FROM road_edges ORDER BY id) e`)
}

const Snaps = z.object({ point: Numbers, edge_id: Numbers, fraction: Numbers, access_m: Numbers })

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

const Lines = z.object({ id: Numbers, line: z.array(Numbers) })

/** The line of every edge of the road graph, each as flat [lon, lat, lon, lat, …], with the edge ids. */
export function readRoadEdgeLines(db: CommonQueryMethods): Promise<z.infer<typeof Lines>> {
  return db.one(sql.type(Lines)`
    SELECT coalesce(json_agg(e.id::float8), '[]') AS id,
           coalesce(json_agg(
             (SELECT json_agg(v ORDER BY p.path[1], k) FROM ST_DumpPoints(e.geom) p, unnest(ARRAY[ST_X(p.geom), ST_Y(p.geom)]) WITH ORDINALITY AS u(v, k))
           ), '[]') AS line
    FROM road_edges e`)
}
