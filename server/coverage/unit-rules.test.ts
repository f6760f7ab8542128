import { describe, expect, it } from 'vitest'
import { ruleResult } from './plan-check'
import type { PlanFacts } from './unit-rules.queries'
import { UNIT_RULES, type CircleAnswer, type RuleContext } from './unit-rules'

/**
 * A hand-made city: one district (410402, two streets), one county (410421, a town and a
 * township) and one county-level city (410481, a town). Populations are set per test.
 */
function world(extra: Partial<PlanFacts> = {}, options: { includePlanned?: boolean; circle?: CircleAnswer } = {}): RuleContext {
  const box: [number, number, number, number] = [113, 33, 113.1, 33.1]
  const area = (code: string, name: string, population = 0, old = 0) => ({ code, name, population, population_60plus: old, bbox: box })
  const facts: PlanFacts = {
    city: { code: '410400', name: '平顶山市', bbox: box },
    counties: [area('410402', '新华区'), area('410421', '宝丰县'), area('410481', '舞钢市')],
    townships: [
      { ...area('410402001', '东街街道'), kind: 'street', county_code: '410402' },
      { ...area('410402002', '西街街道'), kind: 'street', county_code: '410402' },
      { ...area('410421100', '城关镇'), kind: 'town', county_code: '410421' },
      { ...area('410421200', '张乡'), kind: 'township', county_code: '410421' },
      { ...area('410481100', '尚店镇'), kind: 'town', county_code: '410481' },
    ],
    communities: [
      { code: '410402001001', name: '东一社区', kind: 'community', township_code: '410402001', lon: 113, lat: 33 },
      { code: '410402001002', name: '东二社区', kind: 'community', township_code: '410402001', lon: 113, lat: 33 },
      { code: '410421200201', name: '张村', kind: 'village', township_code: '410421200', lon: 113, lat: 33 },
    ],
    eldercare: [],
    stations: [],
    funeral: [],
    cemeteries: [],
    ...extra,
  }
  const statuses = options.includePlanned ? ['operating', 'planned', 'under_construction'] : ['operating']
  return { ...facts, counts: (s) => statuses.includes(s), includePlanned: !!options.includePlanned, circle: options.circle }
}

let nextId = 1
const elder = (township: string, o: Partial<PlanFacts['eldercare'][number]> = {}): PlanFacts['eldercare'][number] => ({
  id: nextId++, name: '设施', status: 'operating', generated: false, township_code: township, kind: 'day_care',
  beds: 0, nursing_beds: 0, embedded_beds: 0, services: ['day_care'], community_code: null, ...o,
})
const station = (township: string, tier: string, o: Partial<PlanFacts['stations'][number]> = {}) => ({ id: nextId++, name: '站', status: 'operating', generated: false, township_code: township, tier, staff: 5, certified_workers: 1, ...o })
const funeral = (township: string, kind: string, o: Partial<PlanFacts['funeral'][number]> = {}) => ({ id: nextId++, name: '殡仪服务站', status: 'operating', generated: false, township_code: township, kind, ...o })
const cemetery = (township: string, kind: string, level: string, o: Partial<PlanFacts['cemeteries'][number]> = {}) => ({ id: nextId++, name: '公墓', status: 'operating', generated: false, township_code: township, kind, level, ...o })

const run = (id: string, ctx: RuleContext) => {
  const rule = UNIT_RULES.find((r) => r.id === id)!
  return ruleResult(rule, rule.evaluate(ctx))
}
const failing = (r: ReturnType<typeof run>) => Object.fromEntries(r.failing.map((u) => [u.code, u]))
const codes = (r: ReturnType<typeof run>) => r.failing.map((u) => u.code)

