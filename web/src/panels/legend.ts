import type * as maplibregl from 'maplibre-gl'
import { BOUNDARY_STYLE } from '../layers/boundaries.layers'
import { ELDERCARE_KINDS } from '../layers/eldercare.layers'
import { onLangChange, strings, t } from '../i18n'

type Entry = { label: () => string; swatch: string; layers: string[] }

const ENTRIES: Entry[] = [
  { label: () => t('homeCounties'), swatch: 'background:#e3efe0;border:1px solid #7b7466', layers: ['home-counties-fill', 'home-counties-outline'] },
  { label: () => t('neighbourCounties'), swatch: 'background:#e6e4df;border:1px solid #b9b5ac', layers: ['neighbour-counties-fill', 'neighbour-counties-outline'] },
  { label: () => t('townships'), swatch: 'border:1px dashed #8a8f98', layers: ['townships-outline', 'townships-fill', 'township-labels'] },
  { label: () => t('cityLines'), swatch: `border-top:${BOUNDARY_STYLE.city.width}px dashed ${BOUNDARY_STYLE.city.color};height:0`, layers: ['boundary-lines-city'] },
  { label: () => t('countyLines'), swatch: `border-top:${BOUNDARY_STYLE.county.width}px dashed ${BOUNDARY_STYLE.county.color};height:0`, layers: ['boundary-lines-county'] },
  { label: () => t('socialWork'), swatch: 'background:#138d75;border-radius:50%;width:12px;margin:0 8px', layers: ['social-work-stations'] },
  { label: () => t('funeral'), swatch: 'background:#34495e;border-radius:50%;width:12px;margin:0 8px', layers: ['funeral-facilities'] },
  { label: () => t('cemeteries'), swatch: 'background:#6b8e6b;border:1px solid #3d5a3d', layers: ['cemeteries-fill', 'cemeteries-outline'] },
]

function legendRow(checked: boolean, onChange: (checked: boolean) => void, swatch: (el: HTMLElement) => void, text: string, data: Record<string, string>) {
  const box = document.createElement('input')
  box.type = 'checkbox'
  box.checked = checked
  Object.assign(box.dataset, data)
  box.addEventListener('change', () => onChange(box.checked))
  const mark = document.createElement('span')
  mark.className = 'swatch'
  swatch(mark)
  const label = document.createElement('label')
  label.className = 'legend-row'
  label.append(box, mark, text)
  return label
}

let kindCounts: Record<string, number> = {}
let redraw = () => {}

/** Counts of eldercare facilities by kind, shown beside each kind in the legend. */
export function setEldercareCounts(counts: Record<string, number>): void {
  kindCounts = counts
  redraw()
}

/**
 * The legend: one row per layer group, each with a swatch and a checkbox to show or hide
 * it, then one row per kind of eldercare facility with its count.
 */
export function renderLegend(container: HTMLElement, map: maplibregl.Map): void {
  const visible = new Map(ENTRIES.map((e) => [e, true]))
  const hiddenKinds = new Set<string>()
  const filterKinds = () =>
    map.setFilter('eldercare-facilities', hiddenKinds.size ? ['!', ['in', ['get', 'kind'], ['literal', [...hiddenKinds]]]] : null)
  redraw = () => {
    container.replaceChildren()
    const heading = document.createElement('h2')
    heading.textContent = t('legendTitle')
    container.append(heading)
    for (const entry of ENTRIES) {
      const onChange = (checked: boolean) => {
        visible.set(entry, checked)
        for (const id of entry.layers) map.setLayoutProperty(id, 'visibility', checked ? 'visible' : 'none')
      }
      container.append(legendRow(visible.get(entry)!, onChange, (el) => (el.style.cssText = entry.swatch), entry.label(), { layers: entry.layers.join(' ') }))
    }
    const note = document.createElement('p')
    note.className = 'legend-note'
    note.textContent = t('townshipsNote')
    container.append(note)

    const heading2 = document.createElement('h2')
    heading2.textContent = t('eldercare')
    container.append(heading2)
    for (const [kind, colour] of ELDERCARE_KINDS) {
      const onChange = (checked: boolean) => {
        if (checked) hiddenKinds.delete(kind)
        else hiddenKinds.add(kind)
        filterKinds()
      }
      const dot = (el: HTMLElement) => {
        el.classList.add('dot')
        el.style.background = colour
      }
      container.append(legendRow(!hiddenKinds.has(kind), onChange, dot, `${strings().eldercareKinds[kind] ?? kind}（${kindCounts[kind] ?? 0}）`, { kind }))
    }
    const hollow = document.createElement('p')
    hollow.className = 'legend-note'
    hollow.textContent = `${t('plannedHollow')}；${t('generatedData')}`
    container.append(hollow)
  }
  onLangChange(redraw)
}
