import { area } from '@turf/turf'
import type { Geometry } from 'geojson'

/** Square metres in one 亩 (mu): 10,000 / 15. */
export const M2_PER_MU = 10_000 / 15

/**
 * Area of a lon/lat (Multi)Polygon in 亩: Turf's spherical area (mean Earth radius
 * 6,371,008.8 m; outer rings minus holes) over `M2_PER_MU`. The editor shows it while a
 * cemetery is drawn; the saved area is PostGIS's, on the spheroid.
 * @example areaMu({ type: 'Polygon', coordinates: [[[113, 33], [113.001, 33], [113.001, 33.001], [113, 33.001], [113, 33]]] }) // ≈ 17.3
 */
export function areaMu(geometry: Geometry): number {
  return area(geometry) / M2_PER_MU
}
