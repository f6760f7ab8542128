import { Router, type Request, type RequestHandler, type Response } from 'express'
import { z } from 'zod'
import { requireRole, requireUser } from '../auth/auth.middleware'
import type { AuthUser, Role } from '../auth/roles'
import { parseBody, parseQuery } from './body'
import { parseInteger } from './params'

/**
 * Who may call a route: anyone; anyone who may read the data (anyone when PUBLIC_READ is
 * on, else any signed-in user); any signed-in user; or holders of one of the roles (admin always).
 */
export type RouteAccess = 'public' | 'read' | 'user' | readonly Role[]

/** What a handler gets: the request and response, and its input already validated. */
export type RouteContext<Q, B> = {
  req: Request
  res: Response
  /** The signed-in user, for routes that are not public. */
  user: AuthUser
  query: Q
  body: B
  /** Path parameters, integers parsed strictly. */
  params: Record<string, number | string>
}

/**
 * One route of a domain's table. The table is the one place a route is declared: the
 * router, the OpenAPI document of `/api`, the route-access test (test/route-access.test.ts)
 * and the fuzz harness (test/fuzz/fuzz.test.ts) read it, so a route joins all four by
 * being listed.
 */
export type RouteSpec = {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  /** Express path below the table's mount, e.g. `/tokens/:id`. */
  path: string
  summary: string
  access: RouteAccess
  /** The query parameters, as a strict zod object of strings; none allowed when absent. */
  query?: z.AnyZodObject
  /**
   * The JSON body's schema, or `text/csv` for a CSV body and `application/octet-stream`
   * for a file of any type (a Buffer), each read by the route's own `before` middleware.
   */
  body?: z.ZodTypeAny | RawBody
  /** Path parameters that are integer ids, with their largest value. */
  integerParams?: Record<string, number>
  /** Middleware run after the access check and before the input is parsed (e.g. a CSV body parser). */
  before?: RequestHandler[]
  handler: (context: RouteContext<any, any>) => unknown
}

/** Bodies that are not JSON: read by the route's own middleware, handed over as they are. */
export type RawBody = 'text/csv' | 'application/octet-stream'

/** Whether a route's body is read by its own middleware rather than parsed as JSON. */
export function isRawBody(body: RouteSpec['body']): body is RawBody {
  return body === 'text/csv' || body === 'application/octet-stream'
}

/** A domain's routes and where they are mounted. */
export type RouteTable = { mount: string; routes: RouteSpec[] }

/** Declares a route with its handler typed by its query and body schemas. */
export function route<Q extends z.AnyZodObject | undefined = undefined, B extends z.ZodTypeAny | RawBody | undefined = undefined>(
  spec: Omit<RouteSpec, 'query' | 'body' | 'handler'> & {
    query?: Q
    body?: B
    handler: (
      context: RouteContext<Q extends z.AnyZodObject ? z.infer<Q> : Record<string, never>, B extends z.ZodTypeAny ? z.infer<B> : B extends 'text/csv' ? string : B extends 'application/octet-stream' ? Buffer : undefined>,
    ) => unknown
  },
): RouteSpec {
  return spec as RouteSpec
}

const EMPTY_QUERY = z.object({}).strict()

function checkAccess(req: Request, access: RouteAccess, publicRead: boolean): AuthUser {
  if (access === 'public' || (access === 'read' && publicRead)) return req.auth?.user as AuthUser
  if (access === 'read') return requireUser(req)
  if (access === 'user') return requireUser(req)
  return requireRole(req, access)
}

/**
 * The Express router of a table: each route checks access, then validates its path
 * parameters, query and body (a 400 naming each bad field), then runs its handler.
 */
export function routerOf(table: RouteTable, options: { publicRead: boolean }): Router {
  const router = Router()
  for (const spec of table.routes) {
    const handle: RequestHandler = async (req, res) => {
      const params: Record<string, number | string> = { ...(req.params as Record<string, string>) }
      for (const [name, max] of Object.entries(spec.integerParams ?? {})) params[name] = parseInteger(String(req.params[name]), name, 1, max)
      const query = parseQuery(spec.query ?? EMPTY_QUERY, req.query)
      const body = spec.body === undefined || isRawBody(spec.body) ? req.body : parseBody(spec.body, req.body ?? {})
      await spec.handler({ req, res, user: req.auth?.user as AuthUser, query, body, params })
    }
    const access: RequestHandler = (req, _res, next) => {
      checkAccess(req, spec.access, options.publicRead)
      next()
    }
    router[spec.method](spec.path, access, ...(spec.before ?? []), handle)
  }
  return router
}
