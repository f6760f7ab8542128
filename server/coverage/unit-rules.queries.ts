import { z } from 'zod'
import type { CommonQueryMethods } from 'slonik'
import { sql } from '../db/sql'
import { COMMUNITY_KINDS } from './coverage.schemas'

const Bbox = z.tuple([z.number(), z.number(), z.number(), z.number()])
const Area = { code: z.string(), name: z.string(), population: z.number(), population_60plus: z.number(), bbox: Bbox }

const CityRow = z.object({ code: z.string(), name: z.string(), bbox: Bbox })
const CountyRow = z.object(Area)
const TownshipRow = z.object({ ...Area, kind: z.enum(['street', 'town', 'township', 'other']), county_code: z.string() })
const CommunityRow = z.object({ code: z.string(), name: z.string(), kind: z.enum(['community', 'village']), township_code: z.string(), lon: z.number(), lat: z.number() })

const Placed = { id: z.number(), name: z.string(), status: z.string(), generated: z.boolean(), township_code: z.string().nullable() }
const EldercareRow = z.object({
  ...Placed,
  kind: z.string(),
  beds: z.number(),
  nursing_beds: z.number(),
  embedded_beds: z.number(),
  services: z.array(z.string()),
  community_code: z.string().nullable(),
})
const StationRow = z.object({ ...Placed, tier: z.string(), staff: z.number(), certified_workers: z.number() })
const FuneralRow = z.object({ ...Placed, kind: z.string() })
const CemeteryRow = z.object({ ...Placed, kind: z.string(), level: z.string() })

/**
 * What the unit rules are computed from: the city's units with their population, and every
 * facility that is not closed or deleted, each with the township it stands in (null
 * outside the city's townships) and its status (the rules decide which statuses count).
 */
export type PlanFacts = {
  city: z.infer<typeof CityRow>
  counties: z.infer<typeof CountyRow>[]
  townships: z.infer<typeof TownshipRow>[]
  communities: z.infer<typeof CommunityRow>[]
  eldercare: z.infer<typeof EldercareRow>[]
  stations: z.infer<typeof StationRow>[]
  funeral: z.infer<typeof FuneralRow>[]
  cemeteries: z.infer<typeof CemeteryRow>[]
}

/** The box of a geometry, [west, south, east, north] in degrees (EPSG:4326). */
const bboxOf = (geom: ReturnType<typeof sql.identifier>) =>
  sql.fragment`ARRAY[ST_XMin(${geom}), ST_YMin(${geom}), ST_XMax(${geom}), ST_YMax(${geom})]::float8[]`

/**
 * SQL (alias `f`, point or area in `f.geom`): the live township of the city containing the
 * feature's point on its surface, as countyOfGeometry finds it.
 */
const townshipOf = sql.fragment`(SELECT s.code FROM townships s JOIN counties k ON k.code = s.county_code AND k.is_home
  WHERE s.deleted_at IS NULL AND ST_Intersects(s.geom, ST_PointOnSurface(f.geom)) ORDER BY s.code LIMIT 1)`

const placed = sql.fragment`f.id::int AS id, f.name, f.status, f.data_source = 'generated' AS generated, ${townshipOf} AS township_code`
const live = sql.fragment`f.deleted_at IS NULL AND f.status <> 'closed'`

