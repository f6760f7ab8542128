import type { GeoJSONSource, Map as MapLibreMap, MapLayerMouseEvent, MapMouseEvent } from 'maplibre-gl'
import type { Feature, MultiPolygon, Point, Polygon, Position } from 'geojson'
import { ApiError, getFeatures, request } from '../api/client'
import { errorMessage, fieldLabel } from '../i18n/errors'
import { currentUser, onUserChange, userHasRole, userMayEditIn } from '../api/session'
import { onLangChange, strings, t } from '../i18n'
import { EDITOR_SOURCE } from '../layers/editor.layers'
import { areaMu } from '../map/area-mu'
import { listValue, REGISTERS, type Field, type Register } from '../registers/registers'
import { countyAt, countyName, putRecord, removeRecord, select, setRecords } from '../registers/store'
import { h } from './dom'

/** The geometries the registers hold. */
type Geometry = Point | Polygon | MultiPolygon

/** What the editor is doing: nothing, waiting for a click, drawing an area, or changing a record's shape. */
type Mode =
  | { kind: 'idle' }
  | { kind: 'place'; register: Register }
  | { kind: 'draw'; register: Register; vertices: Position[] }
  | { kind: 'reshape'; register: Register; id: string | number; etag: string; geometry: Geometry }

const itemUrl = (register: Register, id?: string | number) =>
  `/ogc/collections/${register.collection}/items${id === undefined ? '' : `/${encodeURIComponent(String(id))}`}`

let map: MapLibreMap
let bar: HTMLElement
let mode: Mode = { kind: 'idle' }
let message: { text: string; error: boolean; reload?: Register } | null = null

/** A user-facing sentence for a failed write, in the app's language. */
function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Reloads a register's records from the server (after a 412) and selects the given one. */
async function reload(register: Register, selectId?: string | number): Promise<void> {
  setRecords(register.collection, await getFeatures(register.collection))
  select(selectId === undefined ? null : { collection: register.collection, id: selectId })
}

/** Shows a record as a write returned it (with its computed properties), selected: no reload of the register. */
function showSaved(register: Register, record: Feature): void {
  setMode({ kind: 'idle' }, { text: t('saved'), error: false })
  putRecord(register.collection, record)
  select({ collection: register.collection, id: record.id! })
}

function setMode(next: Mode, note: typeof message = null): void {
  mode = next
  message = note
  // Adding starts afresh: the selected record's popup would cover the map under the clicks.
  if (next.kind === 'place' || next.kind === 'draw') select(null)
  map.doubleClickZoom[next.kind === 'draw' ? 'disable' : 'enable']()
  // A class, not the canvas's cursor, which the layers' hover handlers set and reset.
  map.getContainer().classList.toggle('editor-placing', next.kind === 'place' || next.kind === 'draw')
  drawShape()
  renderBar()
}

/** The working shape: the polygon being drawn or the geometry being changed, with a handle per vertex. */
function drawShape(): void {
  const features: Feature[] = []
  if (mode.kind === 'draw' && mode.vertices.length) {
    const v = mode.vertices
    features.push(
      v.length >= 3
        ? { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[...v, v[0]!]] } }
        : { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: v.length === 1 ? [v[0]!, v[0]!] : v } },
    )
    features.push(...v.map((c): Feature => ({ type: 'Feature', properties: { role: 'handle' }, geometry: { type: 'Point', coordinates: c } })))
  }
  if (mode.kind === 'reshape') {
    const geometry = mode.geometry
    if (geometry.type !== 'Point') features.push({ type: 'Feature', properties: {}, geometry })
    features.push(
      ...vertexPaths(geometry).map(
        (path): Feature => ({ type: 'Feature', properties: { role: 'handle', path: JSON.stringify(path) }, geometry: { type: 'Point', coordinates: at(geometry, path) } }),
      ),
    )
  }
  ;(map.getSource(EDITOR_SOURCE) as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features })
}

