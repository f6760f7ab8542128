import fs from 'node:fs'
import path from 'node:path'
import express from 'express'
import { pinoHttp } from 'pino-http'
import type { DatabasePool } from 'slonik'
import type { Logger } from 'pino'
import { areasCollections } from './areas/areas.collection'
import { boundariesCollections } from './boundaries/boundaries.collection'
import type { DatabaseKind } from './db/database'
import { errorHandler, HttpProblem, unknownRoute } from './http/problem'
import type { CollectionDescriptor } from './ogc/collection'
import { ogcRouter } from './ogc/ogc.routes'
import { systemRouter, type ClientConfig } from './system/system.routes'

/** Every published collection, in the order the API lists them. */
export const collections: readonly CollectionDescriptor[] = [...areasCollections, ...boundariesCollections]

/**
 * Builds the Express app: the data API, the workflow API, the web app, and the one
 * error handler that turns every failure into problem+json.
 */
export function createApp(options: {
  db: DatabasePool
  databaseKind: DatabaseKind
  clientConfig: ClientConfig
  webDir: string
  logger: Logger
}): express.Express {
  const { db, logger } = options
  const app = express()
  app.disable('x-powered-by')
  app.set('query parser', 'simple')
  app.use(pinoHttp({ logger, autoLogging: { ignore: (req) => req.url === '/api/health' } }))
  app.use(express.json({ limit: '2mb', type: ['application/json', 'application/geo+json', 'application/merge-patch+json'] }))

  app.use('/api', systemRouter({ db, kind: options.databaseKind, clientConfig: options.clientConfig, logger }))
  app.use('/ogc', ogcRouter(db, collections))
  app.use(['/api', '/ogc'], unknownRoute)

  if (fs.existsSync(path.join(options.webDir, 'index.html'))) {
    app.use(express.static(options.webDir, { index: 'index.html', maxAge: '1h', setHeaders: noCacheForHtml }))
  } else {
    app.get('/', () => {
      throw new HttpProblem(503, 'Web app not built', 'Run "npm run build" (npm start does it for you)')
    })
  }
  app.use(unknownRoute)
  app.use(errorHandler(logger))
  return app
}

function noCacheForHtml(res: express.Response, file: string) {
  if (file.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache')
}
