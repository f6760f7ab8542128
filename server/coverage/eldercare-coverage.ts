import type { CoverageEngine, AreaData, FacilitySet, Mode, Nearest, ServingPoint } from './coverage-engine'
import { SEARCH_LIMIT_M } from './coverage-engine'
import { COMMUNITY_KINDS, LIMITS, VILLAGE_KINDS, type Scope } from './coverage.schemas'

/** The parameters of an analysis, with the defaults filled in. */
export type CoverageParameters = {
  mode: Mode
  minutes: number
  speed_m_per_min: number
  kinds: { community: readonly string[]; village: readonly string[] }
  include_planned: boolean
  scope: Scope
  /** Facilities given in the request (what-if), not saved. */
  trials: ServingPoint[]
}

/** Fills in the defaults (shared/DOMAIN.md §1; docs/coverage.md says why). */
export function coverageParameters(input: {
  mode?: Mode
  minutes?: number
  speed_m_per_min?: number
  kinds?: string[]
  include_planned?: boolean
  scope?: Scope
  facilities?: { kind: string; geometry: { coordinates: number[] } }[]
}): CoverageParameters {
  return {
    mode: input.mode ?? 'straight',
    minutes: input.minutes ?? LIMITS.minutes.default,
    speed_m_per_min: input.speed_m_per_min ?? LIMITS.speed.default,
    kinds: input.kinds ? { community: input.kinds, village: input.kinds } : { community: COMMUNITY_KINDS, village: VILLAGE_KINDS },
    include_planned: input.include_planned ?? false,
    scope: input.scope ?? 'all',
    trials: (input.facilities ?? []).map((f) => ({ kind: f.kind, lon: f.geometry.coordinates[0]!, lat: f.geometry.coordinates[1]! })),
  }
}

export const OPERATING = ['operating'] as const
export const WITH_PLANNED = ['operating', 'planned', 'under_construction'] as const

/** The facilities the parameters count. */
export function facilitySet(p: CoverageParameters, planned = p.include_planned): FacilitySet {
  return { mode: p.mode, kinds: p.kinds, statuses: planned ? WITH_PLANNED : OPERATING }
}

/** Counts of communities and people, in all, covered and not. */
export type Figures = {
  communities: { total: number; covered: number; uncovered: number }
  population: { total: number; covered: number; uncovered: number }
  population_60plus: { total: number; covered: number; uncovered: number }
  /** Covered communities as a share of all (0 when there are none). */
  share_covered: number
}

export type Unit = { level: 'township' | 'county' | 'city'; code: string; name: string } & Figures

const emptyFigures = (): Figures => ({
  communities: { total: 0, covered: 0, uncovered: 0 },
  population: { total: 0, covered: 0, uncovered: 0 },
  population_60plus: { total: 0, covered: 0, uncovered: 0 },
  share_covered: 0,
})

function count(f: Figures, covered: boolean, population: number, old: number): void {
  const side = covered ? 'covered' : 'uncovered'
  f.communities.total += 1
  f.communities[side] += 1
  f.population.total += population
  f.population[side] += population
  f.population_60plus.total += old
  f.population_60plus[side] += old
}

const finish = <T extends Figures>(f: T): T => ({ ...f, share_covered: f.communities.total ? f.communities.covered / f.communities.total : 0 })

/** Whether community `i` is in the scope of the analysis. */
export function inScope(areas: AreaData, scope: Scope, i: number): boolean {
  return scope === 'all' || (areas.communities.kind[i] === 'village') === (scope === 'village')
}

/** A copy of the stored facilities' nearest with the trial facilities' walks added: a trial's id is -(its index + 1). */
export function withTrials(nearest: Nearest, reach: { community: number; distance: number }[][]): Nearest {
  const out = { distance: nearest.distance.slice(), facility: nearest.facility.slice() }
  reach.forEach((pairs, k) => {
    for (const { community: i, distance } of pairs) {
      if (distance < out.distance[i]!) {
        out.distance[i] = distance
        out.facility[i] = -(k + 1)
      }
    }
  })
  return out
}

/** The covered flags of an analysis (budget in metres) for the communities in scope. */
export function coveredFlags(areas: AreaData, nearest: Nearest, budget: number, scope: Scope): (boolean | null)[] {
  return Array.from({ length: areas.count }, (_, i) => (inScope(areas, scope, i) ? nearest.distance[i]! <= budget : null))
}

