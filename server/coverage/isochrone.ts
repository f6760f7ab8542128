/**
 * Coverage polygons: the reached stretches of streets of a walk, each `width` metres
 * either side, merged, with holes where no reached street comes near (an isochrone); or,
 * for points, the union of their circles. Built on a
 * grid of `cell`-metre squares in a local plane (metres east and north of the
 * stretches' centre; at city size the plane is within 0.1% of the ellipsoid), traced
 * into rings and simplified for display. The embedded database's GEOS takes many seconds
 * (and runs out of memory) buffering a city's worth of streets; the grid takes tens of
 * milliseconds, and the polygons it gives are within a cell of the exact buffer.
 */

/** A stretch of a street: its line (flat [lon, lat, lon, lat, …]) from fraction `from` to `to` of its length; one position is a point. */
export type Stretch = { line: ArrayLike<number>; from: number; to: number }

type Plane = { lon0: number; lat0: number; kx: number; ky: number }

const MAX_CELLS = 16_000_000

/** GeoJSON MultiPolygon coordinates of the buffered stretches (or circles), or null when there are none. */
export function coveragePolygons(stretches: readonly Stretch[], width: number, cell = 20): number[][][][] | null {
  const lines = stretches.map((s) => cut(s)).filter((l) => l.length >= 1)
  if (!lines.length) return null
  const plane = planeAt(lines)
  const xy = lines.map((l) => l.map(([lon, lat]) => [(lon - plane.lon0) * plane.kx, (lat - plane.lat0) * plane.ky] as const))
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const l of xy) {
    for (const [x, y] of l) {
      minX = Math.min(minX, x)
      maxX = Math.max(maxX, x)
      minY = Math.min(minY, y)
      maxY = Math.max(maxY, y)
    }
  }
  const margin = width + 2 * cell
  minX -= margin
  minY -= margin
  while (((maxX - minX + margin) / cell) * ((maxY - minY + margin) / cell) > MAX_CELLS) cell *= 2
  const nx = Math.ceil((maxX + margin - minX) / cell)
  const ny = Math.ceil((maxY + margin - minY) / cell)
  const grid = new Uint8Array(nx * ny)
  for (const l of xy) {
    // A point is a segment of no length.
    for (let k = Math.min(1, l.length - 1); k < l.length; k++) {
      const [a, b] = [l[Math.max(0, k - 1)]!, l[k]!]
      stamp(grid, nx, ny, (a[0] - minX) / cell, (a[1] - minY) / cell, (b[0] - minX) / cell, (b[1] - minY) / cell, width / cell)
    }
  }
  joinCorners(grid, nx, ny)
  // Under half a cell, so that two boundaries a cell apart never cross.
  const rings = trace(grid, nx, ny).map((ring) => simplify(ring, 0.45))
  const toLonLat = (p: number[]) => [round(plane.lon0 + (minX + p[0]! * cell) / plane.kx), round(plane.lat0 + (minY + p[1]! * cell) / plane.ky)]
  return assemble(rings, 4).map((polygon) => polygon.map((ring) => ring.map(toLonLat)))
}

const round = (n: number) => Math.round(n * 1e6) / 1e6

/** The part of a line from `from` to `to` of its length (measured in degrees, as PostGIS's ST_LineSubstring does). */
function cut({ line, from, to }: Stretch): [number, number][] {
  const points: [number, number][] = []
  for (let i = 0; i + 1 < line.length; i += 2) points.push([line[i]!, line[i + 1]!])
  if ((from <= 0 && to >= 1) || points.length < 2) return points
  const lengths = [0]
  for (let k = 1; k < points.length; k++) lengths.push(lengths[k - 1]! + Math.hypot(points[k]![0] - points[k - 1]![0], points[k]![1] - points[k - 1]![1]))
  const total = lengths.at(-1)!
  const at = (d: number): [number, number] => {
    let k = 1
    while (k < points.length - 1 && lengths[k]! < d) k++
    const span = lengths[k]! - lengths[k - 1]!
    const t = span > 0 ? (d - lengths[k - 1]!) / span : 0
    return [points[k - 1]![0] + t * (points[k]![0] - points[k - 1]![0]), points[k - 1]![1] + t * (points[k]![1] - points[k - 1]![1])]
  }
  const [a, b] = [from * total, to * total]
  const out: [number, number][] = [at(a)]
  for (let k = 1; k < points.length - 1; k++) if (lengths[k]! > a && lengths[k]! < b) out.push(points[k]!)
  out.push(at(b))
  return out
}

