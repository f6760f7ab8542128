import { z } from 'zod'
import type { ErrorCode, ErrorParams } from './error-codes'

/** A zod issue carrying one of our error codes (see `fieldErrors`). */
export function issue(ctx: z.RefinementCtx, code: ErrorCode, params: ErrorParams = {}): void {
  ctx.addIssue({ code: 'custom', params: { code, ...params } })
}

/** The largest value of a PostgreSQL `integer` column. */
export const INT4_MAX = 2_147_483_647

/** The largest `bigint` id (identity columns) that JavaScript numbers hold exactly. */
export const INT8_SAFE_MAX = Number.MAX_SAFE_INTEGER

/**
 * A count (beds, staff, people) from 0 to `max`: `max` is the domain's sensible
 * maximum, well inside the column's `integer`, so that sums over a city stay far from
 * overflowing too.
 */
export function count(max: number) {
  return z.number().int().min(0).max(Math.min(max, INT4_MAX))
}

/** A string matching `re`, refused with `code` (which names the format, e.g. `bad_county_code`). */
export function pattern(re: RegExp, code: ErrorCode) {
  return z.string().superRefine((value, ctx) => {
    if (!re.test(value)) issue(ctx, code)
  })
}

/** Whether `day` (YYYY-MM-DD) exists on the (proleptic Gregorian) calendar. */
function onCalendar(day: string): boolean {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  if (y < 1 || m < 1 || m > 12 || d < 1) return false
  const date = new Date(Date.UTC(2000, m - 1, d))
  date.setUTCFullYear(y)
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/**
 * A calendar date `YYYY-MM-DD` from `min` to `max` (inclusive, same format): 2024-02-30
 * and year 0000 are refused, as PostgreSQL would refuse them.
 */
export function calendarDate(min = '1000-01-01', max = '2999-12-31') {
  return z.string().superRefine((value, ctx) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) issue(ctx, 'not_a_date')
    else if (!onCalendar(value)) issue(ctx, 'not_on_calendar')
    else if (value < min || value > max) issue(ctx, 'date_out_of_range', { minimum: min, maximum: max })
  })
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/

/**
 * A date (YYYY-MM-DD) or ISO 8601 timestamp that PostgreSQL's `timestamptz` takes: a real
 * calendar day from year 1, hours 0–23, minutes and seconds 0–59, a UTC offset within
 * ±15:59.
 */
export const Timestamp = z.string().superRefine((value, ctx) => {
  const m = TIMESTAMP.exec(value)
  if (!m) return issue(ctx, 'not_a_timestamp')
  if (!onCalendar(m[1]!)) return issue(ctx, 'not_on_calendar')
  if (m[2] !== undefined && (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59)) return issue(ctx, 'not_a_timestamp')
  if (m[6] !== undefined && (Number(m[6]) > 15 || Number(m[7]) > 59)) return issue(ctx, 'bad_utc_offset')
})

/** A query parameter `true` or `false`, read as a boolean. */
export const BooleanText = z.enum(['true', 'false']).transform((v) => v === 'true')
