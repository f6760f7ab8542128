import { request } from './client'
import type { StoredFile } from './files'

/** A sign's state on the staff map (server/signs/signs.collection.ts `mapStateExpression`). */
export type SignState = 'ok' | 'never' | 'overdue' | 'worn' | 'damaged' | 'outdated' | 'removed'

/** What `/api/signs/points` answers: each sign as [code, lon, lat, state, name], and the count of each state. */
export type SignPoints = { signs: [string, number, number, SignState, string][]; counts: Partial<Record<SignState, number>> }

export type Sign = {
  id: number
  code: string
  sign_type: string
  status: 'in_use' | 'damaged' | 'removed'
  place_name_code: string | null
  name: string
  roman_spelling: string
  printed_name: string
  printed_spelling: string
  content_outdated: boolean
  bearing: number | null
  road_side: string | null
  width_mm: number | null
  height_mm: number | null
  material: string | null
  installer: string | null
  installed_on: string | null
  last_inspected_at: string | null
  last_condition: string | null
  overdue: boolean
  map_state: SignState
  data_source: 'generated' | 'register'
  lon: number
  lat: number
  county_code: string | null
  county_name: string | null
  township_name: string | null
  version: number
}

export type Inspection = {
  id: number
  inspector: string
  inspected_at: string
  condition: string
  notes: string | null
  photo_ids: number[]
  lon: number
  lat: number
  accuracy_m: number | null
  distance_m: number
  data_source: string
}

export type WorkItem = {
  id: number
  sign_code: string
  sign_name: string
  sign_state: SignState
  county_code: string | null
  lon: number
  lat: number
  source: 'public' | 'inspection' | 'other'
  problem: string | null
  condition: string | null
  description: string | null
  contact: string | null
  photo_ids: number[]
  action: 'repair' | 'replace' | 'remove' | null
  state: 'open' | 'assigned' | 'done' | 'merged' | 'dismissed'
  assignee: string | null
  due_on: string | null
  overdue: boolean
  completed_by: string | null
  completed_at: string | null
  completion_note: string | null
  merged_into: number | null
  dismiss_reason: string | null
  data_source: string
  created_at: string
  age_days: number
}

export type SignDetail = {
  sign: Sign
  url: string
  qr: { svg: string; png: string }
  inspection_months: number
  inspections: Inspection[]
  work_items: WorkItem[]
  photos: StoredFile[]
  scans: { day: string; count: number }[]
}

export type Nearest = { code: string; name: string; roman_spelling: string; status: string; distance_m: number; lon: number; lat: number }

/** Every sign as a point for the map, with the count of each state. */
export async function getSignPoints(): Promise<SignPoints> {
  return (await request<SignPoints>('GET', '/api/signs/points')).body
}

/** A sign with its inspections, photos, queue items and scans. */
export async function getSign(code: string): Promise<SignDetail> {
  return (await request<SignDetail>('GET', `/api/signs/${encodeURIComponent(code)}`)).body
}

/** The signs nearest a position. */
export async function nearestSigns(lon: number, lat: number, limit = 8): Promise<Nearest[]> {
  return (await request<{ signs: Nearest[] }>('GET', `/api/signs/nearest?${new URLSearchParams({ lon: String(lon), lat: String(lat), limit: String(limit) })}`)).body.signs
}

export type InspectionInput = {
  condition: string
  notes?: string | null
  photo_ids: number[]
  position?: [number, number]
  accuracy_m?: number | null
}
export type InspectionAnswer = { inspection: Inspection; work_item: WorkItem | null; warnings: { field: string; code: string; params: { distance_m: number; limit_m: number } }[] }

/** Records an inspection of a sign. */
export async function recordInspection(code: string, input: InspectionInput): Promise<InspectionAnswer> {
  return (await request<InspectionAnswer>('POST', `/api/signs/${encodeURIComponent(code)}/inspections`, { body: input })).body
}

export type QueueFilter = { state?: string; source?: string; county?: string; older_than_days?: number; sign?: string; limit?: number }

/** A page of the repair queue. */
export async function getQueue(filter: QueueFilter): Promise<{ items: WorkItem[]; total: number }> {
  const params = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)]))
  return (await request<{ items: WorkItem[]; total: number }>('GET', `/api/signs/queue?${params}`)).body
}

/** Assigns an item or sets its action or due date. */
export async function updateWorkItem(id: number, change: { action?: string | null; assignee?: string | null; due_on?: string | null }): Promise<WorkItem> {
  return (await request<WorkItem>('PATCH', `/api/signs/queue/${id}`, { body: change })).body
}

/** Completes an item. */
export async function completeWorkItem(id: number, body: { note?: string | null; photo_ids?: number[] }): Promise<WorkItem> {
  return (await request<WorkItem>('POST', `/api/signs/queue/${id}/complete`, { body: { photo_ids: [], ...body } })).body
}

/** Dismisses an item with a reason. */
export async function dismissWorkItem(id: number, reason: string): Promise<WorkItem> {
  return (await request<WorkItem>('POST', `/api/signs/queue/${id}/dismiss`, { body: { reason } })).body
}

/** Merges an item into another of the same sign. */
export async function mergeWorkItem(id: number, into: number): Promise<WorkItem> {
  return (await request<WorkItem>('POST', `/api/signs/queue/${id}/merge`, { body: { into } })).body
}

/** Moves a sign (its OGC feature) to a new position, with the version it was read at. */
export async function moveSign(code: string, to: [number, number]): Promise<void> {
  const found = await request<{ features: { id: number }[] }>('GET', `/ogc/collections/signs/items?code=${encodeURIComponent(code)}`)
  const id = found.body.features[0]?.id
  if (id === undefined) throw new Error(code)
  const current = await request<unknown>('GET', `/ogc/collections/signs/items/${id}`)
  await request('PATCH', `/ogc/collections/signs/items/${id}`, {
    body: JSON.stringify({ geometry: { type: 'Point', coordinates: to } }),
    contentType: 'application/merge-patch+json',
    headers: { 'if-match': current.etag ?? '' },
  })
}

/** The address of a print sheet of the signs chosen by `filter`. */
export function printUrl(filter: { codes?: string[]; county?: string; street?: string; bbox?: [number, number, number, number] }, perPage = 6): string {
  const params = new URLSearchParams({ per_page: String(perPage) })
  if (filter.codes) params.set('codes', filter.codes.join(','))
  if (filter.county) params.set('county', filter.county)
  if (filter.street) params.set('street', filter.street)
  if (filter.bbox) params.set('bbox', filter.bbox.map((x) => x.toFixed(6)).join(','))
  return `/api/signs/print?${params}`
}
