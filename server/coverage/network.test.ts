import { describe, expect, it } from 'vitest'
import { buildGraph, reachedStretches, walkFrom, walkTo, type Origin } from './network'

// A street: node 10 —(1,000 m)— node 20 —(500 m)— node 30, and a side street 20 —(400 m)— 40.
const graph = buildGraph({ source: [10, 20, 20], target: [20, 30, 40], length: [1000, 500, 400] })
const [A, B, C] = [0, 1, 2] // edge indexes

describe('walks over the network', () => {
  it('count the walk to the network, along it in part, and from it', () => {
    // A facility 10 m off the first edge, 200 m along it; a community 20 m off the second, 300 m along it.
    const facility: Origin = { snap: { edge: A, fraction: 0.2, access_m: 10 }, label: 7 }
    const reach = walkFrom(graph, [facility], 5000)
    // 10 + 800 (rest of the first edge) + 300 (part of the second) + 20.
    expect(walkTo(graph, reach, { edge: B, fraction: 0.6, access_m: 20 })).toEqual({ distance: 1130, label: 7 })
  })

  it('reach a community 300 m along a 1 km edge with 300 m of budget left, not only whole edges', () => {
    const atStart: Origin = { snap: { edge: A, fraction: 0, access_m: 0 }, label: 1 }
    const reach = walkFrom(graph, [atStart], 300)
    const community = { edge: A, fraction: 0.3, access_m: 0 }
    // The far end (1,000 m) is beyond the budget; the community is reached through the near one.
    expect(reach.distance[graph.nodeIndex.get(20)!]).toBe(Infinity)
    expect(walkTo(graph, reach, community).distance).toBeCloseTo(300, 9)
  })

  it('reach along the edge itself between two points on one edge', () => {
    const facility: Origin = { snap: { edge: A, fraction: 0.1, access_m: 5 }, label: 1 }
    const reach = walkFrom(graph, [facility], 100) // neither end is within 100 m
    expect(walkTo(graph, reach, { edge: A, fraction: 0.4, access_m: 5 }, [facility]).distance).toBeCloseTo(310, 9)
    expect(walkTo(graph, reach, { edge: A, fraction: 0.4, access_m: 5 }).distance).toBe(Infinity)
  })

  it('give each node its nearest origin, ties to the smaller label', () => {
    const left: Origin = { snap: { edge: A, fraction: 0, access_m: 0 }, label: 5 }
    const right: Origin = { snap: { edge: B, fraction: 1, access_m: 0 }, label: 3 }
    const reach = walkFrom(graph, [left, right], 5000)
    expect(reach.label[graph.nodeIndex.get(10)!]).toBe(5)
    expect(reach.label[graph.nodeIndex.get(20)!]).toBe(3) // 500 m from the right, 1,000 m from the left
    expect(reach.label[graph.nodeIndex.get(40)!]).toBe(3)
    const tie = walkFrom(graph, [{ snap: { edge: C, fraction: 0, access_m: 0 }, label: 9 }, { snap: { edge: C, fraction: 0, access_m: 0 }, label: 2 }], 5000)
    expect(tie.label[graph.nodeIndex.get(40)!]).toBe(2)
  })

  it('cut the reached stretches where the budget ends', () => {
    const facility: Origin = { snap: { edge: A, fraction: 0.5, access_m: 100 }, label: 1 }
    // 600 m: 100 to the street, 500 to either end of A; nothing left beyond.
    expect(reachedStretches(graph, walkFrom(graph, [facility], 600), 600, [facility])).toEqual([{ edge: A, from: 0, to: 1 }])
    // 900 m: 300 m more past node 20 on B (of 500) and on C (of 400); 300 m past node 10 leads nowhere.
    const stretches = reachedStretches(graph, walkFrom(graph, [facility], 900), 900, [facility])
    expect(stretches).toEqual([
      { edge: A, from: 0, to: 1 },
      { edge: B, from: 0, to: 0.6 },
      { edge: C, from: 0, to: 0.75 },
    ])
  })
})
