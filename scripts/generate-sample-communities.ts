/**
 * Generates the sample communities and villages of 平顶山 with their population, into
 * data/pingdingshan/sample/communities.geojson. Generated, not real: every feature says
 * `data_source: "generated"`. Seeded, so a rerun writes the same file.
 *
 *   npx tsx scripts/generate-sample-communities.ts
 *
 * It follows the plan's figures: the 117 urban communities of the city districts
 * (城市区 117 个社区), villages in the towns, a total population of about 4.99 million
 * (2020 census) and a 60+ share near 19% (950,000 of 4.99 million projected for 2025).
 */
import fs from 'node:fs'
import path from 'node:path'
import { createRandom } from './prng'
import { RIVER, insideMultiPolygon, keyedRandom, localFrame, metresBetween, metresToBoundary, metresToLine, round6, type LonLat } from './sample-geometry'

const CITY_DIR = path.resolve('data/pingdingshan')
const OUT = path.join(CITY_DIR, 'sample/communities.geojson')
const CITY_DISTRICTS = ['410402', '410403', '410404', '410411']
const URBAN_COMMUNITIES = 117
const TOTAL_POPULATION = 4_990_000

type Township = { code: string; name: string; kind: string; county_code: string }
type TownshipArea = Township & { seat: LonLat; geom: number[][][][] }
type Community = { code: string; name: string; kind: 'community' | 'village'; township_code: string; weight: number; share60: number }

const random = createRandom(20211231)

function shortName(township: string): string {
  return township.replace(/(街道|镇|乡|管委会)$/, '')
}

/** How many communities and villages each township gets, and their relative sizes. */
function plan(townships: Township[]): Community[] {
  const out: Community[] = []
  const add = (t: Township, kind: Community['kind'], count: number, weight: () => number, share: () => number) => {
    for (let i = 1; i <= count; i++) {
      const suffix = kind === 'community' ? i : 200 + i
      out.push({
        code: `${t.code}${String(suffix).padStart(3, '0')}`,
        name: `${shortName(t.name)}${kind === 'community' ? '示例社区' : '示例村'}${String(i).padStart(2, '0')}`,
        kind,
        township_code: t.code,
        weight: weight(),
        share60: share(),
      })
    }
  }
  // The 117 urban communities of the city districts, spread over their streets.
  const urbanStreets = townships.filter((t) => CITY_DISTRICTS.includes(t.county_code) && t.kind === 'street')
  urbanStreets.forEach((t, i) => {
    const count = Math.floor(URBAN_COMMUNITIES / urbanStreets.length) + (i < URBAN_COMMUNITIES % urbanStreets.length ? 1 : 0)
    add(t, 'community', count, () => random.between(0.8, 1.3) * 8, () => random.between(0.14, 0.19))
  })
  for (const t of townships) {
    if (t.kind === 'street' && !CITY_DISTRICTS.includes(t.county_code)) {
      add(t, 'community', random.int(3, 6), () => random.between(0.8, 1.3) * 6, () => random.between(0.15, 0.2))
    } else if (t.kind !== 'street') {
      add(t, 'village', random.int(9, 22), () => random.between(0.6, 1.5) * 2, () => random.between(0.18, 0.25))
    }
  }
  return out
}

/** Population by weight, rounded so that the total is exact. */
function populations(communities: Community[]): number[] {
  const sum = communities.reduce((a, c) => a + c.weight, 0)
  const raw = communities.map((c) => (c.weight / sum) * TOTAL_POPULATION)
  const rounded = raw.map(Math.floor)
  let rest = TOTAL_POPULATION - rounded.reduce((a, b) => a + b, 0)
  for (let i = 0; rest > 0; i = (i + 1) % rounded.length, rest--) rounded[i]! += 1
  return rounded
}

/** Where a community may stand: inside its township (clear of the boundary), off the river, apart from the others. */
type Placement = { area: TownshipArea; margin: number; apart: number; placed: LonLat[] }
function allowed(p: LonLat, { area, margin, apart, placed }: Placement): boolean {
  if (!insideMultiPolygon(p, area.geom) || metresToBoundary(p, area.geom) < margin) return false
  if (metresToLine(p, RIVER) < 180) return false
  return placed.every((q) => Math.abs(q[0] - p[0]) > 0.02 || Math.abs(q[1] - p[1]) > 0.02 || metresBetween(p, q) >= apart)
}

/**
 * Urban communities: blocks of a street's built-up area, a chain of cells about 430 m
 * apart that starts at the street's seat and mostly runs on in one direction, turning now
 * and then (so a street's communities spread over a kilometre or two, as its blocks do).
 */
