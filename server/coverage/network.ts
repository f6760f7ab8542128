/**
 * Shortest walks over the road graph, in Node: the same rules on the embedded database
 * (which has no pgRouting) and on a server. A point off the network walks straight to the
 * nearest point of its nearest edge (`access_m`), then along the network; an edge is
 * counted in part, so a point 300 m along a 1 km edge is 300 m from its source node and
 * 700 m from its target, and two points on one edge also reach each other along it.
 */

/** The walking graph: edges between numbered nodes, each with its length in metres. */
export type Graph = {
  nodeCount: number
  source: Int32Array
  target: Int32Array
  length: Float64Array
  /** Edges at each node: `adjacency[offsets[v] .. offsets[v+1])` are edge indexes. */
  offsets: Int32Array
  adjacency: Int32Array
}

/** Where a point meets the network: an edge index, how far along it (0..1), and the walk to it. */
export type Snap = { edge: number; fraction: number; access_m: number }

/** Builds the graph from its edges; node ids are any integers, renumbered here. */
export function buildGraph(edges: { source: ArrayLike<number>; target: ArrayLike<number>; length: ArrayLike<number> }): Graph & { nodeIndex: Map<number, number> } {
  const m = edges.source.length
  const nodeIndex = new Map<number, number>()
  const indexOf = (id: number) => {
    let i = nodeIndex.get(id)
    if (i === undefined) nodeIndex.set(id, (i = nodeIndex.size))
    return i
  }
  const source = new Int32Array(m)
  const target = new Int32Array(m)
  const length = Float64Array.from(edges.length)
  for (let e = 0; e < m; e++) {
    source[e] = indexOf(edges.source[e]!)
    target[e] = indexOf(edges.target[e]!)
  }
  const n = nodeIndex.size
  const degree = new Int32Array(n + 1)
  for (let e = 0; e < m; e++) {
    degree[source[e]! + 1]! += 1
    if (target[e] !== source[e]) degree[target[e]! + 1]! += 1
  }
  const offsets = new Int32Array(n + 1)
  for (let v = 0; v < n; v++) offsets[v + 1] = offsets[v]! + degree[v + 1]!
  const fill = offsets.slice(0, n)
  const adjacency = new Int32Array(offsets[n]!)
  for (let e = 0; e < m; e++) {
    adjacency[fill[source[e]!]!++] = e
    if (target[e] !== source[e]) adjacency[fill[target[e]!]!++] = e
  }
  return { nodeCount: n, source, target, length, offsets, adjacency, nodeIndex }
}

/** A binary min-heap of (distance, node) in typed arrays; stale entries are skipped by the caller. */
class Heap {
  private keys = new Float64Array(1024)
  private values = new Int32Array(1024)
  size = 0

  push(key: number, value: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2)
      keys.set(this.keys)
      this.keys = keys
      const values = new Int32Array(this.size * 2)
      values.set(this.values)
      this.values = values
    }
    let i = this.size++
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (this.keys[parent]! <= key) break
      this.keys[i] = this.keys[parent]!
      this.values[i] = this.values[parent]!
      i = parent
    }
    this.keys[i] = key
    this.values[i] = value
  }

  /** Removes the smallest entry; read it first with `topKey`/`topValue`. */
  pop(): void {
    const key = this.keys[--this.size]!
    const value = this.values[this.size]!
    let i = 0
    for (;;) {
      let child = 2 * i + 1
      if (child >= this.size) break
      if (child + 1 < this.size && this.keys[child + 1]! < this.keys[child]!) child += 1
      if (this.keys[child]! >= key) break
      this.keys[i] = this.keys[child]!
      this.values[i] = this.values[child]!
      i = child
    }
    this.keys[i] = key
    this.values[i] = value
  }

  get topKey(): number {
    return this.keys[0]!
  }
  get topValue(): number {
    return this.values[0]!
  }
}

/** A start of a walk: a snapped point and the label (e.g. a facility id) its walks carry. */
export type Origin = { snap: Snap; label: number }

/** Distances from the nearest of several origins to every node within `limit` metres. */
export type Reach = {
  /** Metres to each node (Infinity beyond the limit). */
  distance: Float64Array
  /** The label of the nearest origin of each node (-1 when none). */
  label: Float64Array
  /** Nodes reached, in the order settled. */
  reached: number[]
}

/**
 * The arrays of one walk, kept between walks so that many short walks over a large graph
 * (site suggestions) do not each allocate and clear arrays the size of the graph.
 */
export class Workspace {
  readonly distance: Float64Array
  readonly label: Float64Array
  readonly settled: Uint8Array
  readonly touched: number[] = []

  constructor(nodeCount: number) {
    this.distance = new Float64Array(nodeCount).fill(Infinity)
    this.label = new Float64Array(nodeCount).fill(-1)
    this.settled = new Uint8Array(nodeCount)
  }

  reset(): void {
    for (const v of this.touched) {
      this.distance[v] = Infinity
      this.label[v] = -1
      this.settled[v] = 0
    }
    this.touched.length = 0
  }
}