/** Paths to every vertex that can be dragged (a ring's closing vertex follows its first). */
function vertexPaths(geometry: Geometry): number[][] {
  const rings = (prefix: number[], polygon: Position[][]) => polygon.flatMap((ring, r) => ring.slice(0, -1).map((_, i) => [...prefix, r, i]))
  if (geometry.type === 'Point') return [[]]
  if (geometry.type === 'Polygon') return rings([], geometry.coordinates)
  return geometry.coordinates.flatMap((polygon, p) => rings([p], polygon))
}

function at(geometry: Geometry, path: number[]): Position {
  let node: unknown = geometry.coordinates
  for (const i of path) node = (node as unknown[])[i]
  return node as Position
}

/** The geometry with one vertex moved (and a ring kept closed). */
function moveVertex(geometry: Geometry, path: number[], to: Position): Geometry {
  const copy = structuredClone(geometry) as Geometry
  if (copy.type === 'Point') return { ...copy, coordinates: to }
  const ringPath = path.slice(0, -1)
  const ring = at(copy, ringPath) as unknown as Position[]
  const i = path.at(-1)!
  ring[i] = to
  if (i === 0) ring[ring.length - 1] = to
  return copy
}

const areaText = (geometry: Geometry) => t('areaMu', { mu: areaMu(geometry).toFixed(1) })

/** The counties the user may edit in, by name ('' for a user who may edit anywhere). */
function scopeNames(): string {
  return (currentUser()?.countyCodes ?? []).map(countyName).join(t('listSeparator'))
}

/** Where a lon/lat lies, in words: its county-level unit, a neighbour's unit, or outside the city. */
function placeName(point: Position): string {
  const { code, name } = countyAt(point)
  if (code) return name
  return name ? t('neighbourPlace', { name }) : t('outsideCity')
}

/** The first of the points that lies outside the user's counties, if any. */
function outsideScope(points: Position[]): Position | undefined {
  return points.find((point) => !userMayEditIn(countyAt(point).code))
}

/** Whether the editor is in the middle of something that a new edit would throw away. */
const busy = () => mode.kind !== 'idle'

/** The toolbar: what to add, and while a shape is being made, what to do with it. */
function renderBar(): void {
  const s = strings()
  if (!userHasRole('facility_editor')) {
    bar.hidden = true
    if (mode.kind !== 'idle') setMode({ kind: 'idle' })
    return
  }
  bar.hidden = false
  const cancel = h('button', { type: 'button', onclick: () => setMode({ kind: 'idle' }) }, t('cancel'))
  let body: (Node | string)[]
  switch (mode.kind) {
    case 'idle':
      body = [
        h('span', { class: 'editor-label' }, scopeNames() ? t('addRecordIn', { counties: scopeNames() }) : t('addRecord')),
        ...REGISTERS.map((r) =>
          h('button', { type: 'button', 'data-add': r.collection, onclick: () => setMode(r.geometry === 'Point' ? { kind: 'place', register: r } : { kind: 'draw', register: r, vertices: [] }) }, r.title(s)),
        ),
      ]
      break
    case 'place':
      body = [h('span', {}, t('clickToPlace', { register: mode.register.title(s) })), cancel]
      break
    case 'draw': {
      const { vertices, register } = mode
      const polygon: Polygon | null = vertices.length >= 3 ? { type: 'Polygon', coordinates: [[...vertices, vertices[0]!]] } : null
      body = [
        h('span', {}, t('clickToDraw')),
        h('strong', { class: 'editor-area' }, polygon ? areaText(polygon) : ''),
        h('button', { type: 'button', disabled: !vertices.length, onclick: () => setMode({ ...mode, vertices: vertices.slice(0, -1) } as Mode) }, t('undoPoint')),
        h('button', { type: 'button', class: 'primary', 'data-finish': '', disabled: !polygon, onclick: () => polygon && openForm(register, { geometry: polygon }) }, t('finish')),
        cancel,
      ]
      break
    }
    case 'reshape': {
      const { geometry } = mode
      body = [
        h('span', {}, geometry.type === 'Point' ? t('dragToMove') : t('dragVertices')),
        h('strong', { class: 'editor-area' }, geometry.type === 'Point' ? '' : areaText(geometry)),
        h('button', { type: 'button', class: 'primary', 'data-save-shape': '', onclick: () => void saveShape() }, t('save')),
        cancel,
      ]
      break
    }
  }
  const note = message
    ? h(
        'p',
        { class: message.error ? 'form-error' : 'form-note', role: 'status' },
        message.text,
        message.reload ? h('button', { type: 'button', onclick: () => message?.reload && void reload(message.reload).then(() => setMode({ kind: 'idle' })) }, t('reload')) : '',
      )
    : ''
  bar.replaceChildren(h('div', { class: 'editor-row' }, ...body), note)
}

