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

/**
 * Names the map and its zoom buttons in the current language (MapLibre names them once,
 * in English, when it creates them).
 */
export function localizeControls(map: maplibregl.Map, labels: { map: string; zoomIn: string; zoomOut: string }): void {
  const container = map.getContainer()
  container.setAttribute('aria-label', labels.map)
  map.getCanvas().setAttribute('aria-label', labels.map)
  for (const [selector, label] of [['.maplibregl-ctrl-zoom-in', labels.zoomIn], ['.maplibregl-ctrl-zoom-out', labels.zoomOut]] as const) {
    const button = container.querySelector(selector)
    button?.setAttribute('aria-label', label)
    button?.setAttribute('title', label)
  }
}
