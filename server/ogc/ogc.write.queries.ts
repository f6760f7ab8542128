import { z } from 'zod'
import type { CommonQueryMethods, FragmentSqlToken, ValueExpression } from 'slonik'
import { sql } from '../db/sql'
import type { Geometry } from '../geo/geojson'
import type { CollectionDescriptor, WriteSpec } from './collection'
import { COORDINATE_DECIMALS } from './ogc.queries'

/** A collection that takes writes. */
export type WritableCollection = CollectionDescriptor & { write: WriteSpec }

/** Values of writable properties, as validated by the collection's schema. */
export type PropertyValues = Record<string, string | number | boolean | null | string[]>

const Current = z.object({
  id: z.string(),
  version: z.number(),
  county: z.string().nullable(),
  properties: z.record(z.unknown()),
  geometry: z.record(z.unknown()),
})
/** A row as the write path sees it: its writable properties, geometry, version and county. */
export type CurrentFeature = z.infer<typeof Current>

function writableColumns(collection: WritableCollection): string[] {
  return Object.keys(collection.write.properties.shape)
}

function valueOf(value: PropertyValues[string]): ValueExpression {
  return Array.isArray(value) ? sql.array(value, 'text') : value
}

/** The geometry column's value from GeoJSON: 2D (heights are dropped), promoted to Multi* when the column is. */
function geometryValue(collection: CollectionDescriptor, geometry: Geometry): FragmentSqlToken {
  const g = sql.fragment`ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326))`
  return collection.geometryType.startsWith('Multi') ? sql.fragment`ST_Multi(${g})` : g
}

/** For each geometry, why PostGIS finds it invalid ("Self-intersection[113.2 33.7]"), or null when it is valid; in one statement. */
export async function geometryProblems(db: CommonQueryMethods, geometries: readonly Geometry[]): Promise<(string | null)[]> {
  const reasons = await db.anyFirst(sql.type(z.object({ reason: z.string() }))`
    SELECT ST_IsValidReason(ST_SetSRID(ST_GeomFromGeoJSON(g.json), 4326)) AS reason
    FROM unnest(${sql.array(geometries.map((g) => JSON.stringify(g)), 'text')}) WITH ORDINALITY AS g(json, n) ORDER BY g.n`)
  return reasons.map((reason) => (reason === 'Valid Geometry' ? null : reason))
}

const CityFit = z.object({
  city_name: z.string().nullable(),
  inside: z.boolean(),
  swapped: z.boolean(),
  nearest_name: z.string().nullable(),
  distance_m: z.number().nullable(),
  outside_m2: z.number().nullable(),
})
/**
 * How a geometry lies against the city (the union of `counties` WHERE `is_home`):
 * `inside` when the city covers it; otherwise `swapped` when its ST_FlipCoordinates would
 * lie inside; otherwise, when it misses the city entirely, `distance_m` (on the spheroid)
 * to it and the name of the nearest county-level unit; when it crosses the boundary,
 * `outside_m2`, the area on the spheroid of the part outside (0 for lines and points).
 * `city_name` is null when no home county is loaded.
 */
export type CityFit = z.infer<typeof CityFit>

/** Whether the city's own county-level units cover `geometry` (SRID 4326). */
function coveredByCity(geometry: FragmentSqlToken): FragmentSqlToken {
  // One county covering it settles it through the GiST index (always so for a point);
  // only a geometry across county lines needs the union, and then only of the counties it meets.
  return sql.fragment`CASE
    WHEN EXISTS (SELECT 1 FROM counties c WHERE c.is_home AND ST_Covers(c.geom, ${geometry})) THEN true
    ELSE coalesce((SELECT ST_Covers(ST_Union(c.geom), ${geometry}) FROM counties c WHERE c.is_home AND ST_Intersects(c.geom, ${geometry})), false)
  END`
}

/** Measures how a GeoJSON geometry (EPSG:4326) lies against the city: see {@link CityFit}. */
export function measureCityFit(db: CommonQueryMethods, geometry: Geometry): Promise<CityFit> {
  return db.one(sql.type(CityFit)`
    -- MATERIALIZED: inlined, each use of a column below would repeat its subqueries.
    WITH g AS MATERIALIZED (
      SELECT ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326)) AS geom
    ), fit AS MATERIALIZED (
      SELECT g.geom, ${coveredByCity(sql.fragment`g.geom`)} AS inside FROM g
    ), f AS MATERIALIZED (
      SELECT fit.geom, fit.inside,
             CASE WHEN fit.inside THEN false ELSE ${coveredByCity(sql.fragment`ST_FlipCoordinates(fit.geom)`)} END AS swapped,
             fit.inside OR EXISTS (SELECT 1 FROM counties c WHERE c.is_home AND ST_Intersects(c.geom, fit.geom)) AS touches
      FROM fit
    )
    SELECT (SELECT c.city_name FROM counties c WHERE c.is_home ORDER BY c.code LIMIT 1) AS city_name,
           f.inside, f.swapped, n.name AS nearest_name, n.distance_m,
           CASE WHEN f.touches AND NOT f.inside AND NOT f.swapped THEN
             ST_Area(ST_Difference(f.geom, (SELECT ST_Union(c.geom) FROM counties c WHERE c.is_home AND ST_Intersects(c.geom, f.geom)))::geography)
           END AS outside_m2
    FROM f
    -- The nearest unit by ::geography (metres on the spheroid) among those within twice the
    -- smallest planar distance in degrees (a KNN on the GiST index): a degree of longitude
    -- shrinks by cos(latitude), so no unit beyond that can be nearer up to latitude 60°.
    LEFT JOIN LATERAL (
      SELECT c.name, ST_Distance(c.geom::geography, f.geom::geography) AS distance_m
      FROM counties c
      WHERE NOT f.touches AND NOT f.swapped AND c.is_home
        AND ST_DWithin(c.geom, f.geom, 2 * (SELECT k.geom <-> f.geom FROM counties k WHERE k.is_home ORDER BY k.geom <-> f.geom LIMIT 1))
      ORDER BY distance_m, c.code
      LIMIT 1
    ) n ON true`)
}