async function saveShape(): Promise<void> {
  if (mode.kind !== 'reshape') return
  const { register, id, etag, geometry } = mode
  const outside = outsideScope(vertexPaths(geometry).map((path) => at(geometry, path)))
  if (outside) {
    message = { text: t('movedOutsideScope', { place: placeName(outside), counties: scopeNames() }), error: true }
    renderBar()
    return
  }
  try {
    const { body } = await request<Feature>('PATCH', itemUrl(register, id), { body: { geometry }, headers: { 'if-match': etag, 'content-type': 'application/merge-patch+json' } })
    showSaved(register, body)
  } catch (error) {
    const stale = error instanceof ApiError && error.problem.status === 412
    message = { text: describe(error), error: true, reload: stale ? register : undefined }
    renderBar()
  }
}

/** A form input for one field, holding the record's current value. */
function input(field: Field, value: unknown): HTMLElement {
  const s = strings()
  const name = field.key
  switch (field.type) {
    case 'boolean':
      return h('input', { type: 'checkbox', name, checked: !!value })
    case 'choice':
      return h(
        'select',
        { name },
        ...(field.nullable ? [h('option', { value: '' }, '—')] : []),
        ...field.options!.map((o) => h('option', { value: o, selected: o === value }, field.optionLabel?.(s, o) ?? o)),
      )
    case 'choices': {
      const chosen = new Set(listValue(value))
      return h(
        'span',
        { class: 'checks' },
        ...field.options!.map((o) => h('label', { class: 'inline' }, h('input', { type: 'checkbox', name, value: o, checked: chosen.has(o) }), field.optionLabel?.(s, o) ?? o)),
      )
    }
    case 'integer':
    case 'number':
      return h('input', { type: 'number', name, step: field.type === 'integer' ? '1' : 'any', value: value === null || value === undefined ? '' : String(value), required: !field.nullable })
    case 'date':
      return h('input', { type: 'date', name, value: value ? String(value) : '' })
    default:
      return h('input', { type: 'text', name, value: String(value ?? ''), required: !field.nullable, maxlength: 100 })
  }
}

/** The form's values as the register's writable properties. */
function readForm(form: HTMLFormElement, register: Register): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const field of register.fields.filter((f) => !f.readOnly)) {
    const element = form.elements.namedItem(field.key)
    if (field.type === 'choices') {
      values[field.key] = [...form.querySelectorAll<HTMLInputElement>(`input[name="${field.key}"]:checked`)].map((e) => e.value)
      continue
    }
    if (field.type === 'boolean') {
      values[field.key] = (element as HTMLInputElement).checked
      continue
    }
    const raw = (element as HTMLInputElement | HTMLSelectElement).value.trim()
    if (raw === '' && (field.nullable || field.type !== 'text')) values[field.key] = null
    else values[field.key] = field.type === 'integer' || field.type === 'number' ? Number(raw) : raw
  }
  return values
}

/** Values of a new record before the editor fills the form. */
function defaults(register: Register): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const f of register.fields) {
    if (f.readOnly) continue
    values[f.key] = f.nullable ? null : f.type === 'choice' ? f.options![0] : f.type === 'integer' || f.type === 'number' ? 0 : f.type === 'boolean' ? false : f.type === 'choices' ? [] : ''
  }
  values.status = 'operating'
  values.data_source = 'register'
  return values
}

/**
 * The attribute form, for a new record (with the geometry just placed or drawn) or for an
 * existing one (with the ETag it was read at). The server's field errors are shown
 * beside their fields; a 412 says that someone else changed the record.
 */
