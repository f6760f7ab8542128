import type { GeoJSONSource, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl'
import type { Feature, FeatureCollection } from 'geojson'
import { getFeatures, request } from '../api/client'
import { getCase, getHistory, listCases, openCase, type CaseList, type NamingCase } from '../api/place-names'
import { currentUser, onUserChange, userHasRole, userMayEditIn } from '../api/session'
import { onLangChange } from '../i18n'
import { pnStrings, pt } from '../i18n/place-names'
import { PLACE_NAMES_CLICKABLE, PLACE_NAMES_SELECTED, PLACE_NAMES_SOURCE, placeNamesLayers, placeNamesSource } from '../layers/place-names.layers'
import { countyName, townshipName } from '../registers/store'
import { h } from './dom'
import { caseName, chinaToday, deadlineText, fieldInput, filePicker, formValues, renderCase, showProblem, statusChips } from './place-name-cases'
import { describeEntry, valueText } from './place-name-history'
import { createSheet } from './sheet'
import './place-names.css'
import { addModeToggle } from './modes'
import { watchNameClashes } from './name-clashes'
import { createDraft } from './place-name-draft'
import { importForm } from './place-names-import'

type View = { kind: 'record'; id: number | null } | { kind: 'new' } | { kind: 'import' } | { kind: 'cases' } | { kind: 'case'; id: number; back: 'record' | 'cases' } | { kind: 'apply'; id: number; caseKind: string } | { kind: 'edit'; id: number }
type CaseFilter = 'all' | 'open' | 'overdue'

/** The register fields a record's page shows, in the census form's order. */
const RECORD_FIELDS = ['code', 'category', 'sub_kind', 'status', 'county_code', 'township_code', 'meaning', 'origin', 'history', 'description', 'aliases', 'former_names', 'protection_list', 'source', 'data_source']
/** The fields a record's edit form offers. */
const EDIT_FIELDS = ['name', 'roman_spelling', 'meaning', 'origin', 'history', 'description']
/** The fields of a new (proposed) name's form, besides its category and its shape on the map. */
const NEW_FIELDS = ['name', 'sub_kind', 'roman_spelling', 'meaning', 'origin']
const LONG_TEXT = ['meaning', 'origin', 'history', 'description']

/**
 * The place-names mode for place-name staff: the register on the map (click a name for
 * its page: its fields, its cases and its history as a timeline from the audit log, an
 * edit form), the naming and renaming cases with the overdue ones counted on the mode's
 * button and filtered on request, each case's page with the form of its next step. The
 * mode's button and panel are made here; attach it before the popups, so that a click on
 * a name opens its page and no popup.
 */
export function attachPlaceNames(map: MapLibreMap): void {
  const toggle = h('button', { id: 'place-names-toggle', type: 'button', 'aria-pressed': 'false' })
  const toggleLabel = h('span', {})
  const badge = h('span', { class: 'pn-badge', id: 'place-names-overdue', hidden: true })
  toggle.append(toggleLabel, badge)
  addModeToggle(toggle)
  const container = h('aside', { id: 'place-names-panel' })
  document.querySelector('main.layout')!.append(container)
  const sheet = createSheet(container, { title: () => pt('panelTitle'), side: 'left' })
  container.classList.add('panel', 'place-names-panel')
  container.hidden = true

  let on = false
  let loaded: Promise<FeatureCollection> | null = null
  let names: FeatureCollection = { type: 'FeatureCollection', features: [] }
  let view: View = { kind: 'record', id: null }
  let filter: CaseFilter = 'all'
  let overdueTotal = 0
  const tabs = h('div', { class: 'gap-tabs pn-tabs', role: 'tablist' })
  const body = h('div', { class: 'pn-body' })
  sheet.body.replaceChildren(tabs, body)

  const draft = createDraft(map, () => view.kind === 'new' && showDraft())
  let showDraft = () => {}
  const featureOf = (id: number) => names.features.find((f) => f.id === id)
  const placeText = (code: unknown) => (code ? (String(code).length === 9 ? townshipName(String(code)) : countyName(String(code))) || String(code) : '—')

  function setSelected(id: number | null) {
    for (const layer of PLACE_NAMES_SELECTED) if (map.getLayer(layer)) map.setFilter(layer, id === null ? ['==', ['id'], -1] : ['all', ...(layer.endsWith('point') ? [['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]]] : []), ['==', ['id'], id]] as never)
  }

  function ensureLayers() {
    if (map.getSource(PLACE_NAMES_SOURCE)) return
    map.addSource(PLACE_NAMES_SOURCE, placeNamesSource)
    for (const layer of placeNamesLayers) map.addLayer(layer)
  }

  /** Loads the register onto the map once and shows the page; `again` loads it anew after an import, and the page stays as it is. */
  async function loadNames({ again = false } = {}) {
    if (again) loaded = null
    loaded ??= getFeatures('place_names')
    try {
      names = await loaded
      ;(map.getSource(PLACE_NAMES_SOURCE) as GeoJSONSource | undefined)?.setData(names)
      container.dataset.names = String(names.features.length)
      if (!again) render()
    } catch (error) {
      loaded = null
      // After an import its report stays: the map shows the register as it was until the next load.
      if (!again) body.replaceChildren(h('p', { class: 'pn-alert' }, error instanceof Error ? error.message : String(error)))
    }
  }

  async function refreshBadge() {
    if (!currentUser()) {
      overdueTotal = 0
    } else {
      try {
        overdueTotal = (await listCases({ overdue: true })).overdue_total
      } catch {
        overdueTotal = 0
      }
    }
    badge.hidden = overdueTotal === 0
    badge.textContent = String(overdueTotal)
    badge.title = pt('overdueBadge', { n: overdueTotal })
    badge.setAttribute('aria-label', pt('overdueBadge', { n: overdueTotal }))
    drawTabs()
  }

  function drawTabs() {
    const tab = (id: 'record' | 'cases', label: string, extra?: HTMLElement | false) => {
      const selected = (id === 'cases') === (view.kind === 'cases' || (view.kind === 'case' && view.back === 'cases'))
      const button = h('button', { type: 'button', role: 'tab', class: 'gap-tab', id: `pn-tab-${id}`, 'aria-selected': String(selected) }, label, extra ?? null)
      button.addEventListener('click', () => go(id === 'cases' ? { kind: 'cases' } : { kind: 'record', id: lastRecord }))
      return button
    }
    tabs.replaceChildren(tab('record', pt('tabRecord')), tab('cases', pt('tabCases'), overdueTotal > 0 && h('span', { class: 'pn-badge' }, String(overdueTotal))))
    if (userHasRole('placename_editor')) {
      const add = h('button', { type: 'button', id: 'pn-new', class: 'pn-new', 'aria-pressed': String(view.kind === 'new') }, pt('newName'))
      add.addEventListener('click', () => go({ kind: 'new' }))
      const load = h('button', { type: 'button', id: 'pn-import', class: 'pn-new pn-import', 'aria-pressed': String(view.kind === 'import') }, pt('importNames'))
      load.addEventListener('click', () => go({ kind: 'import' }))
      tabs.append(add, load)
    }
  }

  let lastRecord: number | null = null
  function go(next: View) {
    if (view.kind === 'new' && next.kind !== 'new') draft.clear()
    view = next
    if (next.kind === 'record' || next.kind === 'edit' || next.kind === 'apply') lastRecord = next.id
    setSelected(next.kind === 'record' || next.kind === 'edit' || next.kind === 'apply' ? next.id : null)
    render()
  }

  let renderSerial = 0
  function render() {
    drawTabs()
    const serial = ++renderSerial
    const fill = (...children: (Node | null)[]) => serial === renderSerial && body.replaceChildren(...children.filter((c): c is Node => !!c))
    if (view.kind === 'record') void renderRecord(view.id, fill)
    else if (view.kind === 'new') fill(newForm())
    else if (view.kind === 'import') fill(importForm({ onImported: () => void loadNames({ again: true }), onCancel: () => go({ kind: 'record', id: lastRecord }) }))
    else if (view.kind === 'edit') fill(editForm(view.id))
    else if (view.kind === 'apply') fill(applyForm(view.id, view.caseKind))
    else if (view.kind === 'cases') void renderCases(fill)
    else void renderCasePage(view.id, view.back, fill)
  }

  // A record's page -----------------------------------------------------------------

  async function renderRecord(id: number | null, fill: (...children: (Node | null)[]) => void) {
    if (id === null) return fill(h('p', { class: 'pn-note' }, names.features.length ? pt('pickRecord') : pt('loadingNames')))
    const feature = featureOf(id)
    if (!feature) return fill(h('p', { class: 'pn-note' }, pt('loadingNames')))
    const s = pnStrings()
    const p = feature.properties ?? {}
    const dl = h(
      'dl',
      { class: 'pn-fields' },
      ...RECORD_FIELDS.filter((f) => f !== 'protection_list' || p.protected).map((f) =>
        h('div', { class: 'pn-row', 'data-field': f }, h('dt', {}, s.field[f] ?? f), h('dd', {}, f === 'township_code' || f === 'county_code' ? placeText(p[f]) : valueText(f, p[f], countyName))),
      ),
    )
    const header = [
      h('h2', { id: 'pn-record-name' }, String(p.name)),
      h('div', { class: 'pn-spelling', id: 'pn-record-spelling' }, String(p.roman_spelling ?? '')),
      p.data_source === 'generated' ? h('p', { class: 'pn-note' }, pt('generatedNote')) : null,
    ]
    const signedIn = !!currentUser()
    if (!signedIn) return fill(...header, dl, h('p', { class: 'pn-note' }, pt('signInForCases')))
    fill(...header, h('div', { class: 'pn-actions' }), dl, h('h3', {}, s.casesOfRecord), h('p', { class: 'pn-note' }, '…'), h('h3', {}, s.history), h('p', { class: 'pn-note' }, '…'))
    const [cases, history] = await Promise.all([listCases({ place_name_id: id }), getHistory(id)])
    const open = cases.cases.find((c) => ['applied', 'reviewing', 'approved'].includes(c.status))
    const actions = h('div', { class: 'pn-actions' })
    if (userHasRole('placename_editor') && userMayEditIn(p.county_code as string | null)) {
      const button = (label: string, idAttr: string, next: View, disabled = false) => {
        const b = h('button', { type: 'button', id: idAttr, disabled, title: disabled ? s.openCaseExists : undefined }, label)
        b.addEventListener('click', () => go(next))
        return b
      }
      actions.append(button(s.edit, 'pn-edit', { kind: 'edit', id }))
      if (p.status === 'standard') actions.append(button(s.applyRenaming, 'pn-apply-renaming', { kind: 'apply', id, caseKind: 'renaming' }, !!open), button(s.applyAbolition, 'pn-apply-abolition', { kind: 'apply', id, caseKind: 'abolition' }, !!open))
      if (p.status === 'proposed') actions.append(button(s.applyNaming, 'pn-apply-naming', { kind: 'apply', id, caseKind: 'naming' }, !!open))
    }
    const event = (kind: 'record' | 'case', title: string, at: string, who: string, lines: string[]) =>
      h(
        'li',
        { class: `pn-event pn-event-${kind}` },
        h('div', { class: 'pn-event-head' }, h('strong', {}, title), h('time', { datetime: at }, new Date(at).toLocaleString(document.documentElement.lang, { dateStyle: 'medium', timeStyle: 'short' })), h('span', { class: 'pn-who' }, who)),
        ...lines.map((line) => h('div', { class: 'pn-event-line' }, line)),
      )
    const events = [...history].reverse().map((entry) => {
      const { title, lines } = describeEntry(entry, countyName)
      return event(entry.table_name === 'place_names' ? 'record' : 'case', title, entry.at, entry.username === '示例数据（生成）' ? s.sampleActor : (entry.display_name ?? entry.username), lines)
    })
    // A record loaded with the sample or an import has no entry of its creation: its registration comes from the record itself.
    if (!history.some((e) => e.table_name === 'place_names' && e.action === 'create') && p.created_at) {
      events.push(event('record', s.historyCreated, String(p.created_at), valueText('data_source', p.data_source, countyName), []))
    }
    const timeline = events.length ? h('ol', { class: 'pn-timeline', id: 'pn-history' }, ...events) : h('p', { class: 'pn-note', id: 'pn-history' }, s.historyEmpty)
    fill(...header, actions, dl, h('h3', {}, s.casesOfRecord), caseList(cases.cases, 'record'), h('h3', {}, s.history), timeline)
  }

  /** Re-reads a record after a change (an edit, an approval) and redraws it on the map. */
  async function reloadRecord(id: number) {
    const { body: feature } = await request<Feature>('GET', `/ogc/collections/place_names/items/${id}`)
    const i = names.features.findIndex((f) => f.id === id)
    if (i >= 0) names.features[i] = feature
    else names.features.push(feature)
    ;(map.getSource(PLACE_NAMES_SOURCE) as GeoJSONSource | undefined)?.setData(names)
  }

  function editForm(id: number): HTMLElement {
    const s = pnStrings()
    const p = featureOf(id)?.properties ?? {}
    const alert = h('div', { class: 'pn-alert', role: 'alert', hidden: true })
    const inputs = EDIT_FIELDS.map((f) => fieldInput({ name: f, type: LONG_TEXT.includes(f) ? 'textarea' : 'text', value: p[f] ? String(p[f]) : '' }))
    const [nameInput, spelling] = [inputs[0]!.querySelector('input')!, inputs[1]!.querySelector('input')!]
    spelling.placeholder = s.spellingHint
    // The stored spelling is the old name's: a new name gets its own suggestion unless staff write one.
    suggestSpelling(nameInput, spelling, () => String(p.category))
    nameInput.addEventListener('input', () => {
      if (spelling.value === String(p.roman_spelling ?? '') && nameInput.value.trim() !== p.name) spelling.value = ''
    })
    const clashes = clashSlot(nameInput, recordContext(p, id))
    const cancel = h('button', { type: 'button' }, s.cancel)
    cancel.addEventListener('click', () => go({ kind: 'record', id }))
    const form = h('form', { class: 'pn-form', id: 'pn-edit-form', novalidate: true }, h('h2', {}, `${s.edit}：${String(p.name)}`), inputs[0]!, clashes, ...inputs.slice(1), alert, h('div', { class: 'pn-actions' }, h('button', { type: 'submit', class: 'pn-primary' }, s.save), cancel))
    form.addEventListener('submit', async (event) => {
      event.preventDefault()
      alert.hidden = true
      try {
        const current = await request<Feature>('GET', `/ogc/collections/place_names/items/${id}`)
        const values = formValues(form)
        const properties = Object.fromEntries(EDIT_FIELDS.map((f) => [f, values[f]?.trim() ? values[f]!.trim() : null]))
        await request('PATCH', `/ogc/collections/place_names/items/${id}`, { body: { properties }, headers: { 'if-match': current.etag ?? '' } })
        await reloadRecord(id)
        go({ kind: 'record', id })
      } catch (error) {
        showProblem(form, alert, error)
      }
    })
    return form
  }

  /**
   * The duplicate and homophone warnings (条例 art. 9) of the name being typed, checked as it
   * (or what `context` reads: its category, where it lies, the record renamed, which does not clash) changes.
   */
  function clashSlot(input: HTMLInputElement, context: () => { category: string; county_code?: string; at?: [number, number]; exclude?: string }, triggers: HTMLElement[] = []): HTMLElement & { update: () => void } {
    const slot = h('div', { class: 'clash-warnings' })
    const update = watchNameClashes(slot, () => ({ name: input.value.trim(), ...context() }))
    for (const element of [input, ...triggers]) element.addEventListener('input', update)
    return Object.assign(slot, { update })
  }

  /** Where a record's new name is checked: its category and county, the record itself left out. */
  const recordContext = (p: Record<string, unknown>, id: number) => () => ({ category: String(p.category), county_code: p.county_code ? String(p.county_code) : undefined, exclude: String(id) })

  /** Shows the suggested spelling of the name typed (for its category) as the spelling input's placeholder. */
  function suggestSpelling(nameInput: HTMLInputElement, spelling: HTMLInputElement, category: () => string) {
    const suggest = async () => {
      if (!nameInput.value.trim()) return (spelling.placeholder = pnStrings().spellingHint)
      try {
        const { body } = await request<{ spelling: string }>('GET', `/api/place-names/spell?${new URLSearchParams({ name: nameInput.value.trim(), category: category() })}`)
        spelling.placeholder = pt('suggestion', { spelling: body.spelling })
      } catch {
        spelling.placeholder = pnStrings().spellingHint
      }
    }
    nameInput.addEventListener('change', suggest)
    return suggest
  }

  /**
   * A new name (拟用名称) for a naming case: its name, category and sub-kind, its spelling
   * (suggested), meaning and origin, and its place on the map, a point or a line drawn by
   * clicks. Saved as a proposed record; its page then offers the naming application.
   */
  function newForm(): HTMLElement {
    const s = pnStrings()
    const alert = h('div', { class: 'pn-alert', role: 'alert', hidden: true })
    const inputs = NEW_FIELDS.map((f) => fieldInput({ name: f, type: LONG_TEXT.includes(f) ? 'textarea' : 'text' }))
    const [nameInput, , spelling] = inputs.map((l) => l.querySelector('input'))
    spelling!.placeholder = s.spellingHint
    const category = fieldInput({ name: 'category', type: 'select', options: Object.entries(s.categories), value: 'street' })
    const categorySelect = category.querySelector('select')!
    const shape = fieldInput({ name: 'shape', type: 'select', options: [['point', s.shapePoint], ['line', s.shapeLine]], value: draft.shape })
    const shapeSelect = shape.querySelector('select')!
    const where = h('p', { class: 'pn-note', id: 'pn-draft-note', role: 'status' })
    const redo = h('button', { type: 'button', class: 'pn-link', id: 'pn-draft-clear' }, s.clearShape)
    const clashes = clashSlot(nameInput!, () => ({ category: categorySelect.value, at: draft.first() }), [categorySelect])
    showDraft = () => {
      where.textContent = draft.vertices === 0 ? s.draftNone : draft.shape === 'point' ? s.draftPoint : pt('draftLine', { n: draft.vertices })
      clashes.update()
    }
    showDraft()
    shapeSelect.addEventListener('change', () => draft.setShape(shapeSelect.value as 'point' | 'line'))
    redo.addEventListener('click', () => draft.clear())
    const suggest = suggestSpelling(nameInput!, spelling!, () => categorySelect.value)
    categorySelect.addEventListener('change', () => void suggest())
    const cancel = h('button', { type: 'button' }, s.cancel)
    cancel.addEventListener('click', () => go({ kind: 'record', id: lastRecord }))
    const form = h(
      'form',
      { class: 'pn-form', id: 'pn-new-form', novalidate: true },
      h('h2', {}, s.newTitle),
      h('p', { class: 'pn-note' }, s.newNote),
      inputs[0]!, clashes, category, ...inputs.slice(1), shape, where, redo, alert,
      h('div', { class: 'pn-actions' }, h('button', { type: 'submit', class: 'pn-primary' }, s.save), cancel),
    )
    form.addEventListener('submit', async (event) => {
      event.preventDefault()
      alert.hidden = true
      const geometry = draft.geometry()
      if (!geometry) {
        alert.textContent = s.placeFirst
        alert.hidden = false
        return
      }
      const values = formValues(form)
      const given = (f: string) => (values[f]?.trim() ? values[f]!.trim() : null)
      const properties = {
        code: null, name: values.name?.trim() ?? '', roman_spelling: given('roman_spelling'), category: values.category, sub_kind: given('sub_kind'), division_code: null,
        meaning: given('meaning'), origin: given('origin'), history: null, description: null, aliases: [], former_names: [],
        status: 'proposed', protected: false, protection_list: null, source: null, data_source: 'register',
      }
      try {
        const { body: created } = await request<Feature>('POST', '/ogc/collections/place_names/items', { body: { type: 'Feature', geometry, properties } })
        names.features.push(created)
        ;(map.getSource(PLACE_NAMES_SOURCE) as GeoJSONSource | undefined)?.setData(names)
        go({ kind: 'record', id: Number(created.id) })
      } catch (error) {
        showProblem(form, alert, error)
      }
    })
    return form
  }

  function applyForm(id: number, caseKind: string): HTMLElement {
    const s = pnStrings()
    const p = featureOf(id)?.properties ?? {}
    const alert = h('div', { class: 'pn-alert', role: 'alert', hidden: true })
    const picker = filePicker()
    const fields = [
      fieldInput({ name: 'applicant', type: 'text' }),
      fieldInput({ name: 'proposal', type: 'textarea' }),
      caseKind === 'renaming' && fieldInput({ name: 'proposed_name', type: 'text' }),
      caseKind !== 'abolition' && fieldInput({ name: 'proposed_spelling', type: 'text' }),
      fieldInput({ name: 'applied_on', type: 'date', value: chinaToday() }),
      picker.element,
    ].filter((x): x is HTMLElement => !!x)
    const spelling = fields.find((f) => f.querySelector('[name=proposed_spelling]'))?.querySelector('input')
    const nameField = fields.find((f) => f.querySelector('[name=proposed_name]'))
    const nameInput = nameField?.querySelector('input')
    if (spelling) spelling.placeholder = caseKind === 'naming' ? String(p.roman_spelling ?? s.spellingHint) : s.spellingHint
    // A new name is checked against the others in its scope as it is typed.
    if (nameField && nameInput) fields.splice(fields.indexOf(nameField) + 1, 0, clashSlot(nameInput, recordContext(p, id)))
    if (nameInput && spelling) suggestSpelling(nameInput, spelling, () => String(p.category))
    const cancel = h('button', { type: 'button' }, s.cancel)
    cancel.addEventListener('click', () => go({ kind: 'record', id }))
    const form = h('form', { class: 'pn-form', id: 'pn-apply-form', novalidate: true }, h('h2', {}, pt('caseTitle', { kind: s.caseKinds[caseKind]!, name: String(p.name) })), ...fields, alert, h('div', { class: 'pn-actions' }, h('button', { type: 'submit', class: 'pn-primary' }, s.submit), cancel))
    form.addEventListener('submit', async (event) => {
      event.preventDefault()
      alert.hidden = true
      try {
        const values: Record<string, unknown> = formValues(form)
        for (const key of ['proposed_name', 'proposed_spelling']) if (values[key] === '') delete values[key]
        values.file_ids = await picker.upload()
        const opened = await openCase({ kind: caseKind, place_name_id: id, ...values })
        go({ kind: 'case', id: opened.id, back: 'record' })
      } catch (error) {
        showProblem(form, alert, error)
      }
    })
    return form
  }

  // The cases ---------------------------------------------------------------------

  function caseList(cases: NamingCase[], from: 'record' | 'cases'): HTMLElement {
    const s = pnStrings()
    if (!cases.length) return h('p', { class: 'pn-note' }, s.noCases)
    return h(
      'ul',
      { class: 'pn-case-list' },
      ...cases.map((c) => {
        const due = c.deadlines.find((d) => d.overdue) ?? c.deadlines.find((d) => !d.done_on)
        const item = h(
          'li',
          { class: `pn-case${c.overdue ? ' is-overdue' : ''}`, 'data-overdue': String(c.overdue), tabindex: 0, role: 'button' },
          h('div', { class: 'pn-case-name' }, `${s.caseKinds[c.kind]} · ${caseName(c)}`),
          statusChips(c),
          h('div', { class: 'pn-case-meta' }, due ? deadlineText(due) : `${s.field.applied_on} ${c.applied_on}`),
        )
        const openIt = () => go({ kind: 'case', id: c.id, back: from })
        item.addEventListener('click', openIt)
        item.addEventListener('keydown', (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), openIt()))
        return item
      }),
    )
  }

  async function renderCases(fill: (...children: (Node | null)[]) => void) {
    const s = pnStrings()
    if (!currentUser()) return fill(h('p', { class: 'pn-note' }, pt('signInForCases')))
    const filterButton = (id: CaseFilter, label: string) => {
      const b = h('button', { type: 'button', class: 'pn-filter', 'data-filter': id, 'aria-pressed': String(filter === id) }, label)
      b.addEventListener('click', () => {
        filter = id
        render()
      })
      return b
    }
    const filters = h('div', { class: 'pn-filters', role: 'group' }, filterButton('all', s.filterAll), filterButton('open', s.filterOpen), filterButton('overdue', s.filterOverdue))
    fill(filters, h('p', { class: 'pn-note' }, '…'))
    let list: CaseList
    try {
      list = await listCases(filter === 'overdue' ? { overdue: true } : filter === 'open' ? { status: 'open' } : {})
    } catch (error) {
      return fill(filters, h('p', { class: 'pn-alert' }, error instanceof Error ? error.message : String(error)))
    }
    overdueTotal = list.overdue_total
    badge.hidden = overdueTotal === 0
    badge.textContent = String(overdueTotal)
    fill(filters, h('p', { class: 'pn-note', id: 'pn-cases-count' }, pt('casesCount', { total: list.total, overdue: list.overdue_total })), caseList(list.cases, 'cases'))
  }

  async function renderCasePage(id: number, back: 'record' | 'cases', fill: (...children: (Node | null)[]) => void) {
    const s = pnStrings()
    const backButton = h('button', { type: 'button', class: 'pn-link' }, back === 'cases' ? s.backToList : s.backToRecord)
    let c: NamingCase
    try {
      c = await getCase(id)
    } catch (error) {
      return fill(backButton, h('p', { class: 'pn-alert' }, error instanceof Error ? error.message : String(error)))
    }
    backButton.addEventListener('click', () => go(back === 'cases' ? { kind: 'cases' } : { kind: 'record', id: c.place_name_id }))
    const page = renderCase(c, {
      onChanged: async (next) => {
        // Approval changes the register record (its name, its former names, its status).
        if (next.approved_on && !c.approved_on) await reloadRecord(next.place_name_id)
        void refreshBadge()
        render()
      },
      onOpenRecord: (placeId) => {
        go({ kind: 'record', id: placeId })
        flyTo(placeId)
      },
    })
    fill(backButton, page)
  }

  function flyTo(id: number) {
    const feature = featureOf(id)
    if (!feature?.geometry || !('coordinates' in feature.geometry)) return
    const flat = JSON.stringify(feature.geometry.coordinates).match(/-?\d+\.?\d*,-?\d+\.?\d*/)
    if (flat) map.easeTo({ center: flat[0].split(',').map(Number) as [number, number], zoom: Math.max(map.getZoom(), 14), duration: 500 })
  }

  // The mode on and off ----------------------------------------------------------------

  function setOn(next: boolean) {
    on = next
    if (!on && view.kind === 'new') go({ kind: 'record', id: lastRecord })
    container.hidden = !on
    document.body.classList.toggle('place-names-on', on)
    toggle.setAttribute('aria-pressed', String(on))
    if (on) {
      ensureLayers()
      sheet.setExpanded(true)
      void loadNames()
      void refreshBadge()
    }
    for (const layer of placeNamesLayers) if (map.getLayer(layer.id)) map.setLayoutProperty(layer.id, 'visibility', on ? 'visible' : 'none')
    render()
  }

  toggle.addEventListener('click', () => setOn(!on))
  map.on('click', (event: MapMouseEvent) => {
    if (!on || event.defaultPrevented) return
    // While a new name is being placed, a click places it, over whatever lies there.
    if (view.kind === 'new') {
      event.preventDefault()
      draft.add([event.lngLat.lng, event.lngLat.lat])
      return
    }
    const layers = PLACE_NAMES_CLICKABLE.filter((id) => map.getLayer(id))
    const [feature] = map.queryRenderedFeatures(event.point, { layers })
    if (!feature || feature.id === undefined) return
    event.preventDefault()
    sheet.setExpanded(true)
    go({ kind: 'record', id: Number(feature.id) })
  })
  for (const id of PLACE_NAMES_CLICKABLE) {
    map.on('mouseenter', id, () => on && (map.getCanvas().style.cursor = 'pointer'))
    map.on('mouseleave', id, () => (map.getCanvas().style.cursor = ''))
  }
  onUserChange(() => {
    void refreshBadge()
    if (on) render()
  })
  onLangChange(() => {
    toggleLabel.textContent = pt('mode')
    toggle.title = pt('modeLabel')
    toggle.setAttribute('aria-label', pt('modeLabel'))
    if (on) render()
  })
}
