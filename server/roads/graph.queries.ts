import { z } from 'zod'
import type { CommonQueryMethods, DatabasePool } from 'slonik'
import { sql } from '../db/sql'

/** The advisory lock key of graph builds, so that two processes never rebuild at once. */
const GRAPH_LOCK_KEY = 7_401_312

const Generation = z.object({ generation: z.number() })
const BuildCounts = z.object({ nodes: z.number(), edges: z.number() })

/**
 * Rebuilds road_nodes and road_edges from the walkable, live roads, in the caller's
 * transaction: a node at every vertex that two or more roads share (or one road passes
 * twice) and at every line end, and an edge for each stretch of a road between two
 * consecutive nodes along it, with its length in metres on the spheroid. Vertices are
 * matched at 1e-7° (about 1 cm), so coordinates that differ only by rounding still meet;
 * lines that cross without a shared vertex do not meet. Written in SQL that PostgreSQL 15 +
 * PostGIS 3.3 and PGlite (PostgreSQL 18 + PostGIS 3.6) both run.
 * @returns how many nodes and edges the graph has.
 */
export async function buildRoadGraph(tx: CommonQueryMethods): Promise<{ nodes: number; edges: number }> {
  await tx.query(sql.typeAlias('void')`DELETE FROM road_edges`)
  await tx.query(sql.typeAlias('void')`DELETE FROM road_nodes`)
  return tx.one(sql.type(BuildCounts)`
    WITH r AS (
      SELECT id, geom, ST_NPoints(geom) AS n FROM roads WHERE walkable AND deleted_at IS NULL
    ), v AS (
      SELECT r.id AS road_id, d.path[1] AS i, d.geom AS pt,
             round(ST_X(d.geom) * 1e7)::bigint AS kx, round(ST_Y(d.geom) * 1e7)::bigint AS ky,
             d.path[1] = 1 OR d.path[1] = r.n AS is_end
      FROM r, LATERAL ST_DumpPoints(r.geom) AS d
    ), k AS (
      SELECT kx, ky, count(*) AS uses, bool_or(is_end) AS is_end, min(ST_X(pt)) AS x, min(ST_Y(pt)) AS y
      FROM v GROUP BY kx, ky
    ), nodes AS (
      SELECT row_number() OVER (ORDER BY kx, ky) AS id, kx, ky, x, y FROM k WHERE uses >= 2 OR is_end
    ), at_nodes AS (
      SELECT v.road_id, v.i, n.id AS node,
             lead(v.i) OVER w AS next_i, lead(n.id) OVER w AS next_node
      FROM v JOIN nodes n ON n.kx = v.kx AND n.ky = v.ky
      WINDOW w AS (PARTITION BY v.road_id ORDER BY v.i)
    ), stretches AS (
      SELECT row_number() OVER (ORDER BY road_id, i) AS id, road_id, i AS i0, next_i AS i1, node AS source, next_node AS target
      FROM at_nodes WHERE next_i IS NOT NULL
    ), edges AS (
      SELECT s.id, s.road_id, s.source, s.target, ST_MakeLine(v.pt ORDER BY v.i) AS geom
      FROM stretches s JOIN v ON v.road_id = s.road_id AND v.i BETWEEN s.i0 AND s.i1
      GROUP BY s.id, s.road_id, s.source, s.target
    ), inserted_nodes AS (
      INSERT INTO road_nodes (id, geom) SELECT id, ST_SetSRID(ST_MakePoint(x, y), 4326) FROM nodes RETURNING 1
    ), inserted_edges AS (
      -- ::geography: metres on the spheroid, whatever the latitude.
      INSERT INTO road_edges (id, road_id, source, target, length_m, geom)
      SELECT id, road_id, source, target, ST_Length(geom::geography), geom FROM edges RETURNING 1
    )
    SELECT (SELECT count(*) FROM inserted_nodes)::int AS nodes, (SELECT count(*) FROM inserted_edges)::int AS edges`)
}

/** The roads' current change generation (table_changes), 0 before any. */
export async function getRoadsGeneration(db: CommonQueryMethods): Promise<number> {
  const row = await db.maybeOne(sql.type(Generation)`SELECT generation::float8 AS generation FROM table_changes WHERE table_name = 'roads'`)
  return row?.generation ?? 0
}

/** The roads generation the stored graph was built from, or null before the first build. */
export async function getGraphGeneration(db: CommonQueryMethods): Promise<number | null> {
  const row = await db.maybeOne(sql.type(Generation)`SELECT generation::float8 AS generation FROM road_graph_builds ORDER BY built_at DESC LIMIT 1`)
  return row?.generation ?? null
}

/**
 * Rebuilds the graph in the caller's transaction under the graph's advisory lock, and
 * records the roads generation it was built from (read before the build, so a change
 * committed meanwhile makes the next call build again rather than be missed).
 * @returns the generation recorded.
 */
export async function rebuildRoadGraph(tx: CommonQueryMethods): Promise<number> {
  await tx.query(sql.typeAlias('void')`SELECT pg_advisory_xact_lock(${GRAPH_LOCK_KEY})`)
  const generation = await getRoadsGeneration(tx)
  const started = Date.now()
  await buildRoadGraph(tx)
  await tx.query(sql.typeAlias('void')`DELETE FROM road_graph_builds`)
  await tx.query(sql.typeAlias('void')`INSERT INTO road_graph_builds (generation, ms) VALUES (${generation}, ${Date.now() - started})`)
  return generation
}

