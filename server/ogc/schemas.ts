import type { CollectionDescriptor, GeometryType, PropertySpec } from './collection'

/** JSON Schema 2020-12, as OGC API Features Part 5 uses it. */
const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema'

/** Part 5's format of each geometry type. */
const GEOMETRY_FORMATS: Record<GeometryType, string> = {
  Point: 'geometry-point',
  MultiPoint: 'geometry-multipoint',
  LineString: 'geometry-linestring',
  MultiLineString: 'geometry-multilinestring',
  Polygon: 'geometry-polygon',
  MultiPolygon: 'geometry-multipolygon',
  Geometry: 'geometry-any',
}

/** Whether a client may set the property (it is one of the write schema's keys). */
export function isWritable(collection: CollectionDescriptor, name: string): boolean {
  return !!collection.write && name in collection.write.properties.shape
}

/**
 * The JSON Schema of one property. Its `type` is one string, never `[T, "null"]`: GDAL
 * 3.6 types a field only from a plain `type`; any property may be null unless `required`.
 */
export function propertySchema(spec: PropertySpec, readOnly = false): Record<string, unknown> {
  const schema: Record<string, unknown> = { title: spec.title, type: spec.type }
  if (spec.description) schema.description = spec.description
  if (spec.type === 'array') schema.items = { type: 'string', ...(spec.enum ? { enum: spec.enum } : {}) }
  else if (spec.enum) schema.enum = spec.enum
  if (spec.minimum !== undefined) schema.minimum = spec.minimum
  if (spec.maximum !== undefined) schema.maximum = spec.maximum
  if (readOnly) schema.readOnly = true
  return schema
}

/** The JSON type of the collection's feature ids: its id column's property type, else a number. */
export function idType(collection: CollectionDescriptor): 'string' | 'integer' {
  return collection.properties[collection.idColumn]?.type === 'string' ? 'string' : 'integer'
}

/**
 * The schema of a collection's features (OGC API Features Part 5, "Schemas"): every
 * property with its type, `readOnly` for those the server computes, and the id and the
 * geometry marked by `x-ogc-role`.
 *
 * GDAL (3.6 and later) does not read Part 5's flat `properties`: it builds an example of
 * a GeoJSON Feature from the schema and takes its fields from that example's `properties`
 * member, and where a schema has `allOf` it reads only that. So `allOf` also holds the
 * GeoJSON shape of the same feature (`$defs.geojson`), whose `properties` member refers
 * to the flat entries and leaves out `id` and `geometry` (GDAL would make String fields of
 * them). It constrains only a member named `properties`, which the flat form never has,
 * so the document still validates both the flat feature and its GeoJSON encoding.
 */
export function featureSchema(collection: CollectionDescriptor, url: string): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    id: { title: 'id', type: idType(collection), 'x-ogc-role': 'id', readOnly: true },
    geometry: { title: 'geometry', format: GEOMETRY_FORMATS[collection.geometryType], 'x-ogc-role': 'primary-geometry' },
  }
  for (const [name, spec] of Object.entries(collection.properties)) {
    properties[name] = propertySchema(spec, !isWritable(collection, name))
  }
  const geojson = {
    title: 'The feature as GeoJSON',
    type: 'object',
    properties: {
      type: { type: 'string', enum: ['Feature'] },
      id: { $ref: '#/properties/id' },
      geometry: { type: 'object', description: `GeoJSON ${collection.geometryType}` },
      properties: {
        type: 'object',
        properties: Object.fromEntries(Object.keys(collection.properties).map((name) => [name, { $ref: `#/properties/${name}` }])),
      },
    },
  }
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: url,
    type: 'object',
    title: collection.title,
    description: collection.description,
    properties,
    allOf: [{ $ref: '#/$defs/geojson' }],
    $defs: { geojson },
  }
}

/** The queryables of a collection (OGC API Features Part 3): the properties `/items` filters on by equality. */
export function queryablesSchema(collection: CollectionDescriptor, url: string): Record<string, unknown> {
  const properties = Object.fromEntries(
    Object.entries(collection.properties)
      .filter(([, spec]) => spec.filterable)
      .map(([name, spec]) => [name, propertySchema(spec)]),
  )
  return { $schema: JSON_SCHEMA_DIALECT, $id: url, type: 'object', title: collection.title, properties, additionalProperties: false }
}