describe('the unit rules on hand-made cities', () => {
  it('every rule is written once with a clause and the plan’s words', () => {
    expect(new Set(UNIT_RULES.map((r) => r.id)).size).toBe(UNIT_RULES.length)
    for (const r of UNIT_RULES) {
      expect(r.clause.ref, r.id).toMatch(/第.章第.节|专栏/)
      expect(r.clause.text.length, r.id).toBeGreaterThan(8)
      expect(r.title['zh-CN'] && r.title.en && r.checks['zh-CN'] && r.checks.en, r.id).toBeTruthy()
    }
  })

  it('street centre: a street with one of 32 embedded beds fails with its figures, one of 50 passes; closed and planned do not count', () => {
    const r = run('street_comprehensive_centre', world({
      eldercare: [
        elder('410402001', { kind: 'street_centre', beds: 40, embedded_beds: 32 }),
        elder('410402001', { kind: 'street_centre', beds: 60, embedded_beds: 60, status: 'planned' }),
        elder('410402002', { kind: 'street_centre', beds: 50, embedded_beds: 50 }),
        // A day-care centre with 80 embedded beds is not a street comprehensive centre.
        elder('410402001', { kind: 'day_care', beds: 80, embedded_beds: 80 }),
      ],
    }))
    expect(r.totals).toMatchObject({ units: 2, passing: 1, failing: 1 })
    const east = failing(r)['410402001']!
    expect(east).toMatchObject({ level: 'township', name: '东街街道', within: '新华区', figures: { street_centres: 1, with_50_embedded_beds: 0, largest_embedded_beds: 32 } })
    expect(east.reason!.en).toBe('0 facilities with ≥ 50 embedded beds; the largest of 1 centre(s) has 32')
    // What-if: the planned centre of 60 embedded beds counts.
    expect(run('street_comprehensive_centre', world({ eldercare: [elder('410402001', { kind: 'street_centre', embedded_beds: 60, beds: 60, status: 'planned' })] }), ).failing.map((u) => u.code)).toEqual(['410402001', '410402002'])
    expect(run('street_comprehensive_centre', world({ eldercare: [elder('410402001', { kind: 'street_centre', embedded_beds: 60, beds: 60, status: 'planned' })] }, { includePlanned: true })).failing.map((u) => u.code)).toEqual(['410402002'])
  })

  it('community place: a community with a facility assigned passes, one without fails; villages are not checked', () => {
    const r = run('community_service_place', world({ eldercare: [elder('410402001', { kind: 'home_care_station', community_code: '410402001001' }), elder('410421200', { kind: 'institution', community_code: null })] }))
    expect(r.totals).toMatchObject({ units: 2, passing: 1, failing: 1 })
    expect(failing(r)['410402001002']).toMatchObject({ level: 'community', within: '新华区 东街街道', figures: { service_places: 0 } })
  })

  it('comprehensive function: a township with a facility offering 全托, 日托 and 上门 passes; one whose facilities offer two of them fails, naming them', () => {
    const r = run('township_comprehensive_function', world({
      eldercare: [
        elder('410421100', { kind: 'township_home', services: ['full_time', 'day_care', 'home_visit'] }),
        elder('410421200', { kind: 'township_home', services: ['full_time', 'day_care'] }),
        elder('410421200', { kind: 'village_home', services: ['day_care'] }),
        elder('410481100', { kind: 'township_home', services: ['full_time', 'day_care', 'home_visit'], status: 'closed' }),
      ],
    }))
    expect(r.totals).toMatchObject({ units: 5, passing: 1, failing: 4 })
    expect(failing(r)['410421200']).toMatchObject({ figures: { facilities: 2, comprehensive: 0, most_services: ['full_time', 'day_care'] } })
    expect(failing(r)['410421200']!.reason!['zh-CN']).toBe('2 处养老服务设施，没有一处同时提供全托、日托和上门（最多提供：全托、日托）')
    expect(failing(r)['410481100']).toMatchObject({ figures: { facilities: 0 } })
  })

  it('15-minute circle: the uncovered communities of the coverage answer fail with their distance and the reach', () => {
    const circle: CircleAnswer = {
      parameters: { mode: 'straight', minutes: 15, speed_m_per_min: 60, budget_m: 900 },
      communities: [
        { code: '410402001001', name: '东一社区', township_code: '410402001', covered: true, distance_m: 120 },
        { code: '410402001002', name: '东二社区', township_code: '410402001', covered: false, distance_m: 1240 },
      ],
    }
    const r = run('fifteen_minute_circle', world({}, { circle }))
    expect(r.totals).toMatchObject({ units: 2, passing: 1, failing: 1 })
    expect(r.failing[0]).toMatchObject({ code: '410402001002', figures: { distance_m: 1240, reach_m: 900 } })
    expect(r.failing[0]!.reason!.en).toBe('the nearest community eldercare facility is 1,240 m away (reach: 900 m, 15 min at 60 m/min)')
  })

  it('social work: a township without a station and a county without a guidance centre fail; a community room is not a station', () => {
    const ctx = world({ stations: [station('410402001', 'township_station'), station('410402002', 'community_room'), station('410421100', 'guidance_centre'), station('410421200', 'township_station', { status: 'under_construction' })] })
    const townships = run('township_social_work_station', ctx)
    expect(townships.failing.map((u) => u.code)).toEqual(['410402002', '410421100', '410421200', '410481100'])
    expect(townships.failing[0]!.figures).toEqual({ stations: 0 })
    expect(run('county_guidance_centre', ctx).failing.map((u) => u.code)).toEqual(['410402', '410481'])
  })

  it('cemeteries: counties (not districts) need an urban one; towns and townships (not streets) a rural one, or host the urban one', () => {
    const ctx = world({ cemeteries: [cemetery('410421100', 'urban_public', 'county'), cemetery('410481100', 'commercial', 'county'), cemetery('410421200', 'rural_public', 'township', { status: 'closed' })] })
    const counties = run('county_urban_cemetery', ctx)
    expect(counties.totals).toMatchObject({ units: 2, failing: 1 })
    expect(counties.failing.map((u) => u.code)).toEqual(['410481'])
    const towns = run('township_rural_cemetery', ctx)
    expect(towns.totals.units).toBe(3)
    // 城关镇 hosts the county's urban cemetery: the plan's exception. 张乡's rural one is closed.
    expect(towns.failing.map((u) => u.code)).toEqual(['410421200', '410481100'])
    expect(towns.failing[0]!.figures).toEqual({ rural_public_cemeteries: 0, urban_public_cemeteries: 0 })
  })

  it('county burial coverage: an urban public cemetery or a columbarium in each county-level unit, districts included', () => {
    const r = run('county_public_burial', world({ cemeteries: [cemetery('410421100', 'urban_public', 'county'), cemetery('410481100', 'rural_public', 'township')], funeral: [funeral('410402001', 'columbarium')] }))
    expect(r.totals).toMatchObject({ units: 3, passing: 2, failing: 1 })
    expect(r.failing[0]).toMatchObject({ code: '410481', figures: { urban_public_cemeteries: 0, columbaria: 0 } })
  })

  it('funeral stations: a district of 600,000 with one station fails (needs 2); a county with 1 passes, one with 3 fails', () => {
    const ctx = world({
      counties: [
        { code: '410402', name: '新华区', population: 600_000, population_60plus: 0, bbox: [0, 0, 0, 0] },
        { code: '410421', name: '宝丰县', population: 500_000, population_60plus: 0, bbox: [0, 0, 0, 0] },
        { code: '410481', name: '舞钢市', population: 300_000, population_60plus: 0, bbox: [0, 0, 0, 0] },
      ],
      funeral: [funeral('410402001', 'service_station'), funeral('410402002', 'funeral_home'), funeral('410421100', 'service_station'), ...[1, 2, 3].map(() => funeral('410481100', 'service_station'))],
    })
    const r = run('funeral_service_stations', ctx)
    const f = failing(r)
    expect(codes(r)).toEqual(['410402', '410481'])
    expect(f['410402']!.figures).toEqual({ stations: 1, population: 600_000, required_min: 2, required_max: null })
    expect(f['410402']!.reason!.en).toBe('1 funeral service station(s) for 600,000 residents; one per 300,000 needs at least 2')
    expect(f['410481']!.figures).toMatchObject({ stations: 3, required_min: 1, required_max: 2 })
    // 600,001 residents need 3.
    const more = run('funeral_service_stations', { ...ctx, counties: ctx.counties.map((k) => (k.code === '410402' ? { ...k, population: 600_001 } : k)), funeral: [...ctx.funeral, funeral('410402002', 'service_station')] })
    expect(failing(more)['410402']!.figures).toMatchObject({ stations: 2, required_min: 3 })
  })

  it('named columbaria: each of the 7 units by name and place; a planned one counts only in what-if; a missing unit is said', () => {
    const funeralFacts = [
      funeral('410402001', 'columbarium', { name: '平顶山市公益性骨灰堂', status: 'planned' }),
      funeral('410402002', 'columbarium', { name: '新华区公益性骨灰堂' }),
      // Named for 宝丰县 but standing in 舞钢市: not 宝丰县's.
      funeral('410481100', 'columbarium', { name: '宝丰县公益性骨灰堂' }),
      funeral('410481100', 'columbarium', { name: '舞钢市公益性骨灰堂', status: 'under_construction' }),
    ]
    const r = run('named_columbaria', world({ funeral: funeralFacts }))
    expect(r.totals).toMatchObject({ units: 7, passing: 1, failing: 6 })
    const byName = Object.fromEntries(r.failing.map((u) => [u.name, u]))
    expect(byName['平顶山市']).toMatchObject({ level: 'city', code: '410400', figures: { registered: ['平顶山市公益性骨灰堂'], statuses: ['planned'] } })
    expect(byName['宝丰县']).toMatchObject({ figures: { registered: [], elsewhere: ['宝丰县公益性骨灰堂 (舞钢市)'] } })
    expect(byName['宝丰县']!.reason!.en).toBe('no public columbarium in 宝丰县; 宝丰县公益性骨灰堂 stands in 舞钢市')
    expect(byName['叶县']!.reason!.en).toBe('this city has no county-level unit named 叶县')
    const whatIf = run('named_columbaria', world({ funeral: funeralFacts }, { includePlanned: true }))
    expect(whatIf.failing.map((u) => u.name)).toEqual(['宝丰县', '叶县', '鲁山县', '郏县'])
  })

  it('beds: per 1,000 aged 60+ per county and city-wide against 35, the total against 34,600, the nursing share against 55%', () => {
    const ctx = world({
      counties: [
        { code: '410402', name: '新华区', population: 0, population_60plus: 10_000, bbox: [0, 0, 0, 0] },
        { code: '410421', name: '宝丰县', population: 0, population_60plus: 20_000, bbox: [0, 0, 0, 0] },
        { code: '410481', name: '舞钢市', population: 0, population_60plus: 0, bbox: [0, 0, 0, 0] },
      ],
      eldercare: [
        elder('410402001', { kind: 'institution', beds: 400, nursing_beds: 240 }),
        elder('410421100', { kind: 'township_home', beds: 300, nursing_beds: 100 }),
        elder('410421100', { kind: 'day_care', beds: 100, nursing_beds: 100 }),
      ],
    })
    const perThousand = failing(run('beds_per_thousand_elderly', ctx))
    expect(codes(run('beds_per_thousand_elderly', ctx))).toEqual(['410421', '410400'])
    // 新华区 40 per 1,000 passes; 宝丰县 400 / 20,000 = 20 fails; the city 800 / 30,000 = 26.7 fails; 舞钢市 has no one aged 60+.
    expect(perThousand['410421']!.figures).toEqual({ beds: 400, population_60plus: 20_000, beds_per_thousand: 20, beds_needed: 700 })
    expect(perThousand['410400']!.figures).toMatchObject({ beds: 800, beds_per_thousand: 26.7, beds_needed: 1050 })
    expect(run('beds_per_thousand_elderly', ctx).totals.not_measured).toBe(1)
    expect(run('total_beds', ctx).failing[0]!.figures).toEqual({ beds: 800, target: 34_600, short: 33_800 })
    const nursing = failing(run('nursing_bed_share', ctx))
    expect(codes(run('nursing_bed_share', ctx))).toEqual(['410421', '410400'])
    // Institutions only: 新华区 60% passes, 宝丰县 33.3% fails, the city 340 / 700 = 48.6% fails.
    expect(nursing['410400']!.figures).toEqual({ institution_beds: 700, nursing_beds: 340, nursing_share_pct: 48.6 })
  })
})
