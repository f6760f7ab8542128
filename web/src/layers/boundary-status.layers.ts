import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl'

/** Source ids of the boundary mode. */
export const BOUNDARY_STATUS_SOURCES = { lines: 'boundary-status-lines', markers: 'boundary-status-markers', current: 'boundary-status-current' } as const

/** An inspection status's colour, shared by the map and the legend: from grey (not started) to green (agreed and after). */
export const STATUS_COLOURS = {
  not_started: '#9e9e9e',
  planned: '#5c8dd6',
  in_field: '#f08c00',
  agreed: '#2e9e44',
  report_filed: '#1b6e33',
  archived: '#0b3d1e',
} as const

/** A finding's colour (markers by their last finding); grey when never inspected. */
export const CONDITION_COLOURS = {
  intact: '#2e7d32',
  damaged: '#f9a825',
  missing: '#c62828',
  displaced: '#6a1b9a',
  repainted: '#1565c0',
  rebuilt: '#00838f',
} as const
export const NOT_INSPECTED_COLOUR = '#9e9e9e'

const match = (property: string, colours: Record<string, string>, fallback: string) =>
  ['match', ['get', property], ...Object.entries(colours).flat(), fallback] as unknown as ExpressionSpecification

/** The round's lines coloured by status, the markers by last finding, the line being inspected highlighted. */
export const boundaryStatusLayers: LayerSpecification[] = [
  { id: 'boundary-status-current', type: 'line', source: BOUNDARY_STATUS_SOURCES.current, paint: { 'line-color': '#ffeb3b', 'line-width': 10, 'line-opacity': 0.7 } },
  {
    id: 'boundary-status-lines',
    type: 'line',
    source: BOUNDARY_STATUS_SOURCES.lines,
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': match('status', STATUS_COLOURS, '#9e9e9e'), 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 4, 13, 7] },
  },
  {
    id: 'boundary-status-markers',
    type: 'circle',
    source: BOUNDARY_STATUS_SOURCES.markers,
    minzoom: 9,
    paint: {
      'circle-color': match('last_condition', CONDITION_COLOURS, NOT_INSPECTED_COLOUR),
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 3, 14, 7],
      'circle-stroke-color': '#fff',
      'circle-stroke-width': 1.5,
    },
  },
]
