import type { z } from 'zod'
import type { RouteSpec, RouteTable } from './routes'

type Def = { typeName: string; [key: string]: any }

/** The JSON Schema of a zod schema, for the shapes the route tables use (objects of strings, numbers, enums, arrays). */
export function jsonSchemaOf(schema: z.ZodTypeAny): Record<string, unknown> {
  const def = schema._def as Def
  switch (def.typeName) {
    case 'ZodObject': {
      const shape = (schema as z.AnyZodObject).shape as Record<string, z.ZodTypeAny>
      const required = Object.entries(shape).filter(([, v]) => !v.isOptional()).map(([k]) => k)
      return {
        type: 'object',
        properties: Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, jsonSchemaOf(v)])),
        ...(required.length ? { required } : {}),
        additionalProperties: false,
      }
    }
    case 'ZodString':
      return { type: 'string' }
    case 'ZodNumber':
      return { type: (def.checks as { kind: string }[]).some((c) => c.kind === 'int') ? 'integer' : 'number' }
    case 'ZodBoolean':
      return { type: 'boolean' }
    case 'ZodEnum':
      return { type: 'string', enum: def.values }
    case 'ZodArray':
      return { type: 'array', items: jsonSchemaOf(def.type) }
    case 'ZodOptional':
    case 'ZodDefault':
    case 'ZodNullable':
      return jsonSchemaOf(def.innerType)
    case 'ZodEffects':
      return jsonSchemaOf(def.schema)
    default:
      return {}
  }
}

function operation(spec: RouteSpec): Record<string, unknown> {
  const pathParams = [...spec.path.matchAll(/:(\w+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: spec.integerParams?.[m[1]!] ? 'integer' : 'string', minimum: 1 },
  }))
  const query = spec.query ? (jsonSchemaOf(spec.query).properties as Record<string, unknown>) : {}
  const required = new Set(spec.query ? ((jsonSchemaOf(spec.query).required as string[] | undefined) ?? []) : [])
  const queryParams = Object.entries(query).map(([name, schema]) => ({ name, in: 'query', required: required.has(name), schema }))
  const body =
    spec.body === 'text/csv'
      ? { required: true, content: { 'text/csv': { schema: { type: 'string' } } } }
      : spec.body === 'application/octet-stream'
        ? { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } }, 'application/geo+json': { schema: { type: 'object' } } } }
        : spec.body
          ? { required: true, content: { 'application/json': { schema: jsonSchemaOf(spec.body) } } }
          : undefined
  const access = spec.access === 'public' ? undefined : spec.access === 'read' ? 'anyone who may read the data (anyone when PUBLIC_READ is on, else any signed-in user)' : spec.access === 'user' ? 'any signed-in user' : `roles: ${[...spec.access, 'admin'].join(', ')}`
  return {
    summary: spec.summary,
    ...(access ? { description: `Who may call it: ${access}`, security: [{ bearer: [] }, { basic: [] }, { session: [] }] } : {}),
    parameters: [...pathParams, ...queryParams],
    ...(body ? { requestBody: body } : {}),
    responses: {
      200: { description: 'The answer' },
      default: { description: 'A problem (RFC 9457) with a code', content: { 'application/problem+json': { schema: { type: 'object' } } } },
    },
  }
}

/**
 * The OpenAPI 3.0 document of the workflow API (`/api`), generated from the domains' route
 * tables, so that it lists exactly the routes that are served.
 */
export function routesOpenApi(tables: readonly RouteTable[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const table of tables) {
    for (const spec of table.routes) {
      const path = `${table.mount}${spec.path}`.replace(/:(\w+)/g, '{$1}')
      paths[path] = { ...paths[path], [spec.method]: operation(spec) }
    }
  }
  return {
    openapi: '3.0.3',
    info: { title: '民政地理信息服务 workflow API', version: '1.0.0', description: 'Sign-in, tokens, administration, imports and analyses; the feature data is at /ogc' },
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A personal API token' },
        basic: { type: 'http', scheme: 'basic', description: 'HTTP Basic with a personal API token as the password' },
        session: { type: 'apiKey', in: 'cookie', name: 'cam_session', description: 'The web session; writes also need X-CSRF-Token' },
      },
    },
  }
}
