import type { Feature } from 'geojson'
import { describe, expect, it } from 'vitest'
import type { CoverageAnswer, CoverageCommunity, CoverageUnit } from '../api/coverage'
import { communityGaps, coveredCommunities, sortGaps, townshipChoropleth, townshipGaps } from './coverage-gaps'

const tally = (total: number, covered: number) => ({ total, covered, uncovered: total - covered })
const unit = (code: string, name: string, total: number, covered: number, level: CoverageUnit['level'] = 'township'): CoverageUnit => ({
  level, code, name, communities: tally(total, covered), population: tally(total * 1000, covered * 1000),
  population_60plus: tally(total * 200, covered * 200), share_covered: total ? covered / total : 0,
})
const community = (code: string, covered: boolean, p60: number, distance: number | null, township = '410402001'): CoverageCommunity => ({
  code, name: `社区${code.slice(-2)}`, kind: 'community', township_code: township, county_code: township.slice(0, 6),
  population: p60 * 5, population_60plus: p60, covered, distance_m: distance, facility_id: null,
})
const answer = (communities: CoverageCommunity[], units: CoverageUnit[]) => ({ communities, units }) as unknown as CoverageAnswer
const names: Record<string, string> = { '410402001': '曙光街街道', '410402002': '光明路街道', '410402': '新华区' }
const nameOf = (code: string) => names[code] ?? code

describe('sortGaps', () => {
  const rows = [
    { name: '乙', d: 300 as number | null },
    { name: '甲', d: null },
    { name: '丙', d: 100 },
  ]
  it('orders numbers by value either way, with no distance last both ways', () => {
    expect(sortGaps(rows, { key: 'd', descending: false }).map((r) => r.d)).toEqual([100, 300, null])
    expect(sortGaps(rows, { key: 'd', descending: true }).map((r) => r.d)).toEqual([300, 100, null])
  })
  it('orders names in Chinese order and leaves its input as it was', () => {
    const sorted = sortGaps(rows, { key: 'name', descending: false }).map((r) => r.name)
    expect(sorted).toEqual([...rows.map((r) => r.name)].sort(new Intl.Collator('zh-CN').compare))
    expect(rows.map((r) => r.name)).toEqual(['乙', '甲', '丙'])
  })
})

describe('the gap lists', () => {
  const a = answer(
    [community('410402001001', true, 500, 300), community('410402001002', false, 900, 1500), community('410402002001', false, 100, null, '410402002')],
    [unit('410402001', '曙光街街道', 2, 1), unit('410402002', '光明路街道', 1, 0), unit('410402003', '空街道', 0, 0), unit('410402', '新华区', 3, 1, 'county')],
  )
  it('list only the uncovered communities, with their township names', () => {
    expect(communityGaps(a, nameOf)).toEqual([
      { code: '410402001002', name: '社区02', township: '曙光街街道', population_60plus: 900, distance_m: 1500 },
      { code: '410402002001', name: '社区01', township: '光明路街道', population_60plus: 100, distance_m: null },
    ])
  })
  it('list the townships with communities in scope, with county names and what is uncovered', () => {
    expect(townshipGaps(a, nameOf)).toEqual([
      { code: '410402001', name: '曙光街街道', county: '新华区', share: 0.5, uncovered: 1, total: 2, uncovered_60plus: 200 },
      { code: '410402002', name: '光明路街道', county: '新华区', share: 0, uncovered: 1, total: 1, uncovered_60plus: 200 },
    ])
  })
})

describe('coveredCommunities', () => {
  it('joins the points with their coverage by code and leaves out those not in the answer', () => {
    const point = (code: string): Feature => ({ type: 'Feature', id: code, properties: { code, name: 'x' }, geometry: { type: 'Point', coordinates: [113, 33] } })
    const a = answer([community('410402001002', false, 900, 1500)], [])
    const joined = coveredCommunities([point('410402001001'), point('410402001002')], a, nameOf)
    expect(joined.features).toHaveLength(1)
    expect(joined.features[0]!.id).toBe('410402001002')
    expect(joined.features[0]!.properties).toMatchObject({ covered: false, population_60plus: 900, township_name: '曙光街街道', distance_m: 1500 })
  })
})

describe('townshipChoropleth', () => {
  it('gives each township its share, and none to a township without communities in scope', () => {
    const township = (code: string): Feature => ({ type: 'Feature', id: code, properties: { code, name: nameOf(code) }, geometry: { type: 'Polygon', coordinates: [] } })
    const out = townshipChoropleth([township('410402001'), township('410402003'), township('410402009')], [unit('410402001', '曙光街街道', 4, 3), unit('410402003', '空街道', 0, 0)])
    expect(out.features.map((f) => f.properties?.share)).toEqual([0.75, undefined, undefined])
    expect(out.features[0]!.properties).toMatchObject({ uncovered: 1, total: 4 })
  })
})