/** Locks a live row for a write in this transaction and returns what the write path compares. */
export async function lockFeature(db: CommonQueryMethods, collection: WritableCollection, id: string): Promise<CurrentFeature | null> {
  return (await lockFeatures(db, collection, [id]))[0] ?? null
}

/** {@link lockFeature} of many rows in one statement: the live ones, in the order of `ids`. */
export function lockFeatures(db: CommonQueryMethods, collection: WritableCollection, ids: readonly string[]): Promise<readonly CurrentFeature[]> {
  const props = writableColumns(collection).map((c) => sql.fragment`${sql.literalValue(c)}, t.${sql.identifier([c])}`)
  return db.any(sql.type(Current)`
    SELECT t.${sql.identifier([collection.idColumn])}::text AS id, t.version, (${collection.write.countyOf})::text AS county,
           json_build_object(${sql.join(props, sql.fragment`, `)}) AS properties,
           ST_AsGeoJSON(t.${sql.identifier([collection.geometryColumn])}, 9)::json AS geometry
    FROM unnest(${sql.array(ids, 'text')}) WITH ORDINALITY AS k(id, n)
    JOIN ${sql.identifier([collection.table])} AS t ON t.${sql.identifier([collection.idColumn])}::text = k.id
    WHERE t.deleted_at IS NULL
    ORDER BY k.n
    FOR UPDATE OF t`)
}

/** Inserts a feature. @returns its id. */
export function insertFeature(
  db: CommonQueryMethods,
  collection: WritableCollection,
  properties: PropertyValues,
  geometry: Geometry,
): Promise<string> {
  const columns = Object.keys(properties)
  return db.oneFirst(sql.type(z.object({ id: z.string() }))`
    INSERT INTO ${sql.identifier([collection.table])}
      (${sql.join([...columns, collection.geometryColumn].map((c) => sql.identifier([c])), sql.fragment`, `)})
    VALUES (${sql.join([...columns.map((c) => valueOf(properties[c]!)), geometryValue(collection, geometry)], sql.fragment`, `)})
    RETURNING ${sql.identifier([collection.idColumn])}::text AS id`)
}

/** Writes the properties (and the geometry, when given) of a live row and bumps its version. */
export async function updateFeature(
  db: CommonQueryMethods,
  collection: WritableCollection,
  id: string,
  properties: PropertyValues,
  geometry: Geometry | undefined,
): Promise<void> {
  const sets = Object.entries(properties).map(([c, v]) => sql.fragment`${sql.identifier([c])} = ${valueOf(v)}`)
  if (geometry) {
    const column = sql.identifier([collection.geometryColumn])
    const value = geometryValue(collection, geometry)
    // A geometry sent back as it was served (rounded to COORDINATE_DECIMALS) keeps the stored
    // one: a client's GET → PUT of a feature must not move its vertices by rounding.
    sets.push(sql.fragment`${column} = CASE WHEN ST_AsGeoJSON(${column}, ${COORDINATE_DECIMALS})::jsonb = ST_AsGeoJSON(${value}, ${COORDINATE_DECIMALS})::jsonb THEN ${column} ELSE ${value} END`)
  }
  sets.push(sql.fragment`version = version + 1`)
  await db.query(sql.typeAlias('void')`
    UPDATE ${sql.identifier([collection.table])} SET ${sql.join(sets, sql.fragment`, `)}
    WHERE ${sql.identifier([collection.idColumn])}::text = ${id} AND deleted_at IS NULL`)
}

/** Marks a live row deleted (it stays in the table) and bumps its version. */
export async function softDeleteFeature(db: CommonQueryMethods, collection: WritableCollection, id: string): Promise<void> {
  await db.query(sql.typeAlias('void')`
    UPDATE ${sql.identifier([collection.table])} SET deleted_at = now(), version = version + 1
    WHERE ${sql.identifier([collection.idColumn])}::text = ${id} AND deleted_at IS NULL`)
}
