import type { ErrorCode, ErrorParams } from '../http/error-codes'

/** 命名 (a new name), 更名 (a rename), 销名 (an abolition). */
export const CASE_KINDS = ['naming', 'renaming', 'abolition'] as const
export type CaseKind = (typeof CASE_KINDS)[number]

/**
 * Where a case stands: applied (申请), reviewing (some reports in), approved (批准; filing
 * and announcement due), completed (filed and announced), rejected or withdrawn (with a reason).
 */
export const CASE_STATUSES = ['applied', 'reviewing', 'approved', 'completed', 'rejected', 'withdrawn'] as const
export type CaseStatus = (typeof CASE_STATUSES)[number]

/** The statuses of a case still under way (one at a time per place name). */
export const OPEN_STATUSES: readonly CaseStatus[] = ['applied', 'reviewing', 'approved']

/** The reports before approval: 综合评估, 专家论证, 征求意见, 风险评估 (administrative divisions). */
export const REPORT_KINDS = ['evaluation', 'expert_review', 'consultation', 'risk_assessment'] as const
export type ReportKind = (typeof REPORT_KINDS)[number]

/** The steps a case takes after its application, as the routes name them. */
export const STEPS = ['report', 'protection_measures', 'approval', 'filing', 'announcement', 'rejection', 'withdrawal'] as const
export type Step = (typeof STEPS)[number]

/** Filing (条例 art. 13) and announcement (art. 14) are due within this many days of approval. */
export const DEADLINE_DAYS = 15

/** The place-name status each kind of case starts from. */
export const STARTING_STATUSES: Record<CaseKind, readonly string[]> = {
  naming: ['proposed'],
  renaming: ['standard'],
  abolition: ['standard', 'proposed'],
}

/** The reports a case needs before approval: the three of every case, and the risk assessment for an administrative division's name. */
export function requiredReports(category: string): ReportKind[] {
  return category === 'admin_division' ? ['evaluation', 'expert_review', 'consultation', 'risk_assessment'] : ['evaluation', 'expert_review', 'consultation']
}

/** The facts of a case that its rules look at; dates are YYYY-MM-DD. */
export type CaseFacts = {
  kind: CaseKind
  status: CaseStatus
  category: string
  protected: boolean
  applied_on: string
  reports: { kind: ReportKind; completed_on: string }[]
  protection_recorded_on: string | null
  approved_on: string | null
  filed_on: string | null
  announced_on: string | null
}

/** One deadline of an approved case. */
export type Deadline = {
  step: 'filing' | 'announcement'
  /** The 条例 article that sets it. */
  article: 13 | 14
  due: string
  done_on: string | null
  /** Not done and past due. */
  overdue: boolean
  /** Done after its due date. */
  late: boolean
  /** Days from today to the due date (negative when past), while not done. */
  days_left: number | null
}

/**
 * A date `days` days after `day` (both YYYY-MM-DD).
 * @example addDays('2026-01-20', 15) // '2026-02-04'
 */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10)
}

/** Whole days from `from` to `to` (YYYY-MM-DD), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** Today's date in China (UTC+8, no daylight saving), where the bureau's days begin and end. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}

/**
 * The filing and announcement deadlines of a case, due 15 days after approval (条例 art.
 * 13, 14); none before approval, nor for a rejected or withdrawn case.
 * @example deadlinesOf({ ...facts, approved_on: '2026-01-01', filed_on: null }, '2026-01-20')[0] // { step: 'filing', due: '2026-01-16', overdue: true, … }
 */
export function deadlinesOf(facts: Pick<CaseFacts, 'approved_on' | 'filed_on' | 'announced_on'>, today: string): Deadline[] {
  if (!facts.approved_on) return []
  const due = addDays(facts.approved_on, DEADLINE_DAYS)
  const deadline = (step: Deadline['step'], article: Deadline['article'], done: string | null): Deadline => ({
    step,
    article,
    due,
    done_on: done,
    overdue: done === null && today > due,
    late: done !== null && done > due,
    days_left: done === null ? daysBetween(today, due) : null,
  })
  return [deadline('filing', 13, facts.filed_on), deadline('announcement', 14, facts.announced_on)]
}

/** Whether a case has a deadline past due and not met. */
export function isOverdue(facts: Pick<CaseFacts, 'approved_on' | 'filed_on' | 'announced_on'>, today: string): boolean {
  return deadlinesOf(facts, today).some((d) => d.overdue)
}

