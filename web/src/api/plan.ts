import { request } from './client'

/** A text in both languages, as the server writes the plan's rules. */
export type Texts = { 'zh-CN': string; en: string }

/** A unit failing a rule, as `/api/coverage/rules` gives it. */
export type FailingUnit = {
  level: 'city' | 'county' | 'township' | 'community'
  code: string
  name: string
  within: string | null
  figures: Record<string, unknown>
  reason: Texts | null
  bbox: [number, number, number, number] | null
}

/** One unit rule's answer. */
export type RuleResult = {
  id: string
  title: Texts
  clause: { ref: string; text: string }
  checks: Texts
  passes: boolean
  totals: { units: number; passing: number; failing: number; not_measured: number }
  failing: FailingUnit[]
}

export type RulesAnswer = { include_planned: boolean; statuses: string[]; records: { total: number; generated: number }; rules: RuleResult[] }

export type IndicatorEntry = {
  id: number
  indicator: number
  value: number
  comparison_value: number | null
  source: string
  department: string | null
  as_of: string
  note: string | null
  entered_by: string
  entered_at: string
}

/** A row of the indicator table (专栏1). */
export type IndicatorRow = {
  id: number
  words: Texts
  unit: Texts
  baseline: { value: number | null; text: string }
  target: { type: 'at_least'; value: number; text: Texts } | { type: 'relative'; factor: number; other: Texts; text: Texts } | { type: 'none'; text: Texts }
  kind: 'binding' | 'expected'
  source: { type: 'rule' | 'nursing_share'; rule: string } | { type: 'stations' } | { type: 'entered'; min: number; max: number; comparison?: { min: number; max: number } } | { type: 'not_modelled'; note: Texts }
  current: { value: number; comparison_value: number | null; detail: Texts | null; rule: { id: string; failing: number } | null; entry: IndicatorEntry | null } | null
  status: 'met' | 'not_met' | 'no_data' | 'no_target' | 'not_modelled'
  note: Texts | null
}

export type IndicatorsAnswer = { include_planned: boolean; statuses: string[]; records: { total: number; generated: number }; indicators: IndicatorRow[] }

/** What an administrator enters for a row. */
export type NewEntry = { value: number; comparison_value?: number; source: string; department?: string; as_of: string; note?: string }

/** Every unit rule of the plan, with the failing units. */
export async function getRules(includePlanned: boolean, signal?: AbortSignal): Promise<RulesAnswer> {
  return (await request<RulesAnswer>('GET', `/api/coverage/rules?include_planned=${includePlanned}`, { signal })).body
}

/** The indicator table. */
export async function getIndicators(includePlanned: boolean): Promise<IndicatorsAnswer> {
  return (await request<IndicatorsAnswer>('GET', `/api/indicators?include_planned=${includePlanned}`)).body
}

/** One row of the table with its history, the current entry first. */
export async function getIndicator(id: number): Promise<{ indicator: IndicatorRow; history: IndicatorEntry[] }> {
  return (await request<{ indicator: IndicatorRow; history: IndicatorEntry[] }>('GET', `/api/indicators/${id}`)).body
}

/** Enters a figure for a row (administrators). */
export async function postIndicatorEntry(id: number, entry: NewEntry): Promise<{ entry: IndicatorEntry; indicator: IndicatorRow }> {
  return (await request<{ entry: IndicatorEntry; indicator: IndicatorRow }>('POST', `/api/indicators/${id}/entries`, { body: entry })).body
}
