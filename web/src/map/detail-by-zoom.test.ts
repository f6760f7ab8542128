import { LngLatBounds } from 'maplibre-gl'
import { describe, expect, it } from 'vitest'
import { contains, grow } from './detail-by-zoom'

describe('contains', () => {
  it('holds for a box inside and for the box itself, not for one that sticks out', () => {
    expect(contains([112, 33, 114, 35], [112.5, 33.5, 113, 34])).toBe(true)
    expect(contains([112, 33, 114, 35], [112, 33, 114, 35])).toBe(true)
    expect(contains([112, 33, 114, 35], [113, 34, 114.01, 34.5])).toBe(false)
  })
})

describe('grow', () => {
  it('adds half the width and half the height on each side', () => {
    expect(grow(new LngLatBounds([112, 33], [113, 34]))).toEqual([111.5, 32.5, 113.5, 34.5])
  })

  it('stops at the ends of the world', () => {
    expect(grow(new LngLatBounds([-179, -89], [179, 89]))).toEqual([-180, -90, 180, 90])
  })
})
