import { z } from 'zod'
import type { CommonQueryMethods } from 'slonik'
import { sql } from '../db/sql'
import type { FieldChange } from './audit'
import type { AuthUser } from './roles'

/** What was done: changes to records, and sign-ins. */
export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'login', 'login_failed'] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

/** What an audit entry records. */
export type AuditEntry = {
  /** Who acted: a signed-in user, or for a failed sign-in the user (if any) whose name was tried. */
  user: Pick<AuthUser, 'username'> & { id: number | null }
  action: AuditAction
  table: string
  recordId: string
  changes: Record<string, FieldChange>
}

/** Appends an entry; call it in the transaction of the change, so both land or neither. */
export function recordAudit(db: CommonQueryMethods, entry: AuditEntry): Promise<void> {
  return recordAudits(db, [entry])
}

/**
 * Appends several entries in one statement (as many recordAudit calls would); for bulk
 * changes such as imports, which must keep their transaction short.
 */
export async function recordAudits(db: CommonQueryMethods, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return
  const rows = entries.map((e) => ({ user_id: e.user.id, username: e.user.username, action: e.action, table_name: e.table, record_id: e.recordId, changes: e.changes }))
  await db.query(sql.typeAlias('void')`
    INSERT INTO audit_log (user_id, username, action, table_name, record_id, changes)
    SELECT e.user_id, e.username, e.action, e.table_name, e.record_id, e.changes
    FROM jsonb_to_recordset(${sql.jsonb(rows as never)})
      AS e(user_id bigint, username text, action text, table_name text, record_id text, changes jsonb)`)
}

const AuditRow = z.object({
  id: z.number(),
  at: z.number(),
  user_id: z.number().nullable(),
  username: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  table_name: z.string(),
  record_id: z.string(),
  changes: z.record(z.object({ old: z.unknown(), new: z.unknown() })),
})
export type AuditRecord = z.infer<typeof AuditRow>

/** Filter of the audit log view; dates are inclusive ISO dates or timestamps. */
export type AuditFilter = {
  username?: string
  table?: string
  recordId?: string
  from?: string
  to?: string
  limit: number
  offset: number
}

/** Audit entries, newest first, with the number matching the filter. */
export async function listAudit(db: CommonQueryMethods, filter: AuditFilter) {
  const conditions = [sql.fragment`TRUE`]
  if (filter.username) conditions.push(sql.fragment`lower(username) = lower(${filter.username})`)
  if (filter.table) conditions.push(sql.fragment`table_name = ${filter.table}`)
  if (filter.recordId) conditions.push(sql.fragment`record_id = ${filter.recordId}`)
  if (filter.from) conditions.push(sql.fragment`at >= ${filter.from}::timestamptz`)
  // A bare date as the upper bound includes that whole day.
  if (filter.to) conditions.push(sql.fragment`at < CASE WHEN ${filter.to} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN ${filter.to}::date + 1 ELSE ${filter.to}::timestamptz END`)
  const where = sql.join(conditions, sql.fragment` AND `)
  const entries = await db.any(sql.type(AuditRow)`
    SELECT id::int AS id, at, user_id::int AS user_id, username, action, table_name, record_id, changes
    FROM audit_log WHERE ${where} ORDER BY at DESC, id DESC LIMIT ${filter.limit} OFFSET ${filter.offset}`)
  const total = await db.oneFirst(sql.type(z.object({ n: z.number() }))`SELECT count(*)::int AS n FROM audit_log WHERE ${where}`)
  return { entries, total }
}
