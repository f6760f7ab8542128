import { z } from 'zod'
import { BooleanText, issue } from '../http/fields'
import { FIRST_ENTRY_DATE, todayInCity } from './indicators'
import { UNIT_RULE_IDS } from './unit-rules'

const Lang = z.enum(['zh-CN', 'en'])

/** `GET /api/coverage/rules`: one rule or all, planned facilities as a what-if, the format. */
export const RulesQuery = z
  .object({
    id: z.enum(UNIT_RULE_IDS).optional(),
    include_planned: BooleanText.optional(),
    f: z.enum(['json', 'csv', 'geojson']).optional(),
    lang: Lang.optional(),
  })
  .strict()

/** `GET /api/indicators`. */
export const IndicatorsQuery = z
  .object({ include_planned: BooleanText.optional(), f: z.enum(['json', 'csv', 'xlsx']).optional(), lang: Lang.optional() })
  .strict()

/** `GET /api/indicators/{id}`. */
export const IndicatorQuery = z.object({ include_planned: BooleanText.optional() }).strict()

/** A text of 1 to `max` characters, trimmed. */
const text = (max: number) => z.string().trim().min(1).max(max)

/** A date from the plan's baseline year to today in the city (YYYY-MM-DD). */
const EntryDate = z.string().superRefine((value, ctx) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return issue(ctx, 'not_a_date')
  const [y, m, d] = value.split('-').map(Number) as [number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return issue(ctx, 'not_on_calendar')
  const today = todayInCity()
  if (value < FIRST_ENTRY_DATE || value > today) issue(ctx, 'date_out_of_range', { minimum: FIRST_ENTRY_DATE, maximum: today })
})

/**
 * `POST /api/indicators/{id}/entries`: the figure, the second figure where the row compares
 * against one (rows 1 and 12), its source (the document, and the department), the date it is for.
 */
export const EntryBody = z
  .object({
    value: z.number(),
    comparison_value: z.number().optional(),
    source: text(200),
    department: text(100).optional(),
    as_of: EntryDate,
    note: text(1000).optional(),
  })
  .strict()

export type EntryBody = z.infer<typeof EntryBody>
