import { describe, expect, it } from 'vitest'
import { M2_PER_MU, sphericalArea } from './spherical-area'

const R = 6_378_137

describe('sphericalArea', () => {
  it('gives a 1° × 1° cell at the equator its area on the sphere, R² · Δλ · sin 1°', () => {
    const cell = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] }
    const expected = R * R * (Math.PI / 180) * Math.sin(Math.PI / 180)
    expect(sphericalArea(cell) / expected).toBeCloseTo(1, 9)
    expect(expected / 1e6).toBeCloseTo(12_391, 0)
  })

  it('takes the holes out, whichever way the rings wind', () => {
    const outer = [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]
    const hole = [[0.25, 0.25], [0.75, 0.25], [0.75, 0.75], [0.25, 0.75], [0.25, 0.25]]
    const full = sphericalArea({ type: 'Polygon', coordinates: [outer] })
    const holed = sphericalArea({ type: 'MultiPolygon', coordinates: [[outer, hole]] })
    expect(holed / full).toBeCloseTo(0.75, 3)
  })

  it('measures a small square near 平顶山 as plain rectangle arithmetic does, in 亩', () => {
    const [lon, lat, d] = [113.23, 33.76, 0.008]
    const square = { type: 'Polygon', coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]] }
    const rad = Math.PI / 180
    const rectangle = R * d * rad * (R * d * rad * Math.cos((lat + d / 2) * rad))
    expect(sphericalArea(square) / rectangle).toBeCloseTo(1, 4)
    expect(M2_PER_MU).toBeCloseTo(666.67, 2)
  })
})
