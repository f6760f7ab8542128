import { pino, type Logger } from 'pino'
import { inject } from 'vitest'
import type { DatabasePool } from 'slonik'
import { createApp, type SignsConfig } from '../../server/app'
import { loadConfig } from '../../server/config'
import { openPool } from '../../server/db/pool'
import { listen } from '../../server/http/listen'
import { readCity } from '../../server/system/city'

/** A pool on the run's shared test database. */
export function openTestPool(size = 4): Promise<DatabasePool> {
  return openPool(inject('databaseUrl'), size)
}

/** The real app on an ephemeral port over the shared test database; close it in afterAll. */
export async function startTestApp(
  options: { publicRead?: boolean; logger?: Logger; poolSize?: number; trustProxy?: boolean; webDir?: string; signs?: SignsConfig } = {},
): Promise<{ url: string; pool: DatabasePool; close: () => Promise<void> }> {
  const pool = await openTestPool(options.poolSize)
  const config = loadConfig({})
  const app = createApp({
    db: pool,
    databaseKind: inject('databaseKind'),
    clientConfig: { city: await readCity(config.cityDataDir), basemapTilesUrl: null },
    webDir: options.webDir ?? config.webDir,
    publicRead: options.publicRead ?? true,
    trustProxy: options.trustProxy,
    logger: options.logger ?? pino({ level: 'silent' }),
    signs: options.signs,
  })
  const { server, url } = await listen(app, 0, '127.0.0.1')
  return {
    url,
    pool,
    close: async () => {
      const closed = new Promise((resolve) => server.close(resolve))
      // close() ends only the connections idle at that moment; one still sending a body
      // (a test that read only the status) would hold it for the 125 s keep-alive timeout.
      server.closeAllConnections()
      await closed
      await pool.end()
    },
  }
}
