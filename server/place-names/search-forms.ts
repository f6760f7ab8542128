import { pinyin } from 'pinyin-pro'
// Loads the place-name readings into pinyin-pro (叶县 ye xian, 六安 lu an …) before any use here.
import './romanize'

/**
 * A typed or stored pinyin as the search compares it: lowercase ASCII letters and digits
 * only (spaces, apostrophes and hyphens dropped), ü and v written u, as most people type it.
 * @example searchPinyin("Xi'an Lu") // 'xianlu'
 */
export function searchPinyin(text: string): string {
  return text
    .normalize('NFD')
    .toLowerCase()
    .replace(/v/g, 'u')
    .replace(/[^a-z0-9]/g, '')
}

/** The toneless pinyin of each character of a name (non-Han runs kept as they are). */
function syllables(name: string, pattern: 'pinyin' | 'first'): string[] {
  return pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', pattern })
}

/**
 * The forms a name is found by: its full pinyin (zhongxinglu) and its initials (zxl),
 * both in the form {@link searchPinyin} gives. `spelling`, when given, is the record's own
 * Roman spelling, which stands for the full pinyin (staff may have spelled a reading the
 * dictionary does not know).
 * @example searchForms('中兴路') // { pinyin: 'zhongxinglu', initials: 'zxl' }
 */
export function searchForms(name: string, spelling?: string | null): { pinyin: string; initials: string } {
  const full = spelling ? searchPinyin(spelling) : ''
  return {
    pinyin: full || searchPinyin(syllables(name, 'pinyin').join('')),
    initials: searchPinyin(syllables(name, 'first').join('')),
  }
}

/** The bare name of a former name written 名称|起年|止年. */
export function formerNameOf(entry: string): string {
  return entry.split('|')[0]!
}

/**
 * The stored search columns of a place name (`search_pinyin`, `search_initials`): the forms
 * of the standard name, then of each alias, then of each former name, in that order, as
 * the table's trigger reads them (migration 017).
 */
export function placeNameSearchColumns(p: {
  name: string
  roman_spelling?: string | null
  aliases?: readonly string[] | null
  former_names?: readonly string[] | null
}): { search_pinyin: string[]; search_initials: string[] } {
  const forms = [
    searchForms(p.name, p.roman_spelling),
    ...(p.aliases ?? []).map((a) => searchForms(a)),
    ...(p.former_names ?? []).map((f) => searchForms(formerNameOf(f))),
  ]
  return { search_pinyin: forms.map((f) => f.pinyin), search_initials: forms.map((f) => f.initials) }
}
