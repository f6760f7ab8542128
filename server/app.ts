import fs from 'node:fs'
import path from 'node:path'
import compression from 'compression'
import express from 'express'
import helmet from 'helmet'
import { pinoHttp } from 'pino-http'
import type { DatabasePool } from 'slonik'
import type { Logger } from 'pino'
import { areasCollections } from './areas/areas.collection'
import { areasRoutes } from './areas/areas.routes'
import { boundariesCollections } from './boundaries/boundaries.collection'
import { boundariesRoutes } from './boundaries/boundaries.routes'
import { cjkFontFromEnv, type CjkFont } from './http/pdf'
import { eldercareCollections } from './eldercare/eldercare.collection'
import { funeralCollections } from './funeral/funeral.collection'
import { placeNamesCollections } from './place-names/place-names.collection'
import { roadsCollections } from './roads/roads.collection'
import { roadsRoutes } from './roads/roads.routes'
import { socialWorkCollections } from './social-work/social-work.collection'
import { adminRoutes } from './auth/admin.routes'
import { authenticate, csrfProtection, requireUser } from './auth/auth.middleware'
import { authRoutes } from './auth/auth.routes'
import { coverageRoutes } from './coverage/coverage.routes'
import { filesRoutes } from './files/files.routes'
import { withRuleChecks } from './coverage/rule-checks'
import type { DatabaseKind } from './db/database'
import { guardInput, jsonBody } from './http/input-guard'
import { errorHandler, HttpProblem, unknownRoute } from './http/problem'
import { route, routerOf, type RouteTable } from './http/routes'
import { routesOpenApi } from './http/routes-openapi'
import { serveWebApp } from './http/web-app'
import type { CollectionDescriptor } from './ogc/collection'
import { ogcRouter } from './ogc/ogc.routes'
import { ogcWriteRouter } from './ogc/ogc.write'
import { placeNamesRoutes } from './place-names/place-names.routes'
import { placeNameCasesRoutes } from './place-names/cases.routes'
import { nameSearchRoutes } from './place-names/search.routes'
import { signsCollections } from './signs/signs.collection'
import { signsRoutes } from './signs/signs.routes'
import { signPagesRoutes } from './signs/sign-pages.routes'
import { systemRoutes, type ClientConfig } from './system/system.routes'

/** Every published collection, in the order the API lists them, the registers with their rule checks. */
export const collections: readonly CollectionDescriptor[] = [
  ...areasCollections,
  ...eldercareCollections,
  ...socialWorkCollections,
  ...funeralCollections,
  ...boundariesCollections,
  ...roadsCollections,
  ...placeNamesCollections,
  ...signsCollections,
].map(withRuleChecks)

/** Every `/api` route, in one list per domain: the app, the route-access test and the fuzz harness read it. */
export function routeTables(options: { db: DatabasePool; kind: DatabaseKind; clientConfig: ClientConfig; logger: Logger; signs?: SignsConfig; pdfFont?: CjkFont }): RouteTable[] {
  const { db } = options
  const tables: RouteTable[] = [systemRoutes(options), authRoutes(db), adminRoutes(db), areasRoutes(db), roadsRoutes(db), coverageRoutes(db, options.logger), placeNamesRoutes(db), placeNameCasesRoutes(db), nameSearchRoutes(db), filesRoutes(db)]
  const signs = options.signs ?? { publicBaseUrl: null, contact: null }
  tables.push(signsRoutes(db, signs), signPagesRoutes(db, { city: options.clientConfig.city, contact: signs.contact }))
  tables.push(boundariesRoutes(db, options.pdfFont ?? cjkFontFromEnv()))
  const document = route({
    method: 'get',
    path: '/openapi.json',
    summary: 'This document: the OpenAPI 3.0 definition of every /api route (the feature data has its own at /ogc/api)',
    access: 'public',
    handler: ({ res }) => {
      res.type('application/vnd.oai.openapi+json;version=3.0').send(JSON.stringify(routesOpenApi(tables)))
    },
  })
  tables.push({ mount: '/api', routes: [document] })
  return tables
}

