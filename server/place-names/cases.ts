import { UniqueIntegrityConstraintViolationError, type CommonQueryMethods } from 'slonik'
import { diffFields } from '../auth/audit'
import { recordAudit } from '../auth/audit.queries'
import { inScope } from '../auth/roles'
import { checkFileIds, readStoredFiles, type StoredFile } from '../files/files'
import type { ErrorCode, ErrorParams } from '../http/error-codes'
import { badRequest, fieldError, HttpProblem, notFound } from '../http/problem'
import { lockFeature, updateFeature, type PropertyValues, type WritableCollection } from '../ogc/ogc.write.queries'
import {
  attachFiles,
  currentNameSince,
  findOpenCase,
  getCase,
  getPlaceNameFacts,
  insertCase,
  insertReport,
  updateCase,
  type CaseRow,
  type CaseUpdate,
} from './cases.queries'
import {
  checkStep,
  deadlinesOf,
  formerNameEntry,
  nextSteps,
  requiredReports,
  STARTING_STATUSES,
  statusAfter,
  STEP_DATE_FIELD,
  type CaseFacts,
  type ReportKind,
  type Step,
} from './cases.rules'
import type { CaseApplication, STEP_BODIES } from './cases.schemas'
import { placeNamesCollection } from './place-names.collection'
import { romanize, type Category } from './romanize'
import type { z } from 'zod'

/** Who takes a step: a signed-in user, or the sample data's loader (id null). */
export type Actor = { id: number | null; username: string; countyCodes: string[] }

/** The body of each step, as its route validates it. */
export type StepBody = { [S in Step]: z.infer<(typeof STEP_BODIES)[S]> }

const conflict = (field: string, code: ErrorCode, params?: ErrorParams) => new HttpProblem(409, 'conflict', {}, [fieldError(field, code, params)])

function factsOf(row: CaseRow): CaseFacts {
  return {
    kind: row.kind,
    status: row.status,
    category: row.category,
    protected: row.protected,
    applied_on: row.applied_on,
    reports: row.reports,
    protection_recorded_on: row.protection_recorded_on,
    approved_on: row.approved_on,
    filed_on: row.filed_on,
    announced_on: row.announced_on,
  }
}

/** A case as the API shows it: its row with what is due and what may come next. */
export function caseView(row: CaseRow, today: string) {
  const facts = factsOf(row)
  const required = requiredReports(row.category)
  const done = new Set(row.reports.map((r) => r.kind))
  const deadlines = deadlinesOf(facts, today)
  const { version: _version, files, ...rest } = row
  return {
    ...rest,
    file_ids: files,
    required_reports: required,
    missing_reports: required.filter((k) => !done.has(k)),
    needs_protection_measures: facts.protected && facts.kind !== 'naming',
    deadlines,
    overdue: deadlines.some((d) => d.overdue),
    next_steps: nextSteps(facts),
  }
}

/** A case with its files' metadata, for its page. */
export async function caseDetail(db: CommonQueryMethods, row: CaseRow, today: string) {
  const stored = new Map((await readStoredFiles(db, row.files.map((f) => f.file_id))).map((f) => [f.id, f]))
  const files = row.files.flatMap((f) => {
    const file = stored.get(f.file_id)
    return file ? [{ step: f.step, ...file } satisfies { step: string } & StoredFile] : []
  })
  const { file_ids: _ids, ...view } = caseView(row, today)
  return { ...view, files }
}

/** What the audit log keeps of a case: its fields, its reports and its files by step. */
function auditedCase(row: CaseRow) {
  const { id: _id, created_at: _c, updated_at: _u, version: _v, place_name: _n, category: _k, protected: _p, protection_list: _l, county_code: _cc, reports, files, ...fields } = row
  const byStep: Record<string, number[]> = {}
  for (const f of files) (byStep[f.step] ??= []).push(f.file_id)
  return { ...fields, reports: Object.fromEntries(reports.map((r) => [r.kind, { completed_on: r.completed_on, summary: r.summary }])), files: byStep }
}

function checkScope(actor: Actor, county: string | null) {
  if (!inScope({ ...actor, id: actor.id ?? 0, displayName: actor.username, roles: [] }, [county])) {
    throw new HttpProblem(403, 'outside_scope', { collection: 'place_names', allowed: actor.countyCodes, counties: [county ?? 'none'] })
  }
}

