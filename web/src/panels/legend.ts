import type * as maplibregl from 'maplibre-gl'
import { BOUNDARY_STYLE } from '../layers/boundaries.layers'
import { onLangChange, t } from '../i18n'

type Entry = { label: () => string; swatch: string; layers: string[] }

const ENTRIES: Entry[] = [
  { label: () => t('homeCounties'), swatch: 'background:#e3efe0;border:1px solid #7b7466', layers: ['home-counties-fill', 'home-counties-outline'] },
  { label: () => t('neighbourCounties'), swatch: 'background:#e6e4df;border:1px solid #b9b5ac', layers: ['neighbour-counties-fill', 'neighbour-counties-outline'] },
  { label: () => t('townships'), swatch: 'border:1px dashed #8a8f98', layers: ['townships-outline', 'townships-fill', 'township-labels'] },
  { label: () => t('cityLines'), swatch: `border-top:${BOUNDARY_STYLE.city.width}px dashed ${BOUNDARY_STYLE.city.color};height:0`, layers: ['boundary-lines-city'] },
  { label: () => t('countyLines'), swatch: `border-top:${BOUNDARY_STYLE.county.width}px dashed ${BOUNDARY_STYLE.county.color};height:0`, layers: ['boundary-lines-county'] },
]

/** The legend: one row per layer group, each with a swatch and a checkbox to show or hide it. */
export function renderLegend(container: HTMLElement, map: maplibregl.Map): void {
  const visible = new Map(ENTRIES.map((e) => [e, true]))
  onLangChange(() => {
    container.replaceChildren()
    const heading = document.createElement('h2')
    heading.textContent = t('legendTitle')
    container.append(heading)
    for (const entry of ENTRIES) {
      const label = document.createElement('label')
      label.className = 'legend-row'
      const box = document.createElement('input')
      box.type = 'checkbox'
      box.checked = visible.get(entry)!
      box.dataset.layers = entry.layers.join(' ')
      box.addEventListener('change', () => {
        visible.set(entry, box.checked)
        for (const id of entry.layers) map.setLayoutProperty(id, 'visibility', box.checked ? 'visible' : 'none')
      })
      const swatch = document.createElement('span')
      swatch.className = 'swatch'
      swatch.style.cssText = entry.swatch
      const text = document.createElement('span')
      text.textContent = entry.label()
      label.append(box, swatch, text)
      container.append(label)
    }
    const note = document.createElement('p')
    note.className = 'legend-note'
    note.textContent = t('townshipsNote')
    container.append(note)
  })
}
