import type { FeatureCollection } from 'geojson'
import { getFeatures, request } from './client'

/** An inspection's status, from not started to archived. */
export type InspectionStatus = 'not_started' | 'planned' | 'in_field' | 'agreed' | 'report_filed' | 'archived'
export type Condition = 'intact' | 'damaged' | 'missing' | 'displaced' | 'repainted' | 'rebuilt'

export type Round = { number: number; starts_on: string; ends_on: string; plan_document: string | null; status: string; data_source: string; lines: number }
export type RoundSummary = {
  round: Round
  lines_by_status: Record<InspectionStatus, number>
  markers_by_finding: Record<Condition | 'not_inspected', number>
  lines: { inspection_id: number; line_id: string; name: string; level: string; status: InspectionStatus; findings_version: number; markers: number; inspected: number }[]
  displaced: { number: string; line_id: string; line_name: string; displacement_m: number; accuracy_m: number | null }[]
  disputes_open: { id: number; line_id: string; line_name: string; subject: string; since: string | null; status: string }[]
}
export type Finding = {
  condition: Condition
  note: string | null
  photo_ids: number[]
  measured: [number, number] | null
  accuracy_m: number | null
  displacement_m: number | null
  register_measured: boolean
  repairs: string | null
  repaired_by: string | null
  side_code: string
  recorded_by: string | null
  recorded_at: string
  findings_version: number
}
export type MarkerWithFinding = { marker_id: number; number: string; kind: string; side_code: string | null; state: string; data_source: string; elevation_m: number | null; reference_objects: string[]; position: [number, number]; finding: Finding | null }
export type Confirmations = {
  findings_version: number
  agreed: boolean
  status?: InspectionStatus
  sides: { side_code: string; side_name: string; current: boolean; confirmation: { name: string; findings_version: number; confirmed_at: string } | null; changes_since: { findings_version: number; kind: string; summary: Record<string, unknown>; side_code: string; at: string }[] }[]
}
export type InspectionDetail = {
  inspection: { id: number; round_number: number; line_id: string; status: InspectionStatus; planned_on: string | null; started_on: string | null; agreed_at: string | null; filed_on: string | null; findings_version: number; data_source: string }
  line: { id: string; name: string; level: string; left_code: string; left_name: string; right_code: string; right_name: string; length_km: number; agreement_ref: string | null; agreement_signed_on: string | null; geometry: { type: string; coordinates: unknown } }
  markers: MarkerWithFinding[]
  changes: { id: number; kind: string; note: string; side_code: string; recorded_at: string }[]
  disputes: { id: number; subject: string; since: string | null; status: string; side_code: string }[]
  confirmations: Confirmations
  teams: { side_code: string; members: { user_id: number; name: string }[] }[]
  archive: { file_id: number; kind: string; title: string; round_number: number | null; file: { url: string; contentType: string; size: number } | null }[]
  history: { inspection_id: number; round_number: number; status: InspectionStatus; filed_on: string | null }[]
}
export type FindingInput = { marker_id: number; condition: Condition; note?: string | null; photo_ids?: number[]; measured?: { type: 'Point'; coordinates: [number, number] } | null; accuracy_m?: number | null; register_measured?: boolean }

export const getRounds = async () => (await request<{ rounds: Round[] }>('GET', '/api/boundaries/rounds')).body.rounds
export const getRoundSummary = async (n: number) => (await request<RoundSummary>('GET', `/api/boundaries/rounds/${n}/summary`)).body
export const getInspection = async (id: number) => (await request<InspectionDetail>('GET', `/api/boundaries/inspections/${id}`)).body
export const getMyUnits = async () => (await request<{ unit_codes: string[] }>('GET', '/api/boundaries/me')).body.unit_codes
export const recordFinding = async (id: number, body: FindingInput) =>
  (await request<{ displacement_m: number | null; findings_version: number }>('POST', `/api/boundaries/inspections/${id}/findings`, { body })).body
export const confirmFindings = async (id: number, version: number) => (await request<Confirmations>('POST', `/api/boundaries/inspections/${id}/confirmations`, { body: { version } })).body
/** The round's inspections as lines on the map, with their status. */
export const getRoundLines = (n: number): Promise<FeatureCollection> => getFeatures('boundary_inspections', { round_number: String(n) })
/** Every marker, with its last finding. */
export const getMarkers = (): Promise<FeatureCollection> => getFeatures('boundary_markers')
export const reportUrl = (id: number, format: 'pdf' | 'html') => `/api/boundaries/inspections/${id}/report.${format}`

export type ChangeKind = 'road' | 'construction' | 'river_shift' | 'other'
export type DisputeStatus = 'open' | 'negotiating' | 'resolved'
export type ArchiveKind = 'agreement' | 'record_form' | 'photo' | 'report' | 'other'
/** A sketched place on the map: a point, or a line through the tapped points (EPSG:4326). */
export type Sketch = { type: 'Point'; coordinates: [number, number] } | { type: 'LineString'; coordinates: [number, number][] }
export type ChangeInput = { kind: ChangeKind; note: string; geometry: Sketch; photo_ids?: number[] }
export type DisputeInput = { subject: string; geometry?: Sketch | null; since?: string | null; status?: DisputeStatus; file_ids?: number[] }
export type ArchiveInput = { file_id: number; kind: ArchiveKind; title: string; round_number?: number | null; agreement_ref?: string | null; signed_on?: string | null }
export type Inspector = { user_id: number; username: string; name: string; unit_codes: string[] }

export const recordChange = async (id: number, body: ChangeInput) => (await request<{ findings_version: number }>('POST', `/api/boundaries/inspections/${id}/changes`, { body })).body
export const recordDispute = async (id: number, body: DisputeInput) => (await request<{ findings_version: number }>('POST', `/api/boundaries/inspections/${id}/disputes`, { body })).body
export const addArchiveFile = async (lineId: string, body: ArchiveInput) => (await request<{ files: InspectionDetail['archive'] }>('POST', `/api/boundaries/lines/${encodeURIComponent(lineId)}/files`, { body })).body.files
export const getInspectors = async () => (await request<{ inspectors: Inspector[] }>('GET', '/api/boundaries/inspectors')).body.inspectors
export const setInspectorUnits = async (userId: number, unitCodes: string[]) =>
  (await request<{ user_id: number; unit_codes: string[] }>('PUT', `/api/boundaries/inspectors/${userId}/units`, { body: { unit_codes: unitCodes } })).body
/** Every boundary line (the sides' codes and names come from these). */
export const getLines = (): Promise<FeatureCollection> => getFeatures('boundary_lines')
