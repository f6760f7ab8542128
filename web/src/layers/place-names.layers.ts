import type { GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl'

/** Source id of the place-names register (the `place_names` collection), filled when the mode first comes on. */
export const PLACE_NAMES_SOURCE = 'place-names'

/** The colours of a name's status: standard, proposed, abolished. */
export const PLACE_NAME_COLOURS = { standard: '#1f5fa8', proposed: '#d98a00', abolished: '#8a8a8a', selected: '#c0392b' } as const

const LINES = ['in', ['geometry-type'], ['literal', ['LineString', 'MultiLineString']]] as never

const statusColour = ['match', ['get', 'status'], 'proposed', PLACE_NAME_COLOURS.proposed, 'abolished', PLACE_NAME_COLOURS.abolished, PLACE_NAME_COLOURS.standard] as const

/** The (empty) source of the register, with feature ids promoted for the selection. */
export const placeNamesSource: GeoJSONSourceSpecification = { type: 'geojson', data: { type: 'FeatureCollection', features: [] } }

/**
 * The register on the map: areas (residential areas, parks) as a light fill with an
 * outline, streets as lines, point names as dots; administrative divisions are left to the
 * base map's outlines. Coloured by status; the selected record is drawn over them.
 */
export const placeNamesLayers: LayerSpecification[] = [
  {
    id: 'place-names-fill',
    type: 'fill',
    source: PLACE_NAMES_SOURCE,
    filter: ['all', ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]], ['!=', ['get', 'category'], 'admin_division']],
    paint: { 'fill-color': statusColour as never, 'fill-opacity': 0.15, 'fill-outline-color': statusColour as never },
  },
  {
    id: 'place-names-lines',
    type: 'line',
    source: PLACE_NAMES_SOURCE,
    filter: ['all', LINES, ['!=', ['get', 'status'], 'proposed']],
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': statusColour as never, 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 1, 15, 4] },
  },
  {
    id: 'place-names-lines-proposed',
    type: 'line',
    source: PLACE_NAMES_SOURCE,
    filter: ['all', LINES, ['==', ['get', 'status'], 'proposed']],
    paint: { 'line-color': PLACE_NAME_COLOURS.proposed, 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 1.5, 15, 4], 'line-dasharray': [2, 1] },
  },
  {
    id: 'place-names-points',
    type: 'circle',
    source: PLACE_NAMES_SOURCE,
    filter: ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]],
    paint: { 'circle-color': statusColour as never, 'circle-radius': 5, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 },
  },
  {
    id: 'place-names-selected-line',
    type: 'line',
    source: PLACE_NAMES_SOURCE,
    filter: ['==', ['id'], -1],
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': PLACE_NAME_COLOURS.selected, 'line-width': 6, 'line-opacity': 0.85 },
  },
  {
    id: 'place-names-selected-point',
    type: 'circle',
    source: PLACE_NAMES_SOURCE,
    filter: ['all', ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]], ['==', ['id'], -1]],
    paint: { 'circle-color': PLACE_NAME_COLOURS.selected, 'circle-radius': 8, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
  },
]

/** The ids of the layers that draw the selected record (their filters pick it by id). */
export const PLACE_NAMES_SELECTED = ['place-names-selected-line', 'place-names-selected-point']

/** The layers a click picks a record from. */
export const PLACE_NAMES_CLICKABLE = ['place-names-points', 'place-names-lines', 'place-names-lines-proposed', 'place-names-fill']

/** Source id of the shape of a new name being placed on the map (a point, or a street's line vertex by vertex). */
export const PLACE_NAME_DRAFT_SOURCE = 'place-name-draft'

/** The new name's shape: its line dashed in the proposed colour, each vertex a dot. */
export const placeNameDraftLayers: LayerSpecification[] = [
  {
    id: 'place-name-draft-line',
    type: 'line',
    source: PLACE_NAME_DRAFT_SOURCE,
    filter: LINES,
    paint: { 'line-color': PLACE_NAME_COLOURS.proposed, 'line-width': 4, 'line-dasharray': [2, 1] },
  },
  {
    id: 'place-name-draft-points',
    type: 'circle',
    source: PLACE_NAME_DRAFT_SOURCE,
    filter: ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]],
    paint: { 'circle-color': PLACE_NAME_COLOURS.proposed, 'circle-radius': 6, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
  },
]
