import { circle } from '@turf/turf'
import type { Feature, Polygon, Position } from 'geojson'

/**
 * The area within `minutes` of a point on foot in a straight line: a circle of radius
 * minutes × speed (metres) on Turf's sphere, as a polygon of `steps` vertices in lon/lat
 * (EPSG:4326). The coverage mode draws it at once while a trial facility is dragged.
 * @example reachCircle([113.3, 33.74], 15, 60) // a circle of 900 m around the point
 */
export function reachCircle(center: Position, minutes: number, speedMPerMin: number, properties: Record<string, unknown> = {}, steps = 64): Feature<Polygon> {
  return circle(center as [number, number], minutes * speedMPerMin, { units: 'meters', steps, properties })
}
