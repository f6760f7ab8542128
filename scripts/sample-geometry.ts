/**
 * Small geometry helpers shared by the sample generators: metres near a point on the
 * WGS 84 spheroid, point in polygon, distances to lines, and the course of the sample
 * city's river. Coordinates are [lon, lat] in EPSG:4326.
 */
import { createRandom } from './prng'

export type LonLat = [number, number]
export type Xy = [number, number]

const A = 6_378_137
const F = 1 / 298.257223563
const E2 = F * (2 - F)

/**
 * A local plane in metres around `origin` (x east, y north), from the spheroid's radii of
 * curvature there: within a few tens of kilometres it agrees with geodesic distances
 * (PostGIS `::geography`) to well under a metre per kilometre.
 */
export function localFrame(origin: LonLat) {
  const phi = (origin[1] * Math.PI) / 180
  const w = 1 - E2 * Math.sin(phi) ** 2
  const n = A / Math.sqrt(w)
  const m = (A * (1 - E2)) / w ** 1.5
  const kx = (n * Math.cos(phi) * Math.PI) / 180
  const ky = (m * Math.PI) / 180
  return {
    toXy: ([lon, lat]: LonLat): Xy => [(lon - origin[0]) * kx, (lat - origin[1]) * ky],
    toLonLat: ([x, y]: Xy): LonLat => [origin[0] + x / kx, origin[1] + y / ky],
  }
}

/** Geodesic distance in metres between two nearby points (a few km apart at most). */
export function metresBetween(a: LonLat, b: LonLat): number {
  const frame = localFrame([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2])
  const [x1, y1] = frame.toXy(a)
  const [x2, y2] = frame.toXy(b)
  return Math.hypot(x2 - x1, y2 - y1)
}

/** The point `metres` from `at` in direction `bearing` (radians, counter-clockwise from east). */
export function offset(at: LonLat, metres: number, bearing: number): LonLat {
  const frame = localFrame(at)
  return frame.toLonLat([metres * Math.cos(bearing), metres * Math.sin(bearing)])
}

/** Rounds a coordinate to 6 decimals (about 0.1 m), as the sample files store them. */
export function round6([lon, lat]: LonLat): LonLat {
  return [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6]
}

/** Whether a point lies inside a GeoJSON MultiPolygon (even-odd rule over all rings). */
export function insideMultiPolygon(p: LonLat, polygons: number[][][][]): boolean {
  let inside = false
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]!
        const [xj, yj] = ring[j]!
        if (yi! > p[1] !== yj! > p[1] && p[0] < ((xj! - xi!) * (p[1] - yi!)) / (yj! - yi!) + xi!) inside = !inside
      }
    }
  }
  return inside
}

/** Distance in a plane from a point to the segment a–b. */
export function distanceToSegment([px, py]: Xy, [ax, ay]: Xy, [bx, by]: Xy): number {
  const dx = bx - ax
  const dy = by - ay
  const len2 = dx * dx + dy * dy
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2))
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy))
}

/** Distance in metres from a point to a line given in lon/lat (a few km around the point). */
export function metresToLine(p: LonLat, line: LonLat[]): number {
  const frame = localFrame(p)
  const q = frame.toXy(p)
  let best = Infinity
  for (let i = 1; i < line.length; i++) best = Math.min(best, distanceToSegment(q, frame.toXy(line[i - 1]!), frame.toXy(line[i]!)))
  return best
}

/** Distance in metres from a point to the rings of a MultiPolygon (its boundary). */
export function metresToBoundary(p: LonLat, polygons: number[][][][]): number {
  let best = Infinity
  for (const polygon of polygons) for (const ring of polygon) best = Math.min(best, metresToLine(p, ring as LonLat[]))
  return best
}

/** Whether the segments a–b and c–d cross or touch, in a plane. */
export function segmentsIntersect(a: Xy, b: Xy, c: Xy, d: Xy): boolean {
  const cross = (o: Xy, p: Xy, q: Xy) => (p[0] - o[0]) * (q[1] - o[1]) - (p[1] - o[1]) * (q[0] - o[0])
  const d1 = cross(c, d, a)
  const d2 = cross(c, d, b)
  const d3 = cross(a, b, c)
  const d4 = cross(a, b, d)
  return d1 * d2 <= 0 && d3 * d4 <= 0
}

/** A seeded generator keyed by a string (FNV-1a of the key), so that one record's draws do not shift another's. */
export function keyedRandom(key: string) {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return createRandom(h)
}

/**
 * The course of 湛河 through the south of the central city, west to east (generated: a
 * smoothed line between the districts' seats, not a survey). Walking crosses it only on
 * the sample streets' bridges.
 */
export const RIVER: LonLat[] = [
  [113.12, 33.7105], [113.15, 33.7085], [113.175, 33.7075], [113.2, 33.7062], [113.22, 33.7035], [113.24, 33.7012],
  [113.26, 33.6995], [113.275, 33.6990], [113.29, 33.7005], [113.305, 33.7032], [113.32, 33.7045], [113.335, 33.7040],
  [113.35, 33.7022], [113.37, 33.7010], [113.39, 33.7004], [113.42, 33.6995], [113.45, 33.6990], [113.48, 33.6975],
]