/**
 * Makes the graph match the roads: when the roads' generation differs from the one the
 * graph was built from, rebuilds it in a short transaction under an advisory lock (a
 * second process waits, then finds it built).
 * @returns the roads generation the graph now reflects.
 */
export async function ensureRoadGraph(db: DatabasePool | CommonQueryMethods): Promise<number> {
  const [current, built] = [await getRoadsGeneration(db), await getGraphGeneration(db)]
  if (built !== null && built === current) return built
  return db.transaction(async (tx) => {
    await tx.query(sql.typeAlias('void')`SELECT pg_advisory_xact_lock(${GRAPH_LOCK_KEY})`)
    const [now, done] = [await getRoadsGeneration(tx), await getGraphGeneration(tx)]
    if (done !== null && done === now) return done
    return rebuildRoadGraph(tx)
  })
}

const EdgeEnds = z.object({ source: z.number(), target: z.number() })
const Totals = z.object({
  roads: z.number(),
  generated_roads: z.number(),
  nodes: z.number(),
  edges: z.number(),
  total_km: z.number(),
  generated_km: z.number(),
})

/** What `GET /api/roads/network` answers: the size and connectedness of the walking graph. */
export type NetworkSummary = {
  /** Live roads, walkable or not. */
  roads: number
  walkable_roads: number
  edges: number
  nodes: number
  /** Connected components of the graph (sets of nodes reachable from each other). */
  components: number
  /** Edges in the largest component. */
  largest_component_edges: number
  /** Length of all edges, in km. */
  total_km: number
  /** Length of the edges on generated (sample) roads, in km. */
  generated_km: number
  /** True when any live road is generated sample data rather than surveyed or from OSM. */
  generated: boolean
  /** The roads generation the graph was built from. */
  generation: number
}

/**
 * Counts the edges of each connected component over an edge list (union-find with path
 * halving and union by size), for the network summary.
 * @example componentsOf([{ source: 1, target: 2 }, { source: 3, target: 4 }, { source: 2, target: 5 }])
 *   // { components: 2, largestEdges: 2 }
 */
export function componentsOf(edges: readonly { source: number; target: number }[]): { components: number; largestEdges: number } {
  const parent = new Map<number, number>()
  const size = new Map<number, number>()
  const find = (x: number): number => {
    if (!parent.has(x)) {
      parent.set(x, x)
      size.set(x, 1)
      return x
    }
    while (parent.get(x) !== x) {
      const grand = parent.get(parent.get(x)!)!
      parent.set(x, grand)
      x = grand
    }
    return x
  }
  for (const { source, target } of edges) {
    let a = find(source)
    let b = find(target)
    if (a === b) continue
    if (size.get(a)! < size.get(b)!) [a, b] = [b, a]
    parent.set(b, a)
    size.set(a, size.get(a)! + size.get(b)!)
  }
  const edgesOf = new Map<number, number>()
  let components = 0
  for (const [node, p] of parent) if (node === p) components += 1
  for (const { source } of edges) {
    const root = find(source)
    edgesOf.set(root, (edgesOf.get(root) ?? 0) + 1)
  }
  return { components, largestEdges: Math.max(0, ...edgesOf.values()) }
}

/**
 * The summary of the stored graph as it is (call ensureRoadGraph first for a current one):
 * roads, edges, nodes, connected components, the largest one's edges, and km in all and
 * on generated roads.
 */
export async function summarizeRoadNetwork(db: CommonQueryMethods, generation: number): Promise<NetworkSummary> {
  const totals = await db.one(sql.type(Totals)`
    SELECT (SELECT count(*) FROM roads WHERE deleted_at IS NULL)::int AS roads,
           (SELECT count(*) FROM roads WHERE deleted_at IS NULL AND data_source = 'generated')::int AS generated_roads,
           (SELECT count(*) FROM road_nodes)::int AS nodes,
           count(e.id)::int AS edges,
           coalesce(sum(e.length_m), 0) / 1000 AS total_km,
           coalesce(sum(e.length_m) FILTER (WHERE r.data_source = 'generated'), 0) / 1000 AS generated_km
    FROM road_edges e LEFT JOIN roads r ON r.id = e.road_id`)
  const walkable = await db.oneFirst(sql.type(z.object({ n: z.number() }))`
    SELECT count(*)::int AS n FROM roads WHERE deleted_at IS NULL AND walkable`)
  const ends = await db.any(sql.type(EdgeEnds)`SELECT source::float8 AS source, target::float8 AS target FROM road_edges`)
  const { components, largestEdges } = componentsOf(ends)
  return {
    roads: totals.roads,
    walkable_roads: walkable,
    edges: totals.edges,
    nodes: totals.nodes,
    components,
    largest_component_edges: largestEdges,
    total_km: Math.round(totals.total_km * 1000) / 1000,
    generated_km: Math.round(totals.generated_km * 1000) / 1000,
    generated: totals.generated_roads > 0,
    generation,
  }
}
