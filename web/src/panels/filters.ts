import { currentLang, onLangChange, strings, t } from '../i18n'
import type { RuleCheckInfo } from '../api/client'
import { filters, setFilters } from '../registers/store'
import { h } from './dom'

const STATUSES = ['planned', 'under_construction', 'operating', 'closed']

function select(name: string, value: string, options: [string, string][], onChange: (value: string) => void): HTMLSelectElement {
  const el = h('select', { name, onchange: () => onChange(el.value) }, ...options.map(([v, label]) => h('option', { value: v }, label)))
  el.value = value
  return el
}

/**
 * The planner's filters over every register: county, status and rule-check failures.
 * The layer panel, the map and the table all follow them. @returns a redraw, for when the counties have loaded.
 */
export function renderFilters(container: HTMLElement, counties: () => { code: string; name: string }[], ruleChecks: RuleCheckInfo[]): () => void {
  const redraw = () => {
    const s = strings()
    const status = filters.statuses.size === 1 ? [...filters.statuses][0]! : ''
    container.replaceChildren(
      h('h2', {}, t('filters')),
      h(
        'label',
        { class: 'filter-row' },
        s.county,
        select('county', filters.county, [['', t('allCounties2')], ...counties().map((c): [string, string] => [c.code, c.name])], (v) => setFilters((f) => (f.county = v))),
      ),
      h(
        'label',
        { class: 'filter-row' },
        s.status,
        select('status', status, [['', t('allStatuses')], ...STATUSES.map((v): [string, string] => [v, s.statuses[v] ?? v])], (v) =>
          setFilters((f) => {
            f.statuses.clear()
            if (v) f.statuses.add(v)
          }),
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
  return redraw
}
