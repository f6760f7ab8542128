import { Worker } from 'node:worker_threads'
import type { HighsSolution } from 'highs'
import type { CoverageEngine } from './coverage-engine'
import type { LonLat } from './coverage.queries'
import { coveredFlags, facilitySet, type CoverageParameters } from './eldercare-coverage'

/**
 * The kind a suggested site is counted as: a community day-care centre, which serves
 * urban communities and villages alike under the default kinds.
 */
export const SITE_KIND = 'day_care'

/** The guarantee of the greedy answer, as the API documents it. */
export const GREEDY_GUARANTEE =
  'Greedy maximal covering: each site is the one adding the most uncovered 60+ population. Without a capacity the total is within 1 − 1/e (about 63%) of the optimum (Nemhauser, Wolsey and Fisher 1978); with a capacity it is a heuristic.'

/** A candidate site and the uncovered communities within the budget of it, nearest first. */
type Candidate = { point: LonLat; community: string | null; covers: { i: number; distance: number }[] }

export type Site = {
  rank: number
  geometry: { type: 'Point'; coordinates: [number, number] }
  /** The community whose point it is, when the candidates are the communities. */
  candidate: string | number
  gain: { communities: number; population_60plus: number }
  cumulative: { population_60plus: number; share_60plus_covered: number }
}

/**
 * Picks sites one at a time, each covering the most 60+ population not yet covered (lazy
 * greedy: a candidate's gain only falls as others are picked, so a stale gain is an upper
 * bound and only the top one needs recomputing). With a capacity, a site serves at most
 * that many people aged 60+: the communities in its reach, nearest first, the last one in
 * part, and a community served in part keeps the rest of its demand for the next sites.
 * Ties go to the earlier candidate.
 */
export function greedySites(candidates: Candidate[], demand: Float64Array, n: number, capacity: number | null) {
  const remaining = demand.slice()
  const gainOf = (c: Candidate) => {
    let sum = 0
    for (const { i } of c.covers) sum += remaining[i]!
    return capacity === null ? sum : Math.min(capacity, sum)
  }
  // Max-heap by (gain, -index), as a sorted array of the live candidates: a few thousand at most per pick.
  const bound = candidates.map(gainOf)
  const order = [...candidates.keys()].filter((j) => bound[j]! > 0).sort((a, b) => bound[b]! - bound[a]! || a - b)
  const picks: { j: number; gain: number; communities: number }[] = []
  const fresh = new Set<number>()
  while (picks.length < n && order.length) {
    const j = order[0]!
    if (!fresh.has(j)) {
      bound[j] = gainOf(candidates[j]!)
      fresh.add(j)
      order.shift()
      if (bound[j]! <= 0) continue
      // Put it back in order; if it is still on top its gain is exact.
      let k = 0
      while (k < order.length && (bound[order[k]!]! > bound[j]! || (bound[order[k]!]! === bound[j]! && order[k]! < j))) k++
      order.splice(k, 0, j)
      if (k > 0) continue
    }
    order.shift()
    let left = capacity ?? Infinity
    let gain = 0
    let communities = 0
    for (const { i } of candidates[j]!.covers) {
      const take = Math.min(remaining[i]!, left)
      if (take <= 0) continue
      remaining[i]! -= take
      left -= take
      gain += take
      communities += 1
    }
    picks.push({ j, gain, communities })
    fresh.clear()
  }
  return picks
}

/**
 * The exact maximal-covering optimum by mixed-integer programming (HiGHS): choose at most
 * `n` candidates x_j ∈ {0,1} to maximise Σ w_i·y_i with y_i ≤ Σ_{j covers i} x_j, 0 ≤ y_i ≤ 1.
 * Without a capacity only; up to `timeLimit` seconds, in a worker thread.
 */
export async function exactSites(candidates: Candidate[], demand: Float64Array, n: number, timeLimit: number) {
  const coveredBy = new Map<number, number[]>()
  candidates.forEach((c, j) => {
    for (const { i } of c.covers) {
      if (demand[i]! <= 0) continue
      const list = coveredBy.get(i)
      if (list) list.push(j)
      else coveredBy.set(i, [j])
    }
  })
  const used = [...new Set([...coveredBy.values()].flat())].sort((a, b) => a - b)
  if (!used.length) return { chosen: [] as number[], status: 'Optimal', objective: 0, optimal: true }
  const lines = ['Maximize', ' obj: ' + [...coveredBy.keys()].map((i) => `${demand[i]} y${i}`).join(' + '), 'Subject To']
  for (const [i, js] of coveredBy) lines.push(` c${i}: y${i} - ${js.map((j) => `x${j}`).join(' - ')} <= 0`)
  lines.push(` sites: ${used.map((j) => `x${j}`).join(' + ')} <= ${n}`, 'Bounds')
  for (const i of coveredBy.keys()) lines.push(` 0 <= y${i} <= 1`)
  lines.push('Binary', ' ' + used.map((j) => `x${j}`).join(' '), 'End')
  const solution = await solveInWorker(lines.join('\n'), { time_limit: timeLimit, mip_rel_gap: 0 })
  const value = (name: string) => {
    const column = solution.Columns[name]
    return column && 'Primal' in column ? column.Primal : 0
  }
  const chosen = used.filter((j) => value(`x${j}`) > 0.5)
  return { chosen, status: solution.Status, objective: solution.ObjectiveValue, optimal: solution.Status === 'Optimal' }
}

