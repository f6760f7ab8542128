import { randomBytes } from 'node:crypto'
import { createPool } from 'slonik'
import { sql } from '../../server/db/sql'

/**
 * Creates an empty database on the server of `serverUrl`, for one test run.
 * @returns its URL and a function that drops it.
 */
export async function createScratchDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `civil_map_test_${Date.now()}_${randomBytes(3).toString('hex')}`
  const admin = await createPool(serverUrl, { maximumPoolSize: 1 })
  await admin.query(sql.typeAlias('void')`CREATE DATABASE ${sql.identifier([name])}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(sql.typeAlias('void')`DROP DATABASE IF EXISTS ${sql.identifier([name])} WITH (FORCE)`)
      await admin.end()
    },
  }
}
