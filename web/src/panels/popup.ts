import * as maplibregl from 'maplibre-gl'
import type { MapGeoJSONFeature } from 'maplibre-gl'
import { request } from '../api/client'
import { userHasRole } from '../api/session'
import { onLangChange, strings, t } from '../i18n'
import { h } from './dom'

type Row = [label: string, value: string]

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
    case 'eldercare-facilities':
      return {
        title: String(p.name),
        rows: [
          [s.kind, s.eldercareKinds[String(p.kind)] ?? String(p.kind)],
          [s.ownership, s.ownerships[String(p.ownership)] ?? String(p.ownership)],
          [s.status, s.statuses[String(p.status)] ?? String(p.status)],
          [s.beds, `${p.beds}（${p.nursing_beds} / ${p.embedded_beds}）`],
          [s.services, String(p.services ?? '').split(',').filter(Boolean).map((x) => s.serviceNames[x] ?? x).join('、')],
          [s.medicalIntegration, p.medical_integration ? s.yes : s.no],
          [s.county, String(p.county_code ?? '')],
        ],
        note: p.data_source === 'generated' ? s.generatedData : undefined,
      }
    case 'social-work-stations':
      return {
        title: String(p.name),
        rows: [
          [s.kind, s.tiers[String(p.tier)] ?? String(p.tier)],
          [s.staffLine, `${p.staff}（${p.certified_workers}）`],
          [s.meetsStandard, p.meets_standard ? s.yes : s.no],
          [s.status, s.statuses[String(p.status)] ?? String(p.status)],
        ],
        note: p.data_source === 'generated' ? s.generatedData : undefined,
      }
    case 'funeral-facilities':
      return {
        title: String(p.name),
        rows: [
          [s.kind, s.funeralKinds[String(p.kind)] ?? String(p.kind)],
          [s.status, s.statuses[String(p.status)] ?? String(p.status)],
          ...(p.kind === 'columbarium' ? [[s.niches, `${p.capacity}（${p.used}）`] as Row] : []),
        ],
        note: p.data_source === 'generated' ? s.generatedData : undefined,
      }
    case 'cemeteries-fill':
      return {
        title: String(p.name),
        rows: [
          [s.kind, s.cemeteryKinds[String(p.kind)] ?? String(p.kind)],
          [s.landArea, `${Number(p.area_mu).toFixed(1)} ${s.mu}（${Math.round(Number(p.area_m2)).toLocaleString()} m²）`],
          [s.plots, `${p.capacity}（${p.plots_used}）`],
          [s.greenCoverage, `${p.green_coverage_pct}%`],
          ...(p.kind === 'commercial' ? [[s.reserve, `${p.public_welfare_reserve_pct}%`] as Row] : []),
        ],
        note: p.data_source === 'generated' ? s.generatedData : undefined,
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

/** The popup's content for the topmost clicked feature. */
export function popupContent(feature: MapGeoJSONFeature, onEdited: () => void): HTMLElement {
  const { title, rows, note } = rowsFor(feature)
  return h(
    'div',
    {},
    h('h3', {}, title),
    h('table', {}, ...rows.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v)))),
    note ? h('p', { class: 'popup-note' }, note) : '',
    feature.layer.id === 'townships-fill' && userHasRole('admin') ? renameForm(String(feature.properties.code), onEdited) : '',
  )
}

/**
 * Renames a township through the edit protocol: the version is read when the form
 * opens, and a change by someone else in between is reported, not overwritten.
 */
function renameForm(code: string, onEdited: () => void): HTMLElement {
  const url = `/ogc/collections/townships/items/${code}`
  const version = request('GET', url).then((r) => r.etag)
  const name = h('input', { name: 'name', placeholder: t('newName'), required: true, maxlength: 50 })
  const status = h('p', { class: 'form-note', role: 'status' })
  return h(
    'form',
    {
      class: 'inline-form',
      onsubmit: async (event) => {
        event.preventDefault()
        try {
          await request('PATCH', url, { body: { properties: { name: name.value } }, headers: { 'if-match': (await version) ?? '' } })
          status.textContent = t('saved')
          onEdited()
        } catch (error) {
          const e = error as { problem?: { status: number }; message: string }
          status.textContent = e.problem?.status === 412 ? t('staleEdit') : e.message
        }
      },
    },
    name,
    h('button', { type: 'submit' }, t('rename')),
    status,
  )
}

/** Opens a popup on click for the given layers, topmost feature first; it follows the language. */
export function attachPopups(map: maplibregl.Map, layerIds: string[], onEdited: () => void): void {
  const popup = new maplibregl.Popup({ maxWidth: '320px' })
  let shown: MapGeoJSONFeature | undefined
  popup.on('close', () => (shown = undefined))
  onLangChange(() => {
    if (shown) popup.setDOMContent(popupContent(shown, onEdited))
  })
  map.on('click', (event) => {
    const [feature] = map.queryRenderedFeatures(event.point, { layers: layerIds.filter((id) => map.getLayer(id)) })
    if (!feature) {
      popup.remove()
      return
    }
    shown = feature
    popup.setLngLat(event.lngLat).setDOMContent(popupContent(feature, onEdited)).addTo(map)
  })
  for (const id of layerIds) {
    map.on('mouseenter', id, () => (map.getCanvas().style.cursor = 'pointer'))
    map.on('mouseleave', id, () => (map.getCanvas().style.cursor = ''))
  }
}
