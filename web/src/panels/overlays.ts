import { bbox } from '@turf/turf'
import type { Feature } from 'geojson'
import type { Map as MapLibreMap } from 'maplibre-gl'

/** How far in from each edge of the map panels cover it, in CSS pixels. */
export type Insets = { top: number; right: number; bottom: number; left: number }

/** Space kept between a popup or a zoomed-to area and the map's edges or a panel, in CSS pixels. */
export const MARGIN = 8

/**
 * The map's edges covered by the visible panels marked `data-covers-map`, whose value
 * names the edge each lies along (`top`, `right`, `bottom` or `left`).
 */
export function coveredInsets(mapContainer: HTMLElement): Insets {
  const box = mapContainer.getBoundingClientRect()
  const insets: Insets = { top: 0, right: 0, bottom: 0, left: 0 }
  for (const element of document.querySelectorAll<HTMLElement>('[data-covers-map]')) {
    if (element.hidden) continue
    const r = element.getBoundingClientRect()
    if (!r.width || !r.height || r.bottom <= box.top || r.top >= box.bottom || r.right <= box.left || r.left >= box.right) continue
    const edge = element.dataset.coversMap
    if (edge === 'top') insets.top = Math.max(insets.top, r.bottom - box.top)
    else if (edge === 'bottom') insets.bottom = Math.max(insets.bottom, box.bottom - r.top)
    else if (edge === 'left') insets.left = Math.max(insets.left, r.right - box.left)
    else if (edge === 'right') insets.right = Math.max(insets.right, box.right - r.left)
  }
  return insets
}

/** The part of the map no panel covers, in the map container's pixels, `MARGIN` in from every edge. */
export function freeArea(mapContainer: HTMLElement): { left: number; top: number; right: number; bottom: number } {
  const insets = coveredInsets(mapContainer)
  return {
    left: insets.left + MARGIN,
    top: insets.top + MARGIN,
    right: mapContainer.clientWidth - insets.right - MARGIN,
    bottom: mapContainer.clientHeight - insets.bottom - MARGIN,
  }
}

/** Fits the map to features at once, into the part of the map no panel covers (a phone's bottom sheet, say). */
export function fitClearOfPanels(map: MapLibreMap, features: Feature[]): void {
  if (!features.length) return
  const insets = coveredInsets(map.getContainer())
  const pad = (n: number) => n + MARGIN
  map.fitBounds(bbox({ type: 'FeatureCollection', features }) as [number, number, number, number], {
    padding: { top: pad(insets.top), right: pad(insets.right), bottom: pad(insets.bottom), left: pad(insets.left) },
    duration: 0,
  })
}
