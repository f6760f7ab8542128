import { Router, type Request, type Response } from 'express'
import { z } from 'zod'
import {
  CheckIntegrityConstraintViolationError,
  ForeignKeyIntegrityConstraintViolationError,
  UniqueIntegrityConstraintViolationError,
  type CommonQueryMethods,
  type DatabasePool,
  type DatabaseTransactionConnection,
} from 'slonik'
import { requireRole } from '../auth/auth.middleware'
import { diffFields } from '../auth/audit'
import { recordAudit, recordAudits, type AuditEntry } from '../auth/audit.queries'
import { inScope, type AuthUser } from '../auth/roles'
import { Geometry } from '../geo/geojson'
import { outsideCityReason } from './outside-city-reason'
import { fieldErrors, parseBody } from '../http/body'
import { badRequest, fieldError, HttpProblem, notFound, type FieldError } from '../http/problem'
import { requireIfMatch, setEtag, staleVersion } from '../http/versioning'
import { errorText, type ErrorParams } from '../http/error-codes'
import type { CollectionDescriptor, GeometryType, WriteWarning } from './collection'
import { getItem } from './ogc.queries'
import {
  geometryProblems,
  insertFeature,
  lockFeature,
  lockFeatures,
  measureCityFit,
  softDeleteFeature,
  updateFeature,
  type CurrentFeature,
  type PropertyValues,
  type WritableCollection,
} from './ogc.write.queries'

/** Part 4 conformance classes, declared only when some collection takes writes. */
export const WRITE_CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete',
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update',
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/optimistic-locking-etags',
]

/** Geometry types a body may send for each column type (a Polygon fills a MultiPolygon column). */
const ACCEPTED_GEOMETRY: Record<GeometryType, string[]> = {
  Point: ['Point'],
  MultiPoint: ['Point', 'MultiPoint'],
  LineString: ['LineString'],
  MultiLineString: ['LineString', 'MultiLineString'],
  Polygon: ['Polygon'],
  MultiPolygon: ['Polygon', 'MultiPolygon'],
  Geometry: ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'],
}

const FeatureBody = z
  .object({ type: z.literal('Feature'), id: z.unknown().optional(), geometry: z.unknown(), properties: z.record(z.unknown()) })
  .strict()
const PatchBody = z
  .object({ type: z.literal('Feature').optional(), geometry: z.unknown().optional(), properties: z.record(z.unknown()).optional() })
  .strict()

/** A body's geometry, of a type the collection takes. @throws HttpProblem 400 naming the field. */
export function parseGeometry(collection: CollectionDescriptor, value: unknown): Geometry {
  const result = Geometry.safeParse(value)
  if (!result.success) throw badRequest(fieldErrors(result.error.issues, ['geometry']))
  const accepted = ACCEPTED_GEOMETRY[collection.geometryType]
  if (!accepted.includes(result.data.type)) {
    throw badRequest([fieldError('geometry.type', 'wrong_geometry_type', { expected: accepted, collection: collection.id })])
  }
  return result.data
}

/**
 * The writable properties of a body. Read-only properties that the collection serves
 * (`county_code`, `rules_ok`, …) are dropped, so that a feature read can be written back
 * as it is; any other unknown property is refused.
 */
export function parseProperties(collection: WritableCollection, value: Record<string, unknown>): PropertyValues {
  const writable = collection.write.properties.shape as Record<string, unknown>
  const given = Object.fromEntries(Object.entries(value).filter(([name]) => Object.hasOwn(writable, name) || !Object.hasOwn(collection.properties, name)))
  const result = collection.write.properties.strict().safeParse(given)
  if (!result.success) throw badRequest(fieldErrors(result.error.issues, ['properties'], Object.keys(collection.properties)))
  const values = withDefaults(collection, result.data)
  const broken = collection.write.rules?.(values) ?? []
  if (broken.length) throw badRequest(broken.map((e) => fieldError(`properties.${e.field}`, e.code, e.params)))
  return values as PropertyValues
}

