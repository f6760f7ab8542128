import { area } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { areaMu, M2_PER_MU } from './area-mu'

/** Turf's sphere: the mean Earth radius. */
const R = 6_371_008.8

describe('area (Turf) as the app uses it', () => {
  it('gives a 1° × 1° cell at the equator its area on the sphere, R² · Δλ · sin 1°', () => {
    const cell = { type: 'Polygon' as const, coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] }
    const expected = R * R * (Math.PI / 180) * Math.sin(Math.PI / 180)
    expect(area(cell) / expected).toBeCloseTo(1, 9)
    expect(expected / 1e6).toBeCloseTo(12_364, 0)
  })

  it('takes the holes out, whichever way the rings wind', () => {
    const outer = [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]
    const hole = [[0.25, 0.25], [0.75, 0.25], [0.75, 0.75], [0.25, 0.75], [0.25, 0.25]]
    const full = area({ type: 'Polygon', coordinates: [outer] })
    for (const ring of [hole, [...hole].reverse()]) {
      const holed = area({ type: 'MultiPolygon', coordinates: [[outer, ring]] })
      expect(holed / full).toBeCloseTo(0.75, 3)
    }
  })
})

describe('areaMu', () => {
  it('measures a small square near 平顶山 as plain rectangle arithmetic does, in 亩', () => {
    const [lon, lat, d] = [113.23, 33.76, 0.008]
    const square = { type: 'Polygon' as const, coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]] }
    const rad = Math.PI / 180
    const rectangleM2 = R * d * rad * (R * d * rad * Math.cos((lat + d / 2) * rad))
    expect(areaMu(square) / (rectangleM2 / M2_PER_MU)).toBeCloseTo(1, 4)
    expect(M2_PER_MU).toBeCloseTo(666.67, 2)
  })

  it('is nothing for a point or a line', () => {
    expect(areaMu({ type: 'Point', coordinates: [113, 33] })).toBe(0)
    expect(areaMu({ type: 'LineString', coordinates: [[113, 33], [113.1, 33]] })).toBe(0)
  })
})
