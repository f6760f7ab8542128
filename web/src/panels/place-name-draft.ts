import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import type { LineString, Point, Position } from 'geojson'
import { PLACE_NAME_DRAFT_SOURCE, placeNameDraftLayers } from '../layers/place-names.layers'

export type DraftShape = 'point' | 'line'

/**
 * The shape of a new place name, placed by clicks on the map: a point (one click, a second
 * moves it) or a line such as a planned street (a vertex per click, at least two).
 */
export function createDraft(map: MapLibreMap, onChange: () => void) {
  let shape: DraftShape = 'point'
  let vertices: Position[] = []

  function redraw() {
    if (!map.getSource(PLACE_NAME_DRAFT_SOURCE)) {
      map.addSource(PLACE_NAME_DRAFT_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
      for (const layer of placeNameDraftLayers) map.addLayer(layer)
    }
    const points = vertices.map((coordinates) => ({ type: 'Feature' as const, properties: {}, geometry: { type: 'Point' as const, coordinates } }))
    const line = shape === 'line' && vertices.length >= 2 ? [{ type: 'Feature' as const, properties: {}, geometry: { type: 'LineString' as const, coordinates: vertices } }] : []
    ;(map.getSource(PLACE_NAME_DRAFT_SOURCE) as GeoJSONSource).setData({ type: 'FeatureCollection', features: [...line, ...points] })
    onChange()
  }

  return {
    get shape() {
      return shape
    },
    get vertices() {
      return vertices.length
    },
    setShape(next: DraftShape) {
      shape = next
      vertices = []
      redraw()
    },
    add(at: Position) {
      const rounded = at.map((c) => Math.round(c * 1e7) / 1e7)
      vertices = shape === 'point' ? [rounded] : [...vertices, rounded]
      redraw()
    },
    clear() {
      vertices = []
      if (map.getSource(PLACE_NAME_DRAFT_SOURCE)) redraw()
    },
    /** Its first point, where the name's county is found, or undefined before the first click. */
    first(): [number, number] | undefined {
      return vertices[0] as [number, number] | undefined
    },
    /** The shape as GeoJSON, or null while it is not complete. */
    geometry(): Point | LineString | null {
      if (shape === 'point') return vertices[0] ? { type: 'Point', coordinates: vertices[0] } : null
      return vertices.length >= 2 ? { type: 'LineString', coordinates: vertices } : null
    },
  }
}
