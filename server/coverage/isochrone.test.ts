import { describe, expect, it } from 'vitest'
import { coveragePolygons as isochrone, trace } from './isochrone'

// Metres east and north of 113.2, 33.0 as [lon, lat, …].
const kx = 111_320 * Math.cos((33 * Math.PI) / 180)
const line = (...points: [number, number][]) => points.flatMap(([x, y]) => [113.2 + x / kx, 33 + y / 110_574])

/** Area in m² of a polygon's rings (outer minus holes), in the same plane. */
function area(polygon: number[][][]): number {
  const ringArea = (ring: number[][]) => {
    let s = 0
    for (let k = 1; k < ring.length; k++) s += (ring[k - 1]![0]! - 113.2) * kx * (ring[k]![1]! - 33) * 110_574 - (ring[k]![0]! - 113.2) * kx * (ring[k - 1]![1]! - 33) * 110_574
    return s / 2
  }
  return polygon.reduce((sum, ring) => sum + ringArea(ring), 0)
}

describe('isochrone polygons', () => {
  it('keep the block inside a square of streets as a hole', () => {
    const square = [line([0, 0], [1000, 0]), line([1000, 0], [1000, 1000]), line([1000, 1000], [0, 1000]), line([0, 1000], [0, 0])]
    const polygons = isochrone(square.map((l) => ({ line: l, from: 0, to: 1 })), 120)!
    expect(polygons).toHaveLength(1)
    expect(polygons[0]).toHaveLength(2)
    // A ring 240 m wide: 1,240² with rounded corners, less the 760² block; within a cell (20 m) of the exact figure.
    const exact = 1240 ** 2 - (4 - Math.PI) * 120 ** 2 - 760 ** 2
    expect(Math.abs(area(polygons[0]!) - exact) / exact).toBeLessThan(0.03)
  })

  it('cut a stretch where the budget ends, and keep far apart streets apart', () => {
    const half = isochrone([{ line: line([0, 0], [1000, 0]), from: 0, to: 0.5 }], 100)!
    // 500 m of street, 100 m either side, round ends: 500 × 200 + π 100².
    expect(Math.abs(area(half[0]!) - (500 * 200 + Math.PI * 100 ** 2)) / (500 * 200)).toBeLessThan(0.05)
    const two = isochrone([{ line: line([0, 0], [300, 0]), from: 0, to: 1 }, { line: line([0, 2000], [300, 2000]), from: 0, to: 1 }], 100)!
    expect(two).toHaveLength(2)
    expect(isochrone([], 100)).toBeNull()
  })

  it('draw points as circles, merged where they overlap', () => {
    const circles = isochrone([{ line: line([0, 0]), from: 0, to: 1 }, { line: line([500, 0]), from: 0, to: 1 }, { line: line([5000, 0]), from: 0, to: 1 }], 300)!
    expect(circles).toHaveLength(2)
    const alone = circles.find((p) => p[0]!.some(([lon]) => lon! > 113.2 + 4000 / kx))!
    expect(Math.abs(area(alone) - Math.PI * 300 ** 2) / (Math.PI * 300 ** 2)).toBeLessThan(0.03)
  })

  it('trace two cells that touch only at a corner as two simple rings', () => {
    // 3 × 3 grid, cells (0,0) and (1,1) filled.
    const grid = Uint8Array.from([1, 0, 0, 0, 1, 0, 0, 0, 0])
    const rings = trace(grid, 3, 3)
    expect(rings).toHaveLength(2)
    for (const ring of rings) expect(ring).toHaveLength(5)
  })
})
