import type { ErrorCode, ErrorParams } from '../http/error-codes'
import type { CityFit } from './ogc.write.queries'

/** How far outside the city's outline (in metres) a geometry may lie and still count as inside. */
export const OUTLINE_TOLERANCE_M = 50

/** A distance for people: metres below 100 m, else km with one decimal. */
function formatDistance(metres: number): string {
  return metres < 100 ? `${Math.max(1, Math.round(metres))} m` : `${(metres / 1000).toFixed(1)} km`
}

/** An area for people: m² below 1 km², else km² with two decimals. */
function formatArea(m2: number): string {
  if (m2 < 1) return 'less than 1 m²'
  return m2 < 1e6 ? `${Math.round(m2)} m²` : `${(m2 / 1e6).toFixed(2)} km²`
}

/**
 * Why a geometry measured by `measureCityFit` does not belong to the city, as the code
 * and parameters of a 400 on `geometry` (with `distance_m` or `area_m2` as numbers for
 * the client's own wording); null when it lies inside (or when no city is loaded to judge by).
 * @example outsideCityReason({ city_name: '平顶山市', inside: false, swapped: false, nearest_name: '叶县', distance_m: 12_345, outside_m2: null })
 *   // { code: 'outside_city', params: { city: '平顶山市', nearest: '叶县', distance: '12.3 km', distance_m: 12345 } }
 */
export function outsideCityReason(fit: CityFit): { code: ErrorCode; params: ErrorParams } | null {
  if (fit.inside || fit.city_name === null) return null
  // The shipped outlines are generalised, with slivers between units: a few metres out is in.
  if (fit.distance_m !== null && fit.distance_m < OUTLINE_TOLERANCE_M) return null
  const city = fit.city_name
  if (fit.swapped) return { code: 'swapped_coordinates', params: { city } }
  if (fit.distance_m !== null) {
    return { code: 'outside_city', params: { city, nearest: fit.nearest_name ?? '', distance: formatDistance(fit.distance_m), distance_m: Math.round(fit.distance_m) } }
  }
  const m2 = fit.outside_m2 ?? 0
  return { code: 'partly_outside_city', params: { city, area: formatArea(m2), area_m2: Math.round(m2) } }
}
