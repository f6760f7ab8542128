import { Marker, type Map as MapLibreMap } from 'maplibre-gl'
import { ApiError } from '../api/client'
import { searchNames, type SearchHit } from '../api/search'
import { onUserChange, userHasRole } from '../api/session'
import { errorMessage } from '../i18n/errors'
import { onLangChange, strings, t } from '../i18n'
import { h } from './dom'
import { openNameCheck } from './name-clashes'
import { coveredInsets, MARGIN } from './overlays'

/** Waits this long after the last key before asking the server, in milliseconds. */
const TYPING_PAUSE_MS = 150
/** A hit's extent smaller than this (degrees) is flown to as a point. */
const POINT_LIKE = 0.0005

/** What a hit is, in words: its place-name category, or the register it is in. */
function kindOf(hit: SearchHit): string {
  const s = strings()
  return hit.collection === 'place_names' ? (s.searchCategories[hit.category ?? 'other'] ?? hit.category ?? '') : (s.searchSources[hit.collection] ?? hit.collection)
}

/** One row of the results: the name, how it matched (an alias, a former name with its years), its kind, county and status. */
function hitRow(hit: SearchHit, index: number, choose: (hit: SearchHit) => void): HTMLElement {
  const s = strings()
  const marks: (HTMLElement | null)[] = [
    hit.matched.as === 'alias' ? h('span', { class: 'search-mark' }, `${s.searchAlias} ${hit.matched.text}`) : null,
    hit.matched.as === 'former'
      ? h('span', { class: 'search-mark former' }, `${s.searchFormer} ${hit.matched.text}${hit.matched.years ? `（${hit.matched.years}）` : ''}`)
      : null,
    hit.status && s.searchStatuses[hit.status] ? h('span', { class: `search-status ${hit.status}` }, s.searchStatuses[hit.status]!) : null,
  ]
  return h(
    'li',
    { role: 'option', id: `search-hit-${index}`, class: 'search-hit', 'data-collection': hit.collection, onclick: () => choose(hit) },
    h('span', { class: 'search-hit-name' }, hit.name),
    hit.spelling ? h('span', { class: 'search-hit-spelling' }, hit.spelling) : null,
    ...marks,
    h('span', { class: 'search-hit-kind' }, [kindOf(hit), hit.county_name].filter(Boolean).join(' · ')),
  )
}

/**
 * The search box over the map: names, pinyin or initials as they are typed, a list of hits
 * with their kinds and marks (alias, former name, proposed, abolished), and a flight to the
 * one chosen, marked on the map. Place-name editors also get the name check from here.
 */
export function attachSearch(map: MapLibreMap, layout: HTMLElement): void {
  const input = h('input', { id: 'name-search-input', type: 'search', autocomplete: 'off', spellcheck: 'false', role: 'combobox', 'aria-expanded': 'false', 'aria-controls': 'name-search-results' })
  const list = h('ul', { id: 'name-search-results', role: 'listbox', hidden: true })
  const check = h('button', { type: 'button', id: 'name-check-open', hidden: true, onclick: () => openNameCheck(layout, input.value) })
  const box = h('div', { id: 'name-search', class: 'name-search', 'data-covers-map': 'top', role: 'search' }, h('div', { class: 'name-search-row' }, input, check), list)
  layout.append(box)

  let hits: SearchHit[] = []
  let active = -1
  let timer: ReturnType<typeof setTimeout> | undefined
  // Answers to older texts than the latest are dropped (not aborted: an aborted request reads as a failure).
  let latest = 0
  let marker: Marker | undefined

  onLangChange(() => {
    input.placeholder = strings().searchPlaceholder
    input.setAttribute('aria-label', strings().searchLabel)
    check.textContent = strings().clashCheck
    if (hits.length) render()
  })
  onUserChange(() => (check.hidden = !userHasRole('placename_editor')))

  const close = () => {
    list.hidden = true
    input.setAttribute('aria-expanded', 'false')
    input.removeAttribute('aria-activedescendant')
  }

  function render(note?: string): void {
    list.replaceChildren(...(note ? [h('li', { class: 'search-note' }, note)] : hits.map((hit, i) => hitRow(hit, i, choose))))
    list.querySelectorAll('.search-hit').forEach((row, i) => row.classList.toggle('active', i === active))
    if (active >= 0) input.setAttribute('aria-activedescendant', `search-hit-${active}`)
    list.hidden = false
    input.setAttribute('aria-expanded', 'true')
  }

  function choose(hit: SearchHit): void {
    close()
    input.value = hit.name
    const insets = coveredInsets(map.getContainer())
    const padding = { top: insets.top + MARGIN * 4, right: insets.right + MARGIN * 4, bottom: insets.bottom + MARGIN * 4, left: insets.left + MARGIN * 4 }
    const [w, s, e, n] = hit.bbox
    if (e - w < POINT_LIKE && n - s < POINT_LIKE) map.flyTo({ center: hit.point, zoom: Math.max(map.getZoom(), 15), padding, duration: 800 })
    else map.fitBounds(hit.bbox, { padding, maxZoom: 16, duration: 800 })
    marker?.remove()
    marker = new Marker({ color: '#c0392b' }).setLngLat(hit.point).addTo(map)
    marker.getElement().dataset.searchHit = hit.name
  }

  async function run(q: string): Promise<void> {
    const mine = ++latest
    if (!q.trim()) {
      hits = []
      close()
      return
    }
    try {
      const found = await searchNames(q, { limit: 10 })
      if (mine !== latest) return
      hits = found
      // What the list answers (the browser tests wait for it).
      list.dataset.q = q
      active = hits.length ? 0 : -1
      render(hits.length ? undefined : t('searchNone', { q }))
    } catch (error) {
      if (mine !== latest) return
      hits = []
      render(error instanceof ApiError ? errorMessage(error.problem.errors?.[0] ?? error.problem) : t('searchFailed', { reason: String(error) }))
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer)
    timer = setTimeout(() => void run(input.value), TYPING_PAUSE_MS)
  })
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!hits.length) return
      event.preventDefault()
      active = (active + (event.key === 'ArrowDown' ? 1 : hits.length - 1)) % hits.length
      render()
    } else if (event.key === 'Enter' && hits[active]) {
      event.preventDefault()
      choose(hits[active]!)
    } else if (event.key === 'Escape') close()
  })
  input.addEventListener('focus', () => {
    if (hits.length) render()
  })
  // A click elsewhere closes the list (a click on a hit has chosen it by then).
  document.addEventListener('pointerdown', (event) => {
    if (!box.contains(event.target as Node)) close()
  })
}
