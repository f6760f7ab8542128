import { request, uploadWithProgress, type Role } from './client'

/** A user as the admin API lists it. */
export type UserRecord = {
  id: number
  username: string
  display_name: string
  roles: Role[]
  county_codes: string[]
  disabled: boolean
  created_at: number
  version: number
}

export type UserInput = { username?: string; display_name?: string; password?: string; roles?: Role[]; county_codes?: string[]; disabled?: boolean }

export async function listUsers(): Promise<UserRecord[]> {
  return (await request<{ users: UserRecord[] }>('GET', '/api/admin/users')).body.users
}

export async function createUser(input: UserInput): Promise<UserRecord> {
  return (await request<UserRecord>('POST', '/api/admin/users', { body: input })).body
}

/** Updates a user as of `version`; a stale version fails with 412. */
export async function updateUser(id: number, version: number, input: UserInput): Promise<UserRecord> {
  return (await request<UserRecord>('PATCH', `/api/admin/users/${id}`, { body: input, headers: { 'if-match': `"${version}"` } })).body
}

export type AuditEntry = {
  id: number
  at: number
  username: string
  action: 'create' | 'update' | 'delete' | 'login' | 'login_failed'
  table_name: string
  record_id: string
  changes: Record<string, { old: unknown; new: unknown }>
}

export async function listAudit(filter: Record<string, string>): Promise<{ entries: AuditEntry[]; total: number }> {
  const params = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== ''))
  return (await request<{ entries: AuditEntry[]; total: number }>('GET', `/api/admin/audit?${params}`)).body
}

export type TokenRecord = { id: number; name: string; created_at: number; last_used_at: number | null; revoked_at: number | null }

export async function listTokens(): Promise<TokenRecord[]> {
  return (await request<{ tokens: TokenRecord[] }>('GET', '/api/auth/tokens')).body.tokens
}

export async function createToken(name: string): Promise<TokenRecord & { token: string }> {
  return (await request<TokenRecord & { token: string }>('POST', '/api/auth/tokens', { body: { name } })).body
}

export async function revokeToken(id: number): Promise<void> {
  await request('DELETE', `/api/auth/tokens/${id}`)
}

/** Where imported population figures come from. */
export type PopulationSource = 'census' | 'survey'

/** What a population import did (or, on a dry run, would do). */
export type PopulationImportResult = { rows: number; updated: number; unchanged: number; ignored_columns: string[]; dry_run: boolean }

/**
 * Sends a CSV of community population figures (columns code, population, population_60plus).
 * With `dryRun` the server only checks and counts. A file with errors fails with a 400
 * whose problem lists them (`field` "row 3: population").
 */
export async function importPopulation(file: Blob, source: PopulationSource, dryRun: boolean): Promise<PopulationImportResult> {
  const params = new URLSearchParams({ source, ...(dryRun ? { dry_run: 'true' } : {}) })
  return (await request<PopulationImportResult>('POST', `/api/communities/population?${params}`, { body: file, contentType: 'text/csv' })).body
}

/** What a roads import (or its dry run) reports: the lines read, kept and skipped, and the network they make. */
export type RoadsImportResult = {
  dry_run: boolean
  replace: boolean
  format: 'geojson' | 'osm.pbf'
  read: number
  kept: number
  skipped: Record<string, number>
  removed: number
  inserted: number
  network: { edges: number; nodes: number; components: number; largest_component_edges: number; total_km: number }
  ms: number
}

/**
 * Uploads a walking network (.osm.pbf or GeoJSON) to check it (dry run) or import it,
 * reporting the share of the file sent; the server then reads and checks it whole.
 */
export function importRoads(file: Blob, options: { dryRun: boolean; replace: boolean }, onProgress: (sent: number) => void): Promise<RoadsImportResult> {
  const params = new URLSearchParams({ dry_run: String(options.dryRun), replace: String(options.replace) })
  return uploadWithProgress(`/api/roads/import?${params}`, file, onProgress)
}
