import type { CollectionDescriptor } from './collection'
import { idType, isWritable, propertySchema } from './schemas'

const problem = { description: 'A problem (RFC 9457)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } }

/**
 * The OpenAPI 3.0 definition of the OGC API, generated from the collection descriptors,
 * so that clients see exactly what is served.
 *
 * Each items path refers to `#/components/parameters/limit` by `$ref`: GDAL 3.8+ takes its
 * page size from the `schema.default` and `schema.maximum` of the parameter whose `$ref`
 * names `limit` (an inline parameter it does not read), which gives it pages of 1000 here.
 * GDAL 3.6 and 3.7 never read this document and ask for 10 at a time unless told
 * `-oo PAGE_SIZE=…`.
 */
export function buildOpenApi(
  base: string,
  collections: readonly CollectionDescriptor[],
  limits: { default: number; maximum: number },
  /** Paths of the analyses under /api on the same data (from their route tables), served from the host's root. */
  analyses: Record<string, object> = {},
): Record<string, unknown> {
  const paths: Record<string, unknown> = {
    '/': { get: { summary: 'Landing page', operationId: 'getLandingPage', responses: { 200: { description: 'Links to the API' } } } },
    '/conformance': { get: { summary: 'Conformance classes', operationId: 'getConformance', responses: { 200: { description: 'Conformance classes' } } } },
    '/collections': { get: { summary: 'Feature collections', operationId: 'getCollections', responses: { 200: { description: 'The collections' } } } },
  }
  for (const c of collections) {
    const filters = Object.entries(c.properties)
      .filter(([, spec]) => spec.filterable)
      .map(([name, spec]) => ({ name, in: 'query', required: false, description: `Features whose ${name} equals this value`, schema: propertySchema(spec) }))
    paths[`/collections/${c.id}`] = {
      get: { summary: c.title, operationId: `describe_${c.id}`, responses: { 200: { description: 'The collection' }, 404: problem } },
    }
    const writes = c.write
      ? {
          security: [{ bearer: [] }, { basic: [] }, { session: [] }],
          responses: { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 412: problem, 428: problem },
        }
      : undefined
    const ifMatch = { name: 'If-Match', in: 'header', required: true, description: 'The ETag of the version being changed', schema: { type: 'string' } }
    const featureBody = { required: true, content: { 'application/geo+json': { schema: { $ref: `#/components/schemas/${c.id}_feature` } } } }
    paths[`/collections/${c.id}/items`] = {
      ...(writes
        ? {
            post: {
              summary: `${c.title}: create a feature`,
              operationId: `create_${c.id}_item`,
              requestBody: featureBody,
              ...writes,
              responses: { 201: { description: 'Created; Location and ETag headers' }, ...writes.responses },
            },
          }
        : {}),
      get: {
        summary: `${c.title}: features`,
        operationId: `get_${c.id}_items`,
        parameters: [
          { $ref: '#/components/parameters/limit' },
          { $ref: '#/components/parameters/offset' },
          { $ref: '#/components/parameters/bbox' },
          ...filters,
        ],
        responses: {
          200: {
            description: 'A page of features',
            content: { 'application/geo+json': { schema: { $ref: `#/components/schemas/${c.id}_collection` } } },
          },
          400: problem,
        },
      },
    }
    const featureId = { name: 'featureId', in: 'path', required: true, schema: { type: idType(c) } }
    paths[`/collections/${c.id}/items/{featureId}`] = {
      get: {
        summary: `${c.title}: one feature`,
        operationId: `get_${c.id}_item`,
        parameters: [featureId],
        responses: { 200: { description: 'The feature, with its ETag' }, 404: problem },
      },
      ...(writes
        ? {
            put: { summary: `${c.title}: replace a feature`, operationId: `replace_${c.id}_item`, parameters: [featureId, ifMatch], requestBody: featureBody, ...writes, responses: { 200: { description: 'Replaced; new ETag' }, ...writes.responses } },
            patch: {
              summary: `${c.title}: change a feature (JSON merge patch)`,
              operationId: `update_${c.id}_item`,
              parameters: [featureId, ifMatch],
              requestBody: { required: true, content: { 'application/merge-patch+json': { schema: { type: 'object' } } } },
              ...writes,
              responses: { 200: { description: 'Changed; new ETag' }, ...writes.responses },
            },
            delete: { summary: `${c.title}: delete a feature (kept, marked deleted)`, operationId: `delete_${c.id}_item`, parameters: [featureId, ifMatch], ...writes, responses: { 204: { description: 'Deleted' }, ...writes.responses } },
          }
        : {}),
    }
  }
  const schemas: Record<string, unknown> = {
    Problem: {
      type: 'object',
      properties: {
        type: { type: 'string' },
        title: { type: 'string' },
        status: { type: 'integer' },
        detail: { type: 'string' },
        code: { type: 'string', description: 'A stable error code; params fill in its message' },
        params: { type: 'object' },
        errors: {
          type: 'array',
          items: { type: 'object', properties: { field: { type: 'string' }, code: { type: 'string' }, params: { type: 'object' }, reason: { type: 'string' } } },
        },
      },
    },
  }
  for (const c of collections) {
    if (c.write) {
      schemas[`${c.id}_feature`] = {
        type: 'object',
        required: ['type', 'geometry', 'properties'],
        properties: {
          type: { type: 'string', enum: ['Feature'] },
          geometry: { type: 'object', description: `GeoJSON ${c.geometryType}` },
          properties: {
            type: 'object',
            additionalProperties: false,
            properties: Object.fromEntries(
              Object.entries(c.properties).map(([n, spec]) => [n, propertySchema(spec, !isWritable(c, n))]),
            ),
          },
        },
      }
    }
    schemas[`${c.id}_collection`] = {
      type: 'object',
      properties: {
        type: { type: 'string', enum: ['FeatureCollection'] },
        numberMatched: { type: 'integer' },
        numberReturned: { type: 'integer' },
        features: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              type: { type: 'string', enum: ['Feature'] },
              id: { type: idType(c) },
              geometry: { type: 'object', description: `GeoJSON ${c.geometryType}` },
              properties: { type: 'object', properties: Object.fromEntries(Object.entries(c.properties).map(([n, s]) => [n, propertySchema(s, !isWritable(c, n))])) },
            },
          },
        },
      },
    }
  }
  const root = new URL(base).origin
  for (const [path, item] of Object.entries(analyses)) paths[path] = { servers: [{ url: root }], ...item }
  return {
    openapi: '3.0.3',
    info: { title: '民政地理信息服务 Civil-affairs map service', version: '1.0.0' },
    servers: [{ url: base }],
    paths,
    components: {
      parameters: {
        limit: {
          name: 'limit',
          in: 'query',
          required: false,
          style: 'form',
          explode: false,
          schema: { type: 'integer', minimum: 1, maximum: limits.maximum, default: limits.default },
        },
        offset: { name: 'offset', in: 'query', required: false, schema: { type: 'integer', minimum: 0, default: 0 } },
        bbox: {
          name: 'bbox',
          in: 'query',
          required: false,
          style: 'form',
          explode: false,
          description: 'minLon,minLat,maxLon,maxLat in CRS84',
          schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } },
        },
      },
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A personal API token (POST /api/auth/tokens)' },
        basic: { type: 'http', scheme: 'basic', description: 'HTTP Basic with a personal API token as the password (any user name), for clients such as QGIS 3.22' },
        session: { type: 'apiKey', in: 'cookie', name: 'cam_session', description: 'The web session; writes also need X-CSRF-Token' },
      },
    },
  }
}
