import * as maplibregl from 'maplibre-gl'
import type { GeoJSONSource, MapMouseEvent } from 'maplibre-gl'
import type { Feature, FeatureCollection, Point } from 'geojson'
import { ApiError } from '../api/client'
import { currentUser, onUserChange, userHasRole } from '../api/session'
import {
  completeWorkItem,
  dismissWorkItem,
  getQueue,
  getSign,
  getSignPoints,
  mergeWorkItem,
  moveSign,
  printUrl,
  updateWorkItem,
  type SignDetail,
  type SignPoints,
  type SignState,
  type WorkItem,
} from '../api/signs'
import { onLangChange } from '../i18n'
import { problemMessage } from '../i18n/errors'
import { fill, signText } from '../i18n/signs'
import { SIGN_STATE_COLOURS, SIGNS_DRAW_SOURCE, SIGNS_SOURCE, signsLayers, signsSource } from '../layers/signs.layers'
import { REGISTERS } from '../registers/registers'
import { countyName, homeCounties } from '../registers/store'
import { h } from './dom'
import { createSheet } from './sheet'
import { openInspection } from './sign-inspection'
import { showStatus } from './status'
import './signs.css'
import { addModeToggle, declutterer } from './modes'

type Tab = 'sign' | 'queue' | 'print'
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }
const failure = (error: unknown) => (error instanceof ApiError ? problemMessage(error.problem) : error instanceof Error ? error.message : String(error))
const when = (iso: string | null) => (iso ? iso.slice(0, 10) : '')

/** The signs as GeoJSON points for the clustered source. */
export function pointFeatures(points: SignPoints): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: points.signs.map(([code, lon, lat, state, name]) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { code, state, name } })),
  }
}

/**
 * The signs mode for place-name staff: the signs on the map, clustered and coloured by
 * state, with a legend and counts; a sign's panel (name, QR code, inspections, photos,
 * queue items, moving it by dragging); the repair queue as a table linked to the map; QR
 * print sheets by county, street or a drawn box; and the phone inspection form. Also
 * opens the map at `?at=lon,lat` (the public sign page's link to the full map).
 */
