import { describe, expect, it } from 'vitest'
import { HttpProblem } from './problem'
import { parseBbox, parseInteger } from './params'

function fieldErrorOf(read: () => unknown) {
  try {
    read()
  } catch (error) {
    if (error instanceof HttpProblem) return { status: error.status, ...error.errors[0] }
    throw error
  }
  throw new Error('expected a problem')
}

describe('parseBbox', () => {
  it('reads four numbers, lower-left first', () => {
    expect(parseBbox('112.2,33.1,113.7,34.4')).toEqual([112.2, 33.1, 113.7, 34.4])
  })

  it('drops the heights of a six-number box', () => {
    expect(parseBbox('112,33,0,113,34,100')).toEqual([112, 33, 113, 34])
  })

  it.each([
    ['112,33,113', /4 \(or 6\)/],
    ['112,33,,34', /"" is not a number/],
    ['112,33,east,34', /"east" is not a number/],
    ['113,33,112,34', /lower-left corner/],
    ['-190,33,112,34', /longitudes/],
    ['112,-91,113,34', /latitudes/],
  ])('refuses %s', (value, reason) => {
    const error = fieldErrorOf(() => parseBbox(value))
    expect(error).toMatchObject({ status: 400, field: 'bbox' })
    expect(error.reason).toMatch(reason)
  })
})

describe('parseInteger', () => {
  it('accepts whole numbers within the range', () => {
    expect(parseInteger('25', 'limit', 1, 100)).toBe(25)
  })

  it.each(['0', '101', '2.5', '1e2', '-3', ''])('refuses %j for 1..100', (value) => {
    expect(fieldErrorOf(() => parseInteger(value, 'limit', 1, 100))).toMatchObject({ status: 400, field: 'limit' })
  })
})
