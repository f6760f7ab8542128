import { COMMUNITY_KINDS } from './coverage.schemas'
import { INSTITUTION_KINDS } from './rule-checks'
import type { PlanFacts } from './unit-rules.queries'

/** A text in both languages of the app. */
export type Texts = { 'zh-CN': string; en: string }

/** The levels of the units the plan's rules speak of. */
export type UnitLevel = 'city' | 'county' | 'township' | 'community'

/** A figure of a unit's outcome: a count, a share, a name, a list of names; null when there is nothing to measure. */
export type Figure = number | string | boolean | null | readonly string[]

/** How one unit fares under a rule. `passes` null: the rule has nothing to measure there (e.g. no institution beds). */
export type UnitOutcome = {
  level: UnitLevel
  code: string
  name: string
  /** Where the unit lies, for people: the county of a township, "county township" of a community; null for a county or the city. */
  within: string | null
  passes: boolean | null
  /** The figures that make it pass or fail, e.g. `{ street_centres: 1, largest_embedded_beds: 32 }`. */
  figures: Record<string, Figure>
  /** Why it fails, in words (null when it passes). */
  reason: Texts | null
}

/** The 15-minute circle's answer the circle rule reads (from eldercareCoverage, scope `community`). */
export type CircleAnswer = {
  parameters: { mode: string; minutes: number; speed_m_per_min: number; budget_m: number }
  communities: { code: string; name: string; township_code: string; covered: boolean; distance_m: number | null }[]
}

/** What a rule is evaluated over: the facts, which statuses count, and (for the circle rule) the coverage analysis. */
export type RuleContext = PlanFacts & {
  /** Whether a facility of this status counts: operating ones always, planned and building ones in what-if. */
  counts: (status: string) => boolean
  includePlanned: boolean
  circle?: CircleAnswer
}

/**
 * A rule of the plan on units: every street, township, county… must have what the plan
 * demands. Written once here, with the clause (chapter and section, or the column of 专栏1)
 * and the plan's own words.
 */
export type UnitRule = {
  id: string
  title: Texts
  clause: { ref: string; text: string }
  /** Which units it checks, and how it counts, in words. */
  checks: Texts
  /** Whether it needs the 15-minute circle (the coverage analysis). */
  usesCircle?: true
  evaluate: (ctx: RuleContext) => UnitOutcome[]
}

const n = (x: number) => Math.round(x).toLocaleString('en-US')
const one = (x: number) => (Math.round(x * 10) / 10).toLocaleString('en-US', { maximumFractionDigits: 1 })
const SERVICE_NAMES: Record<string, Texts> = {
  full_time: { 'zh-CN': '全托', en: 'full-time care' },
  day_care: { 'zh-CN': '日托', en: 'day care' },
  home_visit: { 'zh-CN': '上门', en: 'home visits' },
}
const ALL_SERVICES = ['full_time', 'day_care', 'home_visit'] as const

/** Whether a county-level code is a city district (市辖区: the last two digits 01–20, GB/T 2260). */
export const isDistrict = (code: string) => Number(code.slice(4)) >= 1 && Number(code.slice(4)) <= 20

/** One funeral service station for this many residents in the city districts (第九章第二节). */
export const RESIDENTS_PER_STATION = 300_000
/** Beds per 1,000 people aged 60+ (第一章第二节). */
export const BEDS_PER_THOUSAND = 35
/** Eldercare beds the city must have by 2025 (第四章第二节). */
export const TOTAL_BEDS = 34_600
/** Nursing-type share of institution beds (专栏1 指标4). */
export const NURSING_SHARE = 0.55
/** Embedded beds of a street's comprehensive facility (第四章第二节). */
export const STREET_EMBEDDED_BEDS = 50
/** The public columbaria the plan names (第九章第二节), by the unit each is for, as written there (郟县 is 郏县). */
export const NAMED_COLUMBARIA = ['平顶山市', '宝丰县', '叶县', '舞钢市', '鲁山县', '新华区', '郏县'] as const