function planeAt(lines: [number, number][][]): Plane {
  const [lon0, lat0] = lines[0]![0]!
  const kx = 111_320 * Math.cos((lat0 * Math.PI) / 180)
  return { lon0, lat0, kx, ky: 110_574 }
}

/** Fills the cells whose centre lies within `r` (in cells) of the segment from (x0, y0) to (x1, y1). */
function stamp(grid: Uint8Array, nx: number, ny: number, x0: number, y0: number, x1: number, y1: number, r: number): void {
  const dx = x1 - x0
  const dy = y1 - y0
  const len2 = dx * dx + dy * dy
  const r2 = r * r
  const iMin = Math.max(0, Math.floor(Math.min(x0, x1) - r))
  const iMax = Math.min(nx - 1, Math.ceil(Math.max(x0, x1) + r))
  const jMin = Math.max(0, Math.floor(Math.min(y0, y1) - r))
  const jMax = Math.min(ny - 1, Math.ceil(Math.max(y0, y1) + r))
  for (let j = jMin; j <= jMax; j++) {
    const cy = j + 0.5
    for (let i = iMin; i <= iMax; i++) {
      const cx = i + 0.5
      const t = len2 > 0 ? Math.max(0, Math.min(1, ((cx - x0) * dx + (cy - y0) * dy) / len2)) : 0
      const ex = x0 + t * dx - cx
      const ey = y0 + t * dy - cy
      if (ex * ex + ey * ey <= r2) grid[j * nx + i] = 1
    }
  }
}

/**
 * Fills one of the two empty cells wherever two filled cells touch only at a corner, until
 * none do: then every boundary ring is simple and no two rings touch, as valid
 * (Multi)Polygons need.
 */
function joinCorners(grid: Uint8Array, nx: number, ny: number): void {
  for (let changed = true; changed; ) {
    changed = false
    for (let j = 0; j + 1 < ny; j++) {
      for (let i = 0; i + 1 < nx; i++) {
        const k = j * nx + i
        const [a, b, c, d] = [grid[k], grid[k + 1], grid[k + nx], grid[k + nx + 1]]
        if (a && d && !b && !c) grid[k + 1] = 1
        else if (b && c && !a && !d) grid[k] = 1
        else continue
        changed = true
      }
    }
  }
}

/**
 * The boundaries of the filled cells as closed rings of lattice points, the filled side
 * on the left: outer rings run anticlockwise, holes clockwise. Where two filled cells
 * touch only at a corner (none do after joinCorners), the rings turn left there.
 */
export function trace(grid: Uint8Array, nx: number, ny: number): number[][][] {
  const filled = (i: number, j: number) => i >= 0 && j >= 0 && i < nx && j < ny && grid[j * nx + i] === 1
  // Directed boundary edges by start vertex: direction 0 east, 1 north, 2 west, 3 south.
  const out = new Map<number, number[]>()
  const W = nx + 1
  const add = (x: number, y: number, dir: number) => {
    const key = y * W + x
    const list = out.get(key)
    if (list) list.push(dir)
    else out.set(key, [dir])
  }
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      if (!filled(i, j)) continue
      if (!filled(i, j - 1)) add(i, j, 0)
      if (!filled(i + 1, j)) add(i + 1, j, 1)
      if (!filled(i, j + 1)) add(i + 1, j + 1, 2)
      if (!filled(i - 1, j)) add(i, j + 1, 3)
    }
  }
  const step = [[1, 0], [0, 1], [-1, 0], [0, -1]] as const
  const rings: number[][][] = []
  for (const [startKey, dirs] of out) {
    while (dirs.length) {
      const startDir = dirs.pop()!
      let dir = startDir
      let key = startKey
      const ring: number[][] = []
      for (;;) {
        const x = key % W
        const y = (key - x) / W
        ring.push([x, y])
        key = (y + step[dir]![1]) * W + (x + step[dir]![0])
        // Each edge coming in pairs with the edge going out furthest left of it: left, straight, right.
        const options = out.get(key)!
        const choices = key === startKey ? [...options, startDir] : options
        const next = [(dir + 1) % 4, dir, (dir + 3) % 4].find((d) => choices.includes(d))!
        if (key === startKey && next === startDir) break
        options.splice(options.indexOf(next), 1)
        dir = next
      }
      ring.push(ring[0]!)
      rings.push(ring)
    }
  }
  return rings
}

