import type { LayerSpecification } from 'maplibre-gl'

/** Source id of what the editor is drawing or changing: the shape and its draggable handles. */
export const EDITOR_SOURCE = 'editor'

/** The shape being drawn or edited in orange, with white handles to drag. */
export const editorLayers: LayerSpecification[] = [
  {
    id: 'editor-fill',
    type: 'fill',
    source: EDITOR_SOURCE,
    filter: ['==', ['geometry-type'], 'Polygon'],
    paint: { 'fill-color': '#e67e22', 'fill-opacity': 0.25 },
  },
  {
    id: 'editor-line',
    type: 'line',
    source: EDITOR_SOURCE,
    filter: ['in', ['geometry-type'], ['literal', ['Polygon', 'LineString']]],
    paint: { 'line-color': '#d35400', 'line-width': 2, 'line-dasharray': [2, 1] },
  },
  {
    id: 'editor-handles',
    type: 'circle',
    source: EDITOR_SOURCE,
    filter: ['==', ['get', 'role'], 'handle'],
    paint: { 'circle-radius': 6, 'circle-color': '#ffffff', 'circle-stroke-color': '#d35400', 'circle-stroke-width': 2 },
  },
]