/** Lookups over the facts shared by the rules. */
function lookups(ctx: RuleContext) {
  const county = new Map(ctx.counties.map((k) => [k.code, k]))
  const township = new Map(ctx.townships.map((t) => [t.code, t]))
  const countyOf = (townshipCode: string | null) => (townshipCode ? township.get(townshipCode)?.county_code ?? null : null)
  /** The counted items of each township (or county), by code. */
  const group = <T extends { status: string; township_code: string | null }>(items: readonly T[], by: 'township' | 'county', keep: (item: T) => boolean = () => true) => {
    const out = new Map<string, T[]>()
    for (const item of items) {
      if (!ctx.counts(item.status) || !keep(item)) continue
      const key = by === 'township' ? item.township_code : countyOf(item.township_code)
      if (!key) continue
      out.set(key, [...(out.get(key) ?? []), item])
    }
    return out
  }
  const townshipUnit = (t: (typeof ctx.townships)[number]) => ({ level: 'township' as const, code: t.code, name: t.name, within: county.get(t.county_code)?.name ?? null })
  const countyUnit = (k: (typeof ctx.counties)[number]) => ({ level: 'county' as const, code: k.code, name: k.name, within: null })
  return { county, township, countyOf, group, townshipUnit, countyUnit }
}

const outcome = (unit: Pick<UnitOutcome, 'level' | 'code' | 'name' | 'within'>, passes: boolean | null, figures: Record<string, Figure>, reason: Texts | null): UnitOutcome => ({
  ...unit,
  passes,
  figures,
  reason: passes === false ? reason : null,
})

/** A count rule: each unit must have at least one counted item. */
function atLeastOne(units: { unit: Pick<UnitOutcome, 'level' | 'code' | 'name' | 'within'>; items: readonly unknown[] }[], figure: string, missing: Texts): UnitOutcome[] {
  return units.map(({ unit, items }) => outcome(unit, items.length > 0, { [figure]: items.length }, missing))
}

