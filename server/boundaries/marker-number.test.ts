import { describe, expect, it } from 'vitest'
import { formatMarkerNumber, lineSides, markerNumberProblems, numberingOrder, parseMarkerNumber } from './marker-number'

describe('marker numbers (GB/T 17796-2009)', () => {
  it('are the line code, a 3-digit sequence and the type letter', () => {
    expect(formatMarkerNumber('4104-4110', 7, 'A')).toBe('41044110007A')
    expect(formatMarkerNumber('410402-410403', 123, 'Q')).toBe('410402410403123Q')
    expect(parseMarkerNumber('41044110007A')).toEqual({ lineCode: '41044110', sequence: 7, letter: 'A' })
    expect(parseMarkerNumber('410402410403123Q')).toEqual({ lineCode: '410402410403', sequence: 123, letter: 'Q' })
    expect(lineSides('4104-4110')).toEqual(['4104', '4110'])
    expect(lineSides('4110-4104')).toBeNull()
  })

  it.each([
    ['41044110000Q', 'sequence 000'],
    ['4104411007Q', 'a 2-digit sequence'],
    ['41044110007X', 'an unknown letter'],
    ['41104104007Q', 'the larger code first'],
    ['4104411000Q7', 'the letter not last'],
    ['41044110007q', 'a lower-case letter'],
    ['410441100007Q', 'an odd-length line code'],
  ])('refuses %s (%s)', (number) => {
    expect(parseMarkerNumber(number)).toBeNull()
    expect(markerNumberProblems({ line_id: '4104-4110', number, kind: 'single', side_code: null })).toEqual([
      { field: 'number', code: 'bad_marker_number', params: { example: '41044110001Q' } },
    ])
  })

  it('checks the line code, the letter against the kind, and the side of a pair', () => {
    const check = (number: string, kind: 'single' | 'double' | 'triple', side_code: string | null = null) =>
      markerNumberProblems({ line_id: '4104-4110', number, kind, side_code }).map((p) => `${p.field}:${p.code}`)
    expect(check('41044110001Q', 'single')).toEqual([])
    expect(check('41044111001Q', 'single')).toEqual(['number:marker_number_wrong_line'])
    expect(check('41044110001A', 'single')).toEqual(['number:marker_letter_kind'])
    expect(check('41044110001Q', 'double', '4104')).toEqual(['number:marker_letter_kind'])
    expect(check('41044110001A', 'double', '4104')).toEqual([])
    expect(check('41044110001B', 'double', '4110')).toEqual([])
    // A stands on the side of the smaller code.
    expect(check('41044110001A', 'double', '4110')).toEqual(['side_code:marker_side_letter'])
    expect(check('41044110001C', 'triple', '4104')).toEqual([])
    expect(check('41044110001E', 'triple', '4110')).toEqual([])
    expect(check('41044110001B', 'triple')).toEqual(['number:marker_letter_kind'])
  })

  it('number west to east along a line that runs more east–west, north to south otherwise', () => {
    // Given east to west: turned round.
    expect(numberingOrder([[[113.5, 33], [113.0, 33.1]]])).toEqual([[[113.0, 33.1], [113.5, 33]]])
    // Given south to north (more north–south than east–west): turned round.
    expect(numberingOrder([[[113, 33], [113.05, 33.5]]])).toEqual([[[113.05, 33.5], [113, 33]]])
    // Two parts: each turned, the western one first.
    const parts = numberingOrder([
      [[113.9, 33], [113.6, 33]],
      [[113.1, 33], [113.4, 33]],
    ])
    expect(parts.map((p) => p[0])).toEqual([[113.1, 33], [113.6, 33]])
    // At 60° N a degree of longitude is half as long: 0.8° of longitude is less ground than 0.5° of latitude.
    expect(numberingOrder([[[10, 60], [10.8, 60.5]]])[0]![0]).toEqual([10.8, 60.5])
  })
})
