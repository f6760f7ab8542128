import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import type { TestProject } from 'vitest/node'
import { openDatabase } from '../server/db/database'
import { seedDatabase } from '../server/seeds'
import { loadConfig } from '../server/config'
import { createScratchDatabase } from './support/scratch-database'

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
    databaseKind: 'embedded' | 'postgres'
  }
}

/**
 * One database per test run: with TEST_DATABASE_URL, a fresh database on that server
 * (dropped afterwards); without it, one embedded PostGIS in a temporary folder. Either
 * way it is migrated and seeded once, and every suite connects to it.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL
  const scratch = serverUrl ? await createScratchDatabase(serverUrl) : undefined
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'civil-map-test-'))
  const database = await openDatabase({ databaseUrl: scratch?.url, dataDir })
  // The embedded database is served on a loopback port for the suites; keep it open.
  await seedDatabase(database.pool, loadConfig({}).cityDataDir, pino({ level: 'silent' }))
  const url = scratch?.url ?? (database.pool.configuration.connectionUri as string)
  project.provide('databaseUrl', url)
  project.provide('databaseKind', database.kind)
  return async () => {
    await database.close()
    await scratch?.drop()
    await fs.rm(dataDir, { recursive: true, force: true })
  }
}
