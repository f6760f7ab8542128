import type { GeoJSONSource, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl'
import type { Feature } from 'geojson'
import {
  addArchiveFile,
  getInspectors,
  getLines,
  recordChange,
  recordDispute,
  setInspectorUnits,
  type ArchiveKind,
  type ChangeKind,
  type DisputeStatus,
  type InspectionDetail,
  type Sketch,
} from '../api/boundaries'
import { uploadFile } from '../api/files'
import { strings } from '../i18n'
import { h } from './dom'

const CHANGE_KINDS: ChangeKind[] = ['road', 'construction', 'river_shift', 'other']
const DISPUTE_STATUSES: DisputeStatus[] = ['open', 'negotiating', 'resolved']
const ARCHIVE_KINDS: ArchiveKind[] = ['agreement', 'record_form', 'report', 'photo', 'other']
const SKETCH_SOURCE = 'boundary-sketch'

/** A records string with `{name}` filled in. */
type RecordsText = { [K in keyof ReturnType<typeof strings>['boundaryRecords']]: ReturnType<typeof strings>['boundaryRecords'][K] extends string ? K : never }[keyof ReturnType<typeof strings>['boundaryRecords']]
export function rt(key: RecordsText, values: Record<string, string | number> = {}): string {
  return (strings().boundaryRecords[key] as string).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''))
}
const word = (group: 'changeKinds' | 'disputeStatuses' | 'archiveKinds', key: string) => strings().boundaryRecords[group][key] ?? key

/** A size in bytes for people: 12 KB, 3.4 MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** The short name of a stored type: PDF, JPEG, PNG… */
export function typeName(contentType: string): string {
  return (contentType.split('/')[1] ?? contentType).replace(/^x-/, '').toUpperCase()
}

/**
 * Sketching on the map: each tap adds a point; one point is a Point, more are a
 * LineString through them. Drawn in its own source above the boundary layers. Call it
 * before the popups are attached, so that its click handler runs first.
 */
