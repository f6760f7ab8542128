import { z } from 'zod'
import type { CommonQueryMethods, DatabasePool } from 'slonik'
import { diffFields } from '../auth/audit'
import { recordAudit } from '../auth/audit.queries'
import type { AuthUser } from '../auth/roles'
import { sql } from '../db/sql'

const EntryRow = z.object({
  id: z.number(),
  indicator: z.number(),
  value: z.number(),
  comparison_value: z.number().nullable(),
  source: z.string(),
  department: z.string().nullable(),
  as_of: z.string(),
  note: z.string().nullable(),
  entered_by: z.string(),
  entered_at: z.string(),
})

/** One figure an administrator entered for a row of the indicator table. */
export type IndicatorEntry = z.infer<typeof EntryRow>

/** What an entry records (the row it is for, the figure, its source and date). */
export type NewIndicatorEntry = {
  indicator: number
  value: number
  comparison_value: number | null
  source: string
  department: string | null
  as_of: string
  note: string | null
}

const columns = sql.fragment`id::int AS id, indicator::int AS indicator, value, comparison_value, source, department,
  to_char(as_of, 'YYYY-MM-DD') AS as_of, note, entered_by_name AS entered_by,
  to_char(entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS entered_at`

/**
 * Appends an entry, audited, in one transaction: both land or neither.
 * @returns the entry as stored.
 */
export function recordIndicatorEntry(db: DatabasePool, user: AuthUser, entry: NewIndicatorEntry): Promise<IndicatorEntry> {
  return db.transaction(async (tx) => {
    const row = await tx.one(sql.type(EntryRow)`
      INSERT INTO indicator_entries (indicator, value, comparison_value, source, department, as_of, note, entered_by, entered_by_name)
      VALUES (${entry.indicator}, ${entry.value}, ${entry.comparison_value}, ${entry.source}, ${entry.department}, ${entry.as_of}::date,
              ${entry.note}, ${user.id}, ${user.username})
      RETURNING ${columns}`)
    await recordAudit(tx, { user, action: 'create', table: 'indicator_entries', recordId: String(row.id), changes: diffFields(null, { ...entry }) })
    return row
  })
}

/**
 * The entries of one row (or of every row), the current first: by the date they are for,
 * newest first, and among entries for the same date the one entered last first.
 */
export async function listIndicatorEntries(db: CommonQueryMethods, indicator?: number): Promise<IndicatorEntry[]> {
  const where = indicator === undefined ? sql.fragment`TRUE` : sql.fragment`indicator = ${indicator}`
  return [...(await db.any(sql.type(EntryRow)`SELECT ${columns} FROM indicator_entries WHERE ${where} ORDER BY indicator, as_of DESC, id DESC`))]
}
