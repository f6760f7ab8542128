import type { Geometry, Position } from 'geojson'

/** Whether a point lies inside a ring (even-odd rule; a point on the edge may go either way). */
function inRing(point: Position, ring: Position[]): boolean {
  const [x, y] = point as [number, number]
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number]
    const [xj, yj] = ring[j] as [number, number]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/**
 * Whether a point lies inside a Polygon or MultiPolygon (outside its holes), in the
 * plane of its coordinates (lon/lat, EPSG:4326). Other geometry types contain nothing.
 *
 * @example pointInArea([0.5, 0.5], { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] }) // true
 */
export function pointInArea(point: Position, geometry: Geometry): boolean {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : []
  return polygons.some(([outer, ...holes]) => !!outer && inRing(point, outer) && !holes.some((hole) => inRing(point, hole)))
}
