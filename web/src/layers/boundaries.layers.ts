import type { LayerSpecification } from 'maplibre-gl'

/** Source id of the boundaries domain's lines. */
export const BOUNDARY_LINES_SOURCE = 'boundary-lines'

/** Line colours and widths by level, shared by the map layers and the legend. */
export const BOUNDARY_STYLE = {
  city: { color: '#b03a2e', width: 3.2, dash: [4, 1.5, 1, 1.5] },
  county: { color: '#6c3483', width: 2, dash: [3, 1.5] },
} as const

/** Boundary lines styled by level: city lines wide dash-dot red, county lines narrower dashed purple. */
export const boundariesLayers: LayerSpecification[] = (['county', 'city'] as const).map((level) => ({
  id: `boundary-lines-${level}`,
  type: 'line',
  source: BOUNDARY_LINES_SOURCE,
  filter: ['==', ['get', 'level'], level],
  layout: { 'line-join': 'round' },
  paint: {
    'line-color': BOUNDARY_STYLE[level].color,
    'line-width': BOUNDARY_STYLE[level].width,
    'line-dasharray': [...BOUNDARY_STYLE[level].dash],
  },
}))
