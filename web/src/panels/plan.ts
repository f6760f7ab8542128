import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import { ApiError } from '../api/client'
import { getIndicator, getIndicators, getRules, postIndicatorEntry, type IndicatorEntry, type IndicatorRow, type IndicatorsAnswer, type NewEntry, type RuleResult, type RulesAnswer } from '../api/plan'
import { onUserChange, userHasRole } from '../api/session'
import { currentLang, onLangChange } from '../i18n'
import { errorMessage, problemMessage } from '../i18n/errors'
import { planStrings, pt } from '../i18n/plan'
import { GAP_COLOUR, PICKED_COLOUR, PLAN_GAPS_SOURCE, PLAN_LAYER_IDS, pickedFilters, planGapsAreaLayers, planGapsTopLayers } from '../layers/plan.layers'
import { areaFeatures, onAreasChange } from '../registers/store'
import { h } from './dom'
import { coveredInsets, fitClearOfPanels, MARGIN } from './overlays'
import { indicatorBar, planGapFeatures } from './plan-view'
import { createSheet, foldSheetsOnPhone, isPhone } from './sheet'
import './plan.css'
import { addModeToggle } from './modes'

/** Failing units listed per rule at most (the CSV has them all). */
const UNIT_ROWS = 100

const failureText = (error: unknown) => (error instanceof ApiError ? problemMessage(error.problem) : error instanceof Error ? error.message : String(error))
const lang = () => currentLang()
const tx = (texts: { 'zh-CN': string; en: string } | null | undefined) => texts?.[lang()] ?? ''
/** The nodes that are there (for replaceChildren, which takes no nulls). */
const present = (...nodes: (Node | string | null)[]) => nodes.filter((n): n is Node | string => n !== null)
const num = (x: number, digits = 1) => x.toLocaleString(lang(), { maximumFractionDigits: digits })

/**
 * The plan mode: the plan's rules on units in a panel beside the map (each with its
 * clause, pass or fail, the failing units with their figures; a click on one zooms the map
 * to it), the "plan gaps" layer shading the units that fail the chosen rule, with its
 * legend, and the indicator table of 专栏1 as a printable page (bars against the baseline
 * and target, binding rows marked, the computed rows linked to their rules, and for
 * administrators a form to enter a figure with its source and date, and the row's history).
 * It adds its own button to the top bar, its layers to the map and its panels to the page.
 */
