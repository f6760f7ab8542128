import type { Feature, FeatureCollection } from 'geojson'
import type { IndicatorRow, RuleResult } from '../api/plan'

/**
 * The "plan gaps" layer's features: the units failing a rule, with the geometries the map
 * already holds (township and county areas, community points; the city as all its
 * counties), each with `code`, `level` and `name`.
 */
export function planGapFeatures(rule: RuleResult | null, areas: { townships: Feature[]; counties: Feature[]; communities: Feature[] }): FeatureCollection {
  if (!rule) return { type: 'FeatureCollection', features: [] }
  const byCode = (features: Feature[]) => new Map(features.map((f) => [String(f.properties?.code), f]))
  const lookup = { township: byCode(areas.townships), county: byCode(areas.counties), community: byCode(areas.communities) }
  const features: Feature[] = []
  for (const unit of rule.failing) {
    const properties = { code: unit.code, level: unit.level, name: unit.name }
    const sources = unit.level === 'city' ? areas.counties.filter((f) => f.properties?.is_home) : [lookup[unit.level].get(unit.code)].filter((f): f is Feature => !!f)
    for (const source of sources) features.push({ type: 'Feature', properties, geometry: source.geometry })
  }
  return { type: 'FeatureCollection', features }
}

/** Where a row's bar puts its value, baseline and target, as shares (0..1) of the bar's length; null when there is nothing to draw. */
export type Bar = { value: number | null; baseline: number | null; target: number | null; scale: number }

/**
 * The bar of an indicator row: percentages on 0–100 %; other units on a scale a quarter
 * beyond the largest of value, baseline and target; a row compared against a second
 * figure has factor × that figure as its target.
 */
export function indicatorBar(row: IndicatorRow): Bar | null {
  const value = row.current?.value ?? null
  const target =
    row.target.type === 'at_least'
      ? row.target.value
      : row.target.type === 'relative' && row.current?.comparison_value != null
        ? row.target.factor * row.current.comparison_value
        : null
  const baseline = row.baseline.value
  const known = [value, target, baseline].filter((x): x is number => x !== null)
  if (!known.length || row.status === 'not_modelled') return null
  const scale = row.unit.en === '%' ? Math.max(100, ...known) : Math.max(...known.map(Math.abs)) * 1.25 || 1
  const at = (x: number | null) => (x === null ? null : Math.max(0, Math.min(1, x / scale)))
  return { value: at(value), baseline: at(baseline), target: at(target), scale }
}
