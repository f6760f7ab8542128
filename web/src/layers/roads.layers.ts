import type { LayerSpecification } from 'maplibre-gl'

/** Source id of the walking network (the `roads` collection), filled when its layer is first switched on. */
export const ROADS_SOURCE = 'roads'

/** The colour of the streets, as the layer panel shows them. */
export const ROAD_COLOUR = '#8c7f6b'

/** The walking network: main roads wider than local streets and lanes; hidden until switched on. */
export const roadsLayers: LayerSpecification[] = [
  {
    id: 'roads-lines',
    type: 'line',
    source: ROADS_SOURCE,
    layout: { visibility: 'none', 'line-cap': 'round', 'line-join': 'round' },
    paint: {
      'line-color': ROAD_COLOUR,
      'line-opacity': 0.75,
      'line-width': [
        'interpolate', ['linear'], ['zoom'],
        10, ['match', ['get', 'class'], ['primary', 'secondary', 'trunk'], 1.2, 0.4],
        15, ['match', ['get', 'class'], ['primary', 'secondary', 'trunk'], 4, ['footway', 'path', 'steps', 'service'], 1, 2],
      ],
    },
  },
]