function placeUrban(area: TownshipArea, n: number, placed: LonLat[]): LonLat[] {
  const rnd = keyedRandom(`community-positions:${area.code}`)
  const frame = localFrame(area.seat)
  const spacing = 430
  const angle = rnd.between(0, Math.PI / 2)
  const at = ([i, j]: [number, number], jx: number, jy: number): LonLat => {
    const x = i * spacing + jx
    const y = j * spacing + jy
    return frame.toLonLat([x * Math.cos(angle) - y * Math.sin(angle), x * Math.sin(angle) + y * Math.cos(angle)])
  }
  const rule: Placement = { area, margin: 40, apart: 300, placed }
  const cells: [number, number][] = []
  const out: LonLat[] = []
  const used = new Set<string>()
  const tryCell = (cell: [number, number]) => {
    if (used.has(cell.join())) return false
    const p = round6(at(cell, rnd.between(-60, 60), rnd.between(-60, 60)))
    if (!allowed(p, rule)) return false
    used.add(cell.join())
    cells.push(cell)
    out.push(p)
    placed.push(p)
    return true
  }
  // The seat's own cell, or the nearest one allowed.
  const ring = (r: number) => {
    const list: [number, number][] = []
    for (let i = -r; i <= r; i++) for (let j = -r; j <= r; j++) if (Math.max(Math.abs(i), Math.abs(j)) === r) list.push([i, j])
    return list
  }
  for (let r = 0; !out.length && r < 40; r++) for (const c of ring(r)) if (tryCell(c)) break
  const steps: [number, number][] = [[1, 0], [0, 1], [-1, 0], [0, -1]]
  let dir = rnd.int(0, 3)
  while (out.length < n) {
    const last = cells[cells.length - 1]!
    const turn = rnd.next()
    if (turn > 0.7) dir = (dir + (turn > 0.85 ? 1 : 3)) % 4
    const order = [dir, (dir + 1) % 4, (dir + 3) % 4, (dir + 2) % 4]
    let ok = order.some((d) => tryCell([last[0] + steps[d]![0], last[1] + steps[d]![1]]))
    // Blocked: grow from any cell placed so far, then further out.
    for (let r = 1; !ok && r < 40; r++) ok = cells.some((c) => ring(r).some(([i, j]) => tryCell([c[0] + i, c[1] + j])))
    if (!ok) throw new Error(`no room for the communities of ${area.code}`)
  }
  return out
}

/** Villages: around the township seat, a kilometre or so apart, nearer ones first. */
function placeVillages(area: TownshipArea, n: number, placed: LonLat[]): LonLat[] {
  const rnd = keyedRandom(`village-positions:${area.code}`)
  const frame = localFrame(area.seat)
  for (let spacing = 1400; spacing > 200; spacing *= 0.75) {
    const cells: { p: LonLat; rank: number }[] = []
    for (let i = -30; i <= 30; i++) {
      for (let j = -30; j <= 30; j++) {
        const p = round6(frame.toLonLat([i * spacing + rnd.between(-0.25, 0.25) * spacing, j * spacing + rnd.between(-0.25, 0.25) * spacing]))
        cells.push({ p, rank: Math.hypot(i, j) + rnd.between(0, 1.2) })
      }
    }
    cells.sort((a, b) => a.rank - b.rank)
    const rule: Placement = { area, margin: 120, apart: spacing * 0.45, placed: [...placed] }
    const out: LonLat[] = []
    for (const { p } of cells) {
      if (out.length === n) break
      if (metresBetween(p, area.seat) > 40 && allowed(p, rule)) {
        out.push(p)
        rule.placed.push(p)
      }
    }
    if (out.length === n) {
      placed.push(...out)
      return out
    }
  }
  throw new Error(`no room for the villages of ${area.code}`)
}

function main() {
  const areas = (JSON.parse(fs.readFileSync(path.join(CITY_DIR, 'townships.geojson'), 'utf8')) as {
    features: { properties: Township & { seat: { coordinates: LonLat } }; geometry: { type: string; coordinates: number[][][] | number[][][][] } }[]
  }).features
    .map(({ properties: p, geometry: g }): TownshipArea => ({
      code: p.code, name: p.name, kind: p.kind, county_code: p.county_code, seat: p.seat.coordinates,
      geom: g.type === 'Polygon' ? [g.coordinates as number[][][]] : (g.coordinates as number[][][][]),
    }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
  const communities = plan(areas)
  const people = populations(communities)
  const features: {
    type: 'Feature'
    id: string
    properties: { code: string; name: string; kind: string; township_code: string; population: number; population_60plus: number; data_source: 'generated' }
    geometry: { type: 'Point'; coordinates: number[] }
  }[] = []
  const placed: LonLat[] = []
  // Streets first (their blocks are tighter), then the villages around them.
  const ordered = [...areas.filter((t) => t.kind === 'street'), ...areas.filter((t) => t.kind !== 'street')]
  const points = new Map<string, LonLat[]>()
  for (const t of ordered) {
    const n = communities.filter((c) => c.township_code === t.code).length
    if (n) points.set(t.code, t.kind === 'street' ? placeUrban(t, n, placed) : placeVillages(t, n, placed))
  }
  for (const t of areas) {
    const members = communities.map((c, i) => ({ c, i })).filter(({ c }) => c.township_code === t.code)
    members.forEach(({ c, i }, k) => {
      const population = people[i]!
      features.push({
        type: 'Feature',
        id: c.code,
        properties: {
          code: c.code,
          name: c.name,
          kind: c.kind,
          township_code: c.township_code,
          population,
          population_60plus: Math.round(population * c.share60),
          data_source: 'generated',
        },
        geometry: { type: 'Point', coordinates: points.get(t.code)![k]! },
      })
    })
  }
  fs.mkdirSync(path.dirname(OUT), { recursive: true })
  fs.writeFileSync(OUT, JSON.stringify({ type: 'FeatureCollection', features }) + '\n')
  const total = features.reduce((a, f) => a + f.properties.population, 0)
  const old = features.reduce((a, f) => a + f.properties.population_60plus, 0)
  const urban = features.filter((f) => f.properties.kind === 'community')
  const near = urban.filter((f) => urban.some((g) => g !== f && metresBetween(f.geometry.coordinates as LonLat, g.geometry.coordinates as LonLat) <= 900)).length
  console.log(`wrote ${OUT}: ${features.length} communities and villages, population ${total}, aged 60+ ${old} (${((old / total) * 100).toFixed(1)}%); ${near} of ${urban.length} urban communities have another within 900 m`)
}

main()