/** The properties with the collection's defaults filled in where they are absent, null or ''. */
function withDefaults(collection: WritableCollection, values: Record<string, unknown>): Record<string, unknown> {
  if (!collection.write.defaults) return values
  const empty = (v: unknown) => v === undefined || v === null || v === ''
  const filled = Object.entries(collection.write.defaults(values)).filter(([name]) => empty(values[name]))
  return { ...values, ...Object.fromEntries(filled) }
}

/** The kinds of invalidity PostGIS names (ST_IsValidReason), as the keys the web app has words for. */
const INVALIDITY_KINDS: [RegExp, string][] = [
  [/^Ring Self-intersection/i, 'ring_self_intersection'],
  [/^Self-intersection/i, 'self_intersection'],
  [/^Too few points/i, 'too_few_points'],
  [/^Hole lies outside shell/i, 'hole_outside_shell'],
  [/^Nested (shells|holes)/i, 'nested_rings'],
  [/^Interior is disconnected/i, 'interior_disconnected'],
  [/^Duplicate Rings/i, 'duplicate_rings'],
]

/**
 * The params of an `invalid_geometry`: PostGIS's own reason, its kind, and where.
 * @example validityParams('Self-intersection[113.2 33.7]') // { problem: 'Self-intersection[113.2 33.7]', kind: 'self_intersection', at: '113.2, 33.7' }
 */
export function validityParams(reason: string): { problem: string; kind: string; at?: string } {
  const kind = INVALIDITY_KINDS.find(([re]) => re.test(reason))?.[1] ?? 'other'
  const at = /\[(\S+) (\S+)\]/.exec(reason)
  return at ? { problem: reason, kind, at: `${at[1]}, ${at[2]}` } : { problem: reason, kind }
}

/** RFC 7396 on flat properties: a null removes (sets null), any other value replaces. */
function mergePatch(current: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  return { ...current, ...patch }
}

/**
 * Sends a write's warnings in the `Write-Warnings` header: a JSON array of
 * `{field, code, params, reason}`, its non-ASCII characters written as \uXXXX escapes
 * (a header is ASCII); no header when there are none.
 */
function setWarnings(res: Response, warnings: WriteWarning[]): void {
  if (!warnings.length) return
  const entries = warnings.map((w) => ({ field: `properties.${w.field}`, code: w.code, params: w.params ?? {}, reason: errorText(w.code, flatParams(w.params)) }))
  res.set('Write-Warnings', JSON.stringify(entries).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))
}

/** The params a warning's English text can show (lists of names, not records). */
function flatParams(params: Record<string, unknown> = {}): ErrorParams {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => typeof v !== 'object' || (Array.isArray(v) && v.every((x) => typeof x !== 'object')))) as ErrorParams
}

/** Turns a constraint the database refused into the client's 4xx, naming the field. */
export function constraintProblem(error: unknown, collection: CollectionDescriptor): HttpProblem | undefined {
  if (error instanceof UniqueIntegrityConstraintViolationError) {
    // A deleted feature keeps its code: it may be taken by a feature no longer served.
    // The key names its column (<table>_<column>_key); the primary key is the id.
    const column = error.constraint?.endsWith('_key') ? error.constraint.replace(`${collection.table}_`, '').replace(/_key$/, '') : collection.idColumn
    return new HttpProblem(409, 'conflict', {}, [fieldError(`properties.${column}`, 'taken')])
  }
  if (error instanceof ForeignKeyIntegrityConstraintViolationError) {
    const column = error.constraint?.replace(`${collection.table}_`, '').replace(/_fkey$/, '') ?? 'properties'
    return badRequest([fieldError(`properties.${column}`, 'unknown_reference')])
  }
  if (error instanceof CheckIntegrityConstraintViolationError) {
    return badRequest([fieldError('properties', 'breaks_rule', { rule: error.constraint ?? 'of the table' })])
  }
  return undefined
}

function auditView(feature: CurrentFeature | null) {
  return feature ? { ...feature.properties, geometry: feature.geometry } : null
}

