import * as maplibregl from 'maplibre-gl'
import type { StyleSpecification } from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import 'maplibre-gl/dist/maplibre-gl.css'
import type { ClientConfig } from '../api/client'

maplibregl.setWorkerUrl(workerUrl)

/** Creates the map over the city's extent. */
export function createMap(container: HTMLElement, config: ClientConfig, style: StyleSpecification): maplibregl.Map {
  const map = new maplibregl.Map({
    container,
    style,
    bounds: config.city.bbox,
    fitBoundsOptions: { padding: 24 },
    localIdeographFontFamily: "'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif",
    attributionControl: false,
    maxZoom: 17,
    // Labels appear at once: on software WebGL each frame of a fade costs as much as the first draw.
    fadeDuration: 0,
  })
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left')
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left')
  return map
}
