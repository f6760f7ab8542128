import { z } from 'zod'
import { issue } from '../http/fields'
import { CATEGORIES } from './romanize'
import { PlaceName } from './place-names.schemas'

/** The longest search text, in characters (code points). */
export const MAX_SEARCH_LENGTH = 50
/** The most hits a search returns. */
export const MAX_SEARCH_LIMIT = 50
export const DEFAULT_SEARCH_LIMIT = 10

/** Han characters, Latin letters (with tone marks or ü, as pasted), digits, spaces, apostrophes, hyphens, ·, 〇. */
const SEARCH_CHARACTERS = /^[\p{Script=Han}\p{Script=Latin}\p{M}0-9 '’\-·〇]+$/u

/**
 * What was typed: a name in Chinese characters, or its pinyin (full, with or without
 * spaces, or the initials); 1–50 characters once trimmed.
 */
const SearchText = z.string().transform((text, ctx) => {
  const q = text.normalize('NFC').trim().replace(/\s+/g, ' ')
  const length = [...q].length
  if (length === 0) issue(ctx, 'empty')
  else if (length > MAX_SEARCH_LENGTH) issue(ctx, 'too_long', { maximum: MAX_SEARCH_LENGTH })
  else if (!SEARCH_CHARACTERS.test(q) || !/[\p{Script=Han}\p{Script=Latin}0-9]/u.test(q)) issue(ctx, 'not_search_text')
  return q
})

/** A whole number in a query string within [min, max]. */
function integerText(min: number, max: number) {
  return z.string().superRefine((text, ctx) => {
    if (!/^\d{1,6}$/.test(text)) return issue(ctx, 'not_integer')
    const n = Number(text)
    if (n < min) issue(ctx, 'too_small', { minimum: min })
    else if (n > max) issue(ctx, 'too_big', { maximum: max })
  }).transform(Number)
}

/** `GET /api/place-names/search`. */
export const SearchQuery = z.object({ q: SearchText, limit: integerText(1, MAX_SEARCH_LIMIT).optional() }).strict()

const CountyCode = z.string().superRefine((value, ctx) => {
  if (!/^[0-9]{6}$/.test(value)) issue(ctx, 'bad_county_code')
})

/** `lon,lat` in degrees (CRS84). */
const LonLat = z.string().transform((text, ctx) => {
  const parts = text.split(',').map((p) => (p.trim() === '' ? NaN : Number(p)))
  const [lon, lat] = parts as [number, number]
  if (parts.length !== 2 || !parts.every(Number.isFinite)) issue(ctx, 'bad_format', { format: 'longitude,latitude in degrees' })
  else if (Math.abs(lon) > 180) issue(ctx, 'longitude_range', { value: lon })
  else if (Math.abs(lat) > 90) issue(ctx, 'latitude_range', { value: lat })
  return [lon, lat] as [number, number]
})

/**
 * `GET /api/place-names/duplicates`: a name as it would be written (a proposal, or a
 * rename of `exclude`), where it lies (`county_code`, or a point `at`), and its category.
 */
export const DuplicatesQuery = z
  .object({
    name: PlaceName,
    category: z.enum(CATEGORIES),
    county_code: CountyCode.optional(),
    at: LonLat.optional(),
    exclude: z.string().superRefine((value, ctx) => {
      if (!/^[1-9][0-9]{0,15}$/.test(value)) issue(ctx, 'bad_format', { format: 'the id of a place name' })
    }).optional(),
  })
  .strict()
