import { request } from './client'

/** A hit of `GET /api/place-names/search` (server/place-names/search.queries.ts). */
export type SearchHit = {
  collection: string
  id: string
  name: string
  matched: { text: string; as: 'name' | 'alias' | 'former'; years: string | null }
  match: 'exact' | 'prefix' | 'substring' | 'initials' | 'former'
  category: string | null
  sub_kind: string | null
  status: string | null
  spelling: string | null
  county_code: string | null
  county_name: string | null
  point: [number, number]
  bbox: [number, number, number, number]
}

/** Names, divisions, communities and facilities matching what was typed, best first. */
export async function searchNames(q: string, options: { limit?: number; signal?: AbortSignal } = {}): Promise<SearchHit[]> {
  const params = new URLSearchParams({ q, limit: String(options.limit ?? 10) })
  return (await request<{ hits: SearchHit[] }>('GET', `/api/place-names/search?${params}`, { signal: options.signal })).body.hits
}

/** A place name a warning names; in an import's report, `row` when it is a record of the same file. */
export type ClashRecord = { id: string; code: string | null; name: string; roman_spelling: string; status: string; county_code: string | null; county_name: string | null; row?: number }

/** A duplicate (`duplicate_name`) or homophone (`homophone_name`) warning, as the API and Write-Warnings send it. */
export type ClashWarning = {
  field: string
  code: 'duplicate_name' | 'homophone_name'
  params: { scope: 'held' | 'county' | 'built_up'; names: string[]; records: ClashRecord[] }
}

/** The 条例 art. 9 check of a name: where it would lie (a county, or a point on it) and which record it renames, if any. */
export async function checkNameClashes(
  query: { name: string; category: string; county_code?: string; at?: [number, number]; exclude?: string },
  signal?: AbortSignal,
): Promise<ClashWarning[]> {
  const params = new URLSearchParams({ name: query.name, category: query.category })
  if (query.county_code) params.set('county_code', query.county_code)
  if (query.at) params.set('at', query.at.join(','))
  if (query.exclude) params.set('exclude', query.exclude)
  return (await request<{ warnings: ClashWarning[] }>('GET', `/api/place-names/duplicates?${params}`, { signal })).body.warnings
}
