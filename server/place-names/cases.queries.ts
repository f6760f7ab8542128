import { z } from 'zod'
import type { CommonQueryMethods } from 'slonik'
import { sql } from '../db/sql'
import { countyOfGeometry } from '../geo/county-of'
import { CASE_KINDS, CASE_STATUSES, DEADLINE_DAYS, REPORT_KINDS, type CaseKind, type CaseStatus, type ReportKind } from './cases.rules'

/** The register record a case is about, as its rules and its page need it. */
const PlaceNameFacts = z.object({
  id: z.number(),
  code: z.string().nullable(),
  name: z.string(),
  roman_spelling: z.string(),
  category: z.string(),
  sub_kind: z.string().nullable(),
  status: z.string(),
  protected: z.boolean(),
  protection_list: z.string().nullable(),
  county_code: z.string().nullable(),
  county_name: z.string().nullable(),
  township_code: z.string().nullable(),
  township_name: z.string().nullable(),
  /** A point on the record's geometry, [lon, lat] (EPSG:4326): where the 公告 says it lies. */
  location: z.tuple([z.number(), z.number()]),
})
export type PlaceNameFacts = z.infer<typeof PlaceNameFacts>

const placeNameColumns = sql.fragment`t.id::int AS id, t.code, t.name, t.roman_spelling, t.category, t.sub_kind, t.status, t.protected, t.protection_list,
  ${countyOfGeometry} AS county_code, (SELECT k.name FROM counties k WHERE k.code = ${countyOfGeometry}) AS county_name,
  w.code AS township_code, w.name AS township_name,
  json_build_array(round(ST_X(ST_PointOnSurface(t.geom))::numeric, 6), round(ST_Y(ST_PointOnSurface(t.geom))::numeric, 6)) AS location`

/** A live register record, or null. */
export function getPlaceNameFacts(db: CommonQueryMethods, id: number): Promise<PlaceNameFacts | null> {
  return db.maybeOne(sql.type(PlaceNameFacts)`
    SELECT ${placeNameColumns} FROM place_names t
    LEFT JOIN LATERAL (SELECT s.code, s.name FROM townships s
                       WHERE s.deleted_at IS NULL AND ST_Intersects(s.geom, ST_PointOnSurface(t.geom)) ORDER BY s.code LIMIT 1) w ON true
    WHERE t.id = ${id} AND t.deleted_at IS NULL`)
}

const day = (column: string) => sql.fragment`${sql.identifier(['c', column])}::text AS ${sql.identifier([column])}`
const utc = (column: string) => sql.fragment`to_char(${sql.identifier(['c', column])} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS ${sql.identifier([column])}`

const Report = z.object({ kind: z.enum(REPORT_KINDS), completed_on: z.string(), summary: z.string() })

const CaseRow = z.object({
  id: z.number(),
  kind: z.enum(CASE_KINDS),
  status: z.enum(CASE_STATUSES),
  place_name_id: z.number(),
  place_name: z.string(),
  category: z.string(),
  protected: z.boolean(),
  protection_list: z.string().nullable(),
  county_code: z.string().nullable(),
  applicant: z.string(),
  proposal: z.string(),
  proposed_name: z.string().nullable(),
  proposed_spelling: z.string().nullable(),
  applied_on: z.string(),
  old_name: z.string().nullable(),
  protection_measures: z.string().nullable(),
  protection_recorded_on: z.string().nullable(),
  approval_authority: z.string().nullable(),
  approved_on: z.string().nullable(),
  document_number: z.string().nullable(),
  filed_on: z.string().nullable(),
  filed_with: z.string().nullable(),
  announced_on: z.string().nullable(),
  announcement_medium: z.string().nullable(),
  announcement: z.record(z.unknown()).nullable(),
  closed_on: z.string().nullable(),
  closed_reason: z.string().nullable(),
  data_source: z.enum(['register', 'generated']),
  created_at: z.string(),
  updated_at: z.string(),
  version: z.number(),
  reports: z.array(Report),
  files: z.array(z.object({ step: z.string(), file_id: z.number() })),
})
export type CaseRow = z.infer<typeof CaseRow>

