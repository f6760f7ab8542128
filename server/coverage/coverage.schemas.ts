import { z } from 'zod'
import { BooleanText, issue } from '../http/fields'
import { Geometry } from '../geo/geojson'

/** Eldercare facility kinds (migration 006). */
export const ELDERCARE_KINDS = [
  'institution', 'township_home', 'regional_centre', 'street_centre', 'day_care', 'home_care_station', 'embedded', 'village_home',
] as const

/**
 * The kinds that serve an urban community by default: the community-level facilities of
 * the plan's 15-minute circle (第四章第二节: street centres, day-care centres, home-care
 * stations, embedded institutions) and the regional centres that township homes become,
 * which serve their surroundings by day too. Institutions and township homes are
 * residential care for a county or town, not a neighbourhood service, so they do not count.
 */
export const COMMUNITY_KINDS = ['street_centre', 'day_care', 'home_care_station', 'embedded', 'regional_centre'] as const
/** Villages are also served by their happiness homes (村级幸福院, 第四章第二节 农村互助养老). */
export const VILLAGE_KINDS = [...COMMUNITY_KINDS, 'village_home'] as const

export const LIMITS = {
  minutes: { min: 1, max: 60, default: 15 },
  speed: { min: 20, max: 120, default: 60 },
  whatIfFacilities: 100,
  sites: 50,
  candidates: 5_000,
  capacity: 1_000_000,
  timeLimit: { min: 1, max: 120, default: 20 },
} as const

/** A number in a query string: digits with an optional fraction, nothing else. */
function numberText(min: number, max: number) {
  return z.string().superRefine((text, ctx) => {
    if (!/^-?\d+(\.\d+)?$/.test(text)) return issue(ctx, 'wrong_type', { expected: 'number' })
    const n = Number(text)
    if (n < min) issue(ctx, 'too_small', { minimum: min })
    else if (n > max) issue(ctx, 'too_big', { maximum: max })
  }).transform(Number)
}

const kindList = z.string().transform((text, ctx) => {
  const kinds = text.split(',').map((k) => k.trim()).filter(Boolean)
  const unknown = kinds.filter((k) => !(ELDERCARE_KINDS as readonly string[]).includes(k))
  if (!kinds.length) issue(ctx, 'empty')
  else if (unknown.length) issue(ctx, 'not_one_of', { options: [...ELDERCARE_KINDS] })
  return [...new Set(kinds)]
})

const Mode = z.enum(['straight', 'network'])
const Scope = z.enum(['all', 'community', 'village'])
const Format = z.enum(['json', 'geojson', 'csv'])

/** `GET /api/coverage/eldercare`: every parameter a string of the query. */
export const CoverageQuery = z
  .object({
    mode: Mode.optional(),
    minutes: numberText(LIMITS.minutes.min, LIMITS.minutes.max).optional(),
    speed_m_per_min: numberText(LIMITS.speed.min, LIMITS.speed.max).optional(),
    kinds: kindList.optional(),
    include_planned: BooleanText.optional(),
    scope: Scope.optional(),
    geometry: BooleanText.optional(),
    f: Format.optional(),
  })
  .strict()

const Point = Geometry.refine((g) => g.type === 'Point', { params: { code: 'wrong_geometry_type', expected: 'Point', collection: 'coverage' } }) as unknown as z.ZodType<{
  type: 'Point'
  coordinates: number[]
}>

/** A facility given in a what-if request: its kind and where it would stand. Not saved. */
export const TrialFacility = z.object({ kind: z.enum(ELDERCARE_KINDS), geometry: Point }).strict()

const analysis = {
  mode: Mode.optional(),
  minutes: z.number().min(LIMITS.minutes.min).max(LIMITS.minutes.max).optional(),
  speed_m_per_min: z.number().min(LIMITS.speed.min).max(LIMITS.speed.max).optional(),
  include_planned: z.boolean().optional(),
  scope: Scope.optional(),
}

/** `POST /api/coverage/eldercare`: the query's parameters as JSON, and trial facilities. */
export const CoverageBody = z
  .object({
    ...analysis,
    kinds: z.array(z.enum(ELDERCARE_KINDS)).min(1).max(ELDERCARE_KINDS.length).optional(),
    geometry: z.boolean().optional(),
    facilities: z.array(TrialFacility).max(LIMITS.whatIfFacilities).optional(),
  })
  .strict()

/** `POST /api/coverage/suggest`. */
export const SuggestBody = z
  .object({
    ...analysis,
    n: z.number().int().min(1).max(LIMITS.sites),
    capacity: z.number().positive().max(LIMITS.capacity).optional(),
    candidates: z.array(Point).min(1).max(LIMITS.candidates).optional(),
    method: z.enum(['greedy', 'exact']).optional(),
    time_limit_s: z.number().min(LIMITS.timeLimit.min).max(LIMITS.timeLimit.max).optional(),
  })
  .strict()

/** `?f=` of the POST routes: the answer as JSON, GeoJSON or CSV. */
export const FormatQuery = z.object({ f: Format.optional() }).strict()

export type Scope = z.infer<typeof Scope>
export type Format = z.infer<typeof Format>