function openForm(register: Register, target: { geometry: Geometry } | { id: string | number; etag: string; properties: Record<string, unknown> }): void {
  const s = strings()
  const creating = 'geometry' in target
  const values = creating ? defaults(register) : target.properties
  const errors = new Map<string, HTMLElement>()
  const rows = register.fields
    .filter((f) => !f.readOnly)
    .map((f) => {
      const error = h('span', { class: 'field-error', 'data-error-for': f.key })
      errors.set(f.key, error)
      return h('label', { class: f.type === 'boolean' ? 'inline' : '' }, h('span', {}, f.label(s)), input(f, values[f.key]), error)
    })
  const general = h('p', { class: 'form-error', role: 'alert' })
  const dialog = h('dialog', { class: 'dialog editor-form', 'data-collection': register.collection })
  const close = () => {
    dialog.close()
    dialog.remove()
  }
  const form = h(
    'form',
    {
      method: 'dialog',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        for (const e of errors.values()) e.textContent = ''
        general.replaceChildren()
        const properties = readForm(form, register)
        try {
          const { body } = creating
            ? await request<Feature>('POST', itemUrl(register), { body: { type: 'Feature', geometry: target.geometry, properties } })
            : await request<Feature>('PATCH', itemUrl(register, target.id), { body: { properties }, headers: { 'if-match': target.etag, 'content-type': 'application/merge-patch+json' } })
          close()
          showSaved(register, body)
        } catch (error) {
          if (error instanceof ApiError && error.problem.status === 412) {
            general.append(t('staleEdit'), ' ', h('button', { type: 'button', onclick: () => void reload(register, target && !creating ? target.id : undefined).then(close) }, t('reload')))
            return
          }
          const fieldErrors = error instanceof ApiError ? (error.problem.errors ?? []) : []
          const unplaced: string[] = []
          for (const e of fieldErrors) {
            const slot = errors.get(e.field.replace(/^properties\./, ''))
            if (slot) slot.textContent = errorMessage(e)
            else unplaced.push(`${fieldLabel(e.field)}${strings().colon}${errorMessage(e)}`)
          }
          if (unplaced.length || !fieldErrors.length) general.textContent = unplaced.length ? unplaced.join(strings().semicolon) : describe(error)
        }
      },
    },
    h('h3', {}, creating ? t('newRecord', { register: register.title(s) }) : t('editRecord', { name: String(values.name ?? '') })),
    general,
    h('div', { class: 'form-grid' }, ...rows),
    h('div', { class: 'buttons' }, h('button', { type: 'button', onclick: close }, t('cancel')), h('button', { type: 'submit', class: 'primary' }, t('save'))),
  )
  dialog.append(form)
  dialog.addEventListener('cancel', () => dialog.remove())
  document.body.append(dialog)
  dialog.showModal()
}

/** Reads a record fresh from the server, with the ETag that a write must send back. */
async function readRecord(register: Register, id: string | number): Promise<{ feature: Feature; etag: string }> {
  const { body, etag } = await request<Feature>('GET', itemUrl(register, id))
  return { feature: body, etag: etag ?? '' }
}

/** The editor's buttons under a record's popup: edit its attributes, move it or change its shape, delete it. */
export function editorActions(register: Register, record: Feature): Node | '' {
  if (!userHasRole('facility_editor') || record.id === undefined) return ''
  const county = record.properties?.county_code as string | null | undefined
  if (!userMayEditIn(county)) {
    return h('p', { class: 'popup-note', 'data-scope-note': '' }, t('recordOutsideScope', { place: county ? countyName(county) : t('outsideCity'), counties: scopeNames() }))
  }
  const id = record.id
  const status = h('p', { class: 'form-error', role: 'status' })
  const guard = (work: () => Promise<void>) => () => {
    if (busy()) {
      status.textContent = t('finishEditFirst')
      return
    }
    void work().catch((error) => {
      status.textContent = describe(error)
    })
  }
  return h(
    'div',
    { class: 'popup-actions' },
    h(
      'button',
      {
        type: 'button',
        'data-action': 'edit',
        onclick: guard(async () => {
          const { feature, etag } = await readRecord(register, id)
          openForm(register, { id, etag, properties: feature.properties ?? {} })
        }),
      },
      t('editAttributes'),
    ),
    h(
      'button',
      {
        type: 'button',
        'data-action': 'reshape',
        onclick: guard(async () => {
          const { feature, etag } = await readRecord(register, id)
          select(null)
          setMode({ kind: 'reshape', register, id, etag, geometry: feature.geometry as Geometry })
        }),
      },
      register.geometry === 'Point' ? t('move') : t('editShape'),
    ),
    h(
      'button',
      {
        type: 'button',
        'data-action': 'delete',
        onclick: guard(async () => {
          if (!confirm(t('confirmDelete', { name: String(record.properties?.name ?? id) }))) return
          const { feature, etag } = await readRecord(register, id)
          // The items list carries no versions: what was confirmed is compared with what is stored.
          if (JSON.stringify([feature.properties, feature.geometry]) !== JSON.stringify([record.properties, record.geometry])) {
            status.replaceChildren(t('staleEdit'), ' ', h('button', { type: 'button', onclick: () => void reload(register, id) }, t('reload')))
            return
          }
          await request('DELETE', itemUrl(register, id), { headers: { 'if-match': etag } })
          setMode({ kind: 'idle' }, { text: t('deleted'), error: false })
          select(null)
          removeRecord(register.collection, id)
        }),
      },
      t('delete'),
    ),
    status,
  )
}

