import { badRequest, fieldError } from './problem'

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
    throw badRequest([fieldError(field, 'bad_bbox_count', { count: parts.length })])
  }
  const numbers = parts.map((p) => (p.trim() === '' ? NaN : Number(p)))
  const bad = parts.find((_, i) => !Number.isFinite(numbers[i]))
  if (bad !== undefined) throw badRequest([fieldError(field, 'bad_bbox_number', { value: bad })])
  const [minLon, minLat, maxLon, maxLat] =
    numbers.length === 6 ? [numbers[0]!, numbers[1]!, numbers[3]!, numbers[4]!] : (numbers as Bbox)
  if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) throw badRequest([fieldError(field, 'bad_bbox_range')])
  if (minLon > maxLon || minLat > maxLat) {
    throw badRequest([fieldError(field, 'bad_bbox_order')])
  }
  return [minLon, minLat, maxLon, maxLat]
}

/**
 * Parses a whole number within [min, max].
 * @throws HttpProblem 400 naming the field and the allowed range.
 */
export function parseInteger(value: string, field: string, min: number, max: number): number {
  // Digits only: Number() would also take "0x2", "1e3" and " 2 ".
  if (!/^\d{1,16}$/.test(value)) throw badRequest([fieldError(field, 'not_integer')])
  const n = Number(value)
  if (n < min) throw badRequest([fieldError(field, 'too_small', { minimum: min })])
  if (n > max) throw badRequest([fieldError(field, 'too_big', { maximum: max })])
  return n
}

/** Reads a query parameter given once; a repeated parameter is a client error. */
export function singleParam(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name]
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw badRequest([fieldError(name, 'repeated_parameter')])
  return value
}
