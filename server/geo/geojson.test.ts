import { describe, expect, it } from 'vitest'
import { Geometry } from './geojson'

const reasons = (value: unknown) => {
  const result = Geometry.safeParse(value)
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

describe('Geometry', () => {
  it('accepts a point and a closed polygon', () => {
    expect(reasons({ type: 'Point', coordinates: [113.3, 33.7] })).toEqual([])
    expect(reasons({ type: 'Polygon', coordinates: [[[113, 33], [113.1, 33], [113.1, 33.1], [113, 33]]] })).toEqual([])
  })

  it('says when longitude and latitude look swapped', () => {
    expect(reasons({ type: 'Point', coordinates: [33.7, 113.3] })).toEqual([
      'coordinates: latitude 113.3 is outside -90..90 (are longitude and latitude swapped?)',
    ])
  })

  it('refuses an open ring, too few positions, and unknown types', () => {
    expect(reasons({ type: 'Polygon', coordinates: [[[113, 33], [113.1, 33], [113.1, 33.1], [113, 33.2]]] })).toEqual([
      'coordinates.0: a polygon ring must end where it starts',
    ])
    expect(reasons({ type: 'LineString', coordinates: [[113, 33]] })).toEqual(['coordinates: a line needs at least 2 positions'])
    expect(reasons({ type: 'Circle', coordinates: [113, 33] })[0]).toMatch(/Invalid discriminator/)
  })
})