/** The figures of the city, of its counties and of its townships, over the communities in scope. */
export function rollUp(areas: AreaData, covered: readonly (boolean | null)[]): { summary: Figures; units: Unit[] } {
  const c = areas.communities
  const townshipName = new Map(areas.townships.map((t) => [t.code, t]))
  const countyName = new Map(areas.counties.map((k) => [k.code, k.name]))
  const summary = emptyFigures()
  const units = new Map<string, Unit>()
  const unit = (level: Unit['level'], code: string, name: string) => {
    const key = `${level}:${code}`
    let u = units.get(key)
    if (!u) units.set(key, (u = { level, code, name, ...emptyFigures() }))
    return u
  }
  for (let i = 0; i < areas.count; i++) {
    const isCovered = covered[i]
    if (isCovered === null) continue
    const population = c.population[i]!
    const old = c.population_60plus[i]!
    count(summary, isCovered!, population, old)
    count(unit('township', c.township_code[i]!, townshipName.get(c.township_code[i]!)?.name ?? c.township_code[i]!), isCovered!, population, old)
    count(unit('county', c.county_code[i]!, countyName.get(c.county_code[i]!) ?? c.county_code[i]!), isCovered!, population, old)
  }
  const order = { city: 0, county: 1, township: 2 }
  const list = [...units.values()]
  if (areas.city) list.push({ level: 'city', code: areas.city.code, name: areas.city.name, ...summary })
  return {
    summary: finish(summary),
    units: list.map(finish).sort((a, b) => order[a.level] - order[b.level] || a.code.localeCompare(b.code)),
  }
}

/** What the what-if answer adds to the baseline: the communities and people newly covered, in all and per unit. */
export function difference(areas: AreaData, covered: readonly (boolean | null)[], baseline: readonly (boolean | null)[]) {
  const newly = covered.map((c, i) => (c === null ? null : c && !baseline[i]))
  const { summary, units } = rollUp(areas, newly)
  const figures = (f: Figures) => ({ communities: f.communities.covered, population: f.population.covered, population_60plus: f.population_60plus.covered })
  return {
    ...figures(summary),
    newly_covered: areas.communities.code.filter((_, i) => newly[i]),
    units: units.filter((u) => u.communities.covered > 0).map((u) => ({ level: u.level, code: u.code, name: u.name, ...figures(u) })),
  }
}

/** The per-community lines of the answer. */
export function communityLines(areas: AreaData, nearest: Nearest, covered: readonly (boolean | null)[]) {
  const c = areas.communities
  const lines = []
  for (let i = 0; i < areas.count; i++) {
    if (covered[i] === null) continue
    const d = nearest.distance[i]!
    const f = nearest.facility[i]!
    const found = d <= SEARCH_LIMIT_M
    lines.push({
      code: c.code[i]!,
      name: c.name[i]!,
      kind: c.kind[i]!,
      township_code: c.township_code[i]!,
      county_code: c.county_code[i]!,
      population: c.population[i]!,
      population_60plus: c.population_60plus[i]!,
      covered: covered[i]!,
      distance_m: found ? Math.round(d * 10) / 10 : null,
      facility_id: covered[i] && f > 0 ? f : null,
      trial_facility: found && f < 0 ? -f : null,
      nearest_facility_id: found && f > 0 ? f : null,
      lon: c.lon[i]!,
      lat: c.lat[i]!,
    })
  }
  return lines
}

/**
 * The 15-minute eldercare circle for the parameters: each community's nearest facility
 * and whether it is within minutes × speed, rolled up, and (for a what-if) the difference
 * to the operating facilities alone.
 */
export async function eldercareCoverage(engine: CoverageEngine, p: CoverageParameters) {
  const started = performance.now()
  const budget = p.minutes * p.speed_m_per_min
  const set = facilitySet(p)
  const { areas, nearest: stored, recomputed, full } = await engine.nearest(set)
  // A copy: the engine updates its own arrays when another request brings it up to date.
  const nearest = withTrials(stored, p.trials.length ? await engine.reach(set, p.trials, SEARCH_LIMIT_M) : [])
  const covered = coveredFlags(areas, nearest, budget, p.scope)
  const { summary, units } = rollUp(areas, covered)
  const whatIf = p.include_planned || p.trials.length > 0
  let diff
  let baseRecomputed = 0
  if (whatIf) {
    const base = await engine.nearest(facilitySet(p, false))
    baseRecomputed = base.recomputed
    diff = difference(areas, covered, coveredFlags(areas, base.nearest, budget, p.scope))
  }
  return {
    parameters: {
      mode: p.mode,
      minutes: p.minutes,
      speed_m_per_min: p.speed_m_per_min,
      budget_m: budget,
      kinds: p.kinds,
      statuses: set.statuses,
      include_planned: p.include_planned,
      scope: p.scope,
      what_if_facilities: p.trials.length,
    },
    summary,
    units,
    communities: communityLines(areas, nearest, covered),
    ...(diff ? { difference: diff } : {}),
    computation: { recomputed: recomputed + baseRecomputed, full, ms: Math.round(performance.now() - started) },
  }
}