/** PUBLIC_BASE_URL (what QR codes encode; unset: the address a request came to) and the bureau's contact on the public sign pages. */
export type SignsConfig = { publicBaseUrl: string | null; contact: string | null }

/** Whether a request goes to a route that reads a file as its body (`:id` matches any path segment). */
function fileRouteMatcher(tables: RouteTable[]): (method: string, path: string) => boolean {
  const patterns = tables.flatMap((t) =>
    t.routes
      .filter((r) => r.body === 'application/octet-stream')
      .map((r) => ({ method: r.method.toUpperCase(), re: new RegExp(`^${`${t.mount}${r.path}`.replace(/\/+$/, '').replace(/:\w+/g, '[^/]+')}/?$`, 'i') })),
  )
  return (method, path) => patterns.some((p) => p.method === method && p.re.test(path))
}

/**
 * Builds the Express app: the data API, the workflow API, the web app, and the one
 * error handler that turns every failure into problem+json.
 */
export function createApp(options: {
  db: DatabasePool
  databaseKind: DatabaseKind
  clientConfig: ClientConfig
  webDir: string
  /** false: reading the data API needs a signed-in user. */
  publicRead: boolean
  /** Express's `trust proxy` (see Config). */
  trustProxy?: boolean | number | string
  logger: Logger
  signs?: SignsConfig
}): express.Express {
  const { db, logger } = options
  const app = express()
  app.disable('x-powered-by')
  app.set('query parser', 'simple')
  app.set('trust proxy', options.trustProxy ?? false)
  app.use(helmet({ contentSecurityPolicy: { directives: contentSecurityPolicy(options.clientConfig.basemapTilesUrl) } }))
  app.use(
    pinoHttp({
      logger,
      autoLogging: { ignore: (req) => req.url === '/api/health' },
      // Method, path and status only: headers carry cookies and tokens.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  )
  app.use(compression())
  const tables = routeTables({ db, kind: options.databaseKind, clientConfig: options.clientConfig, logger, signs: options.signs })
  // Routes that take a file read it themselves (a GeoJSON network may be far larger than 2 MB).
  const isFileRoute = fileRouteMatcher(tables)
  const json = jsonBody({ limit: '2mb', type: ['application/json', 'application/geo+json', 'application/merge-patch+json'] })
  app.use((req, res, next) => (isFileRoute(req.method, req.path) ? next() : json(req, res, next)))
  app.use(guardInput)
  // The public sign pages serve everyone alike: no session is read there, so none is needed to send a report.
  const signIn = authenticate(db)
  app.use((req, res, next) => (/^\/s(\/|$)/.test(req.path) ? next() : signIn(req, res, next)))
  app.use(csrfProtection)

  for (const table of tables) {
    app.use(table.mount, routerOf(table, { publicRead: options.publicRead }))
  }
  if (!options.publicRead) {
    app.use('/ogc', (req, _res, next) => {
      requireUser(req)
      next()
    })
  }
  // The analyses over the feature data are listed in the OGC API's document too.
  const analyses = Object.fromEntries(
    Object.entries(routesOpenApi(tables).paths as Record<string, object>).filter(([path]) => /^\/api\/(coverage|roads)\//.test(path)),
  )
  app.use('/ogc', ogcRouter(db, collections, analyses), ogcWriteRouter(db, collections))
  app.use(['/api', '/ogc'], unknownRoute)

  if (fs.existsSync(path.join(options.webDir, 'index.html'))) {
    app.use(serveWebApp(options.webDir))
  } else {
    app.get('/', () => {
      throw new HttpProblem(503, 'web_app_not_built')
    })
  }
  app.use(unknownRoute)
  app.use(errorHandler(logger))
  return app
}

/** A CSP the map works under: its worker is a same-origin script, tiles only from the configured basemap. */
function contentSecurityPolicy(basemapTilesUrl: string | null) {
  const basemap = basemapTilesUrl ? [new URL(basemapTilesUrl.replace(/[{}]/g, '')).origin] : []
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:', ...basemap],
    connectSrc: ["'self'", ...basemap],
    workerSrc: ["'self'", 'blob:'],
    childSrc: ["'self'", 'blob:'],
    fontSrc: ["'self'", 'data:'],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    upgradeInsecureRequests: null,
  }
}