/**
 * Opens a case: its application (申请) about a register record, with the files attached,
 * audited, in one transaction. A naming case starts from a proposed name, a rename from a
 * standard one, an abolition from either; a name has one case under way at a time.
 * @returns the new case's id.
 * @throws HttpProblem 400 naming the field, 403 outside the actor's counties, 409 `case_open`, `wrong_status_for_case`.
 */
export async function openCase(
  db: CommonQueryMethods,
  actor: Actor,
  body: z.infer<typeof CaseApplication>,
  today: string,
  dataSource: 'register' | 'generated' = 'register',
): Promise<number> {
  if (body.applied_on > today) throw badRequest([fieldError('applied_on', 'date_in_future', { today })])
  try {
    return await db.transaction(async (tx) => {
      const place = await getPlaceNameFacts(tx, body.place_name_id)
      if (!place) throw badRequest([fieldError('place_name_id', 'unknown_reference')])
      checkScope(actor, place.county_code)
      if (!STARTING_STATUSES[body.kind].includes(place.status)) throw conflict('place_name_id', 'wrong_status_for_case', { case_kind: body.kind, name_status: place.status })
      if (await findOpenCase(tx, place.id)) throw conflict('place_name_id', 'case_open')
      let proposed = body.proposed_name ?? null
      if (body.kind === 'abolition' && proposed !== null) throw badRequest([fieldError('proposed_name', 'not_applicable', { case_kind: body.kind })])
      if (body.kind === 'abolition' && body.proposed_spelling) throw badRequest([fieldError('proposed_spelling', 'not_applicable', { case_kind: body.kind })])
      if (body.kind === 'renaming' && proposed === null) throw badRequest([fieldError('proposed_name', 'required')])
      if (body.kind === 'renaming' && proposed === place.name) throw badRequest([fieldError('proposed_name', 'same_as_current')])
      if (body.kind === 'naming') proposed ??= place.name
      const spelling = proposed === null ? null : body.proposed_spelling || romanize(proposed, place.category as Category).spelling
      await checkFileIds(tx, body.file_ids, 'file_ids')
      const id = await insertCase(tx, {
        kind: body.kind,
        placeNameId: place.id,
        applicant: body.applicant,
        proposal: body.proposal,
        proposedName: proposed,
        proposedSpelling: spelling,
        appliedOn: body.applied_on,
        dataSource,
        userId: actor.id,
      })
      await attachFiles(tx, id, 'application', body.file_ids)
      const created = (await getCase(tx, id))!
      await recordAudit(tx, { user: actor, action: 'create', table: 'place_name_cases', recordId: String(id), changes: diffFields(null, auditedCase(created)) })
      return id
    })
  } catch (error) {
    // Two applications for one name at once: the partial unique index lets one through.
    if (error instanceof UniqueIntegrityConstraintViolationError) throw conflict('place_name_id', 'case_open')
    throw error
  }
}

/**
 * Approval's effect on the register record, audited as an edit of it: a naming makes the
 * proposed name standard, a rename moves the old name into the former names with its years
 * and sets the new name and spelling, an abolition sets the status abolished; each cites
 * the approval document as the record's source.
 */
async function applyApproval(tx: CommonQueryMethods, actor: Actor, row: CaseRow, approval: StepBody['approval']): Promise<string> {
  const collection = placeNamesCollection as WritableCollection
  const id = String(row.place_name_id)
  const before = await lockFeature(tx, collection, id)
  if (!before) throw conflict('place_name_id', 'unknown_reference')
  const current = before.properties as Record<string, PropertyValues[string]>
  const oldName = String(current.name)
  const changes: PropertyValues = { source: `${approval.approval_authority} ${approval.document_number}` }
  if (row.kind === 'naming') Object.assign(changes, { name: row.proposed_name!, roman_spelling: row.proposed_spelling!, status: 'standard' })
  if (row.kind === 'renaming') {
    const since = await currentNameSince(tx, row.place_name_id)
    const former = [...((current.former_names as string[] | null) ?? []), formerNameEntry(oldName, since, approval.approved_on)]
    Object.assign(changes, { name: row.proposed_name!, roman_spelling: row.proposed_spelling!, former_names: former })
  }
  if (row.kind === 'abolition') changes.status = 'abolished'
  await updateFeature(tx, collection, id, changes, undefined)
  const after = (await lockFeature(tx, collection, id))!
  await recordAudit(tx, { user: actor, action: 'update', table: 'place_names', recordId: id, changes: diffFields(before.properties, after.properties) })
  return oldName
}