/** Every unit rule, in the order of the plan's chapters: the one place where they are written. */
export const UNIT_RULES: readonly UnitRule[] = [
  {
    id: 'street_comprehensive_centre',
    title: { 'zh-CN': '每个街道有 1 处综合养老服务设施，嵌入式床位不少于 50 张', en: 'Every street has a comprehensive eldercare facility with at least 50 embedded beds' },
    clause: { ref: '第四章第二节', text: '到 2025 年，实现每个街道有 1 处综合养老服务设施，嵌入式养老床位不少于 50 张' },
    checks: {
      'zh-CN': '每个街道：位于其中的街道综合养老服务中心，嵌入式床位不少于 50 张的至少 1 处',
      en: 'Each street (街道): at least one street comprehensive centre in it with 50 or more embedded beds',
    },
    evaluate(ctx) {
      const { group, townshipUnit } = lookups(ctx)
      const centres = group(ctx.eldercare, 'township', (f) => f.kind === 'street_centre')
      return ctx.townships
        .filter((t) => t.kind === 'street')
        .map((t) => {
          const here = centres.get(t.code) ?? []
          const qualifying = here.filter((f) => f.embedded_beds >= STREET_EMBEDDED_BEDS).length
          const largest = here.length ? Math.max(...here.map((f) => f.embedded_beds)) : null
          const reason: Texts =
            largest === null
              ? { 'zh-CN': '没有街道综合养老服务中心', en: 'no street comprehensive centre' }
              : {
                  'zh-CN': `嵌入式床位不少于 50 张的综合养老服务设施 0 处；${here.length} 处中心最多的有 ${n(largest)} 张`,
                  en: `0 facilities with ≥ 50 embedded beds; the largest of ${here.length} centre(s) has ${n(largest)}`,
                }
          return outcome(townshipUnit(t), qualifying > 0, { street_centres: here.length, with_50_embedded_beds: qualifying, largest_embedded_beds: largest }, reason)
        })
    },
  },
  {
    id: 'community_service_place',
    title: { 'zh-CN': '每个社区有 1 处养老服务场所', en: 'Every community has an eldercare service place' },
    clause: { ref: '第四章第二节', text: '每个社区有 1 处养老服务场所' },
    checks: {
      'zh-CN': '每个城镇社区（不含行政村）：至少 1 处社区养老服务设施（街道中心、日间照料中心、居家养老服务站、嵌入式机构、区域中心）离它比离本乡镇（街道）其他社区（村）更近',
      en: 'Each urban community (not villages): at least one community eldercare facility (street centre, day-care centre, home-care station, embedded institution, regional centre) nearer to it than to any other community or village of its township',
    },
    evaluate(ctx) {
      const { township, county } = lookups(ctx)
      const kinds = new Set<string>(COMMUNITY_KINDS)
      const places = new Map<string, number>()
      for (const f of ctx.eldercare) {
        if (ctx.counts(f.status) && kinds.has(f.kind) && f.community_code) places.set(f.community_code, (places.get(f.community_code) ?? 0) + 1)
      }
      return ctx.communities
        .filter((c) => c.kind === 'community')
        .map((c) => {
          const t = township.get(c.township_code)
          const within = [t && county.get(t.county_code)?.name, t?.name].filter(Boolean).join(' ') || null
          return outcome({ level: 'community', code: c.code, name: c.name, within }, (places.get(c.code) ?? 0) > 0, { service_places: places.get(c.code) ?? 0 }, {
            'zh-CN': '没有养老服务场所（最近的社区养老服务设施属于其他社区）',
            en: 'no eldercare service place (every community facility nearby is nearer to another community)',
          })
        })
    },
  },
  {
    id: 'township_comprehensive_function',
    title: { 'zh-CN': '乡镇（街道）范围具备综合功能的养老服务机构', en: 'Every township has an eldercare facility with all three services' },
    clause: { ref: '专栏1 指标5', text: '乡镇（街道）范围具备综合功能的养老服务机构覆盖率（%）：2020年基础值 18，2025年目标值 100' },
    checks: {
      'zh-CN': '每个乡镇（街道）：至少 1 处养老服务设施同时提供全托、日托和上门服务',
      en: 'Each township-level unit (乡镇/街道): at least one eldercare facility offering full-time care, day care and home visits together',
    },
    evaluate(ctx) {
      const { group, townshipUnit } = lookups(ctx)
      const facilities = group(ctx.eldercare, 'township')
      return ctx.townships.map((t) => {
        const here = facilities.get(t.code) ?? []
        const complete = here.filter((f) => ALL_SERVICES.every((s) => f.services.includes(s))).length
        // The most services any one facility here offers, to say how near it comes.
        const best = here.reduce<string[]>((most, f) => (f.services.length > most.length ? ALL_SERVICES.filter((s) => f.services.includes(s)) : most), [])
        const names = (lang: keyof Texts) => best.map((s) => SERVICE_NAMES[s]![lang]).join(lang === 'en' ? ', ' : '、')
        const reason: Texts = here.length
          ? {
              'zh-CN': `${here.length} 处养老服务设施，没有一处同时提供全托、日托和上门${best.length ? `（最多提供：${names('zh-CN')}）` : ''}`,
              en: `${here.length} eldercare facilit${here.length === 1 ? 'y' : 'ies'}, none offering full-time care, day care and home visits together${best.length ? ` (at most: ${names('en')})` : ''}`,
            }
          : { 'zh-CN': '没有养老服务设施', en: 'no eldercare facility' }
        return outcome(townshipUnit(t), complete > 0, { facilities: here.length, comprehensive: complete, most_services: best }, reason)
      })
    },
  },
  {
    id: 'fifteen_minute_circle',
    title: { 'zh-CN': '15 分钟城市社区养老服务圈', en: 'The 15-minute urban community eldercare circle' },
    clause: { ref: '第四章第二节', text: '支持专业养老服务机构拓展居家上门服务覆盖面，加快打造“15 分钟城市社区养老服务圈”' },
    checks: {
      'zh-CN': '每个城镇社区：覆盖分析（默认参数：直线距离，步行 15 分钟，每分钟 60 米）中在社区养老服务设施的步行范围内',
      en: 'Each urban community: within reach of community eldercare in the coverage analysis with its default parameters (straight line, 15 minutes at 60 m a minute)',
    },
    usesCircle: true,
    evaluate(ctx) {
      const { township, county } = lookups(ctx)
      const circle = ctx.circle!
      const { budget_m, minutes, speed_m_per_min } = circle.parameters
      return circle.communities.map((c) => {
        const t = township.get(c.township_code)
        const within = [t && county.get(t.county_code)?.name, t?.name].filter(Boolean).join(' ') || null
        const reason: Texts =
          c.distance_m === null
            ? { 'zh-CN': '7.2 公里内没有社区养老服务设施', en: 'no community eldercare facility within 7.2 km' }
            : {
                'zh-CN': `最近的社区养老服务设施在 ${n(c.distance_m)} 米外（步行 ${minutes} 分钟、每分钟 ${speed_m_per_min} 米可达 ${n(budget_m)} 米）`,
                en: `the nearest community eldercare facility is ${n(c.distance_m)} m away (reach: ${n(budget_m)} m, ${minutes} min at ${speed_m_per_min} m/min)`,
              }
        return outcome({ level: 'community', code: c.code, name: c.name, within }, c.covered, { distance_m: c.distance_m, reach_m: budget_m }, reason)
      })
    },
  },
  {
    id: 'township_social_work_station',
    title: { 'zh-CN': '每个乡镇（街道）有社会工作站', en: 'Every township has a social-work station' },
    clause: {
      ref: '第八章第三节；专栏8；专栏1 指标13',
      text: '到 2025 年，实现县（市、区）乡镇（街道）社工站全覆盖……乡镇（街道）社会工作服务站覆盖率（%）：2025年目标值 100',
    },
    checks: { 'zh-CN': '每个乡镇（街道）：至少 1 个位于其中的乡镇（街道）社会工作站', en: 'Each township-level unit: at least one township social-work station in it' },
    evaluate(ctx) {
      const { group, townshipUnit } = lookups(ctx)
      const stations = group(ctx.stations, 'township', (s) => s.tier === 'township_station')
      return atLeastOne(ctx.townships.map((t) => ({ unit: townshipUnit(t), items: stations.get(t.code) ?? [] })), 'stations', {
        'zh-CN': '没有社会工作站',
        en: 'no social-work station',
      })
    },
  },
  {
    id: 'county_guidance_centre',
    title: { 'zh-CN': '每个县（市、区）建成 1 个社会工作服务指导中心', en: 'Every county has a social-work guidance centre' },
    clause: { ref: '第八章第三节；专栏8', text: '每个县（市、区）建成 1 个社会工作服务指导中心（社工组织孵化中心）' },
    checks: { 'zh-CN': '每个县（市、区）：至少 1 个县级社会工作指导中心', en: 'Each county-level unit: at least one county guidance centre' },
    evaluate(ctx) {
      const { group, countyUnit } = lookups(ctx)
      const centres = group(ctx.stations, 'county', (s) => s.tier === 'guidance_centre')
      return atLeastOne(ctx.counties.map((k) => ({ unit: countyUnit(k), items: centres.get(k.code) ?? [] })), 'guidance_centres', {
        'zh-CN': '没有社会工作指导中心',
        en: 'no guidance centre',
      })
    },
  },
  {
    id: 'county_urban_cemetery',
    title: { 'zh-CN': '每个县（市）至少建成 1 个城市公益性公墓', en: 'Every county (县/市) has an urban public-welfare cemetery' },
    clause: { ref: '第九章第二节；专栏10', text: '每个县（市）至少建成1个城市公益性公墓' },
    checks: {
      'zh-CN': '每个县和县级市（市辖区除外）：至少 1 个位于其中的城市公益性公墓',
      en: 'Each county and county-level city (not the city districts): at least one urban public-welfare cemetery in it',
    },
    evaluate(ctx) {
      const { group, countyUnit } = lookups(ctx)
      const urban = group(ctx.cemeteries, 'county', (c) => c.kind === 'urban_public')
      return atLeastOne(ctx.counties.filter((k) => !isDistrict(k.code)).map((k) => ({ unit: countyUnit(k), items: urban.get(k.code) ?? [] })), 'urban_public_cemeteries', {
        'zh-CN': '没有城市公益性公墓',
        en: 'no urban public-welfare cemetery',
      })
    },
  },
  {
    id: 'township_rural_cemetery',
    title: { 'zh-CN': '每个乡镇至少建成 1 个示范性农村公益性公墓', en: 'Every town and township has a rural public-welfare cemetery' },
    clause: {
      ref: '第九章第二节；专栏10',
      text: '每个乡镇至少建成1个示范性农村公益性公墓……（承担城市公益性公墓建设任务的乡镇经批准可不再建设乡镇示范性农村公益性公墓）',
    },
    checks: {
      'zh-CN': '每个镇和乡（街道除外）：至少 1 个农村公益性公墓，或承担了城市公益性公墓（规划的例外）',
      en: 'Each town and township (not streets): at least one rural public-welfare cemetery, or an urban one built there (the plan’s exception)',
    },
    evaluate(ctx) {
      const { group, townshipUnit } = lookups(ctx)
      const rural = group(ctx.cemeteries, 'township', (c) => c.kind === 'rural_public')
      const urban = group(ctx.cemeteries, 'township', (c) => c.kind === 'urban_public')
      return ctx.townships
        .filter((t) => t.kind === 'town' || t.kind === 'township')
        .map((t) => {
          const r = rural.get(t.code)?.length ?? 0
          const u = urban.get(t.code)?.length ?? 0
          return outcome(townshipUnit(t), r + u > 0, { rural_public_cemeteries: r, urban_public_cemeteries: u }, { 'zh-CN': '没有农村公益性公墓', en: 'no rural public-welfare cemetery' })
        })
    },
  },
  {
    id: 'county_public_burial',
    title: { 'zh-CN': '县级公益性安葬（放）设施覆盖', en: 'Every county has a public-welfare burial or ash-placement facility' },
    clause: { ref: '专栏1 指标8（约束性）；第九章第二节', text: '县级公益性安葬（放）设施覆盖率（%）：2025年目标值 100……实现市、县、乡公益性安葬设施全覆盖' },
    checks: {
      'zh-CN': '每个县（市、区）：至少 1 个位于其中的县级或市级城市公益性公墓，或公益性骨灰堂',
      en: 'Each county-level unit: at least one urban public-welfare cemetery of county or city level, or a public columbarium, in it',
    },
    evaluate(ctx) {
      const { group, countyUnit } = lookups(ctx)
      const cemeteries = group(ctx.cemeteries, 'county', (c) => c.kind === 'urban_public' && (c.level === 'county' || c.level === 'city'))
      const columbaria = group(ctx.funeral, 'county', (f) => f.kind === 'columbarium')
      return ctx.counties.map((k) => {
        const c = cemeteries.get(k.code)?.length ?? 0
        const b = columbaria.get(k.code)?.length ?? 0
        return outcome(countyUnit(k), c + b > 0, { urban_public_cemeteries: c, columbaria: b }, {
          'zh-CN': '没有县级公益性公墓或公益性骨灰堂',
          en: 'no county-level public-welfare cemetery or public columbarium',
        })
      })
    },
  },
  {
    id: 'funeral_service_stations',
    title: { 'zh-CN': '殡仪服务站（中心）：市区每 30 万人 1 个，每县（市）1–2 个', en: 'Funeral service stations: one per 300,000 residents in the city districts, 1–2 per county' },
    clause: { ref: '第九章第二节', text: '市本级以30万人建1个殡仪服务站(中心)标准进行规划建设；县(市)原则上可在不同的乡镇和方向，建设 1-2 个殡仪服务站（中心）' },
    checks: {
      'zh-CN': '每个市辖区：殡仪服务站（中心）不少于常住人口 ÷ 30 万（向上取整，至少 1 个）；每个县和县级市：1–2 个',
      en: 'Each city district: at least its residents ÷ 300,000 stations (rounded up, at least 1); each county and county-level city: 1 or 2',
    },
    evaluate(ctx) {
      const { group, countyUnit } = lookups(ctx)
      const stations = group(ctx.funeral, 'county', (f) => f.kind === 'service_station')
      return ctx.counties.map((k) => {
        const have = stations.get(k.code)?.length ?? 0
        if (isDistrict(k.code)) {
          const needed = Math.max(1, Math.ceil(k.population / RESIDENTS_PER_STATION))
          return outcome(countyUnit(k), have >= needed, { stations: have, population: k.population, required_min: needed, required_max: null }, {
            'zh-CN': `殡仪服务站 ${have} 个，常住人口 ${n(k.population)}：按每 30 万人 1 个，至少需要 ${needed} 个`,
            en: `${have} funeral service station(s) for ${n(k.population)} residents; one per 300,000 needs at least ${needed}`,
          })
        }
        return outcome(countyUnit(k), have >= 1 && have <= 2, { stations: have, population: k.population, required_min: 1, required_max: 2 }, {
          'zh-CN': `殡仪服务站 ${have} 个：每县（市）应建 1–2 个`,
          en: `${have} funeral service station(s); a county builds 1–2`,
        })
      })
    },
  },
  {
    id: 'named_columbaria',
    title: { 'zh-CN': '规划列名的 7 个公益性骨灰堂', en: 'The 7 public columbaria the plan names' },
    clause: {
      ref: '第九章第二节',
      text: '重点推进平顶山市公益性骨灰堂、宝丰县公益性骨灰堂、叶县公益性骨灰堂、舞钢市公益性骨灰堂、鲁山县公益性骨灰堂、新华区公益性骨灰堂、郟县公益性骨灰堂等项目建设',
    },
    checks: {
      'zh-CN': '规划列名的每个单位：登记有名称含该单位名称、位于该单位内的公益性骨灰堂（市级的名称不含县级单位名称）；未建成的只在“含规划”时计入',
      en: 'Each unit the plan names: a public columbarium registered in it whose name contains the unit’s name (the city’s names no county); one not yet built counts only with planned facilities',
    },
    evaluate(ctx) {
      const { countyOf, county } = lookups(ctx)
      const columbaria = ctx.funeral.filter((f) => f.kind === 'columbarium')
      const norm = (s: string) => s.replaceAll('郟', '郏')
      return NAMED_COLUMBARIA.map((named) => {
        const isCity = norm(named) === norm(ctx.city.name)
        const unit = isCity ? undefined : ctx.counties.find((k) => norm(k.name) === norm(named))
        const place = isCity
          ? { level: 'city' as const, code: ctx.city.code, name: ctx.city.name, within: null }
          : { level: 'county' as const, code: unit?.code ?? '', name: named, within: null }
        if (!isCity && !unit) {
          return outcome(place, false, { registered: [], statuses: [], elsewhere: [] }, { 'zh-CN': `本市没有名为“${named}”的县级单位`, en: `this city has no county-level unit named ${named}` })
        }
        const named_ = columbaria.filter((f) => norm(f.name).includes(norm(named)))
        const found = named_.filter((f) => {
          if (isCity) return f.township_code !== null && !ctx.counties.some((k) => norm(f.name).includes(norm(k.name)))
          return countyOf(f.township_code) === unit!.code
        })
        // Named for the unit but standing in another: said, so that the record's position or name is checked.
        const elsewhere = isCity ? [] : named_.filter((f) => !found.includes(f))
        const whereIs = (f: (typeof columbaria)[number]) => county.get(countyOf(f.township_code) ?? '')?.name ?? '—'
        const counted = found.filter((f) => ctx.counts(f.status))
        const reason: Texts = found.length
          ? {
              'zh-CN': `${found.map((f) => f.name).join('、')}尚未建成（${found.map((f) => STATUS_NAMES[f.status]?.['zh-CN'] ?? f.status).join('、')}），含规划时计入`,
              en: `${found.map((f) => f.name).join(', ')} not yet built (${found.map((f) => STATUS_NAMES[f.status]?.en ?? f.status).join(', ')}); counts with planned facilities`,
            }
          : elsewhere.length
            ? {
                'zh-CN': `没有位于${named}的公益性骨灰堂；${elsewhere.map((f) => `${f.name}位于${whereIs(f)}`).join('、')}`,
                en: `no public columbarium in ${named}; ${elsewhere.map((f) => `${f.name} stands in ${whereIs(f)}`).join(', ')}`,
              }
            : { 'zh-CN': `没有登记${named}公益性骨灰堂`, en: `no public columbarium of ${named} registered` }
        return outcome(place, counted.length > 0, { registered: found.map((f) => f.name), statuses: found.map((f) => f.status), elsewhere: elsewhere.map((f) => `${f.name} (${whereIs(f)})`) }, reason)
      })
    },
  },
  {
    id: 'beds_per_thousand_elderly',
    title: { 'zh-CN': '每千名老年人养老床位 35 张', en: '35 eldercare beds per 1,000 people aged 60+' },
    clause: { ref: '第一章第二节', text: '按照每千名老人养老床位数35张计算，共需约34600张床位' },
    checks: {
      'zh-CN': '每个县（市、区）和全市：养老服务设施的床位（各类设施合计）÷ 60 岁以上人口 × 1000 不少于 35',
      en: 'Each county-level unit and the city: the beds of all eldercare facilities per 1,000 people aged 60+, at least 35',
    },
    evaluate(ctx) {
      const { group, countyUnit } = lookups(ctx)
      const byCounty = group(ctx.eldercare, 'county')
      const units = [
        ...ctx.counties.map((k) => ({ unit: countyUnit(k), old: k.population_60plus, beds: sum(byCounty.get(k.code) ?? [], (f) => f.beds) })),
        { unit: { level: 'city' as const, code: ctx.city.code, name: ctx.city.name, within: null }, old: sum(ctx.counties, (k) => k.population_60plus), beds: sum([...byCounty.values()].flat(), (f) => f.beds) },
      ]
      return units.map(({ unit, old, beds }) => {
        const rate = old > 0 ? (beds / old) * 1000 : null
        const needed = Math.ceil((old * BEDS_PER_THOUSAND) / 1000)
        return outcome(unit, rate === null ? null : rate >= BEDS_PER_THOUSAND, { beds, population_60plus: old, beds_per_thousand: rate === null ? null : Math.round(rate * 10) / 10, beds_needed: needed }, {
          'zh-CN': `每千名老年人 ${one(rate ?? 0)} 张床位（${n(old)} 名 60 岁以上老人，${n(beds)} 张）；35 张需 ${n(needed)} 张`,
          en: `${one(rate ?? 0)} beds per 1,000 aged 60+ (${n(beds)} beds for ${n(old)}); 35 needs ${n(needed)}`,
        })
      })
    },
  },
  {
    id: 'total_beds',
    title: { 'zh-CN': '全市养老服务床位数不低于 34600 张', en: 'The city has at least 34,600 eldercare beds' },
    clause: { ref: '第四章第二节', text: '确保到 2025 年，全市养老服务床位数不低于 34600 张' },
    checks: { 'zh-CN': '全市：各类养老服务设施的床位合计不少于 34600 张', en: 'The city: the beds of all eldercare facilities together, at least 34,600' },
    evaluate(ctx) {
      const { countyOf } = lookups(ctx)
      const beds = sum(ctx.eldercare.filter((f) => ctx.counts(f.status) && countyOf(f.township_code)), (f) => f.beds)
      return [
        outcome({ level: 'city', code: ctx.city.code, name: ctx.city.name, within: null }, beds >= TOTAL_BEDS, { beds, target: TOTAL_BEDS, short: Math.max(0, TOTAL_BEDS - beds) }, {
          'zh-CN': `养老服务床位 ${n(beds)} 张，距 34600 张差 ${n(TOTAL_BEDS - beds)} 张`,
          en: `${n(beds)} eldercare beds, ${n(TOTAL_BEDS - beds)} short of 34,600`,
        }),
      ]
    },
  },
  {
    id: 'nursing_bed_share',
    title: { 'zh-CN': '养老机构护理型床位占比不低于 55%', en: 'Nursing-type beds are at least 55% of institution beds' },
    clause: { ref: '专栏1 指标4（约束性）；第二章第三节', text: '到 2025 年底，养老机构护理型床位占比达到 55%以上' },
    checks: {
      'zh-CN': '每个县（市、区）和全市：养老机构（养老院、乡镇敬老院、区域养老服务中心）的护理型床位 ÷ 床位不低于 55%；没有机构床位的不计',
      en: 'Each county-level unit and the city: nursing-type beds ÷ beds of the institutions (homes, township nursing homes, regional centres) at least 55%; units without institution beds are not measured',
    },
    evaluate(ctx) {
      const { group, countyUnit } = lookups(ctx)
      const kinds = new Set<string>(INSTITUTION_KINDS)
      const byCounty = group(ctx.eldercare, 'county', (f) => kinds.has(f.kind))
      const all = [...byCounty.values()].flat()
      const units = [
        ...ctx.counties.map((k) => ({ unit: countyUnit(k), items: byCounty.get(k.code) ?? [] })),
        { unit: { level: 'city' as const, code: ctx.city.code, name: ctx.city.name, within: null }, items: all },
      ]
      return units.map(({ unit, items }) => {
        const beds = sum(items, (f) => f.beds)
        const nursing = sum(items, (f) => f.nursing_beds)
        const share = beds > 0 ? nursing / beds : null
        return outcome(unit, share === null ? null : share >= NURSING_SHARE, { institution_beds: beds, nursing_beds: nursing, nursing_share_pct: share === null ? null : Math.round(share * 1000) / 10 }, {
          'zh-CN': `护理型床位占比 ${one((share ?? 0) * 100)}%（${n(nursing)} / ${n(beds)} 张）`,
          en: `nursing-type beds ${one((share ?? 0) * 100)}% (${n(nursing)} of ${n(beds)})`,
        })
      })
    },
  },
]

const STATUS_NAMES: Record<string, Texts> = {
  planned: { 'zh-CN': '规划', en: 'planned' },
  under_construction: { 'zh-CN': '在建', en: 'under construction' },
  operating: { 'zh-CN': '运营', en: 'operating' },
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((total, item) => total + of(item), 0)
}

/** The ids of the unit rules. */
export const UNIT_RULE_IDS = UNIT_RULES.map((r) => r.id) as [string, ...string[]]