export function attachPlan(map: MapLibreMap): void {
  const toggle = h('button', { id: 'plan-toggle', type: 'button', 'aria-pressed': 'false' })
  addModeToggle(toggle)
  const container = h('aside', { id: 'plan-panel' })
  document.querySelector('main.layout')!.append(container)
  const sheet = createSheet(container, { title: () => pt('title'), side: 'left' })
  container.classList.add('panel', 'plan-panel')
  container.hidden = true
  const dashboard = h('section', { id: 'plan-dashboard', class: 'plan-dashboard', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'plan-dashboard-title' })
  dashboard.hidden = true
  document.body.append(dashboard)

  const parts = {
    controls: h('section', { class: 'plan-controls' }),
    legend: h('section', { id: 'plan-legend', class: 'plan-legend' }),
    rules: h('section', { id: 'plan-rules', class: 'plan-rules', 'aria-live': 'polite' }),
  }
  sheet.body.replaceChildren(...Object.values(parts))

  let on = false
  let includePlanned = false
  let answer: RulesAnswer | null = null
  let state: 'idle' | 'loading' | 'ready' | 'error' = 'idle'
  let failure = ''
  let controller: AbortController | null = null
  const expanded = new Set<string>()
  let shown: string | null = null
  let picked: string | null = null

  let table: IndicatorsAnswer | null = null
  let tableFailure = ''
  let openRow: number | null = null
  let rowDetail: { indicator: IndicatorRow; history: IndicatorEntry[] } | null = null
  let formErrors: Record<string, string> = {}
  let formMessage = ''
  let savedRow: number | null = null

  // The map's layers ----------------------------------------------------------------------

  const addLayers = () => {
    if (map.getSource(PLAN_GAPS_SOURCE)) return
    map.addSource(PLAN_GAPS_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
    const under = map.getLayer('townships-outline') ? 'townships-outline' : undefined
    for (const layer of planGapsAreaLayers) map.addLayer(layer, under)
    for (const layer of planGapsTopLayers) map.addLayer(layer)
  }
  if (map.isStyleLoaded()) addLayers()
  else map.once('load', addLayers)

  const shownRule = () => answer?.rules.find((r) => r.id === shown) ?? null

  function drawGaps(): void {
    const source = map.getSource(PLAN_GAPS_SOURCE) as GeoJSONSource | undefined
    if (!source) return
    source.setData(planGapFeatures(on ? shownRule() : null, { townships: areaFeatures('townships'), counties: areaFeatures('counties'), communities: areaFeatures('communities') }))
    for (const [id, filter] of Object.entries(pickedFilters(picked ?? ''))) if (map.getLayer(id)) map.setFilter(id, filter)
  }

  function setLayersVisible(visible: boolean): void {
    for (const id of PLAN_LAYER_IDS) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none')
  }

  /** Fits the map to a failing unit, clear of the panels, and outlines it. */
  function zoomTo(rule: RuleResult, code: string): void {
    const unit = rule.failing.find((u) => u.code === code)
    if (!unit?.bbox) return
    shown = rule.id
    picked = code
    drawGaps()
    render()
    if (isPhone()) sheet.setExpanded(false)
    const insets = coveredInsets(map.getContainer())
    const pad = (n: number) => n + MARGIN * 3
    const [w, s, e, n] = unit.bbox
    const point = w === e && s === n
    map.fitBounds(point ? [w - 0.004, s - 0.003, e + 0.004, n + 0.003] : unit.bbox, {
      padding: { top: pad(insets.top), right: pad(insets.right), bottom: pad(insets.bottom), left: pad(insets.left) },
      maxZoom: point ? 15 : 13,
      duration: 600,
    })
    document.body.dataset.planPicked = `${rule.id}:${code}`
  }

  // The rules -----------------------------------------------------------------------------

  async function load(): Promise<void> {
    controller?.abort()
    const mine = new AbortController()
    controller = mine
    state = 'loading'
    render()
    try {
      const next = await getRules(includePlanned, mine.signal)
      if (controller !== mine) return
      answer = next
      state = 'ready'
      if (!shown || !answer.rules.some((r) => r.id === shown)) shown = answer.rules.find((r) => !r.passes)?.id ?? null
      if (picked && !shownRule()?.failing.some((u) => u.code === picked)) picked = null
      drawGaps()
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return
      if (controller !== mine) return
      state = 'error'
      failure = failureText(error)
    } finally {
      if (controller === mine) controller = null
    }
    render()
    if (!dashboard.hidden) void loadTable()
  }

  function renderControls(): void {
    const s = planStrings()
    const checkbox = h('input', { type: 'checkbox', id: 'plan-include-planned', checked: includePlanned })
    checkbox.addEventListener('change', () => {
      includePlanned = checkbox.checked
      void load()
    })
    const counted = answer ? pt('counted', { statuses: answer.statuses.map((x) => s.statuses[x] ?? x).join(lang() === 'en' ? ', ' : '、') }) : ''
    const sample = answer && answer.records.generated > 0 ? h('p', { class: 'plan-sample' }, pt('sample', { generated: num(answer.records.generated), total: num(answer.records.total) })) : null
    const openButton = h('button', { type: 'button', id: 'plan-open-dashboard', class: 'primary' }, pt('openDashboard'))
    openButton.addEventListener('click', () => openDashboard())
    parts.controls.replaceChildren(
      ...present(h('p', { class: 'plan-intro' }, pt('intro')),
      h('label', { class: 'plan-check' }, checkbox, pt('includePlanned')),
      h('div', { class: 'plan-counted' }, counted),
      sample,
      h('div', { class: 'plan-actions' }, openButton, h('a', { href: `/api/coverage/rules?f=csv&include_planned=${includePlanned}`, download: 'plan-gaps.csv' }, `${pt('download')} ${pt('downloadCsv')}`))),
    )
  }

  function renderRule(rule: RuleResult): HTMLElement {
    const isOpen = expanded.has(rule.id)
    const isShown = shown === rule.id
    const count = rule.passes ? pt('allPass', { units: rule.totals.units }) : pt('failingCount', { failing: rule.totals.failing, units: rule.totals.units })
    const extra = rule.totals.not_measured ? pt('notMeasured', { n: rule.totals.not_measured }) : ''
    const show = h('button', { type: 'button', class: 'plan-show', 'aria-pressed': String(isShown), disabled: rule.passes }, isShown ? pt('shownOnMap') : pt('showOnMap'))
    show.addEventListener('click', () => {
      shown = rule.id
      picked = null
      drawGaps()
      render()
    })
    const expand = h('button', { type: 'button', class: 'plan-expand link', 'aria-expanded': String(isOpen), disabled: rule.passes }, `${pt('unitsTitle')} ${isOpen ? '▾' : '▸'}`)
    expand.addEventListener('click', () => {
      if (isOpen) expanded.delete(rule.id)
      else expanded.add(rule.id)
      render()
    })
    const units = isOpen
      ? h(
          'ul',
          { class: 'plan-units' },
          ...rule.failing.slice(0, UNIT_ROWS).map((u) => {
            const button = h(
              'button',
              { type: 'button', class: `plan-unit${picked === u.code && isShown ? ' picked' : ''}`, 'data-code': u.code, title: pt('zoomTo') },
              h('span', { class: 'plan-unit-name' }, [u.within, u.name].filter(Boolean).join(' ')),
              h('span', { class: 'plan-unit-reason' }, tx(u.reason)),
            )
            button.addEventListener('click', () => zoomTo(rule, u.code))
            return h('li', {}, button)
          }),
          rule.failing.length > UNIT_ROWS ? h('li', { class: 'plan-more' }, pt('moreUnits', { n: rule.failing.length - UNIT_ROWS })) : null,
          h(
            'li',
            { class: 'plan-downloads' },
            `${pt('download')}：`,
            h('a', { href: `/api/coverage/rules?id=${rule.id}&f=csv&include_planned=${includePlanned}`, download: `plan-gaps-${rule.id}.csv` }, pt('downloadCsv')),
            ' · ',
            h('a', { href: `/api/coverage/rules?id=${rule.id}&f=geojson&include_planned=${includePlanned}`, download: `plan-gaps-${rule.id}.geojson` }, pt('downloadGeojson')),
          ),
        )
      : null
    return h(
      'article',
      { class: `plan-rule ${rule.passes ? 'pass' : 'fail'}${isShown ? ' shown' : ''}`, 'data-rule': rule.id, id: `plan-rule-${rule.id}` },
      h('div', { class: 'plan-rule-head' }, h('span', { class: `plan-badge ${rule.passes ? 'pass' : 'fail'}` }, rule.passes ? pt('passes') : pt('fails')), h('h3', {}, tx(rule.title))),
      h('div', { class: 'plan-clause' }, h('b', {}, rule.clause.ref), ' ', `“${rule.clause.text}”`),
      h('div', { class: 'plan-checks' }, tx(rule.checks)),
      h('div', { class: 'plan-count' }, count + extra),
      h('div', { class: 'plan-rule-actions' }, show, expand),
      units,
    )
  }

  function renderRules(): void {
    if (state === 'loading' && !answer) return void parts.rules.replaceChildren(h('p', { class: 'plan-status', role: 'status' }, pt('loading')))
    if (state === 'error') return void parts.rules.replaceChildren(h('p', { class: 'plan-status error', role: 'alert' }, pt('failed', { reason: failure })))
    if (!answer) return void parts.rules.replaceChildren()
    parts.rules.replaceChildren(...(state === 'loading' ? [h('p', { class: 'plan-status', role: 'status' }, pt('loading'))] : []), ...answer.rules.map(renderRule))
  }

  function renderLegend(): void {
    const rule = shownRule()
    const row = (swatch: string, label: string) => h('div', { class: 'legend-explain' }, h('span', { class: 'swatch', style: swatch }), label)
    parts.legend.replaceChildren(
      ...present(h('h3', {}, pt('legendTitle')),
      rule
        ? row(`background:${GAP_COLOUR}52;border:1.5px solid ${GAP_COLOUR}`, pt('legendGaps', { rule: tx(rule.title) }))
        : h('div', { class: 'legend-note' }, pt('legendNone')),
      rule ? row(`border:3px solid ${PICKED_COLOUR}`, pt('legendSelected')) : null),
    )
  }

  function render(): void {
    renderControls()
    renderRules()
    renderLegend()
    toggle.textContent = pt('toggle')
    toggle.title = pt('toggleLabel')
    toggle.setAttribute('aria-label', pt('toggleLabel'))
  }

  // The indicator table -------------------------------------------------------------------

  async function loadTable(): Promise<void> {
    try {
      table = await getIndicators(includePlanned)
      tableFailure = ''
      if (openRow !== null) rowDetail = await getIndicator(openRow)
    } catch (error) {
      tableFailure = failureText(error)
    }
    renderDashboard()
  }

  function openDashboard(): void {
    dashboard.hidden = false
    document.body.classList.add('plan-dashboard-open')
    renderDashboard()
    void loadTable()
    dashboard.querySelector<HTMLElement>('.plan-dashboard-close')?.focus()
  }

  function closeDashboard(): void {
    dashboard.hidden = true
    document.body.classList.remove('plan-dashboard-open')
  }

  /** From a computed row to its rule: the panel opens with the rule expanded and its gaps on the map. */
  function goToRule(id: string): void {
    closeDashboard()
    if (!on) setOn(true)
    shown = id
    picked = null
    expanded.add(id)
    sheet.setExpanded(true)
    drawGaps()
    render()
    document.getElementById(`plan-rule-${id}`)?.scrollIntoView({ block: 'start' })
  }

  function bar(row: IndicatorRow): HTMLElement | null {
    const b = indicatorBar(row)
    if (!b) return null
    const mark = (at: number | null, cls: string, label: string) => (at === null ? null : h('span', { class: `plan-bar-mark ${cls}`, style: `left:${(at * 100).toFixed(1)}%`, title: label }))
    return h(
      'div',
      { class: `plan-bar ${row.status}`, role: 'img', 'aria-label': `${pt('colCurrent')} ${row.current ? num(row.current.value, 4) : '—'}` },
      b.value === null ? null : h('span', { class: 'plan-bar-fill', style: `width:${(b.value * 100).toFixed(1)}%` }),
      mark(b.baseline, 'baseline', pt('baselineMark')),
      mark(b.target, 'target', pt('targetMark')),
    )
  }

  function sourceCell(row: IndicatorRow): HTMLElement {
    const s = row.source
    const entry = row.current?.entry
    const lines: (Node | string | null)[] = []
    if (s.type === 'rule' || s.type === 'nursing_share') {
      lines.push(h('div', {}, pt('sourceComputed')))
      const link = h('button', { type: 'button', class: 'link plan-rule-link', 'data-rule': s.rule }, pt('viewRule', { n: row.current?.rule?.failing ?? 0 }))
      link.addEventListener('click', () => goToRule(s.rule))
      lines.push(link)
    } else if (s.type === 'stations') lines.push(h('div', {}, pt('sourceStations')))
    else if (s.type === 'not_modelled') lines.push(h('div', {}, pt('sourceNotModelled')))
    else if (entry) lines.push(h('div', {}, [entry.source, entry.department].filter(Boolean).join(' · ')), h('div', { class: 'plan-muted' }, `${pt('asOf')} ${entry.as_of}`))
    const detail = tx(row.current?.detail ?? row.note)
    if (detail) lines.push(h('div', { class: 'plan-muted' }, detail))
    return h('td', { class: 'plan-source', 'data-label': pt('colSource') }, ...lines)
  }

  function currentText(row: IndicatorRow): string {
    if (!row.current) return '—'
    const value = `${num(row.current.value, 4)}${row.unit.en === '%' ? '%' : ''}`
    if (row.target.type === 'relative' && row.current.comparison_value !== null) {
      const ratio = row.current.comparison_value ? num(row.current.value / row.current.comparison_value, 2) : '—'
      return `${value}（${pt('relative', { other: tx(row.target.other), value: num(row.current.comparison_value, 4) })}${pt('ratio', { ratio })}）`
    }
    return value
  }

  function entryForm(row: IndicatorRow): HTMLElement | null {
    if (row.source.type !== 'entered' || !userHasRole('admin')) return null
    const source = row.source
    const today = new Date().toLocaleDateString('en-CA')
    const field = (name: string, label: string, input: HTMLInputElement | HTMLTextAreaElement) =>
      h('label', { class: 'plan-field' }, h('span', {}, label), input, formErrors[name] ? h('span', { class: 'plan-field-error', role: 'alert' }, formErrors[name]) : null)
    const value = h('input', { type: 'number', step: 'any', name: 'value', min: source.min, max: source.max, required: true })
    const comparison = source.comparison ? h('input', { type: 'number', step: 'any', name: 'comparison_value', required: true }) : null
    const doc = h('input', { type: 'text', name: 'source', maxlength: 200, required: true })
    const department = h('input', { type: 'text', name: 'department', maxlength: 100 })
    const asOf = h('input', { type: 'date', name: 'as_of', min: '2020-01-01', max: today, value: today, required: true })
    const note = h('textarea', { name: 'note', maxlength: 1000, rows: 2 })
    const form = h(
      'form',
      { class: 'plan-entry-form', novalidate: true },
      h('h4', {}, pt('entryTitle')),
      formMessage ? h('p', { class: 'plan-field-error', role: 'alert' }, formMessage) : null,
      h(
        'div',
        { class: 'plan-form-grid' },
        field('value', `${pt('value')}（${tx(row.unit)}）`, value),
        comparison && row.target.type === 'relative' ? field('comparison_value', tx(row.target.other), comparison) : null,
        field('source', pt('source'), doc),
        field('department', pt('department') + pt('optional'), department),
        field('as_of', pt('asOf'), asOf),
        field('note', pt('note') + pt('optional'), note),
      ),
      h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, pt('save'))),
    )
    form.addEventListener('submit', async (event) => {
      event.preventDefault()
      const numberOf = (input: HTMLInputElement | null) => (input && input.value.trim() !== '' ? Number(input.value) : undefined)
      const text = (input: HTMLInputElement | HTMLTextAreaElement) => (input.value.trim() === '' ? undefined : input.value)
      const entry = { value: numberOf(value), comparison_value: numberOf(comparison), source: text(doc), department: text(department), as_of: asOf.value || undefined, note: text(note) }
      try {
        await postIndicatorEntry(row.id, JSON.parse(JSON.stringify(entry)) as NewEntry)
        formErrors = {}
        formMessage = ''
        savedRow = row.id
        await loadTable()
      } catch (error) {
        formErrors = {}
        formMessage = ''
        if (error instanceof ApiError && error.problem.errors?.length) {
          const known = new Set(['value', 'comparison_value', 'source', 'department', 'as_of', 'note'])
          for (const e of error.problem.errors) {
            if (known.has(e.field)) formErrors[e.field] = errorMessage(e)
            else formMessage = problemMessage(error.problem)
          }
        } else formMessage = failureText(error)
        renderDashboard()
      }
    })
    return form
  }

  function historyBlock(row: IndicatorRow): HTMLElement {
    const history = rowDetail?.indicator.id === row.id ? rowDetail.history : null
    const relative = row.target.type === 'relative'
    const list =
      history === null
        ? h('p', { class: 'plan-muted' }, pt('loadingHistory'))
        : history.length === 0
          ? h('p', { class: 'plan-muted' }, pt('noHistory'))
          : h(
              'table',
              { class: 'plan-history' },
              h('thead', {}, h('tr', {}, ...[pt('asOf'), pt('value'), relative ? pt('comparison') : null, pt('source'), pt('department'), pt('note'), pt('enteredBy'), pt('enteredAt')].filter((x): x is string => x !== null).map((x) => h('th', {}, x)))),
              h(
                'tbody',
                {},
                ...history.map((e, i) =>
                  h(
                    'tr',
                    { class: i === 0 ? 'current' : '' },
                    h('td', {}, e.as_of),
                    h('td', { class: 'num' }, num(e.value, 4)),
                    relative ? h('td', { class: 'num' }, e.comparison_value === null ? '—' : num(e.comparison_value, 4)) : null,
                    h('td', {}, e.source),
                    h('td', {}, e.department ?? ''),
                    h('td', {}, e.note ?? ''),
                    h('td', {}, e.entered_by),
                    h('td', {}, new Date(e.entered_at).toLocaleString(lang())),
                  ),
                ),
              ),
            )
    return h('div', { class: 'plan-row-detail', id: `plan-row-detail-${row.id}` }, savedRow === row.id ? h('p', { class: 'plan-saved', role: 'status' }, pt('saved')) : null, h('h4', {}, pt('historyTitle', { id: row.id })), list, entryForm(row))
  }

  function renderDashboard(): void {
    if (dashboard.hidden) return
    const s = planStrings()
    const close = h('button', { type: 'button', class: 'plan-dashboard-close' }, pt('close'))
    close.addEventListener('click', closeDashboard)
    const print = h('button', { type: 'button', class: 'plan-print' }, pt('print'))
    print.addEventListener('click', () => window.print())
    const header = h(
      'header',
      { class: 'plan-dashboard-head' },
      h('h2', { id: 'plan-dashboard-title' }, pt('dashboardTitle')),
      h(
        'div',
        { class: 'plan-dashboard-actions' },
        h('a', { href: `/api/indicators?f=xlsx&lang=${lang()}&include_planned=${includePlanned}`, download: 'indicators.xlsx' }, `${pt('download')} ${pt('downloadXlsx')}`),
        h('a', { href: `/api/indicators?f=csv&lang=${lang()}&include_planned=${includePlanned}`, download: 'indicators.csv' }, pt('downloadCsv')),
        print,
        close,
      ),
    )
    const basis = table
      ? h(
          'p',
          { class: 'plan-basis' },
          pt('dashboardBasis', { mode: table.include_planned ? pt('modePlanned') : pt('modeOperating'), time: new Date().toLocaleString(lang()) }),
          table.records.generated > 0 ? h('span', { class: 'plan-sample' }, ` ${pt('sample', { generated: num(table.records.generated), total: num(table.records.total) })}`) : null,
        )
      : null
    if (!table) {
      dashboard.replaceChildren(header, h('p', { class: tableFailure ? 'plan-status error' : 'plan-status' }, tableFailure ? pt('failed', { reason: tableFailure }) : pt('loading')))
      return
    }
    const heads = [pt('colNo'), pt('colIndicator'), pt('colBaseline'), pt('colTarget'), pt('colKind'), pt('colCurrent'), pt('colProgress'), pt('colStatus'), pt('colSource'), '']
    const body = table.indicators.flatMap((row) => {
      const isOpen = openRow === row.id
      const more = h('button', { type: 'button', class: 'plan-history-toggle', 'aria-expanded': String(isOpen), 'data-row': row.id }, isOpen ? pt('hideHistory') : row.source.type === 'entered' && userHasRole('admin') ? `${pt('history')} / ${pt('enter')}` : pt('history'))
      more.addEventListener('click', async () => {
        savedRow = null
        formErrors = {}
        formMessage = ''
        if (isOpen) {
          openRow = null
          rowDetail = null
          return renderDashboard()
        }
        openRow = row.id
        rowDetail = null
        renderDashboard()
        try {
          rowDetail = await getIndicator(row.id)
        } catch (error) {
          formMessage = failureText(error)
        }
        renderDashboard()
      })
      const unit = tx(row.unit)
      const tr = h(
        'tr',
        { class: `plan-indicator ${row.status} ${row.kind}`, 'data-row': row.id },
        h('td', { class: 'num', 'data-label': pt('colNo') }, String(row.id)),
        h('td', { class: 'plan-words', 'data-label': pt('colIndicator') }, tx(row.words), h('span', { class: 'plan-unit-label' }, `（${unit}）`)),
        h('td', { class: 'num plan-half', 'data-label': pt('colBaseline') }, row.baseline.text),
        h('td', { class: 'num plan-half', 'data-label': pt('colTarget') }, tx(row.target.text)),
        h('td', { class: 'plan-half', 'data-label': pt('colKind') }, h('span', { class: `plan-kind ${row.kind}` }, s.kinds[row.kind] ?? row.kind)),
        h('td', { class: 'num plan-current plan-half', 'data-label': pt('colCurrent') }, currentText(row)),
        h('td', { class: 'plan-progress', 'data-label': pt('colProgress') }, bar(row)),
        h('td', { class: 'plan-half', 'data-label': pt('colStatus') }, h('span', { class: `plan-status-badge ${row.status}` }, s.status[row.status] ?? row.status)),
        sourceCell(row),
        h('td', { class: 'plan-row-actions' }, more),
      )
      return isOpen ? [tr, h('tr', { class: 'plan-detail-row' }, h('td', { colspan: heads.length }, historyBlock(row)))] : [tr]
    })
    dashboard.replaceChildren(
      ...present(header, basis),
      h('div', { class: 'plan-table-wrap' }, h('table', { class: 'plan-indicators' }, h('thead', {}, h('tr', {}, ...heads.map((x) => h('th', {}, x)))), h('tbody', {}, ...body))),
    )
  }

  // The mode on and off -------------------------------------------------------------------

  function setOn(next: boolean): void {
    on = next
    container.hidden = !on
    toggle.setAttribute('aria-pressed', String(on))
    document.body.classList.toggle('plan-on', on)
    setLayersVisible(on)
    if (on) {
      foldSheetsOnPhone()
      sheet.setExpanded(true)
      // On a phone the sheet takes the lower part of the screen: the city is fitted into the part left above it.
      if (isPhone()) fitClearOfPanels(map, areaFeatures('townships'))
      if (!answer && state !== 'loading') void load()
    }
    drawGaps()
  }

  toggle.addEventListener('click', () => setOn(!on))
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !dashboard.hidden) closeDashboard()
  })
  map.on('click', 'plan-gaps-fill', (event) => {
    const code = event.features?.[0]?.properties?.code
    const rule = shownRule()
    if (!code || !rule) return
    picked = String(code)
    expanded.add(rule.id)
    drawGaps()
    render()
    document.querySelector(`#plan-rule-${rule.id} .plan-unit[data-code="${code}"]`)?.scrollIntoView({ block: 'nearest' })
  })
  onAreasChange(() => drawGaps())
  onUserChange(() => {
    if (on) void load()
    renderDashboard()
  })
  onLangChange(() => {
    render()
    renderDashboard()
  })
}
