import type { LayerSpecification } from 'maplibre-gl'

/** Source id of the social-work stations. */
export const SOCIAL_WORK_SOURCE = 'social-work-stations'

/** The stations' colour, and the ring of one that does not meet the 六有 standard; shared by the map and the legend. */
export const SOCIAL_WORK_STYLE = { colour: '#138d75', failingRing: '#e74c3c' } as const

/** Social-work stations: teal circles sized by tier; a red ring where the 六有 standard is not met. */
export const socialWorkLayers: LayerSpecification[] = [
  {
    id: 'social-work-stations',
    type: 'circle',
    source: SOCIAL_WORK_SOURCE,
    paint: {
      'circle-radius': ['match', ['get', 'tier'], 'guidance_centre', 7, 'township_station', 5, 3],
      'circle-color': SOCIAL_WORK_STYLE.colour,
      'circle-stroke-color': ['case', ['get', 'meets_standard'], '#ffffff', SOCIAL_WORK_STYLE.failingRing],
      'circle-stroke-width': ['case', ['get', 'meets_standard'], 1, 2],
    },
  },
]
