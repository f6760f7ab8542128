import * as maplibregl from 'maplibre-gl'
import type { MapGeoJSONFeature } from 'maplibre-gl'
import { onLangChange, strings } from '../i18n'

type Row = [label: string, value: string]

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function rowsFor(feature: MapGeoJSONFeature): { title: string; rows: Row[]; note?: string } {
  const s = strings()
  const p = feature.properties as Record<string, string | number | boolean>
  switch (feature.layer.id) {
    case 'boundary-lines-city':
    case 'boundary-lines-county':
      return {
        title: String(p.name),
        rows: [
          [s.level, s.levels[String(p.level)] ?? String(p.level)],
          [s.sides, `${p.left_name}（${p.left_code}） / ${p.right_name}（${p.right_code}）`],
          [s.length, `${Number(p.length_km).toFixed(1)} ${s.km}`],
        ],
      }
    case 'townships-fill':
      return {
        title: String(p.name),
        rows: [
          [s.code, String(p.code)],
          [s.kind, s.kinds[String(p.kind)] ?? String(p.kind)],
          [s.county, `${p.county_name}（${p.county_code}）`],
          ...(p.admin_code !== p.county_code ? [[s.administeredBy, String(p.admin_code)] as Row] : []),
          [s.area, `${Number(p.area_km2).toFixed(1)} ${s.km2}`],
        ],
        note: p.geometry_source === 'approximate' ? s.approximate : undefined,
      }
    default:
      return {
        title: String(p.name),
        rows: [
          [s.code, String(p.code)],
          [p.is_home ? s.city : s.neighbour, String(p.city_name)],
          [s.area, `${Number(p.area_km2).toFixed(1)} ${s.km2}`],
        ],
      }
  }
}

/** HTML of the popup for the topmost clicked feature. */
export function popupHtml(feature: MapGeoJSONFeature): string {
  const { title, rows, note } = rowsFor(feature)
  const body = rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')
  const noteHtml = note ? `<p class="popup-note">${escapeHtml(note)}</p>` : ''
  return `<h3>${escapeHtml(title)}</h3><table>${body}</table>${noteHtml}`
}

/** Opens a popup on click for the given layers, topmost feature first; it follows the language. */
export function attachPopups(map: maplibregl.Map, layerIds: string[]): void {
  const popup = new maplibregl.Popup({ maxWidth: '320px' })
  let shown: MapGeoJSONFeature | undefined
  popup.on('close', () => (shown = undefined))
  onLangChange(() => {
    if (shown) popup.setHTML(popupHtml(shown))
  })
  map.on('click', (event) => {
    const [feature] = map.queryRenderedFeatures(event.point, { layers: layerIds.filter((id) => map.getLayer(id)) })
    if (!feature) {
      popup.remove()
      return
    }
    shown = feature
    popup.setLngLat(event.lngLat).setHTML(popupHtml(feature)).addTo(map)
  })
  for (const id of layerIds) {
    map.on('mouseenter', id, () => (map.getCanvas().style.cursor = 'pointer'))
    map.on('mouseleave', id, () => (map.getCanvas().style.cursor = ''))
  }
}
