import type { LayerSpecification } from 'maplibre-gl'

/** Source id of the social-work stations. */
export const SOCIAL_WORK_SOURCE = 'social-work-stations'

/** Social-work stations: teal squares by tier size; a red ring where the 六有 standard is not met. */
export const socialWorkLayers: LayerSpecification[] = [
  {
    id: 'social-work-stations',
    type: 'circle',
    source: SOCIAL_WORK_SOURCE,
    paint: {
      'circle-radius': ['match', ['get', 'tier'], 'guidance_centre', 7, 'township_station', 5, 3],
      'circle-color': '#138d75',
      'circle-stroke-color': ['case', ['get', 'meets_standard'], '#ffffff', '#e74c3c'],
      'circle-stroke-width': ['case', ['get', 'meets_standard'], 1, 2],
    },
  },
]