/**
 * Takes one step of a case, in one transaction with its audit entries: a report, the
 * protection measures, approval (which changes the register record), filing, announcement
 * (which keeps what the 公告 carried), rejection or withdrawal (with a reason).
 * @returns the case after the step.
 * @throws HttpProblem 404 `unknown_case`; 403 outside the actor's counties; 400/409 as {@link checkStep}.
 */
export async function takeStep<S extends Step>(db: CommonQueryMethods, actor: Actor, id: number, step: S, body: StepBody[S], today: string): Promise<CaseRow> {
  return db.transaction(async (tx) => {
    const row = await getCase(tx, id, { lock: true })
    if (!row) throw notFound('unknown_case', { id })
    checkScope(actor, row.county_code)
    const facts = factsOf(row)
    const date = (body as Record<string, string>)[STEP_DATE_FIELD[step]]!
    const problem = checkStep(facts, step, date, today, (body as { kind?: ReportKind }).kind)
    if (problem) {
      const error = fieldError(problem.field, problem.code, problem.params)
      throw problem.status === 409 ? new HttpProblem(409, 'conflict', {}, [error]) : badRequest([error])
    }
    const fileIds = 'file_ids' in body ? (body.file_ids as number[]) : []
    await checkFileIds(tx, fileIds, 'file_ids')
    const update: CaseUpdate = { status: statusAfter(facts, step) }
    let fileStep: string = step
    if (step === 'report') {
      const report = body as StepBody['report']
      await insertReport(tx, id, report, actor.id)
      fileStep = report.kind
    } else if (step === 'protection_measures') {
      const b = body as StepBody['protection_measures']
      Object.assign(update, { protection_measures: b.measures, protection_recorded_on: b.recorded_on })
    } else if (step === 'approval') {
      const b = body as StepBody['approval']
      const oldName = await applyApproval(tx, actor, row, b)
      Object.assign(update, { approval_authority: b.approval_authority, approved_on: b.approved_on, document_number: b.document_number, old_name: oldName })
    } else if (step === 'filing') {
      const b = body as StepBody['filing']
      Object.assign(update, { filed_on: b.filed_on, filed_with: b.filed_with })
    } else if (step === 'announcement') {
      const b = body as StepBody['announcement']
      const place = await getPlaceNameFacts(tx, row.place_name_id)
      if (!place) throw conflict('place_name_id', 'unknown_reference')
      Object.assign(update, { announced_on: b.announced_on, announcement_medium: b.medium, announcement: announcementOf(row, place) })
    } else {
      const b = body as StepBody['rejection'] | StepBody['withdrawal']
      Object.assign(update, { closed_on: 'decided_on' in b ? b.decided_on : b.withdrawn_on, closed_reason: b.reason })
    }
    await updateCase(tx, id, update)
    await attachFiles(tx, id, fileStep, fileIds)
    const after = (await getCase(tx, id))!
    await recordAudit(tx, { user: actor, action: 'update', table: 'place_name_cases', recordId: String(id), changes: { step: { old: null, new: step }, ...diffFields(auditedCase(row), auditedCase(after)) } })
    return after
  })
}

/**
 * What a 公告 carries (条例 art. 14): the standard name and its spelling, the
 * administrative area, the location, the approving authority and the date of approval;
 * and for a rename the former name, for an abolition that the name is abolished.
 */
function announcementOf(row: CaseRow, place: NonNullable<Awaited<ReturnType<typeof getPlaceNameFacts>>>) {
  return {
    kind: row.kind,
    standard_name: place.name,
    roman_spelling: place.roman_spelling,
    former_name: row.kind === 'renaming' ? row.old_name : null,
    category: place.category,
    county_code: place.county_code,
    county_name: place.county_name,
    township_code: place.township_code,
    township_name: place.township_name,
    location: place.location,
    approval_authority: row.approval_authority,
    approved_on: row.approved_on,
    document_number: row.document_number,
  }
}
