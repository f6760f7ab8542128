import { describe, expect, it } from 'vitest'
import { pointInArea } from './point-in-area'

const square = (x: number, y: number, size: number) => [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]

describe('pointInArea', () => {
  it('finds a point inside a polygon and not one beside it', () => {
    const polygon = { type: 'Polygon' as const, coordinates: [square(113, 33, 1)] }
    expect(pointInArea([113.5, 33.5], polygon)).toBe(true)
    expect(pointInArea([114.5, 33.5], polygon)).toBe(false)
    expect(pointInArea([113.5, 34.0001], polygon)).toBe(false)
  })

  it('leaves out a hole, whichever way its ring winds', () => {
    const hole = square(113.25, 33.25, 0.5)
    for (const ring of [hole, [...hole].reverse()]) {
      const polygon = { type: 'Polygon' as const, coordinates: [square(113, 33, 1), ring] }
      expect(pointInArea([113.5, 33.5], polygon)).toBe(false)
      expect(pointInArea([113.1, 33.1], polygon)).toBe(true)
    }
  })

  it('looks in every part of a multipolygon, and a concave ring keeps its notch outside', () => {
    const u = [[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]
    const multi = { type: 'MultiPolygon' as const, coordinates: [[u], [square(10, 10, 1)]] }
    expect(pointInArea([1.5, 2], multi)).toBe(false)
    expect(pointInArea([0.5, 2], multi)).toBe(true)
    expect(pointInArea([10.5, 10.5], multi)).toBe(true)
  })

  it('finds nothing inside a point or a line', () => {
    expect(pointInArea([0, 0], { type: 'Point', coordinates: [0, 0] })).toBe(false)
    expect(pointInArea([0.5, 0], { type: 'LineString', coordinates: [[0, 0], [1, 0]] })).toBe(false)
  })
})
