import { request, uploadWithProgress } from './client'
import type { ClashWarning } from './search'
import type { StoredFile } from './files'

/** A filing or announcement deadline of an approved case (条例 arts. 13, 14). */
export type Deadline = { step: 'filing' | 'announcement'; article: number; due: string; done_on: string | null; overdue: boolean; late: boolean; days_left: number | null }

/** A naming, renaming or abolition case, as `/api/place-names/cases` answers. */
export type NamingCase = {
  id: number
  kind: 'naming' | 'renaming' | 'abolition'
  status: 'applied' | 'reviewing' | 'approved' | 'completed' | 'rejected' | 'withdrawn'
  place_name_id: number
  place_name: string
  category: string
  protected: boolean
  protection_list: string | null
  county_code: string | null
  applicant: string
  proposal: string
  proposed_name: string | null
  proposed_spelling: string | null
  applied_on: string
  old_name: string | null
  protection_measures: string | null
  protection_recorded_on: string | null
  approval_authority: string | null
  approved_on: string | null
  document_number: string | null
  filed_on: string | null
  filed_with: string | null
  announced_on: string | null
  announcement_medium: string | null
  announcement: Record<string, unknown> | null
  closed_on: string | null
  closed_reason: string | null
  data_source: 'register' | 'generated'
  reports: { kind: string; completed_on: string; summary: string }[]
  required_reports: string[]
  missing_reports: string[]
  needs_protection_measures: boolean
  deadlines: Deadline[]
  overdue: boolean
  next_steps: string[]
  /** On a case's own page: its files, each with the step it belongs to. */
  files?: (StoredFile & { step: string })[]
}

export type CaseList = { cases: NamingCase[]; total: number; overdue_total: number; today: string }

/** A history entry of a register record (the audit log). */
export type HistoryEntry = {
  id: number
  at: string
  username: string
  display_name: string | null
  action: string
  table_name: 'place_names' | 'place_name_cases'
  record_id: string
  changes: Record<string, { old: unknown; new: unknown }>
  case_kind: string | null
}

/** Cases, overdue first. */
export async function listCases(filter: { status?: string; overdue?: boolean; place_name_id?: number } = {}): Promise<CaseList> {
  const params = new URLSearchParams({ limit: '500' })
  if (filter.status) params.set('status', filter.status)
  if (filter.overdue !== undefined) params.set('overdue', String(filter.overdue))
  if (filter.place_name_id) params.set('place_name_id', String(filter.place_name_id))
  return (await request<CaseList>('GET', `/api/place-names/cases?${params}`)).body
}

export async function getCase(id: number): Promise<NamingCase> {
  return (await request<NamingCase>('GET', `/api/place-names/cases/${id}`)).body
}

/** Opens a case (its application). */
export async function openCase(body: Record<string, unknown>): Promise<NamingCase> {
  return (await request<NamingCase>('POST', '/api/place-names/cases', { body })).body
}

/** The path below a case of each step. */
export const STEP_PATHS: Record<string, string> = {
  report: 'reports',
  protection_measures: 'protection-measures',
  approval: 'approval',
  filing: 'filing',
  announcement: 'announcement',
  rejection: 'rejection',
  withdrawal: 'withdrawal',
}

/** Records a step of a case. */
export async function takeStep(id: number, step: string, body: Record<string, unknown>): Promise<NamingCase> {
  return (await request<NamingCase>('POST', `/api/place-names/cases/${id}/${STEP_PATHS[step]}`, { body })).body
}

/** A register record's history, oldest first. */
export async function getHistory(placeNameId: number): Promise<HistoryEntry[]> {
  return (await request<{ entries: HistoryEntry[] }>('GET', `/api/place-names/records/${placeNameId}/history`)).body.entries
}

/** What a place-names import did (or, on a dry run, would do), with each record's duplicate and homophone warnings. */
export type PlaceNamesImport = {
  format: 'csv' | 'geojson'
  dry_run: boolean
  rows: number
  created: number
  ignored_columns: string[]
  warnings: { row: number; name: string; warnings: ClashWarning[] }[]
  ms: number
}

/**
 * Uploads a CSV or GeoJSON file of place names to check it (dry run) or import it, all or
 * nothing, reporting the share of the file sent. A file with errors fails with a 400
 * whose problem lists them (`row 3: name`, `feature 2: geometry`).
 */
export function importPlaceNames(file: Blob, options: { dryRun: boolean; source: 'register' | 'census' }, onProgress: (sent: number) => void): Promise<PlaceNamesImport> {
  const params = new URLSearchParams({ source: options.source, dry_run: String(options.dryRun) })
  return uploadWithProgress(`/api/place-names/import?${params}`, file, onProgress)
}