/** Douglas–Peucker on a closed ring (tolerance in cells), keeping it closed. */
function simplify(ring: number[][], tolerance: number): number[][] {
  const open = ring.slice(0, -1)
  if (open.length < 4) return ring
  // Split at the vertex farthest from the first, so that both halves are open lines.
  let far = 0
  let best = -1
  for (let k = 1; k < open.length; k++) {
    const d = Math.hypot(open[k]![0]! - open[0]![0]!, open[k]![1]! - open[0]![1]!)
    if (d > best) [best, far] = [d, k]
  }
  const a = dp(open.slice(0, far + 1), tolerance)
  const b = dp([...open.slice(far), open[0]!], tolerance)
  const out = [...a, ...b.slice(1)]
  return out.length >= 4 ? out : ring
}

function dp(points: number[][], tolerance: number): number[][] {
  if (points.length <= 2) return points
  const [ax, ay] = points[0]!
  const [bx, by] = points.at(-1)!
  const len = Math.hypot(bx! - ax!, by! - ay!)
  let index = 0
  let best = 0
  for (let k = 1; k < points.length - 1; k++) {
    const [px, py] = points[k]!
    const d = len > 0 ? Math.abs((bx! - ax!) * (ay! - py!) - (ax! - px!) * (by! - ay!)) / len : Math.hypot(px! - ax!, py! - ay!)
    if (d > best) [best, index] = [d, k]
  }
  if (best <= tolerance) return [points[0]!, points.at(-1)!]
  return [...dp(points.slice(0, index + 1), tolerance).slice(0, -1), ...dp(points.slice(index), tolerance)]
}

function signedArea(ring: number[][]): number {
  let s = 0
  for (let k = 1; k < ring.length; k++) s += ring[k - 1]![0]! * ring[k]![1]! - ring[k]![0]! * ring[k - 1]![1]!
  return s / 2
}

function contains(ring: number[][], [x, y]: number[]): boolean {
  let inside = false
  for (let k = 1; k < ring.length; k++) {
    const [x1, y1] = ring[k - 1]!
    const [x2, y2] = ring[k]!
    if (y1! > y! !== y2! > y! && x! < ((x2! - x1!) * (y! - y1!)) / (y2! - y1!) + x1!) inside = !inside
  }
  return inside
}

/** Polygons from rings: each anticlockwise ring an outer one, each clockwise ring (of at least `minHole` cells) a hole of the smallest outer ring around it. */
function assemble(rings: number[][][], minHole: number): number[][][][] {
  const outers = rings.filter((r) => signedArea(r) > 0).map((r) => ({ ring: r, area: signedArea(r), holes: [] as number[][][] }))
  outers.sort((a, b) => a.area - b.area)
  for (const hole of rings.filter((r) => signedArea(r) < -minHole)) {
    const probe = [(hole[0]![0]! + hole[1]![0]!) / 2, (hole[0]![1]! + hole[1]![1]!) / 2]
    const owner = outers.find((o) => contains(o.ring, probe))
    owner?.holes.push(hole)
  }
  return outers.map((o) => [o.ring, ...o.holes])
}
