import { z } from 'zod'
import type { CommonQueryMethods, FragmentSqlToken, ValueExpression } from 'slonik'
import { sql } from '../db/sql'
import type { Geometry } from '../geo/geojson'
import type { CollectionDescriptor, WriteSpec } from './collection'

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

/** Why PostGIS finds the geometry invalid ("Self-intersection[113.2 33.7]"), or null when it is valid. */
export async function geometryProblem(db: CommonQueryMethods, geometry: Geometry): Promise<string | null> {
  const reason = await db.oneFirst(sql.type(z.object({ reason: z.string() }))`
    SELECT ST_IsValidReason(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326)) AS reason`)
  return reason === 'Valid Geometry' ? null : reason
}

/** Locks a live row for a write in this transaction and returns what the write path compares. */
export function lockFeature(db: CommonQueryMethods, collection: WritableCollection, id: string): Promise<CurrentFeature | null> {
  const props = writableColumns(collection).map((c) => sql.fragment`${sql.literalValue(c)}, t.${sql.identifier([c])}`)
  return db.maybeOne(sql.type(Current)`
    SELECT t.${sql.identifier([collection.idColumn])}::text AS id, t.version, (${collection.write.countyOf})::text AS county,
           json_build_object(${sql.join(props, sql.fragment`, `)}) AS properties,
           ST_AsGeoJSON(t.${sql.identifier([collection.geometryColumn])}, 9)::json AS geometry
    FROM ${sql.identifier([collection.table])} AS t
    WHERE t.${sql.identifier([collection.idColumn])}::text = ${id} AND t.deleted_at IS NULL
    FOR UPDATE`)
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
  if (geometry) sets.push(sql.fragment`${sql.identifier([collection.geometryColumn])} = ${geometryValue(collection, geometry)}`)
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