export function createSketch(map: MapLibreMap, onChange: () => void) {
  let points: [number, number][] = []
  let active = false
  const data = (): Feature[] => [
    ...(points.length > 1 ? [{ type: 'Feature' as const, properties: {}, geometry: { type: 'LineString' as const, coordinates: points } }] : []),
    ...points.map((p) => ({ type: 'Feature' as const, properties: {}, geometry: { type: 'Point' as const, coordinates: p } })),
  ]
  const show = () => (map.getSource(SKETCH_SOURCE) as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features: data() })
  // Registered at once, before the popups' handler: a tap that sketches opens no popup.
  map.on('click', (e: MapMouseEvent) => {
    if (!active) return
    e.preventDefault()
    points.push([Math.round(e.lngLat.lng * 1e7) / 1e7, Math.round(e.lngLat.lat * 1e7) / 1e7])
    show()
    onChange()
  })
  return {
    start() {
      if (!map.getSource(SKETCH_SOURCE)) {
        map.addSource(SKETCH_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
        map.addLayer({ id: 'boundary-sketch-line', type: 'line', source: SKETCH_SOURCE, filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': '#e65100', 'line-width': 4, 'line-dasharray': [2, 1] } })
        map.addLayer({ id: 'boundary-sketch-points', type: 'circle', source: SKETCH_SOURCE, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 6, 'circle-color': '#e65100', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } })
      }
      active = true
      points = []
      show()
      map.getCanvas().style.cursor = 'crosshair'
    },
    stop() {
      active = false
      points = []
      show()
      map.getCanvas().style.cursor = ''
    },
    undo() {
      points.pop()
      show()
      onChange()
    },
    get count() {
      return points.length
    },
    geometry(): Sketch | null {
      if (!points.length) return null
      return points.length === 1 ? { type: 'Point', coordinates: points[0]! } : { type: 'LineString', coordinates: [...points] }
    },
  }
}
export type MapSketch = ReturnType<typeof createSketch>

/** What the record forms need from the boundary panel. */
export type RecordsContext = {
  detail: InspectionDetail
  sketch: MapSketch
  /** Shows a message (progress, an error, what was saved) and redraws. */
  say: (message: string) => void
  /** Reloads the inspection and returns to the line panel. */
  done: (message: string) => Promise<void>
  cancel: () => void
  failure: (error: unknown) => string
}

/** Uploads the chosen files one after another, reporting the progress of each; resolves to their ids. */
async function uploadAll(input: HTMLInputElement, purpose: 'photo' | 'document', say: (m: string) => void): Promise<number[]> {
  const ids: number[] = []
  const files = [...(input.files ?? [])]
  for (const [i, file] of files.entries()) {
    const stored = await uploadFile(file, purpose, (share) => say(rt('uploading', { name: file.name, i: i + 1, n: files.length, p: Math.round(share * 100) })))
    ids.push(stored.id)
  }
  return ids
}

function sketchBlock(ctx: RecordsContext, optional: boolean): HTMLElement {
  return h('div', { class: 'sketch-block' },
    h('p', { class: 'note', id: 'sketch-help' }, optional ? rt('sketchOptional') : rt('sketchHelp')),
    h('div', { class: 'walk-row' },
      h('span', { id: 'sketch-count', 'data-count': String(ctx.sketch.count) }, rt('sketchCount', { n: ctx.sketch.count })),
      h('button', { type: 'button', class: 'link', id: 'sketch-undo', disabled: ctx.sketch.count === 0, onclick: () => ctx.sketch.undo() }, rt('undo'))))
}

function select<T extends string>(id: string, label: string, options: readonly T[], name: (o: T) => string): HTMLSelectElement {
  return h('select', { id, 'aria-label': label }, ...options.map((o) => h('option', { value: o }, name(o))))
}

/** The form for a change along the line: its kind, a note, the sketched place, photos. */
export function changeForm(ctx: RecordsContext, state: { busy: boolean }): HTMLElement[] {
  const kind = select('change-kind', rt('changeKind'), CHANGE_KINDS, (k) => word('changeKinds', k))
  const note = h('textarea', { id: 'change-note', rows: 3, placeholder: rt('changeNote'), 'aria-label': rt('changeNote') })
  const photos = h('input', { type: 'file', accept: 'image/*', multiple: true, id: 'change-photos', 'aria-label': rt('photos') }) as HTMLInputElement
  const save = async () => {
    const geometry = ctx.sketch.geometry()
    if (!geometry) return ctx.say(rt('sketchNeeded'))
    if (!note.value.trim()) return ctx.say(rt('noteNeeded'))
    state.busy = true
    try {
      const photo_ids = await uploadAll(photos, 'photo', ctx.say)
      await recordChange(ctx.detail.inspection.id, { kind: kind.value as ChangeKind, note: note.value.trim(), geometry, photo_ids })
      await ctx.done(rt('changeSaved'))
    } catch (error) {
      ctx.say(ctx.failure(error))
    } finally {
      state.busy = false
    }
  }
  return [
    h('h2', {}, rt('newChange')),
    h('label', { class: 'field' }, rt('changeKind'), kind),
    h('label', { class: 'field' }, rt('changeNote'), note),
    sketchBlock(ctx, false),
    h('label', { class: 'field' }, rt('photos'), photos),
    actionBar(ctx, 'change-save', rt('saveChange'), save, state.busy),
  ]
}

/** The form for a dispute: what, where (sketched, optional), since when, its status, documents. */
export function disputeForm(ctx: RecordsContext, state: { busy: boolean }): HTMLElement[] {
  const subject = h('textarea', { id: 'dispute-subject', rows: 3, placeholder: rt('disputeSubject'), 'aria-label': rt('disputeSubject') })
  const since = h('input', { type: 'date', id: 'dispute-since', min: '1949-10-01', max: new Date().toISOString().slice(0, 10), 'aria-label': rt('disputeSince') }) as HTMLInputElement
  const status = select('dispute-status', rt('disputeStatus'), DISPUTE_STATUSES, (s) => word('disputeStatuses', s))
  const documents = h('input', { type: 'file', accept: 'application/pdf,image/*', multiple: true, id: 'dispute-files', 'aria-label': rt('documents') }) as HTMLInputElement
  const save = async () => {
    if (!subject.value.trim()) return ctx.say(rt('subjectNeeded'))
    state.busy = true
    try {
      const file_ids = await uploadAll(documents, 'document', ctx.say)
      await recordDispute(ctx.detail.inspection.id, { subject: subject.value.trim(), geometry: ctx.sketch.geometry(), since: since.value || null, status: status.value as DisputeStatus, file_ids })
      await ctx.done(rt('disputeSaved'))
    } catch (error) {
      ctx.say(ctx.failure(error))
    } finally {
      state.busy = false
    }
  }
  return [
    h('h2', {}, rt('newDispute')),
    h('label', { class: 'field' }, rt('disputeSubject'), subject),
    sketchBlock(ctx, true),
    h('label', { class: 'field' }, rt('disputeSince'), since),
    h('label', { class: 'field' }, rt('disputeStatus'), status),
    h('label', { class: 'field' }, rt('documents'), documents),
    actionBar(ctx, 'dispute-save', rt('saveDispute'), save, state.busy),
  ]
}

/** Cancel and save, in the bar that stays at the bottom of the panel (reachable with a thumb). */
function actionBar(ctx: RecordsContext, id: string, label: string, save: () => Promise<void>, busy: boolean): HTMLElement {
  const button = h('button', { type: 'button', class: 'primary big', id, disabled: busy }, label)
  button.addEventListener('click', async () => {
    button.disabled = true
    await save()
    button.disabled = false
  })
  return h('div', { class: 'action-bar' }, h('button', { type: 'button', class: 'big', onclick: () => ctx.cancel() }, strings().boundaryMode.cancel), button)
}

/** The changes and disputes recorded in the inspection, for the line panel. */
export function recordsLists(d: InspectionDetail, sideName: (code: string) => string): HTMLElement[] {
  return [
    h('h3', {}, `${rt('changes')}（${d.changes.length}）`),
    h('ul', { id: 'boundary-changes' }, ...(d.changes.length ? d.changes.map((c) => h('li', { 'data-kind': c.kind }, `${word('changeKinds', c.kind)}：${c.note} · ${sideName(c.side_code)} · ${c.recorded_at.slice(0, 10)}`)) : [h('li', {}, strings().boundaryMode.none)])),
    h('h3', {}, `${rt('disputes')}（${d.disputes.length}）`),
    h('ul', { id: 'boundary-disputes' }, ...(d.disputes.length ? d.disputes.map((x) => h('li', { 'data-status': x.status }, `${x.subject} · ${word('disputeStatuses', x.status)}${x.since ? ` · ${rt('since', { date: x.since })}` : ''} · ${sideName(x.side_code)}`)) : [h('li', {}, strings().boundaryMode.none)])),
  ]
}

/** The line's archive with each file's kind, type and size, and (for a member of a side) the upload form with progress. */
export function archiveSection(ctx: Omit<RecordsContext, 'sketch' | 'cancel'>, canAdd: boolean, state: { busy: boolean }): HTMLElement[] {
  const d = ctx.detail
  const list = h('ul', { id: 'boundary-archive' }, ...(d.archive.length
    ? d.archive.map((a) => h('li', { 'data-kind': a.kind },
        a.file ? h('a', { href: a.file.url, target: '_blank', rel: 'noopener' }, a.title) : a.title,
        ` · ${word('archiveKinds', a.kind)}`,
        a.file ? h('span', { class: 'file-meta' }, ` · ${typeName(a.file.contentType)} · ${fileSize(a.file.size)}`) : null))
    : [h('li', {}, strings().boundaryMode.none)]))
  if (!canAdd) return [h('h3', {}, strings().boundaryMode.archive), list]
  const kind = select('archive-kind', rt('archiveKind'), ARCHIVE_KINDS, (k) => word('archiveKinds', k))
  const title = h('input', { type: 'text', id: 'archive-title', placeholder: rt('archiveTitle'), 'aria-label': rt('archiveTitle') }) as HTMLInputElement
  const file = h('input', { type: 'file', id: 'archive-file', accept: 'application/pdf,image/*', 'aria-label': rt('archiveFile') }) as HTMLInputElement
  const ref = h('input', { type: 'text', id: 'archive-ref', placeholder: rt('agreementRef'), 'aria-label': rt('agreementRef') }) as HTMLInputElement
  const signed = h('input', { type: 'date', id: 'archive-signed', 'aria-label': rt('signedOn') }) as HTMLInputElement
  const agreementFields = h('div', { class: 'agreement-fields', hidden: true }, h('label', { class: 'field' }, rt('agreementRef'), ref), h('label', { class: 'field' }, rt('signedOn'), signed))
  kind.addEventListener('change', () => (agreementFields.hidden = kind.value !== 'agreement'))
  file.addEventListener('change', () => {
    if (!title.value && file.files?.[0]) title.value = file.files[0].name.replace(/\.[^.]+$/, '')
  })
  const upload = async () => {
    const chosen = file.files?.[0]
    if (!chosen) return ctx.say(rt('fileNeeded'))
    if (!title.value.trim()) return ctx.say(rt('titleNeeded'))
    state.busy = true
    try {
      const stored = await uploadFile(chosen, kind.value === 'photo' ? 'photo' : 'document', (share) => ctx.say(rt('uploading', { name: chosen.name, i: 1, n: 1, p: Math.round(share * 100) })))
      await addArchiveFile(d.line.id, {
        file_id: stored.id,
        kind: kind.value as ArchiveKind,
        title: title.value.trim(),
        round_number: d.inspection.round_number,
        ...(kind.value === 'agreement' ? { agreement_ref: ref.value.trim() || null, signed_on: signed.value || null } : {}),
      })
      await ctx.done(rt('archived', { title: title.value.trim(), size: fileSize(stored.size) }))
    } catch (error) {
      ctx.say(ctx.failure(error))
    } finally {
      state.busy = false
    }
  }
  return [
    h('h3', {}, strings().boundaryMode.archive),
    list,
    h('details', { class: 'archive-add', id: 'archive-add' },
      h('summary', {}, rt('addToArchive')),
      h('label', { class: 'field' }, rt('archiveKind'), kind),
      h('label', { class: 'field' }, rt('archiveFile'), file),
      h('label', { class: 'field' }, rt('archiveTitle'), title),
      agreementFields,
      h('p', { class: 'note' }, rt('archiveTypes')),
      h('button', { type: 'button', class: 'primary big', id: 'archive-upload', disabled: state.busy, onclick: () => void upload() }, rt('upload'))),
  ]
}

/**
 * The administrator's form: which units (sides of lines) each boundary inspector works
 * for. Loads the inspectors and the sides of every line; saving sets one inspector's units.
 */
export async function inspectorsForm(say: (message: string) => void, failure: (error: unknown) => string): Promise<HTMLElement> {
  const [inspectors, lines] = await Promise.all([getInspectors(), getLines()])
  const units = new Map<string, string>()
  for (const f of lines.features) {
    const p = f.properties as Record<string, string>
    units.set(p.left_code!, p.left_name!)
    units.set(p.right_code!, p.right_name!)
  }
  const codes = [...units.keys()].sort((a, b) => a.length - b.length || a.localeCompare(b))
  const section = h('details', { class: 'inspectors-form', id: 'inspectors-form' }, h('summary', {}, rt('inspectors')))
  if (!inspectors.length) {
    section.append(h('p', { class: 'note' }, rt('noInspectors')))
    return section
  }
  const who = h('select', { id: 'inspector-user', 'aria-label': rt('inspector') }, ...inspectors.map((i) => h('option', { value: String(i.user_id) }, `${i.name}（${i.username}）`)))
  const boxes = h('div', { class: 'unit-boxes', id: 'inspector-units' })
  const fill = () => {
    const chosen = inspectors.find((i) => String(i.user_id) === who.value)!
    boxes.replaceChildren(...codes.map((code) => {
      const box = h('input', { type: 'checkbox', value: code, 'data-unit': code }) as HTMLInputElement
      box.checked = chosen.unit_codes.includes(code)
      return h('label', { class: 'check' }, box, units.get(code)!)
    }))
  }
  who.addEventListener('change', fill)
  fill()
  const save = h('button', { type: 'button', class: 'primary big', id: 'inspector-save', onclick: async () => {
    const chosen = inspectors.find((i) => String(i.user_id) === who.value)!
    const picked = [...boxes.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => b.value)
    try {
      const saved = await setInspectorUnits(chosen.user_id, picked)
      chosen.unit_codes = saved.unit_codes
      say(rt('unitsSaved', { name: chosen.name, units: saved.unit_codes.map((c) => units.get(c) ?? c).join('、') || strings().boundaryMode.none }))
    } catch (error) {
      say(failure(error))
    }
  } }, rt('saveUnits'))
  section.append(h('label', { class: 'field' }, rt('inspector'), who), h('p', { class: 'note' }, rt('unitsHelp')), boxes, save)
  return section
}
