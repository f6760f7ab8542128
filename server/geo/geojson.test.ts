import { describe, expect, it } from 'vitest'
import { fieldErrors } from '../http/body'
import { Geometry } from './geojson'

const codes = (value: unknown) => {
  const result = Geometry.safeParse(value)
  return result.success ? [] : fieldErrors(result.error.issues).map((e) => `${e.field}: ${e.code}`)
}

describe('Geometry', () => {
  it('accepts a point and a closed polygon', () => {
    expect(codes({ type: 'Point', coordinates: [113.3, 33.7] })).toEqual([])
    expect(codes({ type: 'Polygon', coordinates: [[[113, 33], [113.1, 33], [113.1, 33.1], [113, 33]]] })).toEqual([])
  })

  it('says when longitude and latitude look swapped', () => {
    expect(codes({ type: 'Point', coordinates: [33.7, 113.3] })).toEqual(['coordinates: latitude_range'])
  })

  it('refuses an open ring, too few positions, bad positions and unknown types', () => {
    expect(codes({ type: 'Polygon', coordinates: [[[113, 33], [113.1, 33], [113.1, 33.1], [113, 33.2]]] })).toEqual(['coordinates.0: ring_not_closed'])
    expect(codes({ type: 'LineString', coordinates: [[113, 33]] })).toEqual(['coordinates: too_few_positions'])
    expect(codes({ type: 'Point', coordinates: [113, '33'] })).toEqual(['coordinates: bad_position'])
    expect(codes({ type: 'Point', coordinates: [113, 1e400] })).toEqual(['coordinates: bad_position'])
    expect(codes({ type: 'Circle', coordinates: [113, 33] })).toEqual(['type: not_one_of'])
  })

  it('refuses a polygon across the antimeridian and one around the whole world (regression: Antipodal edge)', () => {
    expect(codes({ type: 'Polygon', coordinates: [[[170, 10], [-170, 10], [-170, 20], [170, 20], [170, 10]]] })).toEqual(['coordinates.0: crosses_antimeridian'])
    expect(codes({ type: 'Polygon', coordinates: [[[-180, -90], [180, -90], [180, 90], [-180, 90], [-180, -90]]] })).toEqual(['coordinates.0: crosses_antimeridian'])
    expect(codes({ type: 'Polygon', coordinates: [[[0, 90], [0, -90], [1, -90], [0, 90]]] })).toEqual(['coordinates.0: antipodal_edge'])
  })
})