const caseColumns = sql.fragment`c.id::int AS id, c.kind, c.status, c.place_name_id::int AS place_name_id, t.name AS place_name, t.category, t.protected, t.protection_list,
  ${countyOfGeometry} AS county_code, c.applicant, c.proposal, c.proposed_name, c.proposed_spelling, ${day('applied_on')}, c.old_name,
  c.protection_measures, ${day('protection_recorded_on')}, c.approval_authority, ${day('approved_on')}, c.document_number,
  ${day('filed_on')}, c.filed_with, ${day('announced_on')}, c.announcement_medium, c.announcement, ${day('closed_on')}, c.closed_reason,
  c.data_source, ${utc('created_at')}, ${utc('updated_at')}, c.version,
  coalesce((SELECT json_agg(json_build_object('kind', r.kind, 'completed_on', r.completed_on::text, 'summary', r.summary) ORDER BY r.completed_on, r.kind)
            FROM place_name_case_reports r WHERE r.case_id = c.id), '[]') AS reports,
  coalesce((SELECT json_agg(json_build_object('step', f.step, 'file_id', f.file_id) ORDER BY f.step, f.file_id)
            FROM place_name_case_files f WHERE f.case_id = c.id), '[]') AS files`

/** SQL: whether the case `c` has a deadline (filing, announcement: approval + 15 days) past `today` and not met. */
const overdueCondition = (today: string) =>
  sql.fragment`(c.status = 'approved' AND c.approved_on + ${DEADLINE_DAYS}::int < ${today}::date AND (c.filed_on IS NULL OR c.announced_on IS NULL))`

/** A case with its reports and files, or null; `lock` holds it for a step in this transaction. */
export function getCase(db: CommonQueryMethods, id: number, options: { lock?: boolean } = {}): Promise<CaseRow | null> {
  return db.maybeOne(sql.type(CaseRow)`
    SELECT ${caseColumns} FROM place_name_cases c JOIN place_names t ON t.id = c.place_name_id
    WHERE c.id = ${id} ${options.lock ? sql.fragment`FOR UPDATE OF c` : sql.fragment``}`)
}

/** What the case list filters on. */
export type CaseFilter = { status?: CaseStatus | 'open'; kind?: CaseKind; overdue?: boolean; placeNameId?: number; limit: number; offset: number }

/** Cases, overdue first, then the latest changed; with the number matching and the number overdue in all. */
export async function listCases(db: CommonQueryMethods, filter: CaseFilter, today: string) {
  const conditions = [sql.fragment`TRUE`]
  if (filter.status === 'open') conditions.push(sql.fragment`c.status IN ('applied', 'reviewing', 'approved')`)
  else if (filter.status) conditions.push(sql.fragment`c.status = ${filter.status}`)
  if (filter.kind) conditions.push(sql.fragment`c.kind = ${filter.kind}`)
  if (filter.overdue !== undefined) conditions.push(filter.overdue ? overdueCondition(today) : sql.fragment`NOT ${overdueCondition(today)}`)
  if (filter.placeNameId) conditions.push(sql.fragment`c.place_name_id = ${filter.placeNameId}`)
  const where = sql.join(conditions, sql.fragment` AND `)
  const cases = await db.any(sql.type(CaseRow)`
    SELECT ${caseColumns} FROM place_name_cases c JOIN place_names t ON t.id = c.place_name_id
    WHERE ${where}
    ORDER BY ${overdueCondition(today)} DESC, c.updated_at DESC, c.id DESC LIMIT ${filter.limit} OFFSET ${filter.offset}`)
  const counts = await db.one(sql.type(z.object({ total: z.number(), overdue: z.number() }))`
    SELECT (SELECT count(*)::int FROM place_name_cases c WHERE ${where}) AS total,
           (SELECT count(*)::int FROM place_name_cases c WHERE ${overdueCondition(today)}) AS overdue`)
  return { cases, total: counts.total, overdueTotal: counts.overdue }
}

/** Whether the place name has a case under way; its id, or null. */
export function findOpenCase(db: CommonQueryMethods, placeNameId: number): Promise<number | null> {
  return db.maybeOneFirst(sql.type(z.object({ id: z.number() }))`
    SELECT id::int AS id FROM place_name_cases WHERE place_name_id = ${placeNameId} AND status IN ('applied', 'reviewing', 'approved') LIMIT 1`)
}

/** Opens a case (its application). @returns its id. */
export function insertCase(
  db: CommonQueryMethods,
  values: { kind: CaseKind; placeNameId: number; applicant: string; proposal: string; proposedName: string | null; proposedSpelling: string | null; appliedOn: string; dataSource: 'register' | 'generated'; userId: number | null },
): Promise<number> {
  return db.oneFirst(sql.type(z.object({ id: z.number() }))`
    INSERT INTO place_name_cases (kind, place_name_id, status, applicant, proposal, proposed_name, proposed_spelling, applied_on, data_source, created_by)
    VALUES (${values.kind}, ${values.placeNameId}, 'applied', ${values.applicant}, ${values.proposal}, ${values.proposedName}, ${values.proposedSpelling},
            ${values.appliedOn}::date, ${values.dataSource}, ${values.userId})
    RETURNING id::int AS id`)
}

