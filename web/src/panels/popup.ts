import * as maplibregl from 'maplibre-gl'
import type { MapGeoJSONFeature } from 'maplibre-gl'
import { request } from '../api/client'
import { userHasRole } from '../api/session'
import type { Feature } from 'geojson'
import { currentLang, onLangChange, strings, t } from '../i18n'
import { formatValue, REGISTERS, registerOf, registerOfLayer, ruleCheck, ruleTitle, type Register } from '../registers/registers'
import { findRecord, onRecordsChange, onSelect, select, selected, townshipName } from '../registers/store'
import { coverageAnswer } from './coverage-state'
import { h } from './dom'
import { freeArea } from './overlays'
import { foldSheetsOnPhone } from './sheet'

type Row = [label: string, value: string | Node]

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
    case 'coverage-townships-fill':
      return {
        title: String(p.name),
        rows: [
          [s.code, String(p.code)],
          [s.kind, s.kinds[String(p.kind)] ?? String(p.kind)],
          [s.county, `${p.county_name}（${p.county_code}）`],
          ...(p.admin_code !== p.county_code ? [[s.administeredBy, String(p.admin_code)] as Row] : []),
          [s.area, `${Number(p.area_km2).toFixed(1)} ${s.km2}`],
          [s.population, t('people', { n: Number(p.population).toLocaleString(currentLang()) })],
          [s.population60, t('people', { n: Number(p.population_60plus).toLocaleString(currentLang()) })],
          [s.coverageShare, townshipCoverage(String(p.code))],
        ],
        note: p.geometry_source === 'approximate' ? s.approximate : undefined,
      }
    case 'communities':
    case 'coverage-communities-covered':
    case 'coverage-communities-uncovered': {
      const covered = p.covered === undefined ? [] : ([
        [s.coverageCovered, p.covered ? s.covered : s.uncovered],
        [s.nearestFacility, p.distance_m === null || p.distance_m === undefined || p.distance_m === '' ? s.noneInReach : distanceText(Number(p.distance_m))],
      ] as Row[])
      return {
        title: String(p.name),
        rows: [
          [s.kind, s.communityKinds[String(p.kind)] ?? String(p.kind)],
          [s.colTownship, townshipName(String(p.township_code))],
          [s.population, t('people', { n: Number(p.population).toLocaleString(currentLang()) })],
          [s.population60, t('people', { n: Number(p.population_60plus).toLocaleString(currentLang()) })],
          ...covered,
        ],
        note: p.data_source === 'generated' ? s.generatedData : undefined,
      }
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

/** A distance in metres as the interface says it: metres below a kilometre, else kilometres. */
function distanceText(m: number): string {
  const s = strings()
  return m < 1000 ? `${Math.round(m).toLocaleString(currentLang())} ${s.metres}` : `${(m / 1000).toFixed(1)} ${s.km}`
}

/**
 * A township's share of communities covered, from the coverage mode's newest analysis (or
 * the default one, asked for once), with what it was computed for.
 */
function townshipCoverage(code: string): HTMLElement {
  const cell = h('span', { class: 'popup-coverage' }, t('computing'))
  coverageAnswer()
    .then((answer) => {
      const s = strings()
      const unit = answer.units.find((u) => u.level === 'township' && u.code === code)
      const { mode, minutes, speed_m_per_min, scope } = answer.parameters
      const share = unit && unit.communities.total > 0
        ? t('coverageShareValue', {
            share: new Intl.NumberFormat(currentLang(), { style: 'percent', maximumFractionDigits: 1 }).format(unit.share_covered),
            covered: unit.communities.covered.toLocaleString(currentLang()),
            total: unit.communities.total.toLocaleString(currentLang()),
          })
        : t('coverageNoCommunities')
      cell.replaceChildren(share, h('br'), h('span', { class: 'popup-basis' }, t('coverageBasis', { scope: s.coverageScopes[scope] ?? scope, mode: s.coverageModes[mode] ?? mode, minutes, speed: speed_m_per_min })))
    })
    .catch((error: unknown) => cell.replaceChildren(error instanceof Error ? error.message : String(error)))
  return cell
}

/** A register record's rows: its fields, the server-computed ones included. */
function registerRows(register: Register, p: Record<string, unknown>): Row[] {
  const s = strings()
  return register.fields
    .filter((f) => !['name', 'rules_failed', 'data_source'].includes(f.key) && p[f.key] !== null && p[f.key] !== undefined)
    .map((f) => [f.label(s), formatValue(f, p[f.key], s)])
}

/** Each rule check that applies to the record, passed or failed, with the plan clause it comes from. */
function ruleCheckList(p: Record<string, unknown>): HTMLElement | '' {
  const checked = String(p.rules_checked ?? '').split(',').filter(Boolean)
  if (!checked.length) return ''
  const failed = new Set(String(p.rules_failed ?? '').split(','))
  return h(
    'div',
    { class: 'rule-checks' },
    h('h4', {}, t('ruleChecks')),
    h(
      'ul',
      {},
      ...checked.map((id) => {
        const ok = !failed.has(id)
        const clause = ruleCheck(id)?.clause
        return h(
          'li',
          { class: ok ? 'rule-ok' : 'rule-failed', 'data-rule': id, title: clause?.text },
          h('span', { class: 'rule-mark' }, ok ? '✓' : '✗'),
          ` ${ruleTitle(id)}（${ok ? t('rulePassed') : t('ruleFailed')}）`,
          clause ? h('span', { class: 'rule-clause' }, clause.ref) : '',
        )
      }),
    ),
  )
}

/** What may be added below a record's popup (the editor's buttons). */
export type PopupExtras = (register: Register, record: Feature) => Node | ''

/** The popup of a register's record. */
function recordContent(register: Register, record: Feature, extras: PopupExtras): HTMLElement {
  const p = record.properties ?? {}
  return h(
    'div',
    { class: 'record-popup', 'data-collection': register.collection, 'data-id': String(record.id) },
    h('h3', {}, String(p.name)),
    h('table', {}, ...registerRows(register, p).map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v)))),
    ruleCheckList(p),
    p.data_source === 'generated' ? h('p', { class: 'popup-note' }, t('generatedData')) : '',
    extras(register, record),
  )
}

