import { z } from 'zod'
import { Geometry } from '../geo/geojson'
import { calendarDate, INT8_SAFE_MAX } from '../http/fields'

/** An inspection's course: not started → planned → in the field → findings agreed → report filed → archived. */
export const INSPECTION_STATUSES = ['not_started', 'planned', 'in_field', 'agreed', 'report_filed', 'archived'] as const
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number]

/** What a marker was found to be. */
export const CONDITIONS = ['intact', 'damaged', 'missing', 'displaced', 'repainted', 'rebuilt'] as const
export type Condition = (typeof CONDITIONS)[number]

export const CHANGE_KINDS = ['road', 'construction', 'river_shift', 'other'] as const
export const DISPUTE_STATUSES = ['open', 'negotiating', 'resolved'] as const
export const ARCHIVE_KINDS = ['agreement', 'record_form', 'photo', 'report', 'other'] as const

/** How far from its registered position a measured position may be, in metres: farther is not the same marker. */
export const MAX_DISPLACEMENT_M = 500

const Id = z.number().int().min(1).max(INT8_SAFE_MAX)
const UnitCode = z.string().regex(/^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3})?)?)?$/)
const Text = (max: number) => z.string().trim().min(1).max(max)
const FileIds = z.array(Id).max(20)

/** A position measured on the ground, GeoJSON [longitude, latitude] (CGCS2000 / WGS 84). */
export const MeasuredPoint = z
  .object({
    type: z.literal('Point'),
    coordinates: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]),
  })
  .strict()

/** `POST /api/boundaries/inspections/{id}/findings`: one marker's finding, replacing an earlier one. */
export const FindingBody = z
  .object({
    marker_id: Id,
    condition: z.enum(CONDITIONS),
    note: Text(2000).nullable().optional(),
    photo_ids: FileIds.optional(),
    measured: MeasuredPoint.nullable().optional(),
    measured_elevation_m: z.number().min(-500).max(9000).nullable().optional(),
    accuracy_m: z.number().min(0).max(1000).nullable().optional(),
    register_measured: z.boolean().optional(),
    repairs: Text(2000).nullable().optional(),
    repaired_by: UnitCode.nullable().optional(),
    side_code: UnitCode.optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    const need = (path: string, other: string, value: string) =>
      ctx.addIssue({ code: 'custom', path: [path], params: { code: 'required_when', other, value } })
    if (b.condition === 'displaced' && !b.measured) need('measured', 'condition', 'displaced')
    if (b.register_measured && !b.measured) need('measured', 'register_measured', 'true')
    if (b.register_measured && b.condition !== 'displaced' && b.condition !== 'rebuilt') {
      ctx.addIssue({ code: 'custom', path: ['condition'], params: { code: 'not_one_of', options: ['displaced', 'rebuilt'] } })
    }
  })
export type FindingBody = z.infer<typeof FindingBody>

/** `POST /api/boundaries/inspections/{id}/changes`: a change along the line, sketched. */
export const ChangeBody = z
  .object({
    kind: z.enum(CHANGE_KINDS),
    note: Text(2000),
    geometry: Geometry,
    photo_ids: FileIds.optional(),
    side_code: UnitCode.optional(),
  })
  .strict()
export type ChangeBody = z.infer<typeof ChangeBody>

/** `POST /api/boundaries/inspections/{id}/disputes`: a dispute raised. */
export const DisputeBody = z
  .object({
    subject: Text(2000),
    geometry: Geometry.nullable().optional(),
    since: calendarDate('1949-10-01', '2100-12-31').nullable().optional(),
    status: z.enum(DISPUTE_STATUSES).optional(),
    file_ids: FileIds.optional(),
    side_code: UnitCode.optional(),
  })
  .strict()
export type DisputeBody = z.infer<typeof DisputeBody>

/** `POST /api/boundaries/inspections/{id}/confirmations`: the caller's side confirms this version of the findings. */
export const ConfirmBody = z.object({ version: z.number().int().min(1).max(2_000_000_000), side_code: UnitCode.optional() }).strict()

/** `POST /api/boundaries/inspections/{id}/status`: the steps a team takes by hand (agreement comes from the confirmations). */
export const StatusBody = z
  .object({ status: z.enum(['planned', 'in_field', 'report_filed', 'archived']), planned_on: calendarDate('2000-01-01', '2100-12-31').nullable().optional() })
  .strict()

/** `POST /api/boundaries/lines/{id}/files`: a stored file added to the line's archive; an agreement sets the line's agreement. */
export const ArchiveBody = z
  .object({
    file_id: Id,
    kind: z.enum(ARCHIVE_KINDS),
    title: Text(200),
    round_number: z.number().int().min(1).max(99).nullable().optional(),
    agreement_ref: Text(200).nullable().optional(),
    signed_on: calendarDate('1949-10-01', '2100-12-31').nullable().optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.kind === 'agreement' && !b.agreement_ref) ctx.addIssue({ code: 'custom', path: ['agreement_ref'], params: { code: 'required_when', other: 'kind', value: 'agreement' } })
  })

/** `PUT /api/boundaries/inspectors/{userId}/units`: the units (sides) an inspector works for. */
export const InspectorUnitsBody = z.object({ unit_codes: z.array(UnitCode).max(20) }).strict()
