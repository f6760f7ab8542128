import type { CommonQueryMethods } from 'slonik'
import type { Logger } from 'pino'
import { ensureRoadGraph } from '../roads/graph.queries'
import {
  communitiesNear,
  nearestFacilities,
  readAreas,
  readFacilities,
  readFacilityChanges,
  readGenerations,
  readRoadEdges,
  snapToRoads,
  readRoadEdgeLines,
  type Areas,
  type FacilityRow,
  type LonLat,
} from './coverage.queries'
import { coveragePolygons } from './isochrone'
import { buildGraph, pointsByEdge, reachedStretches, walkFrom, walkTo, Workspace, type Graph, type Origin, type Snap } from './network'

/**
 * How far the analyses look for a facility: the longest walk a request may ask for
 * (60 minutes at 120 m a minute). Beyond it a community has no nearest facility.
 */
export const SEARCH_LIMIT_M = 7_200

/**
 * How far either side of a reached street the isochrone reaches: the walk from a door to
 * the street. Blocks up to twice as wide fill in; wider ones, parks, rail yards and
 * rivers stay holes.
 */
export const ISOCHRONE_WIDTH_M = 120

export type Mode = 'straight' | 'network'

/** The facilities an analysis counts: which kinds serve communities and villages, and which statuses. */
export type FacilitySet = {
  mode: Mode
  kinds: { community: readonly string[]; village: readonly string[] }
  statuses: readonly string[]
}

/** For each community (by index in the areas), its nearest facility and the distance (Infinity, -1: none within the limit). */
export type Nearest = { distance: Float64Array; facility: Float64Array }

/** The communities of the analysis, with lookups. */
export type AreaData = Areas & { count: number; points: LonLat[]; indexOf: Map<string, number> }

type State = { set: FacilitySet; nearest: Nearest; facilities: Map<number, FacilityRow> }

type Network = {
  generation: number
  graph: Graph
  edgeIds: number[]
  edgeIndex: Map<number, number>
  /** Where each community meets the network (null: there is no network). */
  communitySnaps: (Snap | null)[]
  communitiesOnEdge: Map<number, number[]>
  /** Snaps of facility positions, by "lon,lat". */
  snapCache: Map<string, Snap | null>
  workspace: Workspace
  /** Each edge's line (flat lon, lat), read when an isochrone is first drawn. */
  lines?: number[][]
}

/** A point that may serve communities: a facility, stored or given in a request. */
export type ServingPoint = LonLat & { kind: string }

const keyOf = (set: FacilitySet) => JSON.stringify([set.mode, set.kinds.community, set.kinds.village, set.statuses])
const serves = (set: FacilitySet, kind: string, communityKind: string) =>
  (communityKind === 'village' ? set.kinds.village : set.kinds.community).includes(kind)
const ALL_STATUSES = ['planned', 'under_construction', 'operating', 'closed']

/**
 * The coverage analyses' memory: for each facility set in use, every community's nearest
 * facility and its distance, so that a request with other minutes or another walking
 * speed only compares distances with its budget.
 *
 * Staleness: every request first reads, in one snapshot, the generation of the
 * facilities table and the ids of the facilities changed since the generation it last
 * saw (migration 013 logs them). Only the communities whose nearest was a changed
 * facility, and those within reach of its new position, are recomputed; an edit committed
 * before a request started is always in its answer, on every server process. A change of
 * the communities or of the roads rebuilds what depends on them.
 */
