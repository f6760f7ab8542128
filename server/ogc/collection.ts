import type { CommonQueryMethods, FragmentSqlToken } from 'slonik'
import type { AnyZodObject } from 'zod'
import type { AuthUser, Role } from '../auth/roles'
import type { ErrorCode, ErrorParams } from '../http/error-codes'

/**
 * JSON type of a published property, as OGC clients and the OpenAPI document see it, the
 * same when read and when written. `array` is an array of strings (GDAL: StringList).
 */
export type PropertyType = 'string' | 'integer' | 'number' | 'boolean' | 'array'

/** One property of a collection's features. */
export type PropertySpec = {
  type: PropertyType
  /** Human title (zh-CN first: the bureau's working language). */
  title: string
  description?: string
  /** SQL computing the value from the row (alias `t`); default: the column of the same name. */
  expression?: FragmentSqlToken
  /** May be used as an equality filter: `/items?county_code=410402`. */
  filterable?: boolean
  /** Allowed values (of the items, for an array), for the schemas and filter validation. */
  enum?: readonly string[]
  /** Bounds of a number, for the schemas. */
  minimum?: number
  maximum?: number
}

/** A rule across properties that a write breaks: the field to blame, and why as an error code. */
export type RuleBreak = { field: string; code: ErrorCode; params?: ErrorParams }

/**
 * Something a write may want the writer to know without refusing it (a name that repeats
 * another): the field, a code, and params that may hold records; sent in the
 * `Write-Warnings` header of the response (docs/api.md).
 */
export type WriteWarning = { field: string; code: ErrorCode; params?: Record<string, unknown> }

/**
 * OGC Simple Features geometry types a collection may declare; `Geometry` takes any of the
 * others, each feature its own (a register of places that are points, lines or areas).
 */
export type GeometryType = 'Point' | 'MultiPoint' | 'LineString' | 'MultiLineString' | 'Polygon' | 'MultiPolygon' | 'Geometry'

/**
 * Everything the OGC API (and, later, the tiles and the write path) needs to publish a
 * table as a feature collection. A domain publishes a collection by declaring one of
 * these in its `<domain>.collection.ts`; it writes no endpoints.
 */
export type CollectionDescriptor = {
  /** Stable snake_case id used in URLs (`/ogc/collections/{id}`). */
  id: string
  title: string
  description: string
  table: string
  idColumn: string
  geometryColumn: string
  geometryType: GeometryType
  properties: Record<string, PropertySpec>
  /** Who may read: `public` collections are readable without login. */
  read: 'public'
  /** Columns that order the items (default: the id column), so that paging is stable. */
  orderBy?: readonly string[]
  /** Present when the collection takes writes (OGC API Features Part 4). */
  write?: WriteSpec
}

/**
 * How a collection takes writes. Its table must have `version integer` (the ETag) and
 * `deleted_at timestamptz` (deletes are soft), and its writable properties are columns.
 */
export type WriteSpec = {
  /** Roles that may write, besides admin. */
  roles: readonly Role[]
  /**
   * The writable properties, as a strict zod object: the whole body of a create or a
   * replace, and what a merge patch must add up to.
   */
  properties: AnyZodObject
  /** Rules across properties (a part may not exceed its whole): the fields that break one, and why. */
  rules?: (properties: Record<string, unknown>) => RuleBreak[]
  /**
   * Values for properties a valid write leaves absent or empty (null, ''), from the rest
   * (a suggested spelling from the name): merged in before the rules and the write.
   */
  defaults?: (properties: Record<string, unknown>) => Record<string, unknown>
  /**
   * Warnings about rows just created or changed (`before`: a row's writable properties
   * before a change, null on create), read in the write's transaction: for each row, its own.
   */
  warnings?: (db: CommonQueryMethods, written: readonly { id: string; before: Record<string, unknown> | null }[]) => Promise<WriteWarning[][]>
  /** SQL giving the county-level code of a row (alias `t`), for county-scoped users. */
  countyOf: FragmentSqlToken
  /**
   * Refuse a geometry that does not lie within the city's own county-level units
   * (`counties.is_home`), saying how far outside it is or that its coordinates look swapped.
   * For the facility registers; not for townships and communities, which may be kept for
   * neighbouring counties too.
   */
  withinCity?: boolean
  /**
   * A check of a create, update or delete inside its transaction, with the row before and
   * after (null for a create or a delete), for rules the row alone cannot settle (who may
   * write it, a field only a workflow may change). Throws an HttpProblem to refuse the write.
   */
  check?: (db: CommonQueryMethods, change: { user: AuthUser; before: WrittenRow | null; after: WrittenRow | null }) => Promise<void>
}

/** A row as a write's check sees it: its writable properties and its GeoJSON geometry (9 decimals). */
export type WrittenRow = { id: string; properties: Record<string, unknown>; geometry: Record<string, unknown> }