/** The steps a case may take now. */
export function nextSteps(facts: CaseFacts): Step[] {
  if (facts.status === 'applied' || facts.status === 'reviewing') {
    const done = new Set(facts.reports.map((r) => r.kind))
    const steps: Step[] = []
    if (REPORT_KINDS.some((k) => !done.has(k))) steps.push('report')
    if (needsProtectionMeasures(facts)) steps.push('protection_measures')
    steps.push('approval', 'rejection', 'withdrawal')
    return steps
  }
  if (facts.status === 'approved') return [...(facts.filed_on ? [] : ['filing' as const]), ...(facts.announced_on ? [] : ['announcement' as const])]
  return []
}

/** A protected name (条例 art. 10, 25) is renamed or abolished only with protection measures on record. */
export function needsProtectionMeasures(facts: Pick<CaseFacts, 'kind' | 'protected' | 'protection_recorded_on'>): boolean {
  return facts.protected && facts.kind !== 'naming' && facts.protection_recorded_on === null
}

/** A refused step: the status (400, 409), the field, its code and params. */
export type StepProblem = { status: 400 | 409; field: string; code: ErrorCode; params?: ErrorParams }

/** The date field each step records. */
export const STEP_DATE_FIELD: Record<Step, string> = {
  report: 'completed_on',
  protection_measures: 'recorded_on',
  approval: 'approved_on',
  filing: 'filed_on',
  announcement: 'announced_on',
  rejection: 'decided_on',
  withdrawal: 'withdrawn_on',
}

/** The latest step before approval, as the field that recorded it and its date. */
function lastBeforeApproval(facts: CaseFacts): { field: string; date: string } {
  let last = { field: 'applied_on', date: facts.applied_on }
  for (const r of facts.reports) if (r.completed_on > last.date) last = { field: `reports.${r.kind}`, date: r.completed_on }
  if (facts.protection_recorded_on && facts.protection_recorded_on > last.date) last = { field: 'protection_measures', date: facts.protection_recorded_on }
  return last
}

/**
 * Whether `step`, dated `date`, may be taken now: in order (409 `step_out_of_order`), not
 * dated before the step it follows (400 `before_previous_step`) nor after today (400
 * `date_in_future`); approval only with every required report (409 `reports_missing`) and,
 * for a protected name's rename or abolition, the protection measures (409
 * `protection_measures_required`); a report of a kind already recorded is 409 `taken`.
 * @returns the problem, or null when the step may be taken.
 */
export function checkStep(facts: CaseFacts, step: Step, date: string, today: string, reportKind?: ReportKind): StepProblem | null {
  const field = STEP_DATE_FIELD[step]
  const open = facts.status === 'applied' || facts.status === 'reviewing'
  const allowed = step === 'report' || step === 'protection_measures' ? open : nextSteps(facts).includes(step)
  if (!allowed) {
    const done = (step === 'filing' && facts.filed_on) || (step === 'announcement' && facts.announced_on)
    return { status: 409, field, code: done ? 'step_done' : 'step_out_of_order', params: { step, case_status: facts.status } }
  }
  if (step === 'report' && facts.reports.some((r) => r.kind === reportKind)) return { status: 409, field: 'kind', code: 'taken' }
  if (date > today) return { status: 400, field, code: 'date_in_future', params: { today } }
  const previous = step === 'filing' || step === 'announcement' ? { field: 'approved_on', date: facts.approved_on! } : step === 'report' || step === 'protection_measures' ? { field: 'applied_on', date: facts.applied_on } : lastBeforeApproval(facts)
  if (date < previous.date) return { status: 400, field, code: 'before_previous_step', params: { other: previous.field, date: previous.date } }
  if (step === 'approval') {
    const done = new Set(facts.reports.map((r) => r.kind))
    const missing = requiredReports(facts.category).filter((k) => !done.has(k))
    if (missing.length) return { status: 409, field: 'reports', code: 'reports_missing', params: { reports: missing } }
    if (needsProtectionMeasures(facts)) return { status: 409, field: 'protection_measures', code: 'protection_measures_required' }
  }
  return null
}

/** The status a case has after `step`. */
export function statusAfter(facts: CaseFacts, step: Step): CaseStatus {
  switch (step) {
    case 'report':
    case 'protection_measures':
      return 'reviewing'
    case 'approval':
      return 'approved'
    case 'filing':
      return facts.announced_on ? 'completed' : 'approved'
    case 'announcement':
      return facts.filed_on ? 'completed' : 'approved'
    case 'rejection':
      return 'rejected'
    case 'withdrawal':
      return 'withdrawn'
  }
}

/**
 * The former-name entry (曾用名, `名称|起年|止年`) a rename leaves: the old name, used from
 * the year it was approved (empty when unknown) to the year of the rename.
 * @example formerNameEntry('湛南路', '1958-03-01', '2026-05-10') // '湛南路|1958|2026'
 */
export function formerNameEntry(oldName: string, since: string | null, renamedOn: string): string {
  return `${oldName}|${since ? since.slice(0, 4) : ''}|${renamedOn.slice(0, 4)}`
}