function checkScope(user: AuthUser, collection: CollectionDescriptor, counties: (string | null)[]) {
  if (!inScope(user, counties)) {
    const outside = [...new Set(counties.filter((c) => c === null || !user.countyCodes.includes(c)).map((c) => c ?? 'none'))]
    throw new HttpProblem(403, 'outside_scope', { collection: collection.id, allowed: user.countyCodes, counties: outside })
  }
}

/**
 * Why PostGIS (or, for a collection kept within the city, the city's outline) refuses a
 * geometry. Checked before any transaction, so that a refused geometry writes nothing and
 * holds no lock. @throws HttpProblem 400 naming `geometry`.
 */
export async function checkGeometry(db: CommonQueryMethods, collection: WritableCollection, geometry: Geometry | undefined): Promise<void> {
  if (!geometry) return
  const [error] = await geometryErrors(db, collection, [geometry])
  if (error) throw badRequest([error])
}

/** For each geometry, the error of `geometry` that {@link checkGeometry} would throw, or null; validity is checked in one statement. */
export async function geometryErrors(db: CommonQueryMethods, collection: WritableCollection, geometries: readonly Geometry[]): Promise<(FieldError | null)[]> {
  const reasons = await geometryProblems(db, geometries)
  const errors: (FieldError | null)[] = []
  for (const [i, geometry] of geometries.entries()) {
    const reason = reasons[i]
    const outside = !reason && collection.write.withinCity ? outsideCityReason(await measureCityFit(db, geometry)) : null
    errors.push(reason ? fieldError('geometry', 'invalid_geometry', validityParams(reason)) : outside ? fieldError('geometry', outside.code, outside.params) : null)
  }
  return errors
}

/**
 * Creates features in a transaction as the OGC create does: inserts each, then checks the
 * user's county scope and the collection's own check of each, and audits those that pass.
 * @returns for each feature, its id, or the problem why it is refused: then the caller
 *   rolls the transaction back (it holds the refused rows too).
 */
export async function createFeatures(
  tx: DatabaseTransactionConnection,
  collection: WritableCollection,
  user: AuthUser,
  features: readonly { properties: PropertyValues; geometry: Geometry }[],
): Promise<(string | HttpProblem)[]> {
  const ids: string[] = []
  for (const f of features) ids.push(await insertFeature(tx, collection, f.properties, f.geometry))
  const outcomes: (string | HttpProblem)[] = []
  const audits: AuditEntry[] = []
  const created = await lockFeatures(tx, collection, ids)
  if (created.length !== ids.length) throw new Error(`${ids.length - created.length} feature(s) of ${collection.id} just inserted could not be read back`)
  for (const after of created) {
    try {
      checkScope(user, collection, [after.county])
      await collection.write.check?.(tx, { user, before: null, after })
      audits.push({ user, action: 'create', table: collection.table, recordId: after.id, changes: diffFields(null, auditView(after)) })
      outcomes.push(after.id)
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error
      outcomes.push(error)
    }
  }
  await recordAudits(tx, audits)
  return outcomes
}

/**
 * OGC API Features Part 4 for every collection whose descriptor has `write`: create,
 * replace, merge-patch and (soft) delete, with the role and county-scope checks, body
 * validation, optimistic locking by ETag, and an audit entry in the same transaction.
 */
