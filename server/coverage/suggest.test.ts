import { describe, expect, it } from 'vitest'
import { exactSites, greedySites } from './suggest'

const at = { lon: 0, lat: 0 }
const candidate = (...covers: number[]) => ({ point: at, community: null, covers: covers.map((i, k) => ({ i, distance: k })) })

describe('site suggestions', () => {
  // Demand a=3, b=3, c=2, d=2. S0 = {a, b} covers 6; S1 = {a, c} 5; S2 = {b, d} 5.
  const demand = Float64Array.from([3, 3, 2, 2])
  const candidates = [candidate(0, 1), candidate(0, 2), candidate(1, 3)]

  it('greedy takes the largest gain first, then the largest marginal gain, ties to the earlier candidate', () => {
    // S0 (6); then S1 adds c (2) and S2 adds d (2): a tie, S1 is earlier.
    expect(greedySites(candidates, demand, 2, null)).toEqual([
      { j: 0, gain: 6, communities: 2 },
      { j: 1, gain: 2, communities: 1 },
    ])
  })

  it('stops when no candidate adds anything', () => {
    expect(greedySites(candidates, demand, 10, null).map((p) => p.j)).toEqual([0, 1, 2])
  })

  it('exact finds the optimum the greedy misses: S1 + S2 cover all 10', async () => {
    const exact = await exactSites(candidates, demand, 2, 10)
    expect(exact).toMatchObject({ chosen: [1, 2], optimal: true, objective: 10 })
  })

  it('with a capacity, splits demand: the nearest communities first, the last in part, the rest left for the next site', () => {
    // One candidate reaches community 0 (50 people aged 60+, nearer) and 1 (80); capacity 100.
    const capped = [candidate(0, 1), candidate(1)]
    const picks = greedySites(capped, Float64Array.from([50, 80]), 2, 100)
    expect(picks).toEqual([
      { j: 0, gain: 100, communities: 2 },
      { j: 1, gain: 30, communities: 1 },
    ])
  })
})
