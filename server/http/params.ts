import { badRequest } from './problem'

/** Bounding box in CRS84 longitude/latitude degrees: [minLon, minLat, maxLon, maxLat]. */
export type Bbox = [number, number, number, number]

/**
 * Parses an OGC `bbox` parameter: four numbers (or six, with heights, which are ignored)
 * in CRS84, lower-left corner first.
 * @throws HttpProblem 400 naming `bbox` and what is wrong with it.
 */
export function parseBbox(value: string, field = 'bbox'): Bbox {
  const parts = value.split(',')
  if (parts.length !== 4 && parts.length !== 6) {
    throw badRequest([{ field, reason: `must be 4 (or 6) comma-separated numbers, got ${parts.length}` }])
  }
  const numbers = parts.map((p) => (p.trim() === '' ? NaN : Number(p)))
  const bad = parts.find((_, i) => !Number.isFinite(numbers[i]))
  if (bad !== undefined) throw badRequest([{ field, reason: `"${bad}" is not a number` }])
  const [minLon, minLat, maxLon, maxLat] =
    numbers.length === 6 ? [numbers[0]!, numbers[1]!, numbers[3]!, numbers[4]!] : (numbers as Bbox)
  if (minLon < -180 || maxLon > 180) throw badRequest([{ field, reason: 'longitudes must be within -180..180' }])
  if (minLat < -90 || maxLat > 90) throw badRequest([{ field, reason: 'latitudes must be within -90..90' }])
  if (minLon > maxLon || minLat > maxLat) {
    throw badRequest([{ field, reason: 'the lower-left corner must come first (minLon,minLat,maxLon,maxLat)' }])
  }
  return [minLon, minLat, maxLon, maxLat]
}

/**
 * Parses a whole number within [min, max].
 * @throws HttpProblem 400 naming the field and the allowed range.
 */
export function parseInteger(value: string, field: string, min: number, max: number): number {
  if (!/^\d+$/.test(value.trim())) throw badRequest([{ field, reason: `must be a whole number from ${min} to ${max}` }])
  const n = Number(value)
  if (n < min || n > max) throw badRequest([{ field, reason: `must be from ${min} to ${max}, got ${value}` }])
  return n
}

/** Reads a query parameter given once; a repeated parameter is a client error. */
export function singleParam(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name]
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw badRequest([{ field: name, reason: 'must be given once, as a plain value' }])
  return value
}
