import { currentLang, onLangChange, strings, t } from '../i18n'
import type { RuleCheckInfo } from '../api/client'
import { STATUSES } from '../registers/registers'
import { filters, onRecordsChange, setFilters } from '../registers/store'
import { h } from './dom'

function select(name: string, value: string, options: [string, string][], onChange: (value: string) => void): HTMLSelectElement {
  const el = h('select', { name, onchange: () => onChange(el.value) }, ...options.map(([v, label]) => h('option', { value: v }, label)))
  el.value = value
  return el
}

/**
 * The planner's filters over every register: county, status and rule-check failures.
 * The layer panel, the map and the table all follow them; `onCounty` is told the county
 * chosen ('' for the whole city), for the map to zoom to it.
 */
export function renderFilters(
  container: HTMLElement,
  counties: () => { code: string; name: string }[],
  ruleChecks: RuleCheckInfo[],
  onCounty: (code: string) => void,
): void {
  let drawnFor: unknown
  const redraw = () => {
    drawnFor = counties()
    const s = strings()
    container.replaceChildren(
      h('h2', {}, t('filters')),
      h(
        'label',
        { class: 'filter-row' },
        s.county,
        select('county', filters.county, [['', t('allCounties2')], ...counties().map((c): [string, string] => [c.code, c.name])], (v) => {
          setFilters((f) => (f.county = v))
          onCounty(v)
        }),
      ),
      h(
        'label',
        { class: 'filter-row' },
        s.status,
        select('status', filters.status, [['', t('allStatuses')], ...STATUSES.map((v): [string, string] => [v, s.statuses[v] ?? v])], (v) => setFilters((f) => (f.status = v)),
        ),
      ),
      h(
        'label',
        { class: 'filter-row' },
        s.ruleChecks,
        select(
          'rule',
          filters.rule,
          [['', t('allRecords')], ['*', t('anyRuleFailure')], ...ruleChecks.map((r): [string, string] => [r.id, t('failing', { rule: r.title[currentLang()] })])],
          (v) => setFilters((f) => (f.rule = v)),
        ),
      ),
    )
  }
  onLangChange(redraw)
  // Drawn again only when the county list arrives or changes: a select rebuilt while in use loses its focus.
  onRecordsChange(() => counties() !== drawnFor && redraw())
}
