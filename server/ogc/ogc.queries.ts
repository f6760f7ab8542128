import { z } from 'zod'
import type { CommonQueryMethods, FragmentSqlToken } from 'slonik'
import { sql } from '../db/sql'
import type { Bbox } from '../http/params'
import type { CollectionDescriptor } from './collection'

/** A filter on an items query: features intersecting `bbox` whose properties equal the given values. */
export type ItemsFilter = {
  bbox?: Bbox
  equals: { property: string; value: string | number | boolean }[]
}

const Feature = z.object({
  type: z.literal('Feature'),
  id: z.union([z.string(), z.number()]),
  geometry: z.unknown(),
  properties: z.record(z.unknown()),
})
const FeatureRow = z.object({ feature: Feature })
const CountRow = z.object({ n: z.number() })
const ExtentRow = z.object({ bbox: z.array(z.number()).nullable() })

/** GeoJSON feature as the OGC API serves it (coordinates in CRS84). */
export type GeoJsonFeature = z.infer<typeof Feature>

/** Decimal places of served coordinates: 1e-7 degree is about 1 cm. */
export const COORDINATE_DECIMALS = 7

function propertyExpression(collection: CollectionDescriptor, name: string): FragmentSqlToken {
  const spec = collection.properties[name]
  if (!spec) throw new Error(`${collection.id} has no property ${name}`)
  return spec.expression ?? sql.fragment`t.${sql.identifier([name])}`
}

export function featureExpression(collection: CollectionDescriptor): FragmentSqlToken {
  const properties = Object.keys(collection.properties).map(
    (name) => sql.fragment`${sql.literalValue(name)}, ${propertyExpression(collection, name)}`,
  )
  return sql.fragment`json_build_object(
    'type', 'Feature',
    'id', t.${sql.identifier([collection.idColumn])},
    'geometry', ST_AsGeoJSON(t.${sql.identifier([collection.geometryColumn])}, ${COORDINATE_DECIMALS})::json,
    'properties', json_build_object(${sql.join(properties, sql.fragment`, `)}))`
}

function whereClause(collection: CollectionDescriptor, filter: ItemsFilter): FragmentSqlToken {
  const conditions: FragmentSqlToken[] = []
  if (filter.bbox) {
    const [minLon, minLat, maxLon, maxLat] = filter.bbox
    // ST_Intersects uses the GiST index on the geometry column.
    conditions.push(sql.fragment`ST_Intersects(t.${sql.identifier([collection.geometryColumn])},
      ST_MakeEnvelope(${minLon}, ${minLat}, ${maxLon}, ${maxLat}, 4326))`)
  }
  if (collection.write) conditions.push(sql.fragment`t.deleted_at IS NULL`)
  for (const { property, value } of filter.equals) {
    conditions.push(sql.fragment`${propertyExpression(collection, property)} = ${value}`)
  }
  return conditions.length ? sql.fragment`${sql.join(conditions, sql.fragment` AND `)}` : sql.fragment`TRUE`
}

/** Lists one page of a collection's features, in a stable order. */
export async function listItems(
  db: CommonQueryMethods,
  collection: CollectionDescriptor,
  filter: ItemsFilter,
  page: { limit: number; offset: number },
): Promise<{ features: GeoJsonFeature[]; numberMatched: number }> {
  const from = sql.fragment`FROM ${sql.identifier([collection.table])} AS t WHERE ${whereClause(collection, filter)}`
  const order = (collection.orderBy ?? [collection.idColumn]).map((c) => sql.identifier(['t', c]))
  const rows = await db.any(sql.type(FeatureRow)`
    SELECT ${featureExpression(collection)} AS feature ${from}
    ORDER BY ${sql.join(order, sql.fragment`, `)}
    LIMIT ${page.limit} OFFSET ${page.offset}`)
  const numberMatched = await db.oneFirst(sql.type(CountRow)`SELECT count(*)::int AS n ${from}`)
  return { features: rows.map((r) => r.feature), numberMatched }
}

const VersionedFeatureRow = z.object({ feature: Feature, version: z.number().nullable() })

/** One feature by id with its version (null for read-only collections), or null. Deleted features are not found. */
export async function getItem(
  db: CommonQueryMethods,
  collection: CollectionDescriptor,
  id: string,
): Promise<{ feature: GeoJsonFeature; version: number | null } | null> {
  return db.maybeOne(sql.type(VersionedFeatureRow)`
    SELECT ${featureExpression(collection)} AS feature, ${collection.write ? sql.fragment`t.version` : sql.fragment`NULL::int`} AS version
    FROM ${sql.identifier([collection.table])} AS t
    WHERE t.${sql.identifier([collection.idColumn])}::text = ${id}
      ${collection.write ? sql.fragment`AND t.deleted_at IS NULL` : sql.fragment``}`)
}

/**
 * The collection's bounding box in CRS84, or null when it has no features. It is rounded
 * outwards to the decimals coordinates are served with, so that every served coordinate
 * (rounded to the nearest) lies inside it.
 */
export async function getExtent(db: CommonQueryMethods, collection: CollectionDescriptor): Promise<number[] | null> {
  const scale = 10 ** COORDINATE_DECIMALS
  return db.oneFirst(sql.type(ExtentRow)`
    SELECT CASE WHEN e IS NULL THEN NULL ELSE ARRAY[
      floor(ST_XMin(e) * ${scale}) / ${scale}, floor(ST_YMin(e) * ${scale}) / ${scale},
      ceil(ST_XMax(e) * ${scale}) / ${scale}, ceil(ST_YMax(e) * ${scale}) / ${scale}]::float8[] END AS bbox
    FROM (SELECT ST_Extent(t.${sql.identifier([collection.geometryColumn])}) AS e
          FROM ${sql.identifier([collection.table])} AS t ${collection.write ? sql.fragment`WHERE t.deleted_at IS NULL` : sql.fragment``}) x`)
}

const ChangesRow = z.object({ generation: z.number(), changed_at: z.number() })

/**
 * How often the published tables have changed (the sum of their `table_changes`
 * generations, which only grows) and when they last did (Unix seconds). Every insert,
 * update and delete bumps it, whoever makes it.
 */
export function getDataVersion(db: CommonQueryMethods): Promise<{ generation: number; changed_at: number }> {
  return db.one(sql.type(ChangesRow)`
    SELECT coalesce(sum(generation), 0)::float8 AS generation, coalesce(extract(epoch FROM max(changed_at)), 0)::float8 AS changed_at
    FROM table_changes`)
}

const TriggerRow = z.object({ table_name: z.string() })

/** The tables that have the change trigger of `table_changes` (a collection's table must). */
export async function listTrackedTables(db: CommonQueryMethods): Promise<string[]> {
  const rows = await db.any(sql.type(TriggerRow)`
    SELECT DISTINCT c.relname AS table_name FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
    JOIN pg_proc p ON p.oid = g.tgfoid WHERE p.proname = 'note_table_change' ORDER BY 1`)
  return rows.map((r) => r.table_name)
}
