import fs from 'node:fs/promises'
import type { Server } from 'node:http'
import type { DatabasePool } from 'slonik'
import os from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import { createApp } from '../server/app'
import { loadConfig } from '../server/config'
import { openDatabase, type DatabaseKind } from '../server/db/database'
import { listen } from '../server/http/listen'
import { seedDatabase } from '../server/seeds'
import { readCity } from '../server/system/city'

/**
 * The server as the benchmarks measure it: in this process, on a fresh embedded PostGIS
 * (or on `DATABASE_URL`, seeded if empty), listening as `server/main.ts` does.
 * @returns its URL, the database kind and pool, the HTTP server, and `stop` to close everything.
 */
export async function startBenchServer(): Promise<{ url: string; kind: DatabaseKind; pool: DatabasePool; server: Server; stop: () => Promise<void> }> {
  const config = loadConfig()
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'civil-map-bench-'))
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir })
  const logger = pino({ level: 'silent' })
  await seedDatabase(database.pool, config.cityDataDir, logger)
  const app = createApp({
    db: database.pool,
    databaseKind: database.kind,
    clientConfig: { city: await readCity(config.cityDataDir), basemapTilesUrl: null },
    webDir: config.webDir,
    publicRead: true,
    logger,
  })
  const { server, url } = await listen(app, 0, '127.0.0.1')
  return {
    url,
    kind: database.kind,
    pool: database.pool,
    server,
    stop: async () => {
      server.close()
      await database.close()
      await fs.rm(dataDir, { recursive: true, force: true })
    },
  }
}
