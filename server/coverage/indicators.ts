import type { IndicatorEntry } from './indicators.queries'
import type { RulesAnswer } from './plan-check'
import type { Texts } from './unit-rules'

/** 约束性 binding or 预期性 expected, as the plan marks each indicator. */
export type IndicatorKind = 'binding' | 'expected'

/**
 * A 2025 target: at least a number; at least `factor` times a second figure entered with
 * the value (row 1: the growth of per-capita consumption; row 12: the minimum-living
 * standard); or none (row 6 has "—").
 */
export type Target = ({ type: 'at_least'; value: number } | { type: 'relative'; factor: number; other: Texts } | { type: 'none' }) & { text: Texts }

/** Where a row's current value comes from. */
export type IndicatorSource =
  /** The share of a unit rule's units that pass, in %. */
  | { type: 'rule'; rule: string }
  /** The city-wide nursing-type share of the nursing-bed rule, in %. */
  | { type: 'nursing_share'; rule: string }
  /** The staff of the registered social-work stations. */
  | { type: 'stations' }
  /** Entered by an administrator, within [min, max] (and the second figure's range). */
  | { type: 'entered'; min: number; max: number; comparison?: { min: number; max: number } }
  /** Not in the map's data. */
  | { type: 'not_modelled'; note: Texts }

/** A row of 专栏1. */
export type Indicator = {
  id: number
  /** The plan's words, and in English. */
  words: Texts
  unit: Texts
  baseline: { value: number | null; text: string }
  target: Target
  kind: IndicatorKind
  source: IndicatorSource
}

const pct = { 'zh-CN': '%', en: '%' }
const percent = { type: 'entered', min: 0, max: 100 } as const