/** Records a report of the case. */
export async function insertReport(db: CommonQueryMethods, caseId: number, report: { kind: ReportKind; completed_on: string; summary: string }, userId: number | null): Promise<void> {
  await db.query(sql.typeAlias('void')`
    INSERT INTO place_name_case_reports (case_id, kind, completed_on, summary, created_by)
    VALUES (${caseId}, ${report.kind}, ${report.completed_on}::date, ${report.summary}, ${userId})`)
}

/** Attaches files of the store to a step of the case (each once). */
export async function attachFiles(db: CommonQueryMethods, caseId: number, step: string, fileIds: readonly number[]): Promise<void> {
  if (!fileIds.length) return
  await db.query(sql.typeAlias('void')`
    INSERT INTO place_name_case_files (case_id, step, file_id)
    SELECT ${caseId}, ${step}, f FROM unnest(${sql.array([...fileIds], 'int8')}) AS f
    ON CONFLICT DO NOTHING`)
}

/** The columns a step writes, by name; dates as YYYY-MM-DD. */
export type CaseUpdate = Partial<{
  status: CaseStatus
  old_name: string
  protection_measures: string
  protection_recorded_on: string
  approval_authority: string
  approved_on: string
  document_number: string
  filed_on: string
  filed_with: string
  announced_on: string
  announcement_medium: string
  announcement: Record<string, unknown>
  closed_on: string
  closed_reason: string
}>

const DATE_COLUMNS = new Set(['protection_recorded_on', 'approved_on', 'filed_on', 'announced_on', 'closed_on'])

/** Writes a step's columns and bumps the case's version. */
export async function updateCase(db: CommonQueryMethods, id: number, update: CaseUpdate): Promise<void> {
  const sets = Object.entries(update).map(([column, value]) => {
    const name = sql.identifier([column])
    if (column === 'announcement') return sql.fragment`${name} = ${sql.jsonb(value as never)}`
    if (DATE_COLUMNS.has(column)) return sql.fragment`${name} = ${value as string}::date`
    return sql.fragment`${name} = ${value as string}`
  })
  await db.query(sql.typeAlias('void')`
    UPDATE place_name_cases SET ${sql.join([...sets, sql.fragment`updated_at = now()`, sql.fragment`version = version + 1`], sql.fragment`, `)}
    WHERE id = ${id}`)
}

/** The day the record's current name was approved by an earlier naming or renaming case, or null. */
export function currentNameSince(db: CommonQueryMethods, placeNameId: number): Promise<string | null> {
  return db.maybeOneFirst(sql.type(z.object({ d: z.string() }))`
    SELECT approved_on::text AS d FROM place_name_cases
    WHERE place_name_id = ${placeNameId} AND kind IN ('naming', 'renaming') AND approved_on IS NOT NULL
    ORDER BY approved_on DESC, id DESC LIMIT 1`)
}

const HistoryRow = z.object({
  id: z.number(),
  at: z.string(),
  username: z.string(),
  /** The name the user goes by (users.display_name), when the entry's user still exists and has one. */
  display_name: z.string().nullable(),
  action: z.string(),
  table_name: z.string(),
  record_id: z.string(),
  changes: z.record(z.object({ old: z.unknown(), new: z.unknown() })),
  case_kind: z.string().nullable(),
})

/**
 * The history of a register record, oldest first: the audit log's entries for the record
 * and for the cases about it (each with the case's kind).
 */
export function listPlaceNameHistory(db: CommonQueryMethods, placeNameId: number) {
  return db.any(sql.type(HistoryRow)`
    SELECT a.id::int AS id, to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at, a.username, NULLIF(u.display_name, '') AS display_name,
           a.action, a.table_name, a.record_id, a.changes, c.kind AS case_kind
    FROM audit_log a LEFT JOIN place_name_cases c ON a.table_name = 'place_name_cases' AND c.id::text = a.record_id
    LEFT JOIN users u ON u.id = a.user_id
    WHERE (a.table_name = 'place_names' AND a.record_id = ${String(placeNameId)})
       OR (a.table_name = 'place_name_cases' AND a.record_id IN (SELECT id::text FROM place_name_cases WHERE place_name_id = ${placeNameId}))
    ORDER BY a.at, a.id
    LIMIT 1000`)
}
