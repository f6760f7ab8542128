import type { Position } from 'geojson'

const EARTH_RADIUS_M = 6_378_137

/** Square metres in one 亩 (mu): 10,000 / 15. */
export const M2_PER_MU = 10_000 / 15

/**
 * Area of a lon/lat ring on a sphere of the WGS84 equatorial radius, in m², by the
 * Chamberlain–Duquette formula. The editor shows it while a polygon is drawn; the tests
 * use it as arithmetic independent of PostGIS.
 */
export function sphericalRingArea(ring: Position[]): number {
  const rad = Math.PI / 180
  let sum = 0
  for (let i = 0; i < ring.length - 1; i++) {
    const [lon1, lat1] = ring[i] as [number, number]
    const [lon2, lat2] = ring[i + 1] as [number, number]
    sum += (lon2 - lon1) * rad * (2 + Math.sin(lat1 * rad) + Math.sin(lat2 * rad))
  }
  return Math.abs((sum * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2)
}

/** Area of a (Multi)Polygon in m²: outer rings minus holes. */
export function sphericalArea(geometry: { type: string; coordinates: unknown }): number {
  const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as Position[][][]
  return polygons.reduce(
    (total, rings) => total + rings.reduce((a, ring, i) => a + (i === 0 ? 1 : -1) * sphericalRingArea(ring), 0),
    0,
  )
}
