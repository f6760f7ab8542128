import { createHash } from 'node:crypto'
import { Router, type Request, type Response } from 'express'
import type { DatabasePool } from 'slonik'
import { INT4_MAX } from '../http/fields'
import { badRequest, collectingProblems, fieldError, notFound, type FieldError } from '../http/problem'
import { parseBbox, parseInteger, singleParam } from '../http/params'
import { setEtag } from '../http/versioning'
import type { CollectionDescriptor } from './collection'
import { getDataVersion, getExtent, getItem, listItems, type ItemsFilter } from './ogc.queries'
import { buildOpenApi } from './openapi'
import { WRITE_CONFORMANCE } from './ogc.write'
import { featureSchema, queryablesSchema } from './schemas'

/** Conformance classes this API implements. */
export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
  'http://www.opengis.net/spec/ogcapi-features-5/1.0/conf/schemas',
]

/** Paging limits of `/items`: a limit above the maximum is refused with 400. */
export const LIMITS = { default: 100, maximum: 10_000 } as const

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'
const ITEMS_PARAMS = new Set(['limit', 'offset', 'bbox', 'bbox-crs', 'datetime', 'f'])

const GEOJSON = 'application/geo+json'
const JSON_TYPE = 'application/json'
const SCHEMA_TYPE = 'application/schema+json'
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/

function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host')}${req.baseUrl}`
}

/**
 * Writes a JSON answer. Not res.send: it would make a 304 of its own from If-Modified-Since
 * or from the ETag of a record's version; revalidate() alone decides what is current.
 */
function sendJson(res: Response, type: string, body: unknown): void {
  res.status(200).type(type).end(JSON.stringify(body))
}

/** Only JSON is served; `f=json` is accepted for clients that always send it. */
function checkFormat(req: Request): void {
  const f = singleParam(req.query, 'f')
  if (f !== undefined && f !== 'json') throw badRequest([fieldError('f', 'unsupported_format', { value: f })])
}

function parseFilter(req: Request, collection: CollectionDescriptor): { filter: ItemsFilter; limit: number; offset: number } {
  const errors: FieldError[] = []
  const attempt = collectingProblems((problem) => errors.push(...problem.errors))
  const q = req.query as Record<string, unknown>
  for (const name of Object.keys(q)) {
    if (!ITEMS_PARAMS.has(name) && !collection.properties[name]?.filterable) {
      const filterable = Object.keys(collection.properties).filter((p) => collection.properties[p]!.filterable)
      errors.push(fieldError(name, 'unknown_parameter', { allowed: [...ITEMS_PARAMS, ...filterable] }))
    }
  }
  const limitText = attempt(() => singleParam(q, 'limit'))
  const limit = limitText === undefined ? LIMITS.default : attempt(() => parseInteger(limitText, 'limit', 1, LIMITS.maximum))
  const offsetText = attempt(() => singleParam(q, 'offset'))
  const offset = offsetText === undefined ? 0 : attempt(() => parseInteger(offsetText, 'offset', 0, Number.MAX_SAFE_INTEGER))
  const bboxText = attempt(() => singleParam(q, 'bbox'))
  const bbox = bboxText === undefined ? undefined : attempt(() => parseBbox(bboxText))
  const bboxCrs = attempt(() => singleParam(q, 'bbox-crs'))
  if (bboxCrs !== undefined && bboxCrs !== CRS84) errors.push(fieldError('bbox-crs', 'unsupported_crs', { crs: CRS84 }))
  attempt(() => checkFormat(req))
  const equals: ItemsFilter['equals'] = []
  for (const [property, spec] of Object.entries(collection.properties)) {
    if (!spec.filterable) continue
    const text = attempt(() => singleParam(q, property))
    if (text === undefined) continue
    if (spec.enum && !spec.enum.includes(text)) {
      errors.push(fieldError(property, 'not_one_of', { options: spec.enum }))
    } else if (spec.type === 'boolean') {
      // 1 and 0 too: GDAL sends a boolean filter (`-where "rules_ok = 0"`) as a number.
      if (['true', 'false', '1', '0'].includes(text)) equals.push({ property, value: text === 'true' || text === '1' })
      else errors.push(fieldError(property, 'not_one_of', { options: ['true', 'false', '1', '0'] }))
    } else if (spec.type === 'integer' || spec.type === 'number') {
      const n = Number(text)
      if (!NUMBER.test(text) || !Number.isFinite(n)) errors.push(fieldError(property, 'wrong_type', { expected: spec.type }))
      else if (spec.type === 'integer' && !Number.isInteger(n)) errors.push(fieldError(property, 'not_integer'))
      // The database compares with the column's type: a value outside it could not be read.
      else if (spec.type === 'integer' && Math.abs(n) > INT4_MAX) errors.push(fieldError(property, 'too_big', { maximum: INT4_MAX }))
      else equals.push({ property, value: n })
    } else equals.push({ property, value: text })
  }
  if (errors.length) throw badRequest(errors)
  return { filter: { bbox, equals }, limit: limit!, offset: offset! }
}