/**
 * Map editing for facility editors: add a record by clicking (or drawing an area), drag a
 * point or an area's vertices, and the attribute form. Register its click handler before
 * the popups': while the editor uses a click, the click is not a popup's.
 */
export function attachEditor(target: MapLibreMap, container: HTMLElement): void {
  map = target
  bar = container
  map.on('click', (event: MapMouseEvent) => {
    const clicked: Position = [event.lngLat.lng, event.lngLat.lat]
    // Refused before any form opens: the server would refuse a record outside the user's counties.
    const refuse = () => {
      if (!outsideScope([clicked])) return false
      message = { text: t('clickOutsideScope', { place: placeName(clicked), counties: scopeNames() }), error: true }
      renderBar()
      return true
    }
    if (mode.kind === 'place') {
      event.preventDefault()
      if (refuse()) return
      message = null
      renderBar()
      openForm(mode.register, { geometry: { type: 'Point', coordinates: clicked } })
    } else if (mode.kind === 'draw') {
      event.preventDefault()
      const last = mode.vertices.at(-1)
      // The two clicks of a double click land on the same pixel: one vertex.
      if (last && map.project(last as [number, number]).dist(event.point) < 4) return
      if (refuse()) return
      setMode({ ...mode, vertices: [...mode.vertices, clicked] })
    } else if (mode.kind === 'reshape') {
      event.preventDefault()
    }
  })
  map.on('dblclick', (event) => {
    if (mode.kind === 'draw' && mode.vertices.length >= 3) {
      event.preventDefault()
      openForm(mode.register, { geometry: { type: 'Polygon', coordinates: [[...mode.vertices, mode.vertices[0]!]] } })
    }
  })
  let dragging = false
  map.on('mousedown', 'editor-handles', (event: MapLayerMouseEvent) => {
    if (mode.kind !== 'reshape' || dragging) return
    dragging = true
    // Keeps the map from panning while a handle is dragged.
    event.preventDefault()
    const path = JSON.parse(String(event.features?.[0]?.properties?.path ?? '[]')) as number[]
    map.getCanvas().style.cursor = 'grabbing'
    const move = (e: MapMouseEvent) => {
      if (mode.kind !== 'reshape') return
      mode = { ...mode, geometry: moveVertex(mode.geometry, path, [e.lngLat.lng, e.lngLat.lat]) }
      drawShape()
    }
    map.on('mousemove', move)
    // On the document: the button may be let go over a panel, off the map.
    document.addEventListener(
      'mouseup',
      () => {
        dragging = false
        map.off('mousemove', move)
        map.getCanvas().style.cursor = ''
        renderBar()
      },
      { once: true },
    )
  })
  map.on('mouseenter', 'editor-handles', () => (map.getCanvas().style.cursor = 'grab'))
  map.on('mouseleave', 'editor-handles', () => (map.getCanvas().style.cursor = ''))
  onLangChange(renderBar)
  onUserChange(renderBar)
}
