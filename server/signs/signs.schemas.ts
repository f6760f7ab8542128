import { z } from 'zod'
import { INT8_SAFE_MAX, Timestamp, calendarDate, issue } from '../http/fields'
import { isSignCode } from './sign-code'

/** The six national types of place-name sign (民地标〔2006〕1号). */
export const SIGN_TYPES = ['admin_area', 'residential_street', 'house_number', 'natural_feature', 'building_station', 'auxiliary'] as const
export const SIGN_STATUSES = ['in_use', 'damaged', 'removed'] as const
export const ROAD_SIDES = ['north', 'east', 'south', 'west', 'junction'] as const
export const MATERIALS = ['aluminium', 'stainless_steel', 'enamel', 'reflective_film', 'stone', 'other'] as const
export const SIGN_SOURCES = ['generated', 'register'] as const

/** What an inspection finds: 完好, 污损, 褪色, 倾斜变形, 破损, 缺失, 遮挡, 内容错误. */
export const CONDITIONS = ['intact', 'soiled', 'faded', 'tilted', 'broken', 'missing', 'obstructed', 'wrong_content'] as const
export type Condition = (typeof CONDITIONS)[number]
/** What a public report says is wrong. */
export const PROBLEMS = ['damaged', 'missing', 'wrong_content', 'obstructed', 'other'] as const
export const ACTIONS = ['repair', 'replace', 'remove'] as const
export const WORK_STATES = ['open', 'assigned', 'done', 'merged', 'dismissed'] as const
export const WORK_SOURCES = ['public', 'inspection', 'other'] as const

/** The follow-up an inspection's finding gets unless the inspector chooses another. */
export const DEFAULT_ACTION: Record<Exclude<Condition, 'intact'>, (typeof ACTIONS)[number]> = {
  soiled: 'repair',
  faded: 'replace',
  tilted: 'repair',
  broken: 'replace',
  missing: 'replace',
  obstructed: 'repair',
  wrong_content: 'replace',
}

/** Days from an inspection to its follow-up's default due date. */
export const FOLLOW_UP_DAYS = 30

/** A sign code with a right check character ({@link isSignCode}). */
export const SignCode = z.string().superRefine((value, ctx) => {
  if (!isSignCode(value)) issue(ctx, 'bad_sign_code')
})

const text = (max: number) => z.string().max(max)
const ids = (max: number) => z.array(z.number().int().min(1).max(INT8_SAFE_MAX)).max(max)

/** A position as [longitude, latitude] in WGS 84 / CGCS2000. */
export const LonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)])

/** `POST /api/signs/{code}/inspections`. */
export const InspectionBody = z
  .object({
    condition: z.enum(CONDITIONS),
    notes: text(2000).nullable().optional(),
    photo_ids: ids(10).default([]),
    /** Where the phone was. */
    position: LonLat.optional(),
    /** The phone's GPS accuracy in metres (GeolocationCoordinates.accuracy). */
    accuracy_m: z.number().min(0).max(100_000).nullable().optional(),
    /** When; default now. */
    inspected_at: Timestamp.optional(),
    /** The follow-up for a condition but intact; default by condition (DEFAULT_ACTION). */
    action: z.enum(ACTIONS).optional(),
    assignee: z.string().trim().min(1).max(100).nullable().optional(),
    due_on: calendarDate('2000-01-01', '2100-12-31').nullable().optional(),
  })
  .strict()

/** `GET /api/signs/queue`. */
export const QueueQuery = z
  .object({
    state: z.enum([...WORK_STATES, 'active']).optional(),
    source: z.enum(WORK_SOURCES).optional(),
    county: z.string().regex(/^[0-9]{6}$/).optional(),
    sign: SignCode.optional(),
    older_than_days: z.coerce.number().int().min(0).max(36500).optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
    offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
  })
  .strict()

/** `PATCH /api/signs/queue/{id}`: assign, reschedule, choose the action. */
export const WorkItemPatch = z
  .object({
    action: z.enum(ACTIONS).nullable().optional(),
    assignee: z.string().trim().min(1).max(100).nullable().optional(),
    due_on: calendarDate('2000-01-01', '2100-12-31').nullable().optional(),
  })
  .strict()

/** `POST /api/signs/queue/{id}/complete`. */
export const CompleteBody = z
  .object({
    note: text(2000).nullable().optional(),
    photo_ids: ids(10).default([]),
    completed_at: Timestamp.optional(),
    /** For a replacement: the new sign shows the register's current name and spelling (default true). */
    update_sign: z.boolean().default(true),
  })
  .strict()

export const MergeBody = z.object({ into: z.number().int().min(1).max(INT8_SAFE_MAX) }).strict()
export const DismissBody = z.object({ reason: z.string().trim().min(1).max(500) }).strict()

/** `POST /api/signs/queue`: other work staff add themselves. */
export const NewWorkItemBody = z
  .object({
    sign: SignCode,
    action: z.enum(ACTIONS),
    description: text(2000).nullable().optional(),
    assignee: z.string().trim().min(1).max(100).nullable().optional(),
    due_on: calendarDate('2000-01-01', '2100-12-31').nullable().optional(),
  })
  .strict()

/** `GET /api/signs/nearest`. */
export const NearestQuery = z
  .object({
    lon: z.coerce.number().min(-180).max(180),
    lat: z.coerce.number().min(-90).max(90),
    limit: z.coerce.number().int().min(1).max(50).optional(),
  })
  .strict()

/** `GET /api/signs/print`: the signs of a sheet, by codes, county, street (a place name's code) or a drawn box. */
export const PrintQuery = z
  .object({
    codes: z.string().max(20_000).optional(),
    county: z.string().regex(/^[0-9]{6}$/).optional(),
    street: z.string().regex(/^[0-9]{6}PN[0-9]{5}$/).optional(),
    bbox: z.string().max(200).optional(),
    per_page: z.enum(['4', '6', '8', '12']).optional(),
  })
  .strict()

/** `PUT /api/signs/settings`. */
export const SettingsBody = z.object({ inspection_months: z.number().int().min(1).max(120) }).strict()

/**
 * The public pages' query: the language (`en`, else Chinese). Other parameters (a QR
 * campaign's tags, say) are ignored rather than refused: the public gets a page, not an error.
 */
export const PageQuery = z.object({ lang: z.string().max(10).optional() }).passthrough()
/** The public search of signs by name (the first 50 characters count). */
export const SearchQuery = z.object({ q: z.string().max(500).optional(), lang: z.string().max(10).optional() }).passthrough()

/** The public report form's fields, as the multipart body gives them (strings). */
export const ReportFields = z
  .object({
    problem: z.enum(PROBLEMS),
    description: z.string().max(1000).default(''),
    contact: z.string().max(100).default(''),
    lang: z.enum(['zh', 'en']).default('zh'),
    /** The time proof: when the form was made (ms) and a keyed hash of it with the sign and a nonce. */
    t: z.string().regex(/^[0-9]{1,15}$/),
    n: z.string().regex(/^[0-9a-f]{16}$/),
    p: z.string().regex(/^[0-9a-f]{64}$/),
    /** Left empty by people; filled by bots that fill in every field. */
    website: z.string().max(200).default(''),
  })
  .strict()
