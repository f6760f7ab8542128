import type { RuleBreak } from '../ogc/collection'

/** How a marker stands: alone, as one of a double pair, or one of a triple set. */
export type MarkerKind = 'single' | 'double' | 'triple'
export const MARKER_KINDS = ['single', 'double', 'triple'] as const

/** The type letters of each kind (GB/T 17796-2009): Q single, A/B a pair, C/D/E a set. */
export const KIND_LETTERS: Record<MarkerKind, readonly string[]> = { single: ['Q'], double: ['A', 'B'], triple: ['C', 'D', 'E'] }

/** A unit code: 2 (province), 4 (city), 6 (county-level) or 9 (township-level) digits. */
const UNIT = '[0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}'
const NUMBER = /^([0-9]+?)([0-9]{3})([QABCDE])$/
const LINE_ID = new RegExp(`^(${UNIT})-(${UNIT})$`)

/** A marker number's parts. */
export type MarkerNumber = { lineCode: string; sequence: number; letter: string }

/**
 * The two sides of a line from its id (`<smaller code>-<larger code>`), or null when the
 * id is not of that form.
 * @example lineSides('4104-4110') // ['4104', '4110']
 */
export function lineSides(lineId: string): [string, string] | null {
  const m = LINE_ID.exec(lineId)
  return m && m[1]!.length === m[2]!.length && m[1]! < m[2]! ? [m[1]!, m[2]!] : null
}

/**
 * The line code that starts its markers' numbers: the two sides' codes, the smaller first.
 * @example lineCode('4104-4110') // '41044110'
 */
export function lineCode(lineId: string): string {
  return lineId.replace('-', '')
}

/**
 * Writes a marker number: the line code, the sequence in three digits, the type letter.
 * @example formatMarkerNumber('4104-4110', 7, 'A') // '41044110007A'
 */
export function formatMarkerNumber(lineId: string, sequence: number, letter: string): string {
  return `${lineCode(lineId)}${String(sequence).padStart(3, '0')}${letter}`
}

/**
 * Reads a marker number into its parts, or null when it is not one: a line code of two
 * unit codes of the same length, a sequence 001–999 and a type letter.
 * @example parseMarkerNumber('410402410403012Q') // { lineCode: '410402410403', sequence: 12, letter: 'Q' }
 */
export function parseMarkerNumber(number: string): MarkerNumber | null {
  const m = NUMBER.exec(number)
  if (!m) return null
  const code = m[1]!
  if (![4, 8, 12, 18].includes(code.length)) return null
  const half = code.length / 2
  if (!(code.slice(0, half) < code.slice(half))) return null
  const sequence = Number(m[2])
  if (sequence < 1) return null
  return { lineCode: code, sequence, letter: m[3]! }
}

/**
 * What is wrong with a marker's number for its line, kind and side, as rule breaks on
 * the fields to blame: the format, the line code, the letter against the kind, and for a
 * pair the side (A stands on the side of the smaller code, B on the other).
 */
export function markerNumberProblems(marker: { line_id: string; number: string; kind: MarkerKind; side_code: string | null }): RuleBreak[] {
  const parsed = parseMarkerNumber(marker.number)
  const sides = lineSides(marker.line_id)
  const example = sides ? formatMarkerNumber(marker.line_id, 1, 'Q') : '41044110001Q'
  if (!parsed) return [{ field: 'number', code: 'bad_marker_number', params: { example } }]
  const problems: RuleBreak[] = []
  if (sides && parsed.lineCode !== lineCode(marker.line_id)) {
    problems.push({ field: 'number', code: 'marker_number_wrong_line', params: { line: marker.line_id, prefix: lineCode(marker.line_id) } })
  }
  const letters = KIND_LETTERS[marker.kind]
  if (!letters.includes(parsed.letter)) {
    problems.push({ field: 'number', code: 'marker_letter_kind', params: { letter: parsed.letter, kind: marker.kind, letters: [...letters] } })
  }
  if (sides && marker.kind === 'double' && (parsed.letter === 'A' || parsed.letter === 'B')) {
    const expected = parsed.letter === 'A' ? sides[0] : sides[1]
    if (marker.side_code !== expected) problems.push({ field: 'side_code', code: 'marker_side_letter', params: { letter: parsed.letter, expected } })
  }
  return problems
}

/**
 * The parts of a line in the order and direction its markers are numbered (from 001):
 * west to east when the line spans more ground east–west than north–south, else north to
 * south. Each part is turned to run that way, and the parts are sorted by where they start.
 * @example numberingOrder([[[113.5, 33], [113.0, 33.1]]]) // [[[113.0, 33.1], [113.5, 33]]]: west to east
 */
export function numberingOrder(parts: readonly (readonly (readonly number[])[])[]): (readonly number[])[][] {
  const all = parts.flat()
  const lons = all.map((c) => c[0]!)
  const lats = all.map((c) => c[1]!)
  const midLat = ((Math.min(...lats) + Math.max(...lats)) / 2) * (Math.PI / 180)
  const eastWest = (Math.max(...lons) - Math.min(...lons)) * Math.cos(midLat) >= Math.max(...lats) - Math.min(...lats)
  const oriented = parts.map((part) => {
    const first = part[0]!
    const last = part[part.length - 1]!
    const forward = eastWest ? last[0]! >= first[0]! : last[1]! <= first[1]!
    return forward ? [...part] : [...part].reverse()
  })
  return oriented.sort((a, b) => (eastWest ? a[0]![0]! - b[0]![0]! : b[0]![1]! - a[0]![1]!))
}
