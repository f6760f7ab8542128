import type { DatabasePool } from 'slonik'
import { limitedBody } from '../http/input-guard'
import { route, type RouteTable } from '../http/routes'
import { ensureRoadGraph, summarizeRoadNetwork } from './graph.queries'
import { importRoads, readRoadsFile } from './roads-import'
import { RoadsImportQuery } from './roads.schemas'

/** The largest network file taken, in bytes: a province's .osm.pbf extract is about this size. */
export const MAX_NETWORK_BYTES = 200 * 1024 * 1024


/** `/api/roads`: the walking network's summary and its import (the roads themselves are served by the OGC API). */
export function roadsRoutes(db: DatabasePool): RouteTable {
  return {
    mount: '/api/roads',
    routes: [
      route({
        method: 'get',
        path: '/network',
        summary: 'The walking network: roads, graph edges and nodes, connected components, km (rebuilt first if the roads changed)',
        access: 'read',
        handler: async ({ res }) => {
          const generation = await ensureRoadGraph(db)
          res.json(await summarizeRoadNetwork(db, generation))
        },
      }),
      route({
        method: 'post',
        path: '/import',
        summary: 'Import roads from a GeoJSON FeatureCollection of lines or an OpenStreetMap .osm.pbf extract (the body), in one transaction; dry_run=true only reports',
        access: ['admin'],
        query: RoadsImportQuery,
        body: 'application/octet-stream',
        before: [limitedBody('application/octet-stream', MAX_NETWORK_BYTES)],
        handler: async ({ req, res, user, query }) => {
          const started = Date.now()
          const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
          const read = await readRoadsFile(bytes, query.source ?? 'survey')
          const readMs = Date.now() - started
          const report = await importRoads(db, read, { dryRun: query.dry_run === 'true', replace: query.replace === 'true', user })
          res.json({ ...report, bytes: bytes.length, read_ms: readMs, ms: Date.now() - started })
        },
      }),
    ],
  }
}