/**
 * Multi-source Dijkstra from the origins, stopping at `limit` metres. Ties go to the
 * smaller label, so that the answer does not depend on the order of the origins. With a
 * workspace, the answer lives in it until its next walk.
 */
export function walkFrom(graph: Graph, origins: readonly Origin[], limit: number, workspace = new Workspace(graph.nodeCount)): Reach {
  workspace.reset()
  const { distance, label, settled, touched } = workspace
  const heap = new Heap()
  const offer = (node: number, d: number, l: number) => {
    if (d > limit) return
    if (d < distance[node]! || (d === distance[node]! && l < label[node]!)) {
      if (distance[node] === Infinity) touched.push(node)
      distance[node] = d
      label[node] = l
      heap.push(d, node)
    }
  }
  for (const { snap, label: l } of origins) {
    const length = graph.length[snap.edge]!
    offer(graph.source[snap.edge]!, snap.access_m + snap.fraction * length, l)
    offer(graph.target[snap.edge]!, snap.access_m + (1 - snap.fraction) * length, l)
  }
  const reached: number[] = []
  while (heap.size > 0) {
    const v = heap.topValue
    const d = heap.topKey
    heap.pop()
    if (settled[v] || d > distance[v]!) continue
    settled[v] = 1
    reached.push(v)
    for (let k = graph.offsets[v]!; k < graph.offsets[v + 1]!; k++) {
      const e = graph.adjacency[k]!
      const w = graph.source[e] === v ? graph.target[e]! : graph.source[e]!
      if (!settled[w]) offer(w, d + graph.length[e]!, label[v]!)
    }
  }
  return { distance, label, reached }
}

/**
 * The walk from the reach's origins to a snapped point: via either end of its edge, or
 * along the edge itself from an origin on the same edge. Infinity when none reaches it.
 */
export function walkTo(graph: Graph, reach: Reach, snap: Snap, originsOnEdge: readonly Origin[] = []): { distance: number; label: number } {
  const length = graph.length[snap.edge]!
  let best = Infinity
  let label = -1
  const consider = (d: number, l: number) => {
    if (d < best || (d === best && l < label)) {
      best = d
      label = l
    }
  }
  const s = graph.source[snap.edge]!
  const t = graph.target[snap.edge]!
  if (reach.distance[s]! < Infinity) consider(reach.distance[s]! + snap.fraction * length + snap.access_m, reach.label[s]!)
  if (reach.distance[t]! < Infinity) consider(reach.distance[t]! + (1 - snap.fraction) * length + snap.access_m, reach.label[t]!)
  for (const o of originsOnEdge) {
    consider(o.snap.access_m + Math.abs(o.snap.fraction - snap.fraction) * length + snap.access_m, o.label)
  }
  return { distance: best, label }
}

/** Groups snapped points by their edge: for each edge index, the indexes of the points on it. */
export function pointsByEdge(snaps: readonly (Snap | null)[]): Map<number, number[]> {
  const byEdge = new Map<number, number[]>()
  snaps.forEach((snap, i) => {
    if (!snap) return
    const list = byEdge.get(snap.edge)
    if (list) list.push(i)
    else byEdge.set(snap.edge, [i])
  })
  return byEdge
}

/**
 * The stretches of each edge within `budget` metres of the reach's origins, as fractions
 * [from, to] of the edge (an edge reached from both ends in full is [0, 1]); for the
 * isochrone polygons. Origins on an edge reach along it both ways.
 */
export function reachedStretches(graph: Graph, reach: Reach, budget: number, origins: readonly Origin[]): { edge: number; from: number; to: number }[] {
  const spans = new Map<number, [number, number][]>()
  const add = (edge: number, from: number, to: number) => {
    if (to <= from) return
    const list = spans.get(edge)
    if (list) list.push([from, to])
    else spans.set(edge, [[from, to]])
  }
  for (const v of reach.reached) {
    const left = budget - reach.distance[v]!
    if (left <= 0) continue
    for (let k = graph.offsets[v]!; k < graph.offsets[v + 1]!; k++) {
      const e = graph.adjacency[k]!
      const share = Math.min(1, left / graph.length[e]!)
      if (graph.source[e] === v) add(e, 0, share)
      if (graph.target[e] === v) add(e, 1 - share, 1)
    }
  }
  for (const { snap } of origins) {
    const left = budget - snap.access_m
    if (left <= 0) continue
    const share = left / graph.length[snap.edge]!
    add(snap.edge, Math.max(0, snap.fraction - share), Math.min(1, snap.fraction + share))
  }
  const out: { edge: number; from: number; to: number }[] = []
  for (const [edge, list] of spans) {
    list.sort((a, b) => a[0] - b[0])
    let [from, to] = list[0]!
    for (const [a, b] of list.slice(1)) {
      if (a <= to) to = Math.max(to, b)
      else {
        out.push({ edge, from, to })
        ;[from, to] = [a, b]
      }
    }
    out.push({ edge, from, to })
  }
  return out
}
