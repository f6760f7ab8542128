import type { Position } from 'geojson'

const EARTH_RADIUS_M = 6_371_008.8

/**
 * Great-circle distance between two lon/lat positions, in metres (haversine, on the
 * mean-radius sphere): within 0.5% of the ellipsoid, enough to say how far a point moved.
 * @example sphericalDistance([113, 33], [113, 33.001]) // ≈ 111.2
 */
export function sphericalDistance(a: Position, b: Position): number {
  const rad = Math.PI / 180
  const dLat = (b[1]! - a[1]!) * rad
  const dLon = (b[0]! - a[0]!) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1]! * rad) * Math.cos(b[1]! * rad) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}
