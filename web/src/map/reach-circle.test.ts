import { describe, expect, it } from 'vitest'
import { reachCircle } from './reach-circle'
import { sphericalDistance } from './spherical-distance'

describe('reachCircle', () => {
  it('puts every vertex minutes × speed metres from the centre, as the haversine measures it', () => {
    const centre = [113.29, 33.74]
    const ring = reachCircle(centre, 15, 60).geometry.coordinates[0]!
    expect(ring.length).toBe(65)
    expect(ring[0]).toEqual(ring.at(-1))
    for (const vertex of ring) expect(sphericalDistance(centre, vertex) / 900).toBeCloseTo(1, 3)
  })

  it('grows with the minutes and with the speed, and keeps the properties given', () => {
    const centre = [113.29, 33.74]
    const east = (minutes: number, speed: number) => Math.max(...reachCircle(centre, minutes, speed).geometry.coordinates[0]!.map((p) => p[0]!))
    expect(east(20, 60)).toBeGreaterThan(east(15, 60))
    expect(east(15, 80)).toBeGreaterThan(east(15, 60))
    // 1,200 m east at 33.74° N: 1,200 / (111,195 · cos 33.74°) degrees of longitude.
    expect(east(20, 60) - centre[0]!).toBeCloseTo(1200 / (111_195 * Math.cos((33.74 * Math.PI) / 180)), 4)
    expect(reachCircle(centre, 5, 60, { trial: 1 }).properties).toEqual({ trial: 1 })
  })
})