/** Reads the facts of the unit rules (call it in a transaction for one snapshot of them). */
export async function readPlanFacts(db: CommonQueryMethods): Promise<PlanFacts> {
  const city = await db.one(sql.type(CityRow)`
    SELECT x.city_code || '00' AS code, x.city_name AS name, ${bboxOf(sql.identifier(['x', 'e']))} AS bbox
    FROM (SELECT min(city_code) AS city_code, min(city_name) AS city_name, ST_Extent(geom)::geometry AS e FROM counties WHERE is_home) x`)
  const townships = await db.any(sql.type(TownshipRow)`
    SELECT t.code, t.name, t.kind, t.county_code,
           coalesce(sum(c.population), 0)::float8 AS population, coalesce(sum(c.population_60plus), 0)::float8 AS population_60plus,
           ${bboxOf(sql.identifier(['t', 'geom']))} AS bbox
    FROM townships t
    JOIN counties k ON k.code = t.county_code AND k.is_home
    LEFT JOIN communities c ON c.township_code = t.code AND c.deleted_at IS NULL
    WHERE t.deleted_at IS NULL
    GROUP BY t.code ORDER BY t.code`)
  const counties = await db.any(sql.type(CountyRow)`
    SELECT k.code, k.name,
           coalesce(sum(c.population), 0)::float8 AS population, coalesce(sum(c.population_60plus), 0)::float8 AS population_60plus,
           ${bboxOf(sql.identifier(['k', 'geom']))} AS bbox
    FROM counties k
    LEFT JOIN townships t ON t.county_code = k.code AND t.deleted_at IS NULL
    LEFT JOIN communities c ON c.township_code = t.code AND c.deleted_at IS NULL
    WHERE k.is_home
    GROUP BY k.code ORDER BY k.code`)
  const communities = await db.any(sql.type(CommunityRow)`
    SELECT c.code, c.name, c.kind, c.township_code, ST_X(c.geom) AS lon, ST_Y(c.geom) AS lat
    FROM communities c JOIN townships t ON t.code = c.township_code AND t.deleted_at IS NULL
    JOIN counties k ON k.code = t.county_code AND k.is_home
    WHERE c.deleted_at IS NULL ORDER BY c.code`)
  // Communities are points, their areas unknown: a community-level facility belongs to
  // the community of its township whose point is nearest to it (measured on the spheroid).
  const eldercare = await db.any(sql.type(EldercareRow)`
    SELECT p.*, CASE WHEN p.kind = ANY(${sql.array([...COMMUNITY_KINDS], 'text')}) THEN
             (SELECT c.code FROM communities c WHERE c.deleted_at IS NULL AND c.township_code = p.township_code
              ORDER BY ST_Distance(c.geom::geography, p.geom::geography), c.code LIMIT 1) END AS community_code
    FROM (SELECT ${placed}, f.kind, f.beds, f.nursing_beds, f.embedded_beds, f.services, f.geom
          FROM eldercare_facilities f WHERE ${live}) p
    ORDER BY p.id`)
  const stations = await db.any(sql.type(StationRow)`
    SELECT ${placed}, f.tier, f.staff, f.certified_workers FROM social_work_stations f WHERE ${live} ORDER BY f.id`)
  const funeral = await db.any(sql.type(FuneralRow)`SELECT ${placed}, f.kind FROM funeral_facilities f WHERE ${live} ORDER BY f.id`)
  const cemeteries = await db.any(sql.type(CemeteryRow)`SELECT ${placed}, f.kind, f.level FROM cemeteries f WHERE ${live} ORDER BY f.id`)
  return { city, counties: [...counties], townships: [...townships], communities: [...communities], eldercare: [...eldercare], stations: [...stations], funeral: [...funeral], cemeteries: [...cemeteries] }
}

const GeometryRow = z.object({ level: z.string(), code: z.string(), geometry: z.string() })

/** The geometries of units (GeoJSON text, 6 decimals): counties and townships their areas, communities their points, the city its counties' union. */
export async function readUnitGeometries(db: CommonQueryMethods, units: { level: string; code: string }[]): Promise<Map<string, unknown>> {
  const codes = (level: string) => sql.array(units.filter((u) => u.level === level).map((u) => u.code), 'text')
  const rows = await db.any(sql.type(GeometryRow)`
    SELECT 'county' AS level, code, ST_AsGeoJSON(geom, 6) AS geometry FROM counties WHERE is_home AND code = ANY(${codes('county')})
    UNION ALL
    SELECT 'township', code, ST_AsGeoJSON(geom, 6) FROM townships WHERE deleted_at IS NULL AND code = ANY(${codes('township')})
    UNION ALL
    SELECT 'community', code, ST_AsGeoJSON(geom, 6) FROM communities WHERE deleted_at IS NULL AND code = ANY(${codes('community')})
    UNION ALL
    SELECT 'city', min(city_code) || '00', ST_AsGeoJSON(ST_Union(geom_generalised), 6) FROM counties
    WHERE is_home HAVING min(city_code) || '00' = ANY(${codes('city')})`)
  return new Map(rows.map((r) => [`${r.level}:${r.code}`, JSON.parse(r.geometry)]))
}