function itemsUrl(req: Request, collection: CollectionDescriptor, offset: number, limit: number): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(req.query)) {
    if (key !== 'offset' && key !== 'limit' && typeof value === 'string') params.set(key, value)
  }
  params.set('limit', String(limit))
  params.set('offset', String(offset))
  return `${baseUrl(req)}/collections/${collection.id}/items?${params}`
}

function collectionLinks(base: string, collection: CollectionDescriptor) {
  const at = `${base}/collections/${collection.id}`
  return [
    { href: at, rel: 'self', type: JSON_TYPE, title: collection.title },
    { href: `${at}/items`, rel: 'items', type: GEOJSON, title: collection.title },
    // GDAL 3.6 reads the schema from exactly this link (rel and type as written here).
    { href: `${at}/schema`, rel: 'describedBy', type: SCHEMA_TYPE, title: 'Schema of the features' },
    { href: `${at}/queryables`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/queryables', type: SCHEMA_TYPE, title: 'Queryable properties' },
  ]
}

/**
 * A short hash of what the collections publish (ids, geometry types, property names and
 * types): part of every ETag, so that a copy made before the published shape changed is
 * not current, while all server processes of one release agree.
 */
function shapeTag(collections: readonly CollectionDescriptor[]): string {
  const shape = collections.map((c) => [c.id, c.geometryType, Object.entries(c.properties).map(([name, p]) => [name, p.type])])
  return createHash('sha1').update(JSON.stringify(shape)).digest('base64url').slice(0, 8)
}

/** Whether an If-None-Match header names the (weak) entity tag. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  const bare = (tag: string) => tag.trim().replace(/^W\//, '')
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag))
}

/**
 * The OGC API Features router (Part 1: Core, GeoJSON, OpenAPI 3.0), built over the
 * collection descriptors. Mount it at `/ogc`.
 */
export function ogcRouter(db: DatabasePool, collections: readonly CollectionDescriptor[], analyses: Record<string, object> = {}): Router {
  const byId = new Map(collections.map((c) => [c.id, c]))
  const router = Router()
  const shape = shapeTag(collections)
  /** Extents by collection, as of one data generation: recomputed only after some table changed. */
  let extents: { generation: number; byId: Map<string, Promise<number[] | null>> } = { generation: -1, byId: new Map() }

  function findCollection(id: string): CollectionDescriptor {
    const collection = byId.get(id)
    if (!collection) throw notFound('unknown_collection', { collection: id, collections: [...byId.keys()] })
    return collection
  }

  /**
   * Sets ETag and Last-Modified from the data version (one small query) and answers 304
   * when If-None-Match names the current ETag; otherwise returns the generation for the
   * caches. If-Modified-Since alone never gives a 304: two changes may fall in one second,
   * which Last-Modified cannot tell apart (it says when the data last changed, for people).
   */
  async function revalidate(req: Request, res: Response): Promise<number | null> {
    const version = await getDataVersion(db)
    const etag = `W/"${version.generation}-${shape}"`
    res.setHeader('ETag', etag)
    res.setHeader('Last-Modified', new Date(version.changed_at * 1000).toUTCString())
    res.setHeader('Cache-Control', 'no-cache')
    // Set here too: the compression middleware adds it only to answers with a body.
    res.vary('Accept-Encoding')
    if (matches(req.get('if-none-match'), etag)) {
      res.status(304).end()
      return null
    }
    return version.generation
  }

  function extentOf(collection: CollectionDescriptor, generation: number): Promise<number[] | null> {
    if (extents.generation !== generation) extents = { generation, byId: new Map() }
    let extent = extents.byId.get(collection.id)
    if (!extent) {
      extent = getExtent(db, collection)
      extents.byId.set(collection.id, extent)
      extent.catch(() => extents.byId.delete(collection.id))
    }
    return extent
  }

  async function describe(base: string, collection: CollectionDescriptor, generation: number) {
    const bbox = await extentOf(collection, generation)
    return {
      id: collection.id,
      title: collection.title,
      description: collection.description,
      itemType: 'feature',
      crs: [CRS84],
      storageCrs: CRS84,
      ...(bbox ? { extent: { spatial: { bbox: [bbox], crs: CRS84 } } } : {}),
      links: collectionLinks(base, collection),
    }
  }

  router.get('/', (req, res) => {
    checkFormat(req)
    const base = baseUrl(req)
    sendJson(res, JSON_TYPE, {
      title: '民政地理信息服务 Civil-affairs map service',
      description: 'Feature data of the civil-affairs bureau as OGC API Features',
      links: [
        { href: `${base}`, rel: 'self', type: JSON_TYPE, title: 'This document' },
        { href: `${base}/api`, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.0', title: 'OpenAPI definition' },
        { href: `${base}/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'Conformance classes' },
        { href: `${base}/collections`, rel: 'data', type: JSON_TYPE, title: 'Collections' },
      ],
    })
  })

  router.get('/conformance', (req, res) => {
    checkFormat(req)
    const writable = collections.some((c) => c.write)
    sendJson(res, JSON_TYPE, { conformsTo: writable ? [...CONFORMANCE, ...WRITE_CONFORMANCE] : CONFORMANCE })
  })

  router.get('/api', (req, res) => {
    sendJson(res, 'application/vnd.oai.openapi+json;version=3.0', buildOpenApi(baseUrl(req), collections, LIMITS, analyses))
  })

  router.get('/collections', async (req, res) => {
    checkFormat(req)
    const generation = await revalidate(req, res)
    if (generation === null) return
    const base = baseUrl(req)
    const described = await Promise.all(collections.map((c) => describe(base, c, generation)))
    sendJson(res, JSON_TYPE, {
      links: [{ href: `${base}/collections`, rel: 'self', type: JSON_TYPE, title: 'Collections' }],
      collections: described,
    })
  })

  router.get('/collections/:collectionId', async (req, res) => {
    checkFormat(req)
    const collection = findCollection(req.params.collectionId)
    const generation = await revalidate(req, res)
    if (generation === null) return
    sendJson(res, JSON_TYPE, await describe(baseUrl(req), collection, generation))
  })

  router.get('/collections/:collectionId/schema', (req, res) => {
    checkFormat(req)
    const collection = findCollection(req.params.collectionId)
    sendJson(res, SCHEMA_TYPE, featureSchema(collection, `${baseUrl(req)}/collections/${collection.id}/schema`))
  })

  router.get('/collections/:collectionId/queryables', (req, res) => {
    checkFormat(req)
    const collection = findCollection(req.params.collectionId)
    sendJson(res, SCHEMA_TYPE, queryablesSchema(collection, `${baseUrl(req)}/collections/${collection.id}/queryables`))
  })

  router.get('/collections/:collectionId/items', async (req, res) => {
    const collection = findCollection(req.params.collectionId)
    const { filter, limit, offset } = parseFilter(req, collection)
    if ((await revalidate(req, res)) === null) return
    const { features, numberMatched } = await listItems(db, collection, filter, { limit, offset })
    const links = [
      { href: itemsUrl(req, collection, offset, limit), rel: 'self', type: GEOJSON, title: 'This page' },
      { href: `${baseUrl(req)}/collections/${collection.id}`, rel: 'collection', type: JSON_TYPE, title: collection.title },
    ]
    if (offset + features.length < numberMatched) {
      links.push({ href: itemsUrl(req, collection, offset + limit, limit), rel: 'next', type: GEOJSON, title: 'Next page' })
    }
    if (offset > 0) {
      links.push({ href: itemsUrl(req, collection, Math.max(0, offset - limit), limit), rel: 'prev', type: GEOJSON, title: 'Previous page' })
    }
    sendJson(res, GEOJSON, {
      type: 'FeatureCollection',
      numberMatched,
      numberReturned: features.length,
      timeStamp: new Date().toISOString(),
      features,
      links,
    })
  })

  router.get('/collections/:collectionId/items/:featureId', async (req, res) => {
    checkFormat(req)
    const collection = findCollection(req.params.collectionId)
    const item = await getItem(db, collection, req.params.featureId)
    if (!item) throw notFound('unknown_feature', { id: req.params.featureId, collection: collection.id })
    const { feature, version } = item
    if (version !== null) setEtag(res, version)
    const base = `${baseUrl(req)}/collections/${collection.id}`
    const body = {
      ...feature,
      links: [
        { href: `${base}/items/${encodeURIComponent(String(feature.id))}`, rel: 'self', type: GEOJSON },
        { href: base, rel: 'collection', type: JSON_TYPE, title: collection.title },
      ],
    }
    // The ETag is the record's version, for If-Match; its computed properties (sums, rule
    // checks) change without it, so the answer is never a 304.
    res.setHeader('Cache-Control', 'no-cache')
    sendJson(res, GEOJSON, body)
  })

  return router
}