/** The popup's content for a clicked feature of a base layer, with its edit form if any (made once per click, so it keeps what is typed). */
function featureContent(feature: MapGeoJSONFeature, form: HTMLElement | ''): HTMLElement {
  const { title, rows, note } = rowsFor(feature)
  return h(
    'div',
    {},
    h('h3', {}, title),
    h('table', {}, ...rows.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v)))),
    note ? h('p', { class: 'popup-note' }, note) : '',
    form,
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

/** A point to open a record's popup at: the point itself, or the middle of an area's bounding box. */
function anchorOf(record: Feature): [number, number] {
  const g = record.geometry
  if (g.type === 'Point') return g.coordinates as [number, number]
  const ring = (g.type === 'Polygon' ? g.coordinates[0] : g.type === 'MultiPolygon' ? g.coordinates[0]![0] : undefined) ?? []
  const xs = ring.map((c) => c[0]!)
  const ys = ring.map((c) => c[1]!)
  return [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2]
}

/** Whether a point of the map (in its container's pixels) lies where no panel covers it. */
function inFreeArea(map: maplibregl.Map, point: maplibregl.Point): boolean {
  const area = freeArea(map.getContainer())
  return point.x >= area.left && point.x <= area.right && point.y >= area.top && point.y <= area.bottom
}

/**
 * Moves the map so that the popup lies wholly where no panel covers it; where it cannot
 * (a popup taller or wider than that part), its top and right, with the close button, win.
 * A popup taller than the free part scrolls.
 */
function keepInView(map: maplibregl.Map, popup: maplibregl.Popup): void {
  const element = popup.getElement()
  if (!element || !popup.isOpen()) return
  // A map on its way to the record (from the table) is moved once it arrives.
  if (map.isMoving()) {
    map.once('moveend', () => keepInView(map, popup))
    return
  }
  const container = map.getContainer()
  const area = freeArea(container)
  // 24 px: the popup's tip and the clicked point's own size.
  element.style.setProperty('--popup-max-height', `${Math.max(120, area.bottom - area.top - 24)}px`)
  const origin = container.getBoundingClientRect()
  const box = element.getBoundingClientRect()
  const left = box.left - origin.left
  const top = box.top - origin.top
  let dx = 0
  let dy = 0
  if (left + box.width > area.right) dx = left + box.width - area.right
  if (left - dx < area.left) dx = left - area.left
  if (left + box.width - dx > area.right) dx = left + box.width - area.right
  if (top + box.height > area.bottom) dy = top + box.height - area.bottom
  if (top - dy < area.top) dy = top - area.top
  if (Math.abs(dx) >= 1 || Math.abs(dy) >= 1) map.panBy([dx, dy], { duration: 250 })
}

