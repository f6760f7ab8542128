import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl'

/** Source id of the eldercare facilities. */
export const ELDERCARE_SOURCE = 'eldercare-facilities'

/** Kinds of eldercare facility with their colours, shared by the layer and the legend. */
export const ELDERCARE_KINDS = [
  ['institution', '#8e44ad'],
  ['township_home', '#2e86c1'],
  ['regional_centre', '#1abc9c'],
  ['street_centre', '#d35400'],
  ['day_care', '#e67e22'],
  ['home_care_station', '#f1c40f'],
  ['embedded', '#c0392b'],
  ['village_home', '#27ae60'],
] as const

const colour = ['match', ['get', 'kind'], ...ELDERCARE_KINDS.flat(), '#7f8c8d'] as unknown as ExpressionSpecification
const built: ExpressionSpecification = ['==', ['get', 'status'], 'operating']

/**
 * Eldercare facilities as circles coloured by kind, sized by beds; planned and building
 * facilities are hollow rings, closed ones grey.
 */
export const eldercareLayers: LayerSpecification[] = [
  {
    id: 'eldercare-facilities',
    type: 'circle',
    source: ELDERCARE_SOURCE,
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, ['case', ['>=', ['get', 'beds'], 100], 4, 2.5], 12, ['case', ['>=', ['get', 'beds'], 100], 9, 6]],
      'circle-color': ['case', built, colour, ['==', ['get', 'status'], 'closed'], '#95a5a6', '#ffffff'],
      'circle-stroke-color': ['case', ['==', ['get', 'status'], 'closed'], '#7f8c8d', colour],
      'circle-stroke-width': ['case', built, 0.8, 2],
      'circle-opacity': 0.9,
    },
  },
]
