import type { HistoryEntry } from '../api/place-names'
import { caseFieldLabel, pnStrings, pt } from '../i18n/place-names'

/**
 * A former name as people read it: `湛南路|1958|1984` → 湛南路（1958–1984）; an unknown year is left as ….
 * @example formerNameText('湛南路||2026') // '湛南路（…–2026）'
 */
export function formerNameText(entry: string): string {
  const [name, from, to] = entry.split('|')
  return pt('formerYears', { name: name ?? entry, from: from || '…', to: to || '…' })
}

/** A field's value in people's words: statuses, categories, kinds, former names, yes/no. */
export function valueText(field: string, value: unknown, countyName: (code: string) => string): string {
  const s = pnStrings()
  if (value === null || value === undefined || value === '') return '—'
  if (Array.isArray(value)) return value.length ? value.map((v) => (field === 'former_names' ? formerNameText(String(v)) : String(v))).join('、') : '—'
  if (typeof value === 'boolean') return value ? s.yes : s.no
  if (field === 'status') return s.nameStatuses[String(value)] ?? s.caseStatuses[String(value)] ?? String(value)
  if (field === 'category') return s.categories[String(value)] ?? String(value)
  if (field === 'county_code') return countyName(String(value))
  if (field === 'kind') return s.caseKinds[String(value)] ?? s.reportKinds[String(value)] ?? String(value)
  if (field === 'data_source') return s.dataSources[String(value)] ?? String(value)
  if (typeof value === 'object') return Object.keys(value).map((k) => s.reportKinds[k] ?? s.stepNames[k] ?? k).join('、')
  return String(value)
}

/** The fields of a case's audit entry that say what the step recorded. */
const CASE_DETAIL_FIELDS = ['proposed_name', 'approval_authority', 'approved_on', 'document_number', 'filed_on', 'filed_with', 'announced_on', 'announcement_medium', 'protection_recorded_on', 'closed_on', 'closed_reason']

/** One history entry as a title and its lines: what changed, in people's words. */
export function describeEntry(entry: HistoryEntry, countyName: (code: string) => string): { title: string; lines: string[] } {
  const s = pnStrings()
  if (entry.table_name === 'place_names') {
    const title = entry.action === 'create' ? s.historyCreated : entry.action === 'delete' ? s.historyDeleted : s.historyUpdated
    if (entry.action !== 'update') return { title, lines: [] }
    const lines = Object.entries(entry.changes).map(([field, change]) => {
      const label = caseFieldLabel(field) ?? field
      if (field === 'geometry') return s.locationChanged
      return `${label}：${valueText(field, change.old, countyName)} → ${valueText(field, change.new, countyName)}`
    })
    return { title, lines }
  }
  const kind = s.caseKinds[entry.case_kind ?? ''] ?? ''
  const step = entry.changes.step?.new as string | undefined
  const lines: string[] = []
  if (step === 'report') {
    const reports = entry.changes.reports?.new as Record<string, unknown> | undefined
    const before = (entry.changes.reports?.old as Record<string, unknown> | undefined) ?? {}
    for (const k of Object.keys(reports ?? {})) if (!(k in before)) lines.push(s.reportKinds[k] ?? k)
  }
  for (const field of CASE_DETAIL_FIELDS) {
    const change = entry.changes[field]
    if (change && change.new !== null && change.new !== undefined) lines.push(`${caseFieldLabel(field) ?? field}：${valueText(field, change.new, countyName)}`)
  }
  return { title: `${kind}${step ? s.stepNames[step] : s.stepNames.application}`, lines }
}