/**
 * Popups: a click on a register's record selects it (the table follows) and its popup
 * opens wherever it was selected; a click on a base layer shows that feature. A popup
 * stays open when its feature is clicked again, closes with Esc, its close button or a
 * click on empty map, and is kept clear of the panels. Popups follow the language.
 */
export function attachPopups(map: maplibregl.Map, baseLayers: string[], options: { onEdited: () => void; extras: PopupExtras }): void {
  // The popup's own close-on-click would close it on a second click of its feature; its focus
  // on opening would scroll the map to the popup's first button, wherever that lies.
  const popup = new maplibregl.Popup({ maxWidth: 'min(340px, calc(100vw - 24px))', closeOnClick: false, focusAfterOpen: false })
  let redraw: (() => void) | undefined
  let showsRecord = false
  let opening = false
  popup.on('close', () => {
    redraw = undefined
    if (!opening && selected()) select(null)
  })
  const nameCloseButton = () => {
    const button = popup.getElement()?.querySelector('.maplibregl-popup-close-button')
    button?.setAttribute('aria-label', t('closePopup'))
    button?.setAttribute('title', t('closePopup'))
  }
  const show = (lngLat: maplibregl.LngLatLike, content: () => HTMLElement, isRecord: boolean) => {
    opening = true
    redraw = () => {
      popup.setDOMContent(content())
      nameCloseButton()
      keepInView(map, popup)
    }
    showsRecord = isRecord
    popup.setLngLat(lngLat).setDOMContent(content())
    if (!popup.isOpen()) popup.addTo(map)
    opening = false
    nameCloseButton()
    foldSheetsOnPhone()
    keepInView(map, popup)
  }
  document.addEventListener('keydown', (event) => {
    // A dialog open over the map takes its own Esc.
    if (event.key === 'Escape' && popup.isOpen() && !document.querySelector('dialog[open]')) popup.remove()
  })
  onLangChange(() => redraw?.())
  // A record's popup shows the record as reloaded; a base feature's does not change with the records.
  onRecordsChange(() => showsRecord && redraw?.())
  let clickedAt: maplibregl.LngLat | undefined
  onSelect((selection) => {
    const register = selection && registerOf(selection.collection)
    const record = selection && findRecord(selection.collection, selection.id)
    if (!register || !record) {
      popup.remove()
      return
    }
    foldSheetsOnPhone()
    const at = clickedAt ?? anchorOf(record)
    // Selected elsewhere (the table) and out of view or under a panel: bring it into view low in the free part of the map, leaving room for its popup above.
    if (!clickedAt && !inFreeArea(map, map.project(at))) {
      const container = map.getContainer()
      const area = freeArea(container)
      const offset: [number, number] = [(area.left + area.right - container.clientWidth) / 2, area.top + (area.bottom - area.top) * 0.75 - container.clientHeight / 2]
      map.easeTo({ center: at, zoom: Math.max(map.getZoom(), 11), offset })
    }
    clickedAt = undefined
    show(at, () => recordContent(register, findRecord(register.collection, record.id!) ?? record, options.extras), true)
  })
  const registerLayers = REGISTERS.flatMap((r) => r.layers)
  const clickable = [...registerLayers, ...baseLayers]
  map.on('click', (event) => {
    // The editor took this click (placing or drawing).
    if (event.defaultPrevented) return
    const [feature] = map.queryRenderedFeatures(event.point, { layers: clickable.filter((id) => map.getLayer(id)) })
    if (!feature) {
      popup.remove()
      return
    }
    const register = registerOfLayer(feature.layer.id)
    if (register && feature.id !== undefined) {
      clickedAt = event.lngLat
      select({ collection: register.collection, id: feature.id })
      return
    }
    if (selected()) select(null)
    const form = feature.layer.id === 'townships-fill' && userHasRole('admin') ? renameForm(String(feature.properties.code), options.onEdited) : ''
    show(event.lngLat, () => featureContent(feature, form), false)
  })
  for (const id of clickable) {
    map.on('mouseenter', id, () => (map.getCanvas().style.cursor = 'pointer'))
    map.on('mouseleave', id, () => (map.getCanvas().style.cursor = ''))
  }
}
