import type { GeoJSONSource, Map as MapLibreMap, MapLayerMouseEvent } from 'maplibre-gl'
import type { FeatureCollection } from 'geojson'
import { ApiError } from '../api/client'
import {
  confirmFindings,
  getInspection,
  getMarkers,
  getMyUnits,
  getRoundLines,
  getRounds,
  getRoundSummary,
  recordFinding,
  reportUrl,
  type Condition,
  type InspectionDetail,
  type MarkerWithFinding,
  type Round,
  type RoundSummary,
} from '../api/boundaries'
import { uploadFile } from '../api/files'
import { currentUser, onUserChange, userHasRole } from '../api/session'
import { onLangChange, strings } from '../i18n'
import { problemMessage } from '../i18n/errors'
import { BOUNDARY_STATUS_SOURCES, boundaryStatusLayers, CONDITION_COLOURS, NOT_INSPECTED_COLOUR, STATUS_COLOURS } from '../layers/boundary-status.layers'
import { sphericalDistance } from '../map/spherical-distance'
import { archiveSection, changeForm, createSketch, disputeForm, inspectorsForm, recordsLists } from './boundaries-records'
import { h } from './dom'
import { createSheet, isPhone } from './sheet'
import { addModeToggle } from './modes'

const CONDITIONS: Condition[] = ['intact', 'damaged', 'missing', 'displaced', 'repainted', 'rebuilt']
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }

/** A boundary-mode string with `{name}` filled in. */
function bt(key: keyof ReturnType<typeof strings>['boundaryMode'], values: Record<string, string | number> = {}): string {
  return strings().boundaryMode[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''))
}
const statusWord = (s: string) => strings().inspectionStatuses[s] ?? s
const conditionWord = (c: string) => strings().markerConditions[c] ?? c
const failure = (error: unknown) => (error instanceof ApiError ? problemMessage(error.problem) : error instanceof Error ? error.message : String(error))
const metres = (m: number) => (m < 10 ? m.toFixed(2) : m.toFixed(1))

/** The phone's position as [lon, lat] with its accuracy in metres. */
function phonePosition(): Promise<{ at: [number, number]; accuracy: number }> {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) return reject(new Error('no geolocation'))
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ at: [p.coords.longitude, p.coords.latitude], accuracy: p.coords.accuracy }),
      (e) => reject(new Error(e.message)),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 0 },
    )
  })
}

/**
 * The boundary mode: the chosen round's lines coloured by status (with a legend and
 * counts), the markers coloured by their last finding, the round dashboard, a line panel
 * (history, confirmations, archive, report) and the marker-by-marker inspection form,
 * made for a phone held in one hand: the marker nearest to the phone is offered, the
 * finding is one large button, the phone's position gives the displacement at once.
 * Confirming lists exactly what is being confirmed. Adds its own toggle to the top bar.
 */
