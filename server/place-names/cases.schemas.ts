import { z } from 'zod'
import { calendarDate, INT8_SAFE_MAX, issue } from '../http/fields'
import { CASE_KINDS, CASE_STATUSES, REPORT_KINDS } from './cases.rules'
import { NewName, RomanSpelling } from './place-names.schemas'

/** A day a step happened: a real date from 1949 (the register's oldest approvals) to 2999. */
const Day = calendarDate('1949-10-01')

/** Text of 1 to `max` characters, trimmed. */
const text = (max: number) => z.string().trim().min(1).max(max)

/** An id of the file store (`POST /api/files`); at most 20 files a step. */
const FileIds = z.array(z.number().int().min(1).max(INT8_SAFE_MAX)).max(20).default([])

/** A case's id in a path, or a place name's. */
export const ID_MAX = INT8_SAFE_MAX

/** `POST /api/place-names/cases`: the application (申请). */
export const CaseApplication = z
  .object({
    kind: z.enum(CASE_KINDS),
    place_name_id: z.number().int().min(1).max(INT8_SAFE_MAX),
    applicant: text(200),
    proposal: text(2000),
    /** The name proposed (renaming: required; naming: the record's name when left out; abolition: none). */
    proposed_name: NewName.nullable().optional(),
    /** Its spelling; the suggestion for the name and category when left out. */
    proposed_spelling: RomanSpelling.pipe(z.string().min(1)).nullable().optional(),
    applied_on: Day,
    file_ids: FileIds,
  })
  .strict()

/** `POST /api/place-names/cases/{id}/reports`. */
export const CaseReport = z.object({ kind: z.enum(REPORT_KINDS), completed_on: Day, summary: text(2000), file_ids: FileIds }).strict()

/** `POST …/protection-measures`: the measures that keep a protected name's heritage (条例 art. 25). */
export const CaseProtection = z.object({ measures: text(2000), recorded_on: Day, file_ids: FileIds }).strict()

/** `POST …/approval` (批准). */
export const CaseApproval = z.object({ approval_authority: text(200), approved_on: Day, document_number: text(100), file_ids: FileIds }).strict()

/** `POST …/filing` (备案, 条例 art. 13). */
export const CaseFiling = z.object({ filed_on: Day, filed_with: text(200), file_ids: FileIds }).strict()

/** `POST …/announcement` (公告, 条例 art. 14). */
export const CaseAnnouncement = z.object({ announced_on: Day, medium: text(200), file_ids: FileIds }).strict()

/** `POST …/rejection`. */
export const CaseRejection = z.object({ decided_on: Day, reason: text(500) }).strict()

/** `POST …/withdrawal`. */
export const CaseWithdrawal = z.object({ withdrawn_on: Day, reason: text(500) }).strict()

const integerText = (min: number, max: number) =>
  z.string().superRefine((value, ctx) => {
    if (!/^\d{1,16}$/.test(value)) return issue(ctx, 'not_integer')
    if (Number(value) < min) issue(ctx, 'too_small', { minimum: min })
    else if (Number(value) > max) issue(ctx, 'too_big', { maximum: max })
  }).transform(Number)

/** `GET /api/place-names/cases`. */
export const CaseListQuery = z
  .object({
    status: z.enum([...CASE_STATUSES, 'open']),
    kind: z.enum(CASE_KINDS),
    overdue: z.enum(['true', 'false']),
    place_name_id: integerText(1, INT8_SAFE_MAX),
    limit: integerText(1, 500),
    offset: integerText(0, 1_000_000),
  })
  .partial()
  .strict()

/** The body of each step. */
export const STEP_BODIES = {
  report: CaseReport,
  protection_measures: CaseProtection,
  approval: CaseApproval,
  filing: CaseFiling,
  announcement: CaseAnnouncement,
  rejection: CaseRejection,
  withdrawal: CaseWithdrawal,
} as const