export function attachSigns(map: maplibregl.Map): void {
  const s = () => signText()
  const toggle = h('button', { id: 'signs-toggle', type: 'button', 'aria-pressed': 'false' })
  addModeToggle(toggle)
  const container = h('aside', { id: 'signs-panel' })
  document.querySelector('main.layout')!.append(container)
  const sheet = createSheet(container, { title: () => s().title, side: 'left' })
  container.classList.add('panel', 'signs-panel')
  container.hidden = true

  let on = false
  let ready = false
  let tab: Tab = 'sign'
  let points: SignPoints | null = null
  let detail: SignDetail | null = null
  let selectedCode = ''
  let queueFilter = { state: 'active', source: '', county: '', older_than_days: '' }
  let queue: { items: WorkItem[]; total: number } | null = null
  let queueError = ''
  let moving: maplibregl.Marker | null = null
  let drawing = false

  const parts = {
    head: h('div', { class: 'signs-head' }),
    legend: h('section', { id: 'signs-legend', class: 'signs-legend' }),
    tabs: h('div', { class: 'signs-tabs', role: 'tablist' }),
    body: h('section', { id: 'signs-body' }),
  }
  sheet.body.replaceChildren(...Object.values(parts))

  const setSource = (id: string, data: FeatureCollection) => (map.getSource(id) as GeoJSONSource | undefined)?.setData(data)

  function addLayers(): void {
    if (map.getSource(SIGNS_SOURCE)) return
    map.addSource(SIGNS_SOURCE, signsSource)
    map.addSource(SIGNS_DRAW_SOURCE, { type: 'geojson', data: EMPTY })
    for (const layer of signsLayers) map.addLayer({ ...layer, layout: { ...(layer.layout ?? {}), visibility: on ? 'visible' : 'none' } } as maplibregl.LayerSpecification)
    ready = true
  }

  function showLayers(): void {
    if (!ready) return
    for (const layer of signsLayers) map.setLayoutProperty(layer.id, 'visibility', on ? 'visible' : 'none')
  }

  async function loadPoints(): Promise<void> {
    try {
      points = await getSignPoints()
      setSource(SIGNS_SOURCE, pointFeatures(points))
      container.dataset.loaded = String(points.signs.length)
    } catch (error) {
      showStatus(failure(error), 'error')
    }
    renderLegend()
  }

  // Legend ------------------------------------------------------------------------------
  function renderLegend(): void {
    const t = s()
    const counts = points?.counts ?? {}
    const total = points?.signs.length ?? 0
    parts.legend.replaceChildren(
      h('p', { class: 'signs-total' }, fill(t.total, { n: total.toLocaleString() }), h('span', { class: 'generated-label' }, t.generated)),
      ...SIGN_STATE_COLOURS.map(([state, colour]) =>
        h(
          'div',
          { class: 'legend-row', 'data-state': state, title: t.stateHints[state] ?? '' },
          h('span', { class: 'signs-dot', style: `background:${colour}` }),
          h('span', { class: 'legend-label' }, t.states[state]!),
          h('span', { class: 'legend-count' }, (counts[state as SignState] ?? 0).toLocaleString()),
        ),
      ),
    )
  }

  // Tabs --------------------------------------------------------------------------------
  function renderTabs(): void {
    const t = s()
    const inspect = h('button', { type: 'button', id: 'signs-inspect', class: 'primary' }, t.inspect)
    inspect.addEventListener('click', () => openInspection({ code: detail?.sign.code, onSaved: afterInspection }))
    inspect.hidden = !userHasRole('placename_editor')
    parts.head.replaceChildren(inspect)
    parts.tabs.replaceChildren(
      ...(['sign', 'queue', 'print'] as const).map((key) => {
        const button = h('button', { type: 'button', role: 'tab', 'aria-selected': String(tab === key), 'data-tab': key }, t.tabs[key])
        button.addEventListener('click', () => {
          tab = key
          render()
          if (key === 'queue') void loadQueue()
        })
        return button
      }),
    )
  }

  function render(): void {
    renderTabs()
    if (tab === 'sign') renderSign()
    else if (tab === 'queue') renderQueue()
    else renderPrint()
  }

  // A sign ------------------------------------------------------------------------------
  async function selectSign(code: string, fly = false): Promise<void> {
    selectedCode = code
    if (ready) map.setFilter('signs-selected', ['==', ['get', 'code'], code])
    tab = 'sign'
    detail = null
    render()
    try {
      detail = await getSign(code)
      if (fly) map.flyTo({ center: [detail.sign.lon, detail.sign.lat], zoom: Math.max(map.getZoom(), 16) })
    } catch (error) {
      parts.body.replaceChildren(h('p', { class: 'error' }, failure(error)))
      return
    }
    if (selectedCode === code) render()
  }

  async function afterInspection(code: string): Promise<void> {
    await loadPoints()
    await selectSign(code)
  }

  function renderSign(): void {
    const t = s()
    if (!selectedCode) return parts.body.replaceChildren(h('p', { class: 'hint' }, t.pickSign))
    if (!detail) return parts.body.replaceChildren(h('p', { class: 'hint' }, '…'))
    const { sign } = detail
    const editor = userHasRole('placename_editor')
    const row = (label: string, value: string | Node) => h('div', { class: 'signs-row' }, h('span', {}, label), h('strong', {}, value))
    const scans = detail.scans.reduce((n, d) => n + d.count, 0)
    const actions = h('div', { class: 'signs-actions' })
    const link = (label: string, href: string, download = false) => h('a', { href, target: '_blank', rel: 'noopener', ...(download ? { download: '' } : {}) }, label)
    actions.append(
      link(t.publicPage, `/s/${sign.code}`),
      link(t.downloadPng, detail.qr.png, true),
      link(t.downloadSvg, detail.qr.svg, true),
      link(t.printThis, printUrl({ codes: [sign.code] }, 4)),
      sign.place_name_code && sign.sign_type !== 'admin_area' ? link(t.printStreet, printUrl({ street: sign.place_name_code })) : '',
    )
    const buttons = h('div', { class: 'signs-actions' })
    if (editor && sign.status !== 'removed') {
      const inspect = h('button', { type: 'button', id: 'sign-inspect', class: 'primary' }, t.inspect)
      inspect.addEventListener('click', () => openInspection({ code: sign.code, onSaved: afterInspection }))
      const move = h('button', { type: 'button', id: 'sign-move' }, t.move)
      move.addEventListener('click', () => startMove(sign.code, [sign.lon, sign.lat], buttons))
      buttons.append(inspect, move)
    }
    const photos = new Map(detail.photos.map((p) => [p.id, p]))
    const thumbs = (ids: number[]) =>
      ids.length
        ? h('div', { class: 'signs-thumbs' }, ...ids.filter((id) => photos.has(id)).map((id) => h('a', { href: `/api/files/${id}`, target: '_blank' }, h('img', { src: photos.get(id)!.thumbnailUrl ?? `/api/files/${id}`, alt: t.photos, loading: 'lazy' }))))
        : ''
    const inspections = detail.inspections.length
      ? h(
          'ul',
          { class: 'signs-list', id: 'sign-inspections' },
          ...detail.inspections.map((i) =>
            h(
              'li',
              { 'data-condition': i.condition },
              h('div', {}, h('strong', {}, t.conditions[i.condition] ?? i.condition), ` · ${when(i.inspected_at)} · ${i.inspector}`),
              h('div', { class: 'muted' }, fill(t.distance, { m: Math.round(i.distance_m) }), i.accuracy_m !== null ? ` · ${fill(t.accuracy, { m: Math.round(i.accuracy_m) })}` : '', i.data_source === 'generated' ? ` · ${t.generated}` : ''),
              i.notes ? h('div', {}, i.notes) : '',
              thumbs(i.photo_ids),
            ),
          ),
        )
      : h('p', { class: 'hint' }, t.noInspections)
    const items = detail.work_items.length ? h('ul', { class: 'signs-list', id: 'sign-items' }, ...detail.work_items.map((w) => workItemView(w, editor, thumbs))) : h('p', { class: 'hint' }, t.noItems)
    parts.body.replaceChildren(
      h('div', { class: 'signs-name', lang: 'zh-CN' }, sign.name),
      h('div', { class: 'signs-spelling' }, sign.roman_spelling),
      sign.data_source === 'generated' ? h('p', { class: 'generated-label' }, t.generated) : '',
      sign.content_outdated ? h('p', { class: 'signs-warning' }, fill(t.printed, { name: sign.printed_name, spelling: sign.printed_spelling })) : '',
      h(
        'div',
        { class: 'signs-card' },
        h('img', { class: 'signs-qr', src: detail.qr.svg, alt: `QR ${sign.code}`, width: 96, height: 96 }),
        h(
          'div',
          {},
          row(t.code, sign.code),
          row(t.type, t.types[sign.sign_type] ?? sign.sign_type),
          row(t.status, h('span', { 'data-state': sign.map_state, id: 'sign-state' }, `${t.statuses[sign.status] ?? sign.status} · ${t.states[sign.map_state]}`)),
          row(t.area, [sign.county_name, sign.township_name].filter(Boolean).join(' · ')),
          row(t.lastInspected, sign.last_inspected_at ? when(sign.last_inspected_at) : t.never),
        ),
      ),
      h('p', { class: 'muted' }, fill(t.scans, { n: scans })),
      actions,
      buttons,
      h('h3', {}, t.items),
      items,
      h('h3', {}, t.inspections),
      inspections,
    )
  }

  /** A queue item with what staff may do with it. */
  function workItemView(w: WorkItem, editor: boolean, thumbs: (ids: number[]) => Node | string): HTMLElement {
    const t = s()
    const what = w.source === 'public' ? t.problems[w.problem ?? ''] : w.condition ? t.conditions[w.condition] : ''
    const controls = h('div', { class: 'signs-item-actions' })
    const active = w.state === 'open' || w.state === 'assigned'
    const ask = (label: string, submit: (value: string) => Promise<unknown>, required = false) => {
      const input = h('input', { type: 'text', 'aria-label': label, placeholder: label, maxlength: 500 })
      const ok = h('button', { type: 'button', class: 'primary' }, '✓')
      const cancel = h('button', { type: 'button' }, '×')
      const error = h('span', { class: 'error' })
      ok.addEventListener('click', async () => {
        if (required && !input.value.trim()) return input.focus()
        try {
          await submit(input.value.trim())
          if (detail) await selectSign(detail.sign.code)
          await loadPoints()
        } catch (e) {
          error.textContent = failure(e)
        }
      })
      cancel.addEventListener('click', () => render())
      controls.replaceChildren(input, ok, cancel, error)
      input.focus()
    }
    if (editor && active) {
      const button = (label: string, action: () => void) => {
        const b = h('button', { type: 'button', 'data-action': label }, label)
        b.addEventListener('click', action)
        return b
      }
      controls.append(
        button(t.assign, () => ask(t.assignee, (v) => updateWorkItem(w.id, { assignee: v || null, action: w.action ?? (w.problem === 'missing' ? 'replace' : 'repair') }), true)),
        button(t.complete, () => ask(t.completeNote, async (v) => {
          if (!w.action) await updateWorkItem(w.id, { action: w.problem === 'missing' || w.problem === 'wrong_content' ? 'replace' : 'repair' })
          return completeWorkItem(w.id, { note: v || null })
        })),
        button(t.dismiss, () => ask(t.dismissReason, (v) => dismissWorkItem(w.id, v), true)),
        button(t.merge, () => ask(t.mergeInto, (v) => mergeWorkItem(w.id, Number(v)), true)),
      )
    }
    return h(
      'li',
      { 'data-item': w.id, 'data-state': w.state, 'data-source': w.source },
      h('div', {}, h('strong', {}, `#${w.id} ${t.sources[w.source]}`), what ? ` · ${what}` : '', ` · ${t.workStates[w.state]}`, w.action ? ` · ${t.actions[w.action]}` : ''),
      h('div', { class: 'muted' }, fill(t.age, { n: w.age_days }), w.assignee ? ` · ${w.assignee}` : '', w.due_on ? ` · ${fill(t.due, { date: w.due_on })}` : '', w.overdue ? ` · ${t.overdueItem}` : '', w.data_source === 'generated' ? ` · ${t.generated}` : ''),
      // As given, as text: whatever a reporter wrote is never markup here.
      w.description ? h('div', { class: 'signs-description' }, w.description) : '',
      w.contact ? h('div', { class: 'muted' }, w.contact) : '',
      w.completion_note ? h('div', { class: 'muted' }, w.completion_note) : '',
      w.dismiss_reason ? h('div', { class: 'muted' }, w.dismiss_reason) : '',
      thumbs(w.photo_ids),
      controls,
    )
  }

  function startMove(code: string, at: [number, number], buttons: HTMLElement): void {
    const t = s()
    moving?.remove()
    moving = new maplibregl.Marker({ color: '#d62728', draggable: true }).setLngLat(at).addTo(map)
    map.flyTo({ center: at, zoom: Math.max(map.getZoom(), 17) })
    const save = h('button', { type: 'button', id: 'sign-move-save', class: 'primary' }, t.saveMove)
    const cancel = h('button', { type: 'button' }, t.cancel)
    const stop = () => {
      moving?.remove()
      moving = null
    }
    save.addEventListener('click', async () => {
      const { lng, lat } = moving!.getLngLat()
      try {
        await moveSign(code, [lng, lat])
        stop()
        showStatus(t.moved)
        await loadPoints()
        await selectSign(code)
      } catch (error) {
        showStatus(failure(error), 'error')
      }
    })
    cancel.addEventListener('click', () => {
      stop()
      render()
    })
    buttons.replaceChildren(h('p', { class: 'hint' }, t.moveHint), save, cancel)
  }

  // The queue ---------------------------------------------------------------------------
  /** The number of the latest queue request: an answer to an earlier one (other filters) is dropped. */
  let queueAsked = 0
  async function loadQueue(): Promise<void> {
    if (!currentUser()) {
      queue = null
      queueError = s().queueSignIn
      return renderQueue()
    }
    const asked = ++queueAsked
    try {
      const answer = await getQueue({ ...queueFilter, older_than_days: queueFilter.older_than_days ? Number(queueFilter.older_than_days) : undefined, limit: 1000 })
      if (asked !== queueAsked) return
      queue = answer
      queueError = ''
    } catch (error) {
      if (asked !== queueAsked) return
      queueError = failure(error)
    }
    if (tab === 'queue') renderQueue()
  }

  function renderQueue(): void {
    const t = s()
    const select = (key: keyof typeof queueFilter, label: string, options: [string, string][]) => {
      const element = h('select', { 'aria-label': label, id: `queue-${key}` }, ...options.map(([value, text]) => h('option', { value, selected: queueFilter[key] === value }, text)))
      element.addEventListener('change', () => {
        queueFilter = { ...queueFilter, [key]: element.value }
        void loadQueue()
      })
      return h('label', { class: 'signs-filter' }, h('span', {}, label), element)
    }
    const filters = h(
      'div',
      { class: 'signs-filters' },
      select('state', t.filterState, [['', t.all], ...['active', 'open', 'assigned', 'done', 'merged', 'dismissed'].map((k) => [k, t.workStates[k]!] as [string, string])]),
      select('source', t.filterSource, [['', t.all], ...['public', 'inspection', 'other'].map((k) => [k, t.sources[k]!] as [string, string])]),
      select('county', t.filterCounty, [['', t.all], ...homeCounties().map((c) => [c.code, c.name] as [string, string])]),
      select('older_than_days', t.filterAge, [['', t.anyAge], ...[7, 30, 90].map((n) => [String(n), fill(t.days, { n })] as [string, string])]),
    )
    if (!queue) return parts.body.replaceChildren(filters, h('p', { class: queueError ? 'error' : 'hint' }, queueError || '…'))
    const rows = queue.items.map((w) => {
      const what = w.source === 'public' ? t.problems[w.problem ?? ''] : w.condition ? t.conditions[w.condition] : t.actions[w.action ?? '']
      const tr = h(
        'tr',
        { 'data-item': w.id, 'data-code': w.sign_code, class: w.sign_code === selectedCode ? 'selected' : '' },
        h('td', {}, String(w.id)),
        h('td', {}, w.sign_name, h('div', { class: 'muted' }, countyName(w.county_code))),
        h('td', {}, t.sources[w.source]!, h('div', { class: 'muted' }, what ?? '')),
        h('td', {}, t.workStates[w.state]!, w.overdue ? h('div', { class: 'error' }, t.overdueItem) : ''),
        h('td', {}, fill(t.age, { n: w.age_days }), w.description ? h('div', { class: 'muted signs-description' }, w.description) : ''),
      )
      tr.addEventListener('click', () => void selectSign(w.sign_code, true))
      return tr
    })
    parts.body.replaceChildren(
      filters,
      h('p', { class: 'muted', id: 'queue-count' }, fill(t.queueCount, { n: queue.total })),
      h('div', { class: 'signs-table-wrap' }, h('table', { class: 'signs-table', id: 'signs-queue' }, h('tbody', {}, ...rows))),
    )
  }

  // Print -------------------------------------------------------------------------------
  let perPage = 6
  function renderPrint(): void {
    const t = s()
    const county = h('select', { id: 'print-county', 'aria-label': t.filterCounty }, ...homeCounties().map((c) => h('option', { value: c.code }, c.name)))
    const per = h('select', { id: 'print-per-page', 'aria-label': t.perPage }, ...[4, 6, 8, 12].map((n) => h('option', { value: n, selected: n === perPage }, String(n))))
    per.addEventListener('change', () => (perPage = Number(per.value)))
    const byCounty = h('button', { type: 'button', id: 'print-by-county' }, t.printCounty)
    byCounty.addEventListener('click', () => window.open(printUrl({ county: county.value }, perPage), '_blank'))
    const draw = h('button', { type: 'button', id: 'print-draw', 'aria-pressed': String(drawing) }, t.drawArea)
    draw.addEventListener('click', () => {
      drawing = !drawing
      map.getContainer().classList.toggle('signs-drawing', drawing)
      renderPrint()
    })
    parts.body.replaceChildren(
      h('label', { class: 'signs-filter' }, h('span', {}, t.perPage), per),
      h('h3', {}, t.printByCounty),
      h('div', { class: 'signs-actions' }, county, byCounty),
      h('h3', {}, t.printByArea),
      h('div', { class: 'signs-actions' }, draw),
      drawing ? h('p', { class: 'hint' }, t.drawHint) : '',
      selectedCode && detail?.sign.place_name_code ? h('p', {}, h('a', { href: printUrl({ street: detail.sign.place_name_code }, perPage), target: '_blank' }, `${t.printStreet}：${detail.sign.name}`)) : '',
    )
  }

  /** A box dragged on the map while drawing: the signs in it go to a print sheet. */
  let start: maplibregl.LngLat | null = null
  const box = (a: maplibregl.LngLat, b: maplibregl.LngLat): [number, number, number, number] => [Math.min(a.lng, b.lng), Math.min(a.lat, b.lat), Math.max(a.lng, b.lng), Math.max(a.lat, b.lat)]
  const boxFeature = ([w, south, e, n]: number[]): Feature => ({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[w!, south!], [e!, south!], [e!, n!], [w!, n!], [w!, south!]]] } })
  map.on('mousedown', (e: MapMouseEvent) => {
    if (!on || !drawing) return
    e.preventDefault()
    map.dragPan.disable()
    start = e.lngLat
  })
  map.on('mousemove', (e: MapMouseEvent) => {
    if (start) setSource(SIGNS_DRAW_SOURCE, { type: 'FeatureCollection', features: [boxFeature(box(start, e.lngLat))] })
  })
  map.on('mouseup', (e: MapMouseEvent) => {
    if (!start) return
    const area = box(start, e.lngLat)
    start = null
    map.dragPan.enable()
    drawing = false
    map.getContainer().classList.remove('signs-drawing')
    window.open(printUrl({ bbox: area }, perPage), '_blank')
    setTimeout(() => setSource(SIGNS_DRAW_SOURCE, EMPTY), 1500)
    renderPrint()
  })

  // The mode ----------------------------------------------------------------------------
  // The facility registers and the community dots make way for the signs while the mode is on.
  const declutter = declutterer(map, REGISTERS.map((r) => r.collection))

  function setOn(next: boolean): void {
    on = next
    container.hidden = !on
    toggle.setAttribute('aria-pressed', String(on))
    document.body.classList.toggle('signs-on', on)
    declutter(on)
    showLayers()
    if (on) {
      sheet.setExpanded(true)
      if (!points) void loadPoints()
      render()
    } else {
      moving?.remove()
      moving = null
    }
  }
  toggle.addEventListener('click', () => setOn(!on))

  map.on('click', 'signs-points', (e) => {
    if (!on || drawing) return
    e.preventDefault()
    const code = e.features?.[0]?.properties?.code as string | undefined
    if (code) void selectSign(code)
  })
  map.on('click', 'signs-clusters', async (e) => {
    if (!on) return
    e.preventDefault()
    const feature = e.features?.[0]
    if (!feature) return
    const zoom = await (map.getSource(SIGNS_SOURCE) as GeoJSONSource).getClusterExpansionZoom(feature.properties!.cluster_id as number)
    map.easeTo({ center: (feature.geometry as Point).coordinates as [number, number], zoom })
  })
  for (const layer of ['signs-points', 'signs-clusters']) {
    map.on('mouseenter', layer, () => on && (map.getCanvas().style.cursor = 'pointer'))
    map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''))
  }

  map.once('load', () => {
    addLayers()
    // The public sign page's "open the full map": the place, marked.
    const at = new URLSearchParams(location.search).get('at')?.split(',').map(Number)
    if (at?.length === 2 && at.every(Number.isFinite)) {
      new maplibregl.Marker({ color: '#c0392b' }).setLngLat(at as [number, number]).addTo(map)
      map.jumpTo({ center: at as [number, number], zoom: 17 })
    }
  })
  onUserChange(() => {
    queue = null
    if (on) {
      render()
      if (tab === 'queue') void loadQueue()
    }
  })
  onLangChange(() => {
    toggle.textContent = s().toggle
    toggle.title = s().toggleLabel
    toggle.setAttribute('aria-label', s().toggleLabel)
    if (on) {
      renderLegend()
      render()
    }
  })
}