export class CoverageEngine {
  private areas: (AreaData & { generation: number }) | null = null
  private facilityGeneration = -1
  private states = new Map<string, State>()
  private network: Network | null = null
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly db: CommonQueryMethods,
    private readonly logger: Logger,
  ) {}

  /** Runs `work` after the work queued before it, so that the memory is updated by one request at a time. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work)
    this.queue = run.catch(() => undefined)
    return run
  }

  /**
   * The nearest facility of every community for the set, brought up to date with the
   * database; `recomputed` counts the communities computed again for this answer.
   */
  nearest(set: FacilitySet): Promise<{ areas: AreaData; nearest: Nearest; recomputed: number; full: boolean }> {
    return this.serial(async () => {
      const recomputed = await this.sync()
      const { state, full } = await this.stateOf(set)
      return { areas: this.areas!, nearest: state.nearest, recomputed: full ? this.areas!.count : recomputed, full }
    })
  }

  /** The set's memory, computed for every community when there is none. */
  private async stateOf(set: FacilitySet): Promise<{ state: State; full: boolean }> {
    const known = this.states.get(keyOf(set))
    if (known) return { state: known, full: false }
    const facilities = new Map((await readFacilities(this.db, set.statuses)).filter((f) => this.eligible(set, f)).map((f) => [f.id, f]))
    const state = { set, facilities, nearest: await this.compute(set, facilities, null) }
    this.states.set(keyOf(set), state)
    this.logger.info({ mode: set.mode, communities: this.areas!.count }, 'coverage: computed the nearest facility of every community')
    return { state, full: true }
  }

  /**
   * The communities within `radius` metres of each point that a facility of its kind would
   * serve under the set, with the distances: straight-line or along the network.
   */
  reach(set: FacilitySet, points: readonly ServingPoint[], radius: number): Promise<{ community: number; distance: number }[][]> {
    return this.serial(async () => {
      await this.sync()
      return this.reachNow(set, points, radius)
    })
  }

  /**
   * Where the set's facilities of the given kinds, and the trial ones, serve within
   * `budget` metres, as GeoJSON: the union of their circles, or the isochrone of
   * the reached streets (stretches of edges cut where the budget ends) buffered by
   * ISOCHRONE_WIDTH_M, with holes where no reached street comes near (./isochrone.ts).
   * Null when nothing is reached.
   */
  coverageArea(set: FacilitySet, kinds: readonly string[], trials: readonly ServingPoint[], budget: number): Promise<unknown | null> {
    return this.serial(async () => {
      await this.sync()
      const { state } = await this.stateOf(set)
      const points = [...state.facilities.values()].filter((f) => kinds.includes(f.kind)).concat(trials as FacilityRow[])
      if (set.mode === 'straight') return multiPolygon(coveragePolygons(points.map((p) => ({ line: [p.lon, p.lat], from: 0, to: 1 })), budget))
      const network = await this.ensureNetwork()
      if (!network) return null
      const snaps = await this.snapFacilities(network, points)
      const origins = snaps.flatMap((snap) => (snap ? [{ snap, label: 0 }] : []))
      const reach = walkFrom(network.graph, origins, budget, network.workspace)
      network.lines ??= await this.edgeLines(network)
      const lines = network.lines
      return multiPolygon(coveragePolygons(reachedStretches(network.graph, reach, budget, origins).map((s) => ({ line: lines[s.edge]!, from: s.from, to: s.to })), ISOCHRONE_WIDTH_M))
    })
  }

  private eligible(set: FacilitySet, f: FacilityRow | undefined): f is FacilityRow {
    return !!f && set.statuses.includes(f.status) && (set.kinds.community.includes(f.kind) || set.kinds.village.includes(f.kind))
  }

  /** Brings the memory up to date; returns how many communities it recomputed. */
  private async sync(): Promise<number> {
    const generations = await readGenerations(this.db)
    if (!this.areas || this.areas.generation !== generations.communities) {
      const raw = await readAreas(this.db)
      const c = raw.communities
      this.areas = {
        ...raw,
        generation: generations.communities,
        count: c.code.length,
        points: c.lon.map((lon, i) => ({ lon, lat: c.lat[i]! })),
        indexOf: new Map(c.code.map((code, i) => [code, i])),
      }
      this.states.clear()
      this.network = null
    }
    if (this.network && this.network.generation !== generations.roads) {
      this.network = null
      for (const [key, state] of this.states) if (state.set.mode === 'network') this.states.delete(key)
    }
    if (this.facilityGeneration < 0 || this.states.size === 0) {
      this.facilityGeneration = generations.eldercare_facilities
      return 0
    }
    if (generations.eldercare_facilities === this.facilityGeneration) return 0
    const changes = await readFacilityChanges(this.db, this.facilityGeneration)
    this.facilityGeneration = changes.generation
    if (changes.ids.includes(null)) {
      this.states.clear()
      return 0
    }
    const ids = changes.ids as number[]
    const rows = new Map((await readFacilities(this.db, ALL_STATUSES, ids)).map((f) => [f.id, f]))
    let recomputed = 0
    for (const state of this.states.values()) recomputed += await this.apply(state, ids, rows)
    this.logger.info({ facilities: ids, recomputed, sets: this.states.size }, 'coverage: updated after facility edits')
    return recomputed
  }

  /** Applies changed facilities to one set's nearest facilities; returns the communities touched. */
  private async apply(state: State, ids: number[], rows: Map<number, FacilityRow>): Promise<number> {
    const { set, nearest, facilities } = state
    const changed = new Set(ids)
    const lost: number[] = []
    for (let i = 0; i < nearest.facility.length; i++) if (changed.has(nearest.facility[i]!)) lost.push(i)
    const added: FacilityRow[] = []
    for (const id of ids) {
      const row = rows.get(id)
      if (this.eligible(set, row)) {
        facilities.set(id, row)
        added.push(row)
      } else facilities.delete(id)
    }
    // Those whose nearest facility changed: their nearest among all, again.
    if (lost.length) {
      const again = await this.compute(set, facilities, lost)
      for (const i of lost) {
        nearest.distance[i] = again.distance[i]!
        nearest.facility[i] = again.facility[i]!
      }
    }
    // Those a facility's new position may now serve best.
    const touched = new Set(lost)
    const reach = await this.reachNow(set, added, SEARCH_LIMIT_M)
    reach.forEach((pairs, k) => {
      const id = added[k]!.id
      for (const { community: i, distance } of pairs) {
        touched.add(i)
        if (distance < nearest.distance[i]! || (distance === nearest.distance[i]! && id < nearest.facility[i]!)) {
          nearest.distance[i] = distance
          nearest.facility[i] = id
        }
      }
    })
    return touched.size
  }

  /** The nearest facility of the communities (all when `only` is null), from the facilities of the set. */
  private async compute(set: FacilitySet, facilities: Map<number, FacilityRow>, only: number[] | null): Promise<Nearest> {
    const areas = this.areas!
    const nearest: Nearest = { distance: new Float64Array(areas.count).fill(Infinity), facility: new Float64Array(areas.count).fill(-1) }
    if (set.mode === 'straight') {
      const rows = await nearestFacilities(this.db, {
        kinds: set.kinds,
        statuses: set.statuses,
        limit: SEARCH_LIMIT_M,
        codes: only ? only.map((i) => areas.communities.code[i]!) : undefined,
      })
      rows.code.forEach((code, k) => {
        const i = areas.indexOf.get(code)
        if (i === undefined) return
        nearest.distance[i] = rows.distance_m[k]!
        nearest.facility[i] = rows.facility_id[k]!
      })
      return nearest
    }
    const network = await this.ensureNetwork()
    if (!network) return nearest
    const targets = only ?? [...Array(areas.count).keys()]
    // Only facilities that can be within the limit of one of the targets walk.
    const candidates = [...facilities.values()].filter(nearBox(targets.map((i) => areas.points[i]!), SEARCH_LIMIT_M))
    const snaps = await this.snapFacilities(network, candidates)
    for (const group of ['community', 'village'] as const) {
      const members = targets.filter((i) => (areas.communities.kind[i] === 'village') === (group === 'village'))
      if (!members.length) continue
      const origins: Origin[] = []
      candidates.forEach((f, k) => {
        if (snaps[k] && serves(set, f.kind, group)) origins.push({ snap: snaps[k]!, label: f.id })
      })
      const onEdge = originsByEdge(origins)
      const reach = walkFrom(network.graph, origins, SEARCH_LIMIT_M, network.workspace)
      for (const i of members) {
        const snap = network.communitySnaps[i]
        if (!snap) continue
        const { distance, label } = walkTo(network.graph, reach, snap, onEdge.get(snap.edge))
        if (distance <= SEARCH_LIMIT_M) {
          nearest.distance[i] = distance
          nearest.facility[i] = label
        }
      }
    }
    return nearest
  }

  private async reachNow(set: FacilitySet, points: readonly ServingPoint[], radius: number): Promise<{ community: number; distance: number }[][]> {
    const areas = this.areas!
    const out = points.map(() => [] as { community: number; distance: number }[])
    if (!points.length) return out
    const kindOf = areas.communities.kind
    if (set.mode === 'straight') {
      const pairs = await communitiesNear(this.db, points, radius)
      pairs.code.forEach((code, k) => {
        const i = areas.indexOf.get(code)
        const p = pairs.point[k]!
        if (i !== undefined && serves(set, points[p]!.kind, kindOf[i]!)) out[p]!.push({ community: i, distance: pairs.distance_m[k]! })
      })
      return out
    }
    const network = await this.ensureNetwork()
    if (!network) return out
    const snaps = await this.snapFacilities(network, points)
    points.forEach((point, p) => {
      const snap = snaps[p]
      if (!snap) return
      const origin: Origin = { snap, label: 0 }
      const reach = walkFrom(network.graph, [origin], radius, network.workspace)
      const best = new Map<number, number>()
      const visit = (edge: number) => {
        for (const i of network.communitiesOnEdge.get(edge) ?? []) {
          if (best.has(i) || !serves(set, point.kind, kindOf[i]!)) continue
          const d = walkTo(network.graph, reach, network.communitySnaps[i]!, edge === snap.edge ? [origin] : []).distance
          if (d <= radius) best.set(i, d)
        }
      }
      visit(snap.edge)
      for (const v of reach.reached) {
        const g = network.graph
        for (let k = g.offsets[v]!; k < g.offsets[v + 1]!; k++) visit(g.adjacency[k]!)
      }
      for (const [community, distance] of best) out[p]!.push({ community, distance })
    })
    return out
  }

  /** The walking graph, read when the roads have changed since it was last read. */
  private async ensureNetwork(): Promise<Network | null> {
    const generation = await ensureRoadGraph(this.db)
    if (this.network?.generation === generation) return this.network
    const edges = await readRoadEdges(this.db)
    if (!edges.id.length) return null
    const graph = buildGraph({ source: edges.source, target: edges.target, length: edges.length_m })
    const edgeIndex = new Map(edges.id.map((id, e) => [id, e]))
    const areas = this.areas!
    const snapped = await snapToRoads(this.db, areas.points)
    const communitySnaps: (Snap | null)[] = new Array(areas.count).fill(null)
    snapped.point.forEach((i, k) => {
      communitySnaps[i] = { edge: edgeIndex.get(snapped.edge_id[k]!)!, fraction: snapped.fraction[k]!, access_m: snapped.access_m[k]! }
    })
    this.network = {
      generation,
      graph,
      edgeIds: edges.id,
      edgeIndex,
      communitySnaps,
      communitiesOnEdge: pointsByEdge(communitySnaps),
      snapCache: new Map(),
      workspace: new Workspace(graph.nodeCount),
    }
    this.logger.info({ edges: edges.id.length, nodes: graph.nodeCount, communities: areas.count }, 'coverage: read the walking network')
    return this.network
  }

  /** Each edge's line, by edge index. */
  private async edgeLines(network: Network): Promise<number[][]> {
    const read = await readRoadEdgeLines(this.db)
    const lines: number[][] = new Array(network.edgeIds.length).fill([])
    read.id.forEach((id, k) => {
      const e = network.edgeIndex.get(id)
      if (e !== undefined) lines[e] = read.line[k]!
    })
    return lines
  }

  /** Where points meet the network, from the cache or the database. */
  private async snapFacilities(network: Network, points: readonly LonLat[]): Promise<(Snap | null)[]> {
    const key = (p: LonLat) => `${p.lon},${p.lat}`
    const missing = [...new Map(points.filter((p) => !network.snapCache.has(key(p))).map((p) => [key(p), p])).values()]
    if (missing.length) {
      const snapped = await snapToRoads(this.db, missing)
      for (const p of missing) network.snapCache.set(key(p), null)
      snapped.point.forEach((i, k) => {
        network.snapCache.set(key(missing[i]!), { edge: network.edgeIndex.get(snapped.edge_id[k]!)!, fraction: snapped.fraction[k]!, access_m: snapped.access_m[k]! })
      })
    }
    return points.map((p) => network.snapCache.get(key(p)) ?? null)
  }
}

const multiPolygon = (coordinates: number[][][][] | null) => coordinates && { type: 'MultiPolygon', coordinates }

function originsByEdge(origins: Origin[]): Map<number, Origin[]> {
  const byEdge = new Map<number, Origin[]>()
  for (const o of origins) {
    const list = byEdge.get(o.snap.edge)
    if (list) list.push(o)
    else byEdge.set(o.snap.edge, [o])
  }
  return byEdge
}

/**
 * A filter for points that may lie within `metres` of one of the targets: inside the
 * targets' bounding box grown by that much (and a margin), in degrees at their latitude.
 */
function nearBox(targets: LonLat[], metres: number): (p: LonLat) => boolean {
  if (!targets.length) return () => false
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const t of targets) {
    w = Math.min(w, t.lon)
    e = Math.max(e, t.lon)
    s = Math.min(s, t.lat)
    n = Math.max(n, t.lat)
  }
  const dLat = (metres * 1.01 + 100) / 110_574
  const dLon = dLat / Math.max(0.01, Math.cos((Math.max(Math.abs(s), Math.abs(n)) * Math.PI) / 180))
  return (p) => p.lon >= w - dLon && p.lon <= e + dLon && p.lat >= s - dLat && p.lat <= n + dLat
}