/** The 13 rows of 专栏1 “十四五”时期平顶山市民政事业发展主要指标 (shared/DOMAIN.md §6). */
export const INDICATORS: readonly Indicator[] = [
  {
    id: 1,
    words: { 'zh-CN': '城乡低保标准年度增速', en: 'Annual growth of the urban and rural minimum-living standard' },
    unit: pct,
    baseline: { value: null, text: '—' },
    target: {
      type: 'relative',
      factor: 1,
      other: { 'zh-CN': '居民上年度人均消费支出增速（%）', en: 'growth of residents’ per-capita consumption in the year before (%)' },
      text: { 'zh-CN': '不低于居民上年度人均消费支出增速', en: 'at least the growth of per-capita consumption in the year before' },
    },
    kind: 'expected',
    source: { type: 'entered', min: -100, max: 100, comparison: { min: -100, max: 100 } },
  },
  {
    id: 2,
    words: { 'zh-CN': '农村低保标准占城市低保标准比例', en: 'Rural minimum-living standard as a share of the urban one' },
    unit: pct,
    baseline: { value: 65, text: '65' },
    target: { type: 'at_least', value: 75, text: { 'zh-CN': '75', en: '75' } },
    kind: 'expected',
    source: percent,
  },
  {
    id: 3,
    words: { 'zh-CN': '残疾人“两项补贴”覆盖率', en: 'Coverage of the two disability subsidies' },
    unit: pct,
    baseline: { value: 99, text: '99' },
    target: { type: 'at_least', value: 100, text: { 'zh-CN': '100', en: '100' } },
    kind: 'binding',
    source: percent,
  },
  {
    id: 4,
    words: { 'zh-CN': '养老机构护理型床位占比', en: 'Nursing-type beds as a share of institution beds' },
    unit: pct,
    baseline: { value: null, text: '—' },
    target: { type: 'at_least', value: 55, text: { 'zh-CN': '55', en: '55' } },
    kind: 'binding',
    source: { type: 'nursing_share', rule: 'nursing_bed_share' },
  },
  {
    id: 5,
    words: { 'zh-CN': '乡镇（街道）范围具备综合功能的养老服务机构覆盖率', en: 'Townships with an eldercare facility of comprehensive function' },
    unit: pct,
    baseline: { value: 18, text: '18' },
    target: { type: 'at_least', value: 100, text: { 'zh-CN': '100', en: '100' } },
    kind: 'expected',
    source: { type: 'rule', rule: 'township_comprehensive_function' },
  },
  {
    id: 6,
    words: { 'zh-CN': '每百户居民拥有的城乡社区综合服务设施面积', en: 'Community service-facility floor area per 100 households' },
    unit: { 'zh-CN': '平方米', en: 'm²' },
    baseline: { value: null, text: '—' },
    target: { type: 'none', text: { 'zh-CN': '—', en: '—' } },
    kind: 'expected',
    source: { type: 'entered', min: 0, max: 100_000 },
  },
  {
    id: 7,
    words: { 'zh-CN': '查明身份信息流浪乞讨受助人员接送返回率', en: 'Return rate of identified homeless people helped' },
    unit: pct,
    baseline: { value: null, text: '—' },
    target: { type: 'at_least', value: 100, text: { 'zh-CN': '100', en: '100' } },
    kind: 'binding',
    source: percent,
  },
  {
    id: 8,
    words: { 'zh-CN': '县级公益性安葬（放）设施覆盖率', en: 'County-level public-welfare burial facility coverage' },
    unit: pct,
    baseline: { value: null, text: '—' },
    target: { type: 'at_least', value: 100, text: { 'zh-CN': '100', en: '100' } },
    kind: 'binding',
    source: { type: 'rule', rule: 'county_public_burial' },
  },
  {
    id: 9,
    words: { 'zh-CN': '乡镇（街道）未成年人保护工作站覆盖率', en: 'Townships with a minor-protection workstation' },
    unit: pct,
    baseline: { value: null, text: '—' },
    target: { type: 'at_least', value: 50, text: { 'zh-CN': '50', en: '50' } },
    kind: 'expected',
    source: {
      type: 'not_modelled',
      note: {
        'zh-CN': '未成年人保护工作站尚未作为登记数据纳入本系统，无法计算',
        en: 'Minor-protection workstations are not a register of this service yet, so this row cannot be computed',
      },
    },
  },
  {
    id: 10,
    words: { 'zh-CN': '志愿服务站点在社区综合服务设施中的覆盖率', en: 'Community service facilities with a volunteer-service point' },
    unit: pct,
    baseline: { value: null, text: '—' },
    target: { type: 'at_least', value: 80, text: { 'zh-CN': '80', en: '80' } },
    kind: 'expected',
    source: percent,
  },
  {
    id: 11,
    words: { 'zh-CN': '社会工作专业人才总量', en: 'Social-work professionals in all' },
    unit: { 'zh-CN': '万人', en: '10,000 people' },
    baseline: { value: 0.16, text: '0.16' },
    target: { type: 'at_least', value: 0.2, text: { 'zh-CN': '0.2', en: '0.2' } },
    kind: 'expected',
    source: { type: 'stations' },
  },
  {
    id: 12,
    words: { 'zh-CN': '特困人员基本生活标准', en: 'Basic living standard of people in extreme poverty' },
    unit: { 'zh-CN': '元/月', en: 'yuan a month' },
    baseline: { value: null, text: '不低于当地低保标准的1.3倍' },
    target: {
      type: 'relative',
      factor: 1.3,
      other: { 'zh-CN': '当地低保标准（元/月）', en: 'the local minimum-living standard (yuan a month)' },
      text: { 'zh-CN': '不低于当地低保标准的1.3倍', en: 'at least 1.3 times the local minimum-living standard' },
    },
    kind: 'expected',
    source: { type: 'entered', min: 0, max: 100_000, comparison: { min: 0.01, max: 100_000 } },
  },
  {
    id: 13,
    words: { 'zh-CN': '乡镇（街道）社会工作服务站覆盖率', en: 'Townships with a social-work station' },
    unit: pct,
    baseline: { value: null, text: '—' },
    target: { type: 'at_least', value: 100, text: { 'zh-CN': '100', en: '100' } },
    kind: 'expected',
    source: { type: 'rule', rule: 'township_social_work_station' },
  },
]

/** met / not met against the target; no data yet; no target to meet (row 6); not in the map's data (row 9). */
export type IndicatorStatus = 'met' | 'not_met' | 'no_data' | 'no_target' | 'not_modelled'

/** A row's current value: computed (with what it counts) or the current entry. */
export type CurrentValue = {
  value: number
  comparison_value: number | null
  /** How it is computed, or the entry's note. */
  detail: Texts | null
  /** The rule it is computed from, and how many units fail it. */
  rule: { id: string; failing: number } | null
  entry: IndicatorEntry | null
}

/** A row of the table with its current value and status. */
export type IndicatorRow = Indicator & { current: CurrentValue | null; status: IndicatorStatus; note: Texts | null }

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits
const fmt = (x: number) => x.toLocaleString('en-US')

/** Whether a value meets the row's target (null: there is none). */
export function meets(target: Target, value: number, comparison: number | null): boolean | null {
  if (target.type === 'none') return null
  if (target.type === 'at_least') return value >= target.value
  return comparison === null ? false : value >= target.factor * comparison
}

