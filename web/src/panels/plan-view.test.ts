import { describe, expect, it } from 'vitest'
import type { Feature } from 'geojson'
import type { IndicatorRow, RuleResult } from '../api/plan'
import { indicatorBar, planGapFeatures } from './plan-view'

const area = (code: string, extra: Record<string, unknown> = {}): Feature => ({ type: 'Feature', properties: { code, ...extra }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } })
const unit = (level: 'city' | 'county' | 'township' | 'community', code: string) => ({ level, code, name: code, within: null, figures: {}, reason: null, bbox: null })
const rule = (failing: ReturnType<typeof unit>[]) => ({ id: 'r', failing }) as unknown as RuleResult

describe('the plan gaps layer', () => {
  it('draws each failing unit with the geometry the map holds, the city as its home counties, and skips units it has no geometry for', () => {
    const areas = {
      townships: [area('410402001'), area('410402002')],
      counties: [area('410402', { is_home: true }), area('410421', { is_home: true }), area('411000', { is_home: false })],
      communities: [{ type: 'Feature', properties: { code: '410402001001' }, geometry: { type: 'Point', coordinates: [113, 33] } } as Feature],
    }
    const gaps = planGapFeatures(rule([unit('township', '410402002'), unit('community', '410402001001'), unit('city', '410400'), unit('township', '999999999')]), areas)
    expect(gaps.features.map((f) => `${f.properties!.level} ${f.properties!.code} ${f.geometry.type}`)).toEqual([
      'township 410402002 Polygon',
      'community 410402001001 Point',
      'city 410400 Polygon',
      'city 410400 Polygon',
    ])
    expect(planGapFeatures(null, areas).features).toEqual([])
  })
})

const row = (o: Partial<IndicatorRow>): IndicatorRow =>
  ({ id: 1, words: { 'zh-CN': '', en: '' }, unit: { 'zh-CN': '%', en: '%' }, baseline: { value: null, text: '—' }, target: { type: 'at_least', value: 100, text: { 'zh-CN': '100', en: '100' } }, kind: 'expected', source: { type: 'entered', min: 0, max: 100 }, current: null, status: 'no_data', note: null, ...o }) as IndicatorRow
const current = (value: number, comparison_value: number | null = null) => ({ value, comparison_value, detail: null, rule: null, entry: null })

describe('the indicator bars', () => {
  it('puts percentages on 0–100 %, with the baseline and the target marked', () => {
    const bar = indicatorBar(row({ baseline: { value: 18, text: '18' }, current: current(10.8), status: 'not_met' }))!
    expect(bar).toMatchObject({ baseline: 0.18, target: 1, scale: 100 })
    expect(bar.value).toBeCloseTo(0.108)
  })
  it('scales other units a quarter beyond the largest figure (row 11, 万人)', () => {
    const bar = indicatorBar(row({ unit: { 'zh-CN': '万人', en: '10,000 people' }, baseline: { value: 0.16, text: '0.16' }, target: { type: 'at_least', value: 0.2, text: { 'zh-CN': '0.2', en: '0.2' } }, current: current(0.0582) }))!
    expect(bar.scale).toBeCloseTo(0.25)
    expect(bar.target).toBeCloseTo(0.8)
    expect(bar.value).toBeCloseTo(0.2328)
  })
  it('sets a relative target at factor × the second figure, and draws nothing for a row not modelled', () => {
    const relative = { type: 'relative' as const, factor: 1.3, other: { 'zh-CN': '', en: '' }, text: { 'zh-CN': '', en: '' } }
    const bar = indicatorBar(row({ unit: { 'zh-CN': '元/月', en: 'yuan a month' }, target: relative, current: current(1000, 800) }))!
    expect(bar.target! * bar.scale).toBeCloseTo(1040)
    expect(bar.value! * bar.scale).toBeCloseTo(1000)
    expect(indicatorBar(row({ status: 'not_modelled', target: { type: 'at_least', value: 50, text: { 'zh-CN': '', en: '' } } }))).toBeNull()
    expect(indicatorBar(row({ target: relative }))).toBeNull()
  })
})
