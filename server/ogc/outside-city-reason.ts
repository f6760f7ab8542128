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
 * Why a geometry measured by `measureCityFit` does not belong to the city, as the reason
 * of a 400 on `geometry`; null when it lies inside (or when no city is loaded to judge by).
 * @example outsideCityReason({ city_name: '平顶山市', inside: false, swapped: false, nearest_name: '叶县', distance_m: 12_345, outside_m2: null })
 *   // 'is 12.3 km outside 平顶山市 (nearest: 叶县)'
 */
export function outsideCityReason(fit: CityFit): string | null {
  if (fit.inside || fit.city_name === null) return null
  // The shipped outlines are generalised, with slivers between units: a few metres out is in.
  if (fit.distance_m !== null && fit.distance_m < OUTLINE_TOLERANCE_M) return null
  if (fit.swapped) {
    return `lies outside ${fit.city_name}, but would lie inside with its coordinates swapped: they look like [latitude, longitude], and GeoJSON needs [longitude, latitude]`
  }
  if (fit.distance_m !== null) {
    return `is ${formatDistance(fit.distance_m)} outside ${fit.city_name} (nearest: ${fit.nearest_name})`
  }
  const outside = fit.outside_m2 ? `${formatArea(fit.outside_m2)} of it lies outside` : 'part of it lies outside'
  return `crosses the boundary of ${fit.city_name}: ${outside}`
}
