import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import type { CommonQueryMethods, DatabasePool } from 'slonik'
import { splitSql } from './split-sql'
import { sql } from './sql'

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')

/** Any key for pg_advisory_lock that other applications are unlikely to pick. */
const MIGRATION_LOCK_KEY = 4104_2021

/** A migration file: `NNN_name.sql`, applied in order of NNN. */
export type Migration = { id: number; name: string; file: string }

/** Lists the migration files in order. */
export async function listMigrations(dir = migrationsDir): Promise<Migration[]> {
  const files = (await fs.readdir(dir)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
  return files
    .map((file) => ({ id: Number(file.slice(0, 3)), name: file.slice(4, -4), file: path.join(dir, file) }))
    .sort((a, b) => a.id - b.id)
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, each in its own
 * transaction, under an advisory lock so that several processes starting at once apply
 * each migration exactly once.
 * @returns the ids applied by this call.
 */
export async function migrate(pool: DatabasePool): Promise<number[]> {
  const migrations = await listMigrations()
  return pool.connect(async (connection) => {
    await connection.query(sql.typeAlias('void')`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`)
    try {
      await connection.query(sql.typeAlias('void')`
        CREATE TABLE IF NOT EXISTS schema_migrations (
          id integer PRIMARY KEY,
          name text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        )`)
      const applied = new Set(
        await connection.manyFirst(sql.type(z.object({ id: z.number() }))`SELECT id FROM schema_migrations`).catch(
          () => [] as number[],
        ),
      )
      const done: number[] = []
      for (const migration of migrations) {
        if (applied.has(migration.id)) continue
        const text = await fs.readFile(migration.file, 'utf8')
        await connection.transaction(async (tx) => {
          await runScript(tx, text)
          await tx.query(
            sql.typeAlias('void')`INSERT INTO schema_migrations (id, name) VALUES (${migration.id}, ${migration.name})`,
          )
        })
        done.push(migration.id)
      }
      return done
    } finally {
      await connection.query(sql.typeAlias('void')`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`)
    }
  })
}

/**
 * Runs a trusted SQL script (a migration file from this repository) statement by
 * statement: slonik sends one statement per query.
 */
async function runScript(connection: CommonQueryMethods, text: string): Promise<void> {
  for (const statement of splitSql(text)) {
    const fragment = { type: Symbol.for('SLONIK_TOKEN_FRAGMENT'), sql: statement, values: [] } as unknown as ReturnType<
      typeof sql.fragment
    >
    await connection.query(sql.typeAlias('void')`${fragment}`)
  }
}