/** Runs HiGHS on the LP text in a worker thread (./exact-worker.mjs). */
function solveInWorker(lp: string, options: Record<string, number>): Promise<HighsSolution> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./exact-worker.mjs', import.meta.url), { workerData: { lp, options } })
    worker.once('message', (m: { solution?: HighsSolution; error?: string }) => {
      void worker.terminate()
      if (m.solution) resolve(m.solution)
      else reject(new Error(`HiGHS: ${m.error}`))
    })
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`HiGHS: the worker stopped (${code}) without an answer`)))
  })
}

/**
 * Suggests `n` sites for new community-level eldercare facilities (counted as SITE_KIND),
 * the existing ones fixed, among the candidates (default: the communities in scope).
 */
export async function suggestSites(
  engine: CoverageEngine,
  p: CoverageParameters,
  options: { n: number; capacity: number | null; candidates: LonLat[] | null; method: 'greedy' | 'exact'; timeLimit: number },
) {
  const started = performance.now()
  const budget = p.minutes * p.speed_m_per_min
  const set = facilitySet(p)
  const { areas, nearest } = await engine.nearest(set)
  const covered = coveredFlags(areas, nearest, budget, p.scope)
  const demand = new Float64Array(areas.count)
  let total60 = 0
  let covered60 = 0
  covered.forEach((c, i) => {
    if (c === null) return
    const old = areas.communities.population_60plus[i]!
    total60 += old
    if (c) covered60 += old
    else demand[i] = old
  })
  const points: { point: LonLat; community: string | null }[] = options.candidates
    ? options.candidates.map((point) => ({ point, community: null }))
    : areas.points.flatMap((point, i) => (covered[i] === null ? [] : [{ point, community: areas.communities.code[i]! }]))
  const reach = await engine.reach(set, points.map((c) => ({ ...c.point, kind: SITE_KIND })), budget)
  const candidates: Candidate[] = points.map((c, j) => ({
    ...c,
    covers: reach[j]!.filter(({ community }) => covered[community] === false).map(({ community, distance }) => ({ i: community, distance }))
      .sort((a, b) => a.distance - b.distance || a.i - b.i),
  }))
  const greedy = greedySites(candidates, demand, options.n, options.capacity)
  let exact: Awaited<ReturnType<typeof exactSites>> | null = null
  let picks = greedy
  if (options.method === 'exact') {
    exact = await exactSites(candidates, demand, options.n, options.timeLimit)
    // The chosen sites in the order a greedy pick among them would take, for the marginal gains.
    const chosen = exact.chosen.map((j) => candidates[j]!)
    picks = greedySites(chosen, demand, chosen.length, null).map((p) => ({ ...p, j: exact!.chosen[p.j]! }))
  }
  let cumulative = covered60
  const sites: Site[] = picks.map((pick, k) => {
    cumulative += pick.gain
    const c = candidates[pick.j]!
    return {
      rank: k + 1,
      geometry: { type: 'Point', coordinates: [c.point.lon, c.point.lat] },
      candidate: c.community ?? pick.j,
      gain: { communities: pick.communities, population_60plus: round(pick.gain) },
      cumulative: { population_60plus: round(cumulative), share_60plus_covered: total60 ? cumulative / total60 : 0 },
    }
  })
  const greedyTotal = greedy.reduce((a, s) => a + s.gain, 0)
  return {
    method: options.method,
    guarantee: GREEDY_GUARANTEE,
    capacity: options.capacity,
    capacity_rule: options.capacity === null ? null : 'split: a site serves the nearest communities in its reach first, the last one in part',
    site_kind: SITE_KIND,
    parameters: { mode: p.mode, minutes: p.minutes, speed_m_per_min: p.speed_m_per_min, budget_m: budget, scope: p.scope, include_planned: p.include_planned, n: options.n },
    candidates: candidates.length,
    baseline: { population_60plus: { total: total60, covered: covered60, uncovered: total60 - covered60 } },
    sites,
    ...(sites.length < options.n ? { note: 'fewer sites than asked: no other candidate covers anyone not yet covered' } : {}),
    ...(exact
      ? {
          exact: {
            status: exact.status,
            optimal: exact.optimal,
            population_60plus: round(exact.objective),
            greedy_population_60plus: round(greedyTotal),
            greedy_gap: exact.objective > 0 ? (exact.objective - greedyTotal) / exact.objective : 0,
          },
        }
      : {}),
    ms: Math.round(performance.now() - started),
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000
