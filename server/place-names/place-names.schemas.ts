import { z } from 'zod'
import { issue } from '../http/fields'
import { nonstandardCharacters } from './characters'
import { CATEGORIES } from './romanize'

/** The longest place name the spelling takes, in characters (code points). */
export const MAX_NAME_LENGTH = 50

/** Han characters (any CJK block), digits, and the middle dot of names like 阿拉山口·… */
const NAME_CHARACTERS = /^[\p{Script=Han}0-9〇·]+$/u

/**
 * A Chinese place name: 1–50 characters, Han characters with digits and · allowed, at
 * least one Han character; Latin letters (a name already romanised) are refused.
 */
export const PlaceName = z.string().superRefine((name, ctx) => {
  const length = [...name].length
  if (length === 0) return issue(ctx, 'empty')
  if (length > MAX_NAME_LENGTH) return issue(ctx, 'too_long', { maximum: MAX_NAME_LENGTH })
  if (!NAME_CHARACTERS.test(name) || !/\p{Script=Han}/u.test(name)) issue(ctx, 'not_chinese_name')
})

/** Where the names of an import come from: stored as their `data_source`. */
export const IMPORT_SOURCES = ['register', 'census'] as const
export type ImportSource = (typeof IMPORT_SOURCES)[number]

/** `POST /api/place-names/import`: the names' source (default register), and whether only to check. */
export const PlaceNamesImportQuery = z.object({ source: z.enum(IMPORT_SOURCES).optional(), dry_run: z.enum(['true', 'false']).optional() }).strict()

/** `GET /api/place-names/spell`. */
export const SpellQuery = z.object({ name: PlaceName, category: z.enum(CATEGORIES).optional() }).strict()

/**
 * The standard name (标准名称) of a register record: a place name as {@link PlaceName}
 * takes it, but with its numbers in Chinese characters (三八路): Arabic digits get
 * `digits_in_name`.
 */
export const StandardName = z.string().superRefine((name, ctx) => {
  const length = [...name].length
  if (length > 0 && length <= MAX_NAME_LENGTH && /[0-9]/.test(name) && NAME_CHARACTERS.test(name)) return issue(ctx, 'digits_in_name')
  const checked = PlaceName.safeParse(name)
  if (!checked.success) for (const i of checked.error.issues) ctx.addIssue({ ...i, path: [] })
})

/**
 * A name being given (a case's proposal): a {@link StandardName} written in the characters
 * of the 通用规范汉字表 (see {@link nonstandardCharacters}).
 */
export const NewName = StandardName.superRefine((name, ctx) => {
  const outside = NAME_CHARACTERS.test(name) ? nonstandardCharacters(name) : null
  if (outside) issue(ctx, outside.code, outside.params)
})

/** Combining tone marks (macron, acute, caron, grave) as they appear after NFD; ü's diaeresis is not one. */
const TONE_MARKS = /[\u0300\u0301\u0304\u030C]/u

/**
 * A Roman spelling as signs and maps write it: without tone marks (the 1984 rules' 第9条),
 * 1–200 characters; ü is kept. A tone-marked one (Zhōngxīng Lù) gets `tone_marks`.
 */
export const RomanSpelling = z.string().trim().max(200).superRefine((spelling, ctx) => {
  if (TONE_MARKS.test(spelling.normalize('NFD'))) issue(ctx, 'tone_marks')
})

const FORMER_NAME = /^([^|]{1,50})\|([0-9]{4})?\|([0-9]{4})?$/u

/**
 * A former name (曾用名) with the years it was used, written `名称|起年|止年`
 * (湛南路|1958|1984); a year may be empty when unknown, and the first is not after the last.
 */
export const FormerName = z.string().superRefine((entry, ctx) => {
  const m = FORMER_NAME.exec(entry)
  if (!m || !StandardName.safeParse(m[1]).success || (m[2] && m[3] && m[2] > m[3])) issue(ctx, 'bad_former_name')
})