/** The rule an indicator row is computed from, if any. */
export const ruleOf = (indicator: Indicator): string | null =>
  indicator.source.type === 'rule' || indicator.source.type === 'nursing_share' ? indicator.source.rule : null

/**
 * Every row of the table, computed from the rules' answer (rows 4, 5, 8, 13), the
 * registered social-work stations (row 11) and the current entries (the others).
 * `entries` holds each row's entries, the current first (listIndicatorEntries' order).
 */
export function indicatorRows(answer: RulesAnswer, entries: readonly IndicatorEntry[]): IndicatorRow[] {
  return INDICATORS.map((indicator) => {
    const { source } = indicator
    let current: CurrentValue | null = null
    let note: Texts | null = null
    if (source.type === 'rule') {
      const rule = answer.rules.find((r) => r.id === source.rule)!
      const measured = rule.totals.passing + rule.totals.failing
      if (measured > 0) {
        current = {
          value: round((rule.totals.passing / measured) * 100, 1),
          comparison_value: null,
          detail: {
            'zh-CN': `${measured} 个单位中 ${rule.totals.passing} 个达到规则“${rule.title['zh-CN']}”`,
            en: `${rule.totals.passing} of ${measured} units pass the rule “${rule.title.en}”`,
          },
          rule: { id: rule.id, failing: rule.totals.failing },
          entry: null,
        }
      }
    } else if (source.type === 'nursing_share') {
      const rule = answer.rules.find((r) => r.id === source.rule)!
      const city = rule.outcomes.find((o) => o.level === 'city')
      const share = city?.figures.nursing_share_pct
      if (typeof share === 'number') {
        current = {
          value: share,
          comparison_value: null,
          detail: {
            'zh-CN': `全市养老机构护理型床位 ${fmt(Number(city!.figures.nursing_beds))} 张，占机构床位 ${fmt(Number(city!.figures.institution_beds))} 张的比例`,
            en: `${fmt(Number(city!.figures.nursing_beds))} nursing-type beds of ${fmt(Number(city!.figures.institution_beds))} institution beds in the city`,
          },
          rule: { id: rule.id, failing: rule.totals.failing },
          entry: null,
        }
      }
    } else if (source.type === 'stations') {
      const counted = answer.facts.stations.filter((s) => (answer.statuses as readonly string[]).includes(s.status) && s.township_code)
      const staff = counted.reduce((n, s) => n + s.staff, 0)
      const certified = counted.reduce((n, s) => n + s.certified_workers, 0)
      const population = answer.facts.counties.reduce((n, k) => n + k.population, 0)
      const perTenThousand = population > 0 ? round((staff / population) * 10_000, 2) : null
      current = {
        value: round(staff / 10_000, 4),
        comparison_value: null,
        detail: {
          'zh-CN': `登记的 ${counted.length} 个社会工作站（各层级）的工作人员共 ${fmt(staff)} 人（其中持证社工 ${fmt(certified)} 人）${perTenThousand === null ? '' : `，合每万常住人口 ${perTenThousand} 人`}；不含站外（社工机构、医院、学校等）的社会工作人才，故偏低`,
          en: `the staff of the ${counted.length} registered social-work stations of every tier: ${fmt(staff)} people (${fmt(certified)} of them certified social workers)${perTenThousand === null ? '' : `, ${perTenThousand} per 10,000 residents`}; professionals outside the stations (agencies, hospitals, schools) are not registered, so this counts fewer than there are`,
        },
        rule: null,
        entry: null,
      }
    } else if (source.type === 'entered') {
      const entry = entries.find((e) => e.indicator === indicator.id)
      if (entry) current = { value: entry.value, comparison_value: entry.comparison_value, detail: entry.note ? { 'zh-CN': entry.note, en: entry.note } : null, rule: null, entry }
    } else {
      note = source.note
    }
    const status: IndicatorStatus =
      source.type === 'not_modelled'
        ? 'not_modelled'
        : current === null
          ? 'no_data'
          : ((s) => (s === null ? 'no_target' : s ? 'met' : 'not_met'))(meets(indicator.target, current.value, current.comparison_value))
    return { ...indicator, current, status, note }
  })
}

/** The date today in the city (China Standard Time), YYYY-MM-DD: entries may not be for a later day. */
export function todayInCity(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

/** The first day an entry may be for: the plan's baseline year. */
export const FIRST_ENTRY_DATE = '2020-01-01'
