import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl'

/** Source ids of the areas domain. */
export const AREAS_SOURCES = {
  counties: 'counties',
  countyLabels: 'county-labels',
  townships: 'townships',
  townshipLabels: 'township-labels',
  communities: 'communities',
} as const

/** The colour of the communities' and villages' points on the base map. */
export const COMMUNITY_COLOUR = '#6c7a89'

const CJK_FONT = ['Noto Sans CJK SC Regular']

/** The fills of the city's own county-level units, chosen by the unit's code modulo their number; shared by the map and the legend. */
export const HOME_COUNTY_COLOURS = ['#f4e9d8', '#e3efe0', '#e2ebf4', '#f3e3e6', '#ece6f4'] as const

/** The fill of the neighbouring cities' units. */
export const NEIGHBOUR_COUNTY_COLOUR = '#e6e4df'

const homeCountyColour = [
  'match',
  ['%', ['to-number', ['get', 'code']], HOME_COUNTY_COLOURS.length],
  ...HOME_COUNTY_COLOURS.slice(0, -1).flatMap((colour, i) => [i, colour]),
  HOME_COUNTY_COLOURS.at(-1)!,
] as unknown as ExpressionSpecification

/** County-level units: the city's own in colour, its neighbours muted; townships with dashed outlines; communities and villages as small dots. */
export const areasLayers: LayerSpecification[] = [
  {
    id: 'neighbour-counties-fill',
    type: 'fill',
    source: AREAS_SOURCES.counties,
    filter: ['==', ['get', 'is_home'], false],
    paint: { 'fill-color': NEIGHBOUR_COUNTY_COLOUR, 'fill-opacity': 0.8 },
  },
  {
    id: 'neighbour-counties-outline',
    type: 'line',
    source: AREAS_SOURCES.counties,
    filter: ['==', ['get', 'is_home'], false],
    paint: { 'line-color': '#b9b5ac', 'line-width': 0.6 },
  },
  {
    id: 'home-counties-fill',
    type: 'fill',
    source: AREAS_SOURCES.counties,
    filter: ['==', ['get', 'is_home'], true],
    paint: {
      'fill-color': homeCountyColour,
      'fill-opacity': 0.9,
    },
  },
  {
    id: 'townships-outline',
    type: 'line',
    source: AREAS_SOURCES.townships,
    minzoom: 8.5,
    paint: { 'line-color': '#8a8f98', 'line-width': 0.7, 'line-dasharray': [3, 2] },
  },
  {
    id: 'townships-fill',
    type: 'fill',
    source: AREAS_SOURCES.townships,
    minzoom: 8.5,
    // Invisible but clickable: the popup tells the township under the pointer.
    paint: { 'fill-color': '#000000', 'fill-opacity': 0 },
  },
  {
    id: 'home-counties-outline',
    type: 'line',
    source: AREAS_SOURCES.counties,
    filter: ['==', ['get', 'is_home'], true],
    paint: { 'line-color': '#7b7466', 'line-width': 0.8 },
  },
  {
    id: 'communities',
    type: 'circle',
    source: AREAS_SOURCES.communities,
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 1.4, 10, 2.5, 13, 4.5],
      'circle-color': COMMUNITY_COLOUR,
      'circle-opacity': 0.75,
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 7, 0, 11, 0.8],
    },
  },
  {
    id: 'township-labels',
    type: 'symbol',
    source: AREAS_SOURCES.townshipLabels,
    minzoom: 9.5,
    layout: { 'text-field': ['get', 'name'], 'text-font': CJK_FONT, 'text-size': 11 },
    paint: { 'text-color': '#5b6068', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
  },
  {
    id: 'county-labels',
    type: 'symbol',
    source: AREAS_SOURCES.countyLabels,
    layout: {
      'text-field': ['get', 'name'],
      'text-font': CJK_FONT,
      'text-size': ['case', ['get', 'is_home'], 15, 12],
      'text-allow-overlap': false,
      'symbol-sort-key': ['case', ['get', 'is_home'], 0, 1],
    },
    paint: {
      'text-color': ['case', ['get', 'is_home'], '#2f2a22', '#8f8b83'],
      'text-halo-color': '#ffffff',
      'text-halo-width': 1.5,
    },
  },
]
