import polylabel from 'polylabel'
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson'

function ringArea(ring: Position[]): number {
  let sum = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!)
  }
  return Math.abs(sum / 2)
}

/**
 * One label point per polygon feature: the pole of inaccessibility of its largest part,
 * so that a label sits inside even a crescent-shaped county and appears once, not once
 * per tile. Properties are kept.
 */
export function labelPoints(collection: FeatureCollection): FeatureCollection<Point> {
  const features: Feature<Point>[] = []
  for (const feature of collection.features) {
    const geometry = feature.geometry as Polygon | MultiPolygon | null
    if (!geometry) continue
    const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : []
    const largest = parts.reduce<Position[][] | undefined>(
      (best, part) => (!best || ringArea(part[0]!) > ringArea(best[0]!) ? part : best),
      undefined,
    )
    if (!largest) continue
    const [x, y] = polylabel(largest as [number, number][][], 0.001)
    features.push({ type: 'Feature', id: feature.id, properties: feature.properties, geometry: { type: 'Point', coordinates: [x!, y!] } })
  }
  return { type: 'FeatureCollection', features }
}
