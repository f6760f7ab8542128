import type { DatabasePool } from 'slonik'
import type { Logger } from 'pino'
import { getDatabaseVersions, type DatabaseKind } from '../db/database'
import { route, type RouteTable } from '../http/routes'
import type { City } from './city'

/** What the web app needs to know at start: the city and the optional basemap. */
export type ClientConfig = {
  city: City
  basemapTilesUrl: string | null
}

/** `/api/health` (for monitors: 200 when the database answers, 503 when not) and `/api/config`. */
export function systemRoutes(options: { db: DatabasePool; kind: DatabaseKind; clientConfig: ClientConfig; logger: Logger }): RouteTable {
  return {
    mount: '/api',
    routes: [
      route({
        method: 'get',
        path: '/health',
        summary: 'Whether the service and its database answer',
        access: 'public',
        handler: async ({ res }) => {
          try {
            const versions = await getDatabaseVersions(options.db)
            res.json({ status: 'ok', database: { kind: options.kind, postgis: versions.postgis, postgres: versions.postgres } })
          } catch (error) {
            options.logger.error({ err: error }, 'health check: database unavailable')
            res.status(503).json({ status: 'error', database: { kind: options.kind, error: 'database unavailable' } })
          }
        },
      }),
      route({
        method: 'get',
        path: '/config',
        summary: 'The city and the basemap the web app starts with',
        access: 'public',
        handler: ({ res }) => {
          res.json(options.clientConfig)
        },
      }),
    ],
  }
}