export function ogcWriteRouter(db: DatabasePool, collections: readonly CollectionDescriptor[]): Router {
  const router = Router()
  const byId = new Map(collections.map((c) => [c.id, c]))

  function writable(req: Request): { collection: WritableCollection; user: AuthUser } {
    const collection = byId.get(String(req.params.collectionId))
    if (!collection) throw notFound('unknown_collection', { collection: String(req.params.collectionId), collections: [...byId.keys()] })
    if (!collection.write) throw new HttpProblem(405, 'read_only_collection', { collection: collection.id })
    const user = requireRole(req, collection.write.roles)
    return { collection: collection as WritableCollection, user }
  }

  async function inTransaction<T>(collection: CollectionDescriptor, work: (tx: DatabaseTransactionConnection) => Promise<T>): Promise<T> {
    try {
      return await db.transaction(work)
    } catch (error) {
      throw constraintProblem(error, collection) ?? error
    }
  }

  router.post('/collections/:collectionId/items', async (req, res) => {
    const { collection, user } = writable(req)
    const body = parseBody(FeatureBody, req.body)
    const geometry = parseGeometry(collection, body.geometry)
    const properties = parseProperties(collection, body.properties)
    await checkGeometry(db, collection, geometry)
    const created = await inTransaction(collection, async (tx) => {
      const id = (await createFeatures(tx, collection, user, [{ properties, geometry }]))[0]!
      if (id instanceof HttpProblem) throw id
      return { ...(await getItem(tx, collection, id))!, warnings: (await collection.write.warnings?.(tx, [{ id, before: null }]))?.[0] ?? [] }
    })
    setEtag(res, created.version!)
    setWarnings(res, created.warnings)
    res
      .status(201)
      .location(`${req.baseUrl}/collections/${collection.id}/items/${encodeURIComponent(String(created.feature.id))}`)
      .type('application/geo+json')
      .send(JSON.stringify(created.feature))
  })

  async function update(req: Request, mode: 'replace' | 'patch') {
    const { collection, user } = writable(req)
    const id = String(req.params.featureId)
    const version = requireIfMatch(req)
    const body = mode === 'replace' ? parseBody(FeatureBody, req.body) : parseBody(PatchBody, req.body)
    const geometry = body.geometry === undefined && mode === 'patch' ? undefined : parseGeometry(collection, body.geometry)
    await checkGeometry(db, collection, geometry)
    return inTransaction(collection, async (tx) => {
      const before = await lockFeature(tx, collection, id)
      if (!before) throw notFound('unknown_feature', { id, collection: collection.id })
      if (before.version !== version) throw staleVersion(before.version)
      const properties = parseProperties(
        collection,
        mode === 'replace' ? (body.properties ?? {}) : mergePatch(before.properties, body.properties ?? {}),
      )
      if (collection.idColumn in properties && String(properties[collection.idColumn]) !== id) {
        throw badRequest([fieldError(`properties.${collection.idColumn}`, 'immutable')])
      }
      await updateFeature(tx, collection, id, properties, geometry)
      const after = (await lockFeature(tx, collection, id))!
      checkScope(user, collection, [before.county, after.county])
      await collection.write.check?.(tx, { user, before, after })
      await recordAudit(tx, { user, action: 'update', table: collection.table, recordId: id, changes: diffFields(auditView(before), auditView(after)) })
      return { ...(await getItem(tx, collection, id))!, warnings: (await collection.write.warnings?.(tx, [{ id, before: before.properties }]))?.[0] ?? [] }
    })
  }

  for (const [method, mode] of [['put', 'replace'], ['patch', 'patch']] as const) {
    router[method]('/collections/:collectionId/items/:featureId', async (req, res) => {
      const updated = await update(req, mode)
      setEtag(res, updated.version!)
      setWarnings(res, updated.warnings)
      res.type('application/geo+json').send(JSON.stringify(updated.feature))
    })
  }

  router.delete('/collections/:collectionId/items/:featureId', async (req, res) => {
    const { collection, user } = writable(req)
    const id = String(req.params.featureId)
    const version = requireIfMatch(req)
    await inTransaction(collection, async (tx) => {
      const before = await lockFeature(tx, collection, id)
      if (!before) throw notFound('unknown_feature', { id, collection: collection.id })
      if (before.version !== version) throw staleVersion(before.version)
      checkScope(user, collection, [before.county])
      await collection.write.check?.(tx, { user, before, after: null })
      await softDeleteFeature(tx, collection, id)
      await recordAudit(tx, { user, action: 'delete', table: collection.table, recordId: id, changes: diffFields(auditView(before), null) })
    })
    res.status(204).end()
  })

  return router
}
