import type { LayerSpecification } from 'maplibre-gl'

/** Source id of the selected record (from the map or the table). */
export const SELECTION_SOURCE = 'selection'

/** The selected record drawn over everything: a halo for a point, a bold outline for an area. */
export const selectionLayers: LayerSpecification[] = [
  {
    id: 'selection-outline',
    type: 'line',
    source: SELECTION_SOURCE,
    filter: ['==', ['geometry-type'], 'Polygon'],
    paint: { 'line-color': '#f1c40f', 'line-width': 4 },
  },
  {
    id: 'selection-halo',
    type: 'circle',
    source: SELECTION_SOURCE,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: { 'circle-radius': 11, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#f1c40f', 'circle-stroke-width': 3 },
  },
]
