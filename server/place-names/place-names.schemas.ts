import { z } from 'zod'
import { issue } from '../http/fields'
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

/** `GET /api/place-names/spell`. */
export const SpellQuery = z.object({ name: PlaceName, category: z.enum(CATEGORIES).optional() }).strict()
