import type { AddressInfo } from 'node:net'
import { pino, type Logger } from 'pino'
import { inject } from 'vitest'
import type { DatabasePool } from 'slonik'
import { createApp } from '../../server/app'
import { loadConfig } from '../../server/config'
import { openPool } from '../../server/db/pool'
import { readCity } from '../../server/system/city'

/** A pool on the run's shared test database. */
export function openTestPool(size = 4): Promise<DatabasePool> {
  return openPool(inject('databaseUrl'), size)
}

/** The real app on an ephemeral port over the shared test database; close it in afterAll. */
export async function startTestApp(
  options: { publicRead?: boolean; logger?: Logger; poolSize?: number; trustProxy?: boolean } = {},
): Promise<{ url: string; pool: DatabasePool; close: () => Promise<void> }> {
  const pool = await openTestPool(options.poolSize)
  const config = loadConfig({})
  const app = createApp({
    db: pool,
    databaseKind: inject('databaseKind'),
    clientConfig: { city: await readCity(config.cityDataDir), basemapTilesUrl: null },
    webDir: config.webDir,
    publicRead: options.publicRead ?? true,
    trustProxy: options.trustProxy,
    logger: options.logger ?? pino({ level: 'silent' }),
  })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    pool,
    close: async () => {
      await new Promise((resolve) => server.close(resolve))
      await pool.end()
    },
  }
}
