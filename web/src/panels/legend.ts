import type * as maplibregl from 'maplibre-gl'
import { COMMUNITY_COLOUR, HOME_COUNTY_COLOURS, NEIGHBOUR_COUNTY_COLOUR } from '../layers/areas.layers'
import { getFeatures } from '../api/client'
import { BOUNDARY_STYLE } from '../layers/boundaries.layers'
import { ROAD_COLOUR, ROADS_SOURCE } from '../layers/roads.layers'
import { onLangChange, strings, t } from '../i18n'
import { REGISTERS, type Register } from '../registers/registers'
import { allRecords, filters, kindCounts, onRecordsChange, setFilters } from '../registers/store'
import { h } from './dom'
import { showStatus } from './status'

/** A base layer: its switch, its map layers, whether it starts shown, and what to load the first time it is shown. */
type Entry = { label: () => string; swatch: string; layers: string[]; hidden?: boolean; load?: (map: maplibregl.Map) => Promise<void> }

/** The home counties' fills side by side, as the map tells the units apart. */
const homeSwatch = `background:linear-gradient(90deg,${HOME_COUNTY_COLOURS.map((c, i) => `${c} ${(i * 100) / HOME_COUNTY_COLOURS.length}% ${((i + 1) * 100) / HOME_COUNTY_COLOURS.length}%`).join(',')});border:1px solid #7b7466`

/** The base layers, switched on and off as map layers. */
const BASE: Entry[] = [
  { label: () => t('homeCounties'), swatch: homeSwatch, layers: ['home-counties-fill', 'home-counties-outline'] },
  { label: () => t('neighbourCounties'), swatch: `background:${NEIGHBOUR_COUNTY_COLOUR};border:1px solid #b9b5ac`, layers: ['neighbour-counties-fill', 'neighbour-counties-outline'] },
  { label: () => t('townships'), swatch: 'border:1px dashed #8a8f98', layers: ['townships-outline', 'townships-fill', 'township-labels'] },
  { label: () => t('communities'), swatch: `background:${COMMUNITY_COLOUR};border-radius:50%;width:8px;height:8px;margin:0 10px`, layers: ['communities'] },
  { label: () => t('cityLines'), swatch: `border-top:${BOUNDARY_STYLE.city.width}px dashed ${BOUNDARY_STYLE.city.color};height:0`, layers: ['boundary-lines-city'] },
  { label: () => t('countyLines'), swatch: `border-top:${BOUNDARY_STYLE.county.width}px dashed ${BOUNDARY_STYLE.county.color};height:0`, layers: ['boundary-lines-county'] },
  {
    label: () => (roadsGenerated ? t('roadsGeneratedLayer') : t('roadsLayer')),
    swatch: `border-top:2px solid ${ROAD_COLOUR};height:0`,
    layers: ['roads-lines'],
    hidden: true,
    load: async (map) => {
      const roads = await getFeatures('roads')
      roadsGenerated = roads.features.some((f) => f.properties?.data_source === 'generated')
      ;(map.getSource(ROADS_SOURCE) as maplibregl.GeoJSONSource).setData(roads)
    },
  },
]

/** Whether the walking network shown is the generated sample (said in its switch's label). */
let roadsGenerated = false

function legendRow(checked: boolean, onChange: (checked: boolean) => void, swatch: string, text: string, data: Record<string, string>) {
  const box = h('input', { type: 'checkbox', checked, onchange: () => onChange(box.checked) })
  Object.assign(box.dataset, data)
  const mark = h('span', { class: 'swatch', style: swatch })
  return h('label', { class: 'legend-row' }, box, mark, text)
}

function registerSection(register: Register): HTMLElement[] {
  const s = strings()
  const counts = kindCounts(register)
  const total = [...counts.values()].reduce((a, b) => a + b, 0)
  const shown = !filters.hiddenRegisters.has(register.collection)
  const heading = legendRow(
    shown,
    (checked) => setFilters((f) => (checked ? f.hiddenRegisters.delete(register.collection) : f.hiddenRegisters.add(register.collection))),
    `background:${register.kindColour(register.kinds[0]!)};${register.geometry === 'Point' ? 'border-radius:50%;width:12px;margin:0 8px' : ''}`,
    `${register.title(s)}（${total}）`,
    { register: register.collection },
  )
  heading.classList.add('legend-register')
  const kinds = register.kinds.map((kind) => {
    const key = `${register.collection}/${kind}`
    const dot = `background:${register.kindColour(kind)};${register.geometry === 'Point' ? '' : 'border-radius:2px'}`
    const row = legendRow(
      !filters.hiddenKinds.has(key),
      (checked) => setFilters((f) => (checked ? f.hiddenKinds.delete(key) : f.hiddenKinds.add(key))),
      dot,
      `${register.kindLabel(s, kind)}（${counts.get(kind) ?? 0}）`,
      { register: register.collection, kind },
    )
    row.classList.add('legend-kind')
    row.querySelector('.swatch')!.classList.add('dot')
    // With its register off a kind's switch does nothing: greyed, and out of the keyboard's way.
    if (!shown) {
      row.classList.add('off')
      row.querySelector('input')!.disabled = true
    }
    return row
  })
  const keys = (register.legendKeys ?? []).map((key) =>
    h('div', { class: `legend-explain${shown ? '' : ' off'}` }, h('span', { class: 'swatch dot', style: key.swatch }), key.label(s)),
  )
  return [heading, ...kinds, ...keys]
}

/**
 * The layer panel: the base layers, then each register with a switch for itself and one
 * per kind, each with the count of records the filters let through.
 */
export function renderLegend(container: HTMLElement, map: maplibregl.Map): void {
  const visible = new Map(BASE.map((e) => [e, !e.hidden]))
  const loaded = new Set<Entry>()
  const redraw = () => {
    const base = BASE.map((entry) =>
      legendRow(
        visible.get(entry)!,
        (checked) => {
          visible.set(entry, checked)
          for (const id of entry.layers) map.setLayoutProperty(id, 'visibility', checked ? 'visible' : 'none')
          if (checked && entry.load && !loaded.has(entry)) {
            loaded.add(entry)
            entry.load(map).then(redraw, (error) => {
              loaded.delete(entry)
              showStatus(t('loadFailed', { layer: entry.label(), reason: error instanceof Error ? error.message : String(error) }), 'error')
            })
          }
        },
        entry.swatch,
        entry.label(),
        { layers: entry.layers.join(' ') },
      ),
    )
    const anyGenerated = REGISTERS.some((r) => allRecords(r).some((f) => f.properties?.data_source === 'generated'))
    // The switch just used is drawn anew (its counts change): it keeps the keyboard focus.
    const active = document.activeElement
    const focused = active instanceof HTMLInputElement && container.contains(active) ? JSON.stringify(active.dataset) : null
    container.replaceChildren(
      h('h2', {}, t('legendTitle')),
      ...base,
      h('p', { class: 'legend-note' }, t('townshipsNote')),
      h('h2', {}, t('layers')),
      ...REGISTERS.flatMap(registerSection),
      h('p', { class: 'legend-note' }, anyGenerated ? `${t('plannedHollow')}；${t('generatedData')}` : t('plannedHollow')),
    )
    if (focused) [...container.querySelectorAll('input')].find((box) => JSON.stringify(box.dataset) === focused)?.focus()
  }
  onLangChange(redraw)
  onRecordsChange(redraw)
}
