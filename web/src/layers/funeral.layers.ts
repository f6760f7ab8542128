import type { LayerSpecification } from 'maplibre-gl'

/** Source ids of the funeral domain. */
export const FUNERAL_SOURCES = { facilities: 'funeral-facilities', cemeteries: 'cemeteries' } as const

/** Cemeteries as grey-green areas (commercial ones brown), funeral facilities as dark circles, planned ones hollow. */
export const funeralLayers: LayerSpecification[] = [
  {
    id: 'cemeteries-fill',
    type: 'fill',
    source: FUNERAL_SOURCES.cemeteries,
    paint: { 'fill-color': ['case', ['==', ['get', 'kind'], 'commercial'], '#a0785a', '#6b8e6b'], 'fill-opacity': 0.7 },
  },
  {
    id: 'cemeteries-outline',
    type: 'line',
    source: FUNERAL_SOURCES.cemeteries,
    paint: { 'line-color': '#3d5a3d', 'line-width': 1 },
  },
  {
    id: 'funeral-facilities',
    type: 'circle',
    source: FUNERAL_SOURCES.facilities,
    paint: {
      'circle-radius': ['match', ['get', 'kind'], 'funeral_home', 6, 'columbarium', 5, 4],
      'circle-color': ['case', ['==', ['get', 'status'], 'operating'], '#34495e', '#ffffff'],
      'circle-stroke-color': '#34495e',
      'circle-stroke-width': ['case', ['==', ['get', 'status'], 'operating'], 1, 2],
    },
  },
]
