import path from 'node:path'
import { z } from 'zod'
import type { DatabasePool } from 'slonik'
import { startEmbeddedDatabase } from './embedded'
import { migrate } from './migrate'
import { openPool } from './pool'
import { sql } from './sql'

/** Which PostgreSQL the service talks to: the embedded PGlite or a real server. */
export type DatabaseKind = 'embedded' | 'postgres'

/** The service's database: a slonik pool plus what is needed to shut it down cleanly. */
export type Database = {
  pool: DatabasePool
  kind: DatabaseKind
  /** Ends the pool, then stops the embedded database (if any), so no write is lost. */
  close: () => Promise<void>
}

const POOL_SIZE = 10

/**
 * Connects to `databaseUrl`, or starts the embedded PostGIS in `<dataDir>/pglite` when it
 * is unset, then applies pending migrations.
 */
export async function openDatabase(options: {
  databaseUrl: string | undefined
  dataDir: string
}): Promise<Database & { migrationsApplied: number[] }> {
  const embedded = options.databaseUrl
    ? undefined
    : await startEmbeddedDatabase({ dataDir: path.join(options.dataDir, 'pglite'), maxConnections: POOL_SIZE * 2 })
  const url = options.databaseUrl ?? embedded!.url
  let pool: DatabasePool | undefined
  try {
    pool = await openPool(url, POOL_SIZE)
    const migrationsApplied = await migrate(pool)
    const opened = pool
    return {
      pool: opened,
      kind: embedded ? 'embedded' : 'postgres',
      migrationsApplied,
      close: async () => {
        await opened.end()
        await embedded?.close()
      },
    }
  } catch (error) {
    await pool?.end()
    await embedded?.close()
    throw error
  }
}

const Versions = z.object({ postgres: z.string(), postgis: z.string() })

/** Versions of PostgreSQL and PostGIS, for /api/health. */
export function getDatabaseVersions(db: DatabasePool) {
  return db.one(sql.type(Versions)`
    SELECT current_setting('server_version') AS postgres, postgis_lib_version() AS postgis`)
}