export function attachBoundaries(map: MapLibreMap): void {
  const toggle = h('button', { id: 'boundary-toggle', type: 'button', 'aria-pressed': 'false' })
  addModeToggle(toggle)
  const container = h('aside', { id: 'boundary-panel', class: 'boundary-panel' })
  document.querySelector('main.layout')!.append(container)
  const sheet = createSheet(container, { title: () => bt('title'), side: 'left' })
  container.hidden = true

  let on = false
  let rounds: Round[] = []
  let round = 0
  let summary: RoundSummary | null = null
  let detail: InspectionDetail | null = null
  let units: string[] = []
  let view: 'round' | 'line' | 'walk' | 'confirm' | 'change' | 'dispute' = 'round'
  /** The change or dispute form, built once when opened so that a redraw keeps what was typed. */
  let form: HTMLElement[] | null = null
  const formState = { busy: false }
  let inspectorsEl: HTMLElement | null = null
  const sketch = createSketch(map, () => {
    const count = document.getElementById('sketch-count')
    if (count) {
      count.textContent = strings().boundaryRecords.sketchCount.replace('{n}', String(sketch.count))
      count.dataset.count = String(sketch.count)
    }
    const undo = document.getElementById('sketch-undo') as HTMLButtonElement | null
    if (undo) undo.disabled = sketch.count === 0
  })
  /** Shows a message without redrawing (a form's inputs stay as they are). */
  const say = (text: string) => {
    message = text
    const el = document.getElementById('boundary-message')
    if (el) el.textContent = text
  }
  let walkIndex = 0
  let draft: { condition: Condition | null; measured: [number, number] | null; accuracy: number | null; photos: number[]; note: string; register: boolean } = newDraft()
  let message = ''
  let busy = false

  function newDraft() {
    return { condition: null as Condition | null, measured: null as [number, number] | null, accuracy: null as number | null, photos: [] as number[], note: '', register: false }
  }

  function onLineClick(e: MapLayerMouseEvent) {
    if (!on || view === 'walk' || view === 'change' || view === 'dispute') return
    const line = e.features?.[0]?.properties?.line_id
    const row = summary?.lines.find((l) => l.line_id === line)
    if (row) {
      e.preventDefault()
      void openLine(row.inspection_id)
    }
  }

  function ensureLayers() {
    for (const id of Object.values(BOUNDARY_STATUS_SOURCES)) if (!map.getSource(id)) map.addSource(id, { type: 'geojson', data: EMPTY })
    if (!map.getLayer(boundaryStatusLayers[0]!.id)) {
      for (const layer of boundaryStatusLayers) map.addLayer(layer)
      map.on('click', 'boundary-status-lines', onLineClick)
    }
    for (const layer of boundaryStatusLayers) map.setLayoutProperty(layer.id, 'visibility', on ? 'visible' : 'none')
  }
  const source = (id: string) => map.getSource(id) as GeoJSONSource

  async function loadRound(n: number) {
    round = n
    const [s, lines] = await Promise.all([getRoundSummary(n), getRoundLines(n)])
    summary = s
    source(BOUNDARY_STATUS_SOURCES.lines).setData(lines)
    document.body.dataset.boundaryRound = String(n)
  }
  async function refreshMarkers() {
    source(BOUNDARY_STATUS_SOURCES.markers).setData(await getMarkers())
  }

  async function openLine(inspectionId: number) {
    detail = await getInspection(inspectionId)
    view = 'line'
    const g = detail.line.geometry as { type: string; coordinates: number[][][] }
    source(BOUNDARY_STATUS_SOURCES.current).setData({ type: 'Feature', properties: {}, geometry: g as never })
    const all = g.coordinates.flat()
    const lons = all.map((c) => c[0]!)
    const lats = all.map((c) => c[1]!)
    map.fitBounds([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)], { padding: isPhone() ? 40 : { top: 40, bottom: 40, left: 420, right: 40 }, duration: 0, maxZoom: 13 })
    draw()
  }

  async function start() {
    try {
      ensureLayers()
      rounds = await getRounds()
      units = currentUser() ? await getMyUnits().catch(() => []) : []
      inspectorsEl = userHasRole('admin') ? await inspectorsForm(say, failure).catch(() => null) : null
      const open = rounds.filter((r) => r.status === 'open').sort((a, b) => b.number - a.number)[0] ?? rounds[0]
      if (open) await loadRound(open.number)
      await refreshMarkers()
    } catch (error) {
      message = failure(error)
    }
    draw()
  }

  function setOn(next: boolean) {
    on = next
    toggle.setAttribute('aria-pressed', String(on))
    container.hidden = !on
    document.body.dataset.boundaryMode = on ? 'on' : 'off'
    if (map.getLayer(boundaryStatusLayers[0]!.id)) for (const layer of boundaryStatusLayers) map.setLayoutProperty(layer.id, 'visibility', on ? 'visible' : 'none')
    if (on) {
      sheet.setExpanded(true)
      void start()
    }
  }
  toggle.addEventListener('click', () => setOn(!on))
  onUserChange(async () => {
    units = currentUser() ? await getMyUnits().catch(() => []) : []
    inspectorsEl = on && userHasRole('admin') ? await inspectorsForm(say, failure).catch(() => null) : null
    if (on) draw()
  })
  const sideName = (code: string | null) => (!detail || !code ? '' : code === detail.line.left_code ? detail.line.left_name : code === detail.line.right_code ? detail.line.right_name : code)
  const mySides = () => (detail ? [detail.line.left_code, detail.line.right_code].filter((c) => units.includes(c)) : [])

  function legend(): HTMLElement {
    const counts = summary?.lines_by_status ?? {}
    return h(
      'section',
      { class: 'boundary-legend' },
      h('h3', {}, bt('legend')),
      h('ul', {}, ...Object.entries(STATUS_COLOURS).map(([status, colour]) => h('li', { 'data-status': status }, h('span', { class: 'swatch line', style: `background:${colour}` }), `${statusWord(status)} `, h('b', {}, String((counts as Record<string, number>)[status] ?? 0))))),
      h('h3', {}, bt('markersLegend')),
      h('ul', { class: 'inline' }, ...[...Object.entries(CONDITION_COLOURS), ['not_inspected', NOT_INSPECTED_COLOUR]].map(([c, colour]) => h('li', {}, h('span', { class: 'swatch dot', style: `background:${colour}` }), conditionWord(c!)))),
    )
  }

  function roundView(): HTMLElement[] {
    const select = h('select', { id: 'boundary-round', 'aria-label': bt('round') }, ...rounds.map((r) => {
      const option = h('option', { value: String(r.number) }, bt('roundOption', { n: r.number, from: r.starts_on.slice(0, 4), to: r.ends_on.slice(0, 4) }))
      option.selected = r.number === round
      return option
    }))
    select.addEventListener('change', async () => {
      await loadRound(Number(select.value))
      draw()
    })
    const s = summary
    const total = s ? Object.values(s.markers_by_finding).reduce((a, b) => a + b, 0) : 0
    return [
      h('label', { class: 'field' }, bt('round'), select),
      s?.round.data_source === 'generated' ? h('p', { class: 'note' }, bt('generated')) : null,
      legend(),
      s ? h('section', { class: 'boundary-dashboard' }, h('h3', {}, bt('dashboard')),
        h('p', {}, bt('markersInspected', { n: total - s.markers_by_finding.not_inspected, total })),
        h('p', {}, CONDITIONS.map((c) => `${conditionWord(c)} ${s.markers_by_finding[c]}`).join(' · ')),
        h('p', {}, bt('displacedCount', { n: s.displaced.length }), ' · ', bt('disputesOpen', { n: s.disputes_open.length }))) : null,
      h('h3', {}, bt('lines')),
      h('ul', { class: 'boundary-lines' }, ...(s?.lines ?? []).map((l) => h('li', {}, h('button', { type: 'button', class: 'line-row', 'data-line': l.line_id, onclick: () => void openLine(l.inspection_id) },
        h('span', { class: 'swatch line', style: `background:${STATUS_COLOURS[l.status]}` }), h('span', { class: 'line-name' }, l.name), h('span', { class: 'line-status' }, statusWord(l.status)))))),
      inspectorsEl,
    ].filter(Boolean) as HTMLElement[]
  }

  function confirmationsBlock(d: InspectionDetail): HTMLElement {
    const c = d.confirmations
    return h('section', { class: 'boundary-confirmations', 'data-agreed': String(c.agreed) },
      h('h3', {}, bt('confirmations')),
      h('p', { class: c.agreed ? 'ok' : 'warn' }, c.agreed ? bt('agreed') : bt('notAgreed', { v: c.findings_version })),
      h('ul', {}, ...c.sides.map((s) => h('li', { 'data-side': s.side_code, 'data-current': String(s.current) }, `${s.side_name}：`,
        s.confirmation ? bt('confirmedBy', { name: s.confirmation.name, v: s.confirmation.findings_version, at: s.confirmation.confirmed_at.slice(0, 16).replace('T', ' ') }) : bt('notConfirmed'),
        !s.current && s.changes_since.length ? ` · ${bt('changedSince', { n: s.changes_since.length })}` : ''))))
  }

  function lineView(d: InspectionDetail): HTMLElement[] {
    const mine = mySides()
    const closed = d.inspection.status === 'report_filed' || d.inspection.status === 'archived'
    return [
      h('button', { type: 'button', class: 'link back', onclick: () => { view = 'round'; source(BOUNDARY_STATUS_SOURCES.current).setData(EMPTY); draw() } }, `‹ ${bt('back')}`),
      h('h2', { id: 'boundary-line-name' }, d.line.name),
      h('p', {}, `${bt('status')}：`, h('b', { id: 'boundary-line-status', 'data-status': d.inspection.status }, statusWord(d.inspection.status)), ` · ${bt('roundShort', { n: d.inspection.round_number })}`),
      h('p', {}, `${bt('sides')}：${d.line.left_name} — ${d.line.right_name} · ${d.line.length_km.toFixed(1)} km`),
      h('p', {}, `${bt('agreement')}：${d.line.agreement_ref ?? bt('none')}${d.line.agreement_signed_on ? `（${d.line.agreement_signed_on}）` : ''}`),
      currentUser() ? h('p', { class: mine.length ? 'note' : 'warn' }, mine.length ? bt('youAct', { sides: mine.map(sideName).join('、') }) : bt('notOnTeam')) : h('p', { class: 'note' }, bt('signInToInspect')),
      h('div', { class: 'boundary-actions' },
        mine.length && !closed ? h('button', { type: 'button', class: 'primary big', id: 'boundary-inspect', onclick: () => { view = 'walk'; walkIndex = nearestIndex(d) ?? 0; draft = newDraft(); message = ''; draw() } }, bt('inspect')) : null,
        mine.length && !closed && d.confirmations.findings_version > 0 ? h('button', { type: 'button', class: 'big', id: 'boundary-confirm', onclick: () => { view = 'confirm'; draw() } }, bt('confirm')) : null,
        mine.length && !closed ? h('button', { type: 'button', class: 'big', id: 'boundary-new-change', onclick: () => openForm('change') }, strings().boundaryRecords.newChange) : null,
        mine.length && !closed ? h('button', { type: 'button', class: 'big', id: 'boundary-new-dispute', onclick: () => openForm('dispute') }, strings().boundaryRecords.newDispute) : null,
        h('a', { href: reportUrl(d.inspection.id, 'pdf'), id: 'boundary-report-pdf', target: '_blank', rel: 'noopener' }, bt('reportPdf')),
        h('a', { href: reportUrl(d.inspection.id, 'html'), target: '_blank', rel: 'noopener' }, bt('reportHtml'))),
      confirmationsBlock(d),
      h('h3', {}, `${bt('markers')}（${d.markers.filter((m) => m.finding).length} / ${d.markers.length}）`),
      h('ul', { class: 'boundary-markers' }, ...d.markers.map((m) => h('li', { 'data-number': m.number },
        h('span', { class: 'swatch dot', style: `background:${m.finding ? CONDITION_COLOURS[m.finding.condition] : NOT_INSPECTED_COLOUR}` }),
        `${m.number} ${m.finding ? conditionWord(m.finding.condition) : conditionWord('not_inspected')}${m.finding?.displacement_m != null ? ` · ${metres(m.finding.displacement_m)} m` : ''}`))),
      h('h3', {}, bt('history')),
      h('ul', {}, ...d.history.map((x) => h('li', {}, `${bt('roundShort', { n: x.round_number })}：${statusWord(x.status)}${x.filed_on ? `（${x.filed_on}）` : ''}`))),
      h('h3', {}, bt('team')),
      h('ul', {}, ...d.teams.map((t) => h('li', {}, `${sideName(t.side_code)}：${t.members.map((m) => m.name).join('、') || bt('none')}`))),
      ...recordsLists(d, (code) => sideName(code)),
      ...archiveSection({ detail: d, say, done: reopen, failure }, mine.length > 0, formState),
    ].filter(Boolean) as HTMLElement[]
  }

  /** Reloads the inspection after a record was saved and shows the line panel with `text`. */
  async function reopen(text: string) {
    sketch.stop()
    form = null
    detail = await getInspection(detail!.inspection.id)
    view = 'line'
    message = text
    void loadRound(round)
    draw()
  }
  function openForm(kind: 'change' | 'dispute') {
    const d = detail!
    sketch.start()
    message = ''
    const ctx = { detail: d, sketch, say, done: reopen, failure, cancel: () => { sketch.stop(); form = null; view = 'line'; message = ''; draw() } }
    form = kind === 'change' ? changeForm(ctx, formState) : disputeForm(ctx, formState)
    view = kind
    if (isPhone()) sheet.setExpanded(true)
    draw()
  }

  let phone: { at: [number, number]; accuracy: number } | null = null
  function nearestIndex(d: InspectionDetail): number | null {
    if (!phone || !d.markers.length) return null
    let best = 0
    d.markers.forEach((m, i) => {
      if (sphericalDistance(m.position, phone!.at) < sphericalDistance(d.markers[best]!.position, phone!.at)) best = i
    })
    return best
  }

  function walkView(d: InspectionDetail): HTMLElement[] {
    const marker: MarkerWithFinding = d.markers[walkIndex]!
    const nearest = nearestIndex(d)
    const displacement = draft.measured ? sphericalDistance(marker.position, draft.measured) : null
    const go = (i: number) => {
      walkIndex = (i + d.markers.length) % d.markers.length
      draft = newDraft()
      message = ''
      map.easeTo({ center: d.markers[walkIndex]!.position, zoom: Math.max(map.getZoom(), 13), duration: 0 })
      draw()
    }
    const photoInput = h('input', { type: 'file', accept: 'image/*', capture: 'environment', id: 'boundary-photo', class: 'visually-hidden' }) as HTMLInputElement
    photoInput.addEventListener('change', async () => {
      const file = photoInput.files?.[0]
      if (!file) return
      try {
        const stored = await uploadFile(file, 'photo', (share) => say(bt('photoUploading', { p: Math.round(share * 100) })))
        draft.photos.push(stored.id)
        message = ''
      } catch (error) {
        message = failure(error)
      }
      draw()
    })
    const note = h('input', { type: 'text', id: 'boundary-note', value: draft.note, placeholder: bt('note'), 'aria-label': bt('note') }) as HTMLInputElement
    note.addEventListener('input', () => (draft.note = note.value))
    const register = h('input', { type: 'checkbox', id: 'boundary-register' }) as HTMLInputElement
    register.checked = draft.register
    register.addEventListener('change', () => (draft.register = register.checked))
    return [
      h('div', { class: 'walk-head' },
        h('button', { type: 'button', class: 'link back', onclick: () => { view = 'line'; draw() } }, `‹ ${d.line.name}`),
        h('span', {}, `${walkIndex + 1} / ${d.markers.length}`)),
      h('h2', { id: 'walk-marker', 'data-number': marker.number }, marker.number),
      h('p', { class: 'note' }, `${marker.kind === 'single' ? bt('kindSingle') : marker.kind === 'double' ? bt('kindDouble') : bt('kindTriple')}${marker.side_code ? ` · ${bt('unit', { name: sideName(marker.side_code) })}` : ''}${marker.finding ? ` · ${conditionWord(marker.finding.condition)}` : ''}`),
      nearest !== null && nearest !== walkIndex && phone
        ? h('button', { type: 'button', class: 'big', id: 'walk-nearest', onclick: () => go(nearest) }, bt('nearest', { number: d.markers[nearest]!.number, distance: `${Math.round(sphericalDistance(d.markers[nearest]!.position, phone.at))} m` }))
        : null,
      h('div', { class: 'condition-grid' }, ...CONDITIONS.map((c) => h('button', {
        type: 'button', class: `condition${draft.condition === c ? ' chosen' : ''}`, 'data-condition': c, 'aria-pressed': String(draft.condition === c), style: `--c:${CONDITION_COLOURS[c]}`,
        onclick: () => { draft.condition = c; draw() },
      }, conditionWord(c)))),
      h('button', { type: 'button', class: 'big', id: 'walk-position', onclick: async () => {
        message = bt('locating')
        draw()
        try {
          phone = await phonePosition()
          draft.measured = phone.at
          draft.accuracy = Math.round(phone.accuracy * 10) / 10
          message = ''
        } catch (error) {
          message = bt('noPosition', { reason: failure(error) })
        }
        draw()
      } }, bt('usePosition')),
      draft.measured ? h('p', { id: 'walk-displacement', class: 'displacement' }, bt('displacement', { m: metres(displacement!) }), ' · ', bt('positionAccuracy', { m: draft.accuracy ?? '?' })) : null,
      draft.measured && (draft.condition === 'displaced' || draft.condition === 'rebuilt') ? h('label', { class: 'check' }, register, bt('registerMeasured')) : null,
      h('div', { class: 'walk-row' }, h('label', { class: 'big photo', for: 'boundary-photo' }, bt('photo')), photoInput, draft.photos.length ? h('span', {}, bt('photos', { n: draft.photos.length })) : null),
      note,
      h('div', { class: 'action-bar walk-actions' },
      h('button', { type: 'button', class: 'big', id: 'walk-prev', 'aria-label': bt('prevMarker'), onclick: () => go(walkIndex - 1) }, '‹'),
      h('button', { type: 'button', class: 'primary big', id: 'walk-save', disabled: !draft.condition || busy, onclick: async () => {
        busy = true
        try {
          const saved = await recordFinding(d.inspection.id, {
            marker_id: marker.marker_id,
            condition: draft.condition!,
            note: draft.note.trim() || null,
            photo_ids: draft.photos,
            measured: draft.measured ? { type: 'Point', coordinates: draft.measured } : null,
            accuracy_m: draft.accuracy,
            register_measured: draft.register,
          })
          message = bt('saved', { number: marker.number, condition: conditionWord(draft.condition!) }) + (saved.displacement_m != null ? ` · ${metres(saved.displacement_m)} m` : '')
          detail = await getInspection(d.inspection.id)
          draft = newDraft()
          walkIndex = Math.min(walkIndex + 1, d.markers.length - 1)
          void refreshMarkers()
          void loadRound(round)
        } catch (error) {
          message = failure(error)
        }
        busy = false
        draw()
      } }, bt('save')),
      h('button', { type: 'button', class: 'big', id: 'walk-next', 'aria-label': bt('nextMarker'), onclick: () => go(walkIndex + 1) }, '›')),
    ].filter(Boolean) as HTMLElement[]
  }

  function confirmView(d: InspectionDetail): HTMLElement[] {
    const side = mySides().map(sideName).join('、')
    const found = d.markers.filter((m) => m.finding)
    const counts = CONDITIONS.map((c) => [c, found.filter((m) => m.finding!.condition === c).length] as const).filter(([, n]) => n > 0)
    const displaced = found.filter((m) => m.finding!.displacement_m != null)
    const version = d.confirmations.findings_version
    return [
      h('h2', {}, d.line.name),
      h('section', { id: 'confirm-what', class: 'confirm-what' },
        h('p', {}, bt('confirmWhat', { v: version, side })),
        h('p', {}, bt('confirmCounts', { n: found.length, counts: counts.map(([c, n]) => `${conditionWord(c)} ${n}`).join('、') })),
        displaced.length ? h('p', {}, bt('confirmDisplaced', { list: displaced.map((m) => `${m.number} ${metres(m.finding!.displacement_m!)} m`).join('、') })) : null,
        h('p', {}, bt('confirmChanges', { n: d.changes.length, d: d.disputes.length }))),
      h('div', { class: 'walk-row' },
        h('button', { type: 'button', class: 'big', onclick: () => { view = 'line'; draw() } }, bt('cancel')),
        h('button', { type: 'button', class: 'primary big', id: 'confirm-now', disabled: busy, onclick: async () => {
          busy = true
          try {
            await confirmFindings(d.inspection.id, version)
            detail = await getInspection(d.inspection.id)
            await loadRound(round)
            view = 'line'
            message = ''
          } catch (error) {
            message = failure(error)
          }
          busy = false
          draw()
        } }, bt('confirmNow'))),
    ].filter(Boolean) as HTMLElement[]
  }

  function draw() {
    toggle.textContent = bt('toggle')
    const content =
      view === 'round' || !detail ? roundView() : view === 'line' ? lineView(detail) : view === 'walk' ? walkView(detail) : (view === 'change' || view === 'dispute') && form ? form : confirmView(detail)
    const said = h('p', { id: 'boundary-message', class: 'message', 'aria-live': 'polite' }, message)
    // Above a form's action bar, which stays at the bottom of the panel.
    const bar = content.at(-1)?.classList.contains('action-bar') ? content.at(-1)! : null
    sheet.body.replaceChildren(...(bar ? [...content.slice(0, -1), said, bar] : [...content, said]))
    container.dataset.view = view
  }
  onLangChange(() => {
    toggle.textContent = bt('toggle')
    if (on) draw()
  })
}
