import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl'

/** Source ids of the coverage mode. */
export const COVERAGE_SOURCES = {
  /** Townships with their share of communities covered (`share`, 0..1; none without communities in scope). */
  townships: 'coverage-townships',
  /** The area in reach: circles in straight-line mode, the server's isochrones on the walking network. */
  reach: 'coverage-reach',
  /** Communities and villages joined with their coverage (`covered`, `population_60plus`). */
  communities: 'coverage-communities',
  /** The reach circles of trial facilities. */
  trial: 'coverage-trial',
  /** The reach circles of suggested sites (`rank`). */
  suggestions: 'coverage-suggestions',
  /** The township or community picked in the gap list. */
  highlight: 'coverage-highlight',
} as const

/** The choropleth's classes of township coverage share: lower bound (0..1) and colour, shared by the map and the legend. */
export const SHARE_CLASSES = [
  [0, '#fdf1d8'],
  [0.2, '#c7e3c0'],
  [0.4, '#7fc4bd'],
  [0.6, '#3f97b8'],
  [0.8, '#2b5c9c'],
] as const

/** Townships without communities in scope. */
export const NO_SHARE_COLOUR = '#e6e4df'
export const UNCOVERED_COLOUR = '#d62728'
export const COVERED_COLOUR = '#2e7d32'
export const REACH_COLOUR = '#e07b00'
export const TRIAL_COLOUR = '#7b1fa2'
export const SUGGESTION_COLOUR = '#0b6e4f'

const shareColour = [
  'case',
  ['has', 'share'],
  ['step', ['get', 'share'], SHARE_CLASSES[0][1], ...SHARE_CLASSES.slice(1).flatMap(([bound, colour]) => [bound, colour])],
  NO_SHARE_COLOUR,
] as unknown as ExpressionSpecification

const hidden = { visibility: 'none' } as const

/** Under the facilities: the township choropleth and the area in reach. */
export const coverageAreaLayers: LayerSpecification[] = [
  { id: 'coverage-townships-fill', type: 'fill', source: COVERAGE_SOURCES.townships, layout: hidden, paint: { 'fill-color': shareColour, 'fill-opacity': ['interpolate', ['linear'], ['zoom'], 9, 0.75, 12, 0.35] } },
  { id: 'coverage-townships-outline', type: 'line', source: COVERAGE_SOURCES.townships, layout: hidden, paint: { 'line-color': '#ffffff', 'line-width': 0.6 } },
  { id: 'coverage-reach-fill', type: 'fill', source: COVERAGE_SOURCES.reach, layout: hidden, paint: { 'fill-color': '#ffb74d', 'fill-opacity': 0.2 } },
  { id: 'coverage-reach-outline', type: 'line', source: COVERAGE_SOURCES.reach, layout: hidden, paint: { 'line-color': REACH_COLOUR, 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.5, 13, 1.2], 'line-opacity': 0.9 } },
]

/** Over the facilities: communities (the uncovered in red, sized by 60+ population), trial and suggested sites' reach, the highlight. */
export const coverageTopLayers: LayerSpecification[] = [
  {
    id: 'coverage-communities-covered',
    type: 'circle',
    source: COVERAGE_SOURCES.communities,
    filter: ['==', ['get', 'covered'], true],
    layout: hidden,
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 1.5, 12, 4],
      'circle-color': COVERED_COLOUR,
      'circle-opacity': 0.8,
    },
  },
  {
    id: 'coverage-communities-uncovered',
    type: 'circle',
    source: COVERAGE_SOURCES.communities,
    filter: ['==', ['get', 'covered'], false],
    layout: { ...hidden, 'circle-sort-key': ['-', 0, ['get', 'population_60plus']] },
    paint: {
      // Area in proportion to the people aged 60+: the radius grows with the square root.
      'circle-radius': [
        'interpolate', ['linear'], ['zoom'],
        7, ['+', 1.5, ['*', 0.045, ['sqrt', ['get', 'population_60plus']]]],
        12, ['+', 3, ['*', 0.12, ['sqrt', ['get', 'population_60plus']]]],
      ],
      'circle-color': UNCOVERED_COLOUR,
      'circle-opacity': 0.78,
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 0.8,
    },
  },
  { id: 'coverage-suggestions-fill', type: 'fill', source: COVERAGE_SOURCES.suggestions, layout: hidden, paint: { 'fill-color': SUGGESTION_COLOUR, 'fill-opacity': 0.15 } },
  { id: 'coverage-suggestions-outline', type: 'line', source: COVERAGE_SOURCES.suggestions, layout: hidden, paint: { 'line-color': SUGGESTION_COLOUR, 'line-width': 1.6, 'line-dasharray': [2, 1] } },
  { id: 'coverage-trial-fill', type: 'fill', source: COVERAGE_SOURCES.trial, layout: hidden, paint: { 'fill-color': TRIAL_COLOUR, 'fill-opacity': 0.15 } },
  { id: 'coverage-trial-outline', type: 'line', source: COVERAGE_SOURCES.trial, layout: hidden, paint: { 'line-color': TRIAL_COLOUR, 'line-width': 2, 'line-dasharray': [2, 1] } },
  {
    id: 'coverage-highlight-outline',
    type: 'line',
    source: COVERAGE_SOURCES.highlight,
    filter: ['!=', ['geometry-type'], 'Point'],
    layout: hidden,
    paint: { 'line-color': '#f1c40f', 'line-width': 4 },
  },
  {
    id: 'coverage-highlight-halo',
    type: 'circle',
    source: COVERAGE_SOURCES.highlight,
    filter: ['==', ['geometry-type'], 'Point'],
    layout: hidden,
    paint: { 'circle-radius': 12, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#f1c40f', 'circle-stroke-width': 3 },
  },
]

/** Every layer of the coverage mode: shown only while the mode is on. */
export const COVERAGE_LAYER_IDS = [...coverageAreaLayers, ...coverageTopLayers].map((l) => l.id)

/** The coverage layers whose features open a popup when clicked, topmost first. */
export const COVERAGE_POPUP_LAYERS = ['coverage-communities-uncovered', 'coverage-communities-covered', 'coverage-townships-fill']
