import type { ExpressionSpecification, LayerSpecification, SourceSpecification } from 'maplibre-gl'
import type { SignState } from '../api/signs'

export const SIGNS_SOURCE = 'signs'
/** The drawn print area and the sign being moved. */
export const SIGNS_DRAW_SOURCE = 'signs-draw'

/** Each map state's colour, in the legend's order (most urgent last, drawn on top). */
export const SIGN_STATE_COLOURS: [SignState, string][] = [
  ['ok', '#2e7d32'],
  ['never', '#8e8e8e'],
  ['overdue', '#7b1fa2'],
  ['worn', '#f0a202'],
  ['damaged', '#d62728'],
  ['outdated', '#1f77b4'],
  ['removed', '#3b3b3b'],
]

/** States that need someone's attention: a cluster with any of them gets a coloured ring. */
export const ATTENTION: SignState[] = ['overdue', 'worn', 'damaged', 'outdated']

const stateColour = ['match', ['get', 'state'], ...SIGN_STATE_COLOURS.flat(), '#999'] as unknown as ExpressionSpecification

/**
 * The signs as a clustered GeoJSON source: tens of thousands of points stay fast, and a
 * cluster counts the signs in it that need attention (`attention`).
 */
export const signsSource: SourceSpecification = {
  type: 'geojson',
  data: { type: 'FeatureCollection', features: [] },
  cluster: true,
  clusterRadius: 40,
  clusterMaxZoom: 13,
  clusterProperties: { attention: ['+', ['case', ['in', ['get', 'state'], ['literal', ATTENTION]], 1, 0]] },
}

export const signsLayers: LayerSpecification[] = [
  {
    id: 'signs-clusters',
    type: 'circle',
    source: SIGNS_SOURCE,
    filter: ['has', 'point_count'],
    paint: {
      'circle-color': '#ffffff',
      'circle-opacity': 0.92,
      'circle-radius': ['step', ['get', 'point_count'], 13, 50, 17, 200, 22, 1000, 27],
      'circle-stroke-width': ['interpolate', ['linear'], ['/', ['get', 'attention'], ['get', 'point_count']], 0, 1.5, 0.5, 6],
      'circle-stroke-color': ['case', ['>', ['get', 'attention'], 0], '#d62728', '#2e7d32'],
    },
  },
  {
    id: 'signs-cluster-count',
    type: 'symbol',
    source: SIGNS_SOURCE,
    filter: ['has', 'point_count'],
    layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-size': 12, 'text-allow-overlap': true },
    paint: { 'text-color': '#2f2a22' },
  },
  {
    id: 'signs-points',
    type: 'circle',
    source: SIGNS_SOURCE,
    filter: ['!', ['has', 'point_count']],
    paint: {
      'circle-color': stateColour,
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 4, 16, 7, 19, 10],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1.5,
    },
  },
  {
    id: 'signs-selected',
    type: 'circle',
    source: SIGNS_SOURCE,
    filter: ['==', ['get', 'code'], ''],
    paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 9, 16, 13, 19, 16], 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#1d2733', 'circle-stroke-width': 3 },
  },
  {
    id: 'signs-draw-fill',
    type: 'fill',
    source: SIGNS_DRAW_SOURCE,
    paint: { 'fill-color': '#1f77b4', 'fill-opacity': 0.12 },
  },
  {
    id: 'signs-draw-line',
    type: 'line',
    source: SIGNS_DRAW_SOURCE,
    paint: { 'line-color': '#1f77b4', 'line-width': 2, 'line-dasharray': [2, 1] },
  },
]
