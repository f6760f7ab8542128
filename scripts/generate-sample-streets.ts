/**
 * Generates the sample street network of 平顶山 into data/pingdingshan/sample/roads.geojson:
 * the streets of the central city (新华区, 卫东区, 湛河区), of 石龙区 and of the six county
 * towns (宝丰, 叶县, 鲁山, 郏县, 舞钢, 汝州). Generated, not real: every line says
 * `data_source: "generated"`. Seeded, so a rerun writes the same file. Run it after
 * generate-sample-communities.ts, whose urban communities it serves.
 *
 *   npx tsx scripts/generate-sample-streets.ts
 *
 * Each town is a slightly irregular grid, turned a little from north: main roads about
 * 700 m apart, local streets between them about 230 m apart, a few local blocks merged,
 * and dead-end lanes into some blocks. The grid covers the land within 1 km (in the central city 1.2 km, and 700 m along the river) of the town's
 * urban communities, and its pieces are joined along grid lines. In the central city the
 * river (湛河, `RIVER` in sample-geometry.ts) cuts every street that meets it except the
 * bridges, one every 1.5–2 km, so that walking distance across it is much longer than
 * the straight line. Lines meet only at shared vertices, and every crossing is one.
 */
import fs from 'node:fs'
import path from 'node:path'
import { RIVER, distanceToSegment, keyedRandom, localFrame, round6, segmentsIntersect, type LonLat, type Xy } from './sample-geometry'

const CITY_DIR = path.resolve('data/pingdingshan')
const OUT = path.join(CITY_DIR, 'sample/roads.geojson')
/** Local streets' spacing (m); every third grid line is a main road. */
const STEP = 233
const MAIN_EVERY = 3

type Group = {
  id: string
  name: string
  counties: string[]
  angle: number
  /** The grid covers the land within this many metres of the town's urban communities. */
  builtUp: number
  river: boolean
  eastWest: string[]; northSouth: string[] }
type Road = { name: string | null; class: string; coordinates: LonLat[] }

const COUNTY_EW = ['人民路', '建设路', '文化路', '朝阳路', '解放路', '中山路', '滨河路', '南环路', '北环路', '团结路', '和平路', '迎宾路', '振兴路', '昆阳路', '龙山路', '新城路', '花园路', '长青路']
const COUNTY_NS = ['府前路', '青年路', '民主路', '东环路', '西环路', '育才路', '商贸路', '城关路', '工业路', '园林路', '胜利路', '健康路', '广场路', '东风路', '车站路', '金融路', '光明路', '永安路']

const GROUPS: Group[] = [
  {
    id: 'city', name: '中心城区', counties: ['410402', '410403', '410411'], angle: 3, builtUp: 1200, river: true,
    eastWest: ['长安大道', '平安大道', '湛河南路', '湛南路', '湛河路', '南环路', '姚孟路', '和平路', '曙光街', '联盟路', '建设路', '矿工路', '园林路', '北环路', '团结路', '幸福街', '民主路', '劳动路', '鹰城路', '育英路', '青石山路', '龙山路', '焦山北路', '北湖路'],
    northSouth: ['滍阳路', '白龟湖路', '西环路', '焦山路', '湖滨路', '稻香路', '西市场路', '新新街', '高阳路', '荆山路', '光明路', '开源路', '中兴路', '新华路', '凌云路', '优越路', '体育路', '东环路', '五一路', '东安路', '光华路', '鸿鹰路', '申楼路', '高皇路', '皇台路', '神马大道', '迎宾大道', '落凫山路', '化工路', '工业路', '轻工路', '九里山路', '北渡路', '马庄路', '姚电大道', '韩庄路', '程平路', '诸葛路', '文化路', '红旗路', '胜利路', '人民路', '青年路', '友谊路', '健康路', '卫东路', '新城大道'],
  },
  { id: 'shilong', name: '石龙区', counties: ['410404'], angle: -6, builtUp: 1000, river: false, eastWest: ['龙兴路', '人民路', '高庄路', '龙河路', '建设路', '矿区路', '北环路', '南环路'], northSouth: ['龙山路', '兴业路', '石龙路', '光明路', '东环路', '西环路', '振兴路', '文化路'] },
  { id: 'baofeng', name: '宝丰县城', counties: ['410421'], angle: 5, builtUp: 1000, river: false, eastWest: COUNTY_EW, northSouth: COUNTY_NS },
  { id: 'yexian', name: '叶县县城', counties: ['410422'], angle: -8, builtUp: 1000, river: false, eastWest: COUNTY_EW, northSouth: COUNTY_NS },
  { id: 'lushan', name: '鲁山县城', counties: ['410423'], angle: 9, builtUp: 1000, river: false, eastWest: COUNTY_EW, northSouth: COUNTY_NS },
  { id: 'jiaxian', name: '郏县县城', counties: ['410425'], angle: -4, builtUp: 1000, river: false, eastWest: COUNTY_EW, northSouth: COUNTY_NS },
  { id: 'wugang', name: '舞钢市区', counties: ['410481'], angle: 12, builtUp: 1000, river: false, eastWest: COUNTY_EW, northSouth: COUNTY_NS },
  { id: 'ruzhou', name: '汝州市区', counties: ['410482'], angle: -10, builtUp: 1000, river: false, eastWest: COUNTY_EW, northSouth: COUNTY_NS },
]

const FIRST = '文育新建兴和安康福民光华明德仁义长永平泰祥瑞春金玉桂兰松柏槐翠锦荣昌盛丰'
const SECOND = '安平华兴盛丰和康乐园林苑宁昌顺泰胜荣明光源阳山河湖桥庄营寨店'
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']

/** Names of local streets, two characters and a 街 or 路, none used twice in a town. */
function localNames(group: string) {
  const rnd = keyedRandom(`street-names:${group}`)
  const used = new Set<string>()
  return (suffix: string) => {
    for (;;) {
      const a = FIRST[rnd.int(0, FIRST.length - 1)]!
      const b = SECOND[rnd.int(0, SECOND.length - 1)]!
      const name = a + b + suffix
      if (a !== b && !used.has(a + b)) {
        used.add(a + b)
        return name
      }
    }
  }
}

type Node = [number, number]
const key = (i: number, j: number) => `${i},${j}`

function buildGroup(group: Group, urban: LonLat[]): Road[] {
  const rnd = keyedRandom(`streets:${group.id}`)
  const origin: LonLat = [urban.reduce((a, p) => a + p[0], 0) / urban.length, urban.reduce((a, p) => a + p[1], 0) / urban.length]
  const frame = localFrame(origin)
  const theta = (group.angle * Math.PI) / 180
  // Grid coordinates (u along the east-west lines, v along the north-south ones) ↔ metres east/north.
  const toWorld = ([u, v]: Xy): Xy => [u * Math.cos(theta) - v * Math.sin(theta), u * Math.sin(theta) + v * Math.cos(theta)]
  const toGrid = ([x, y]: Xy): Xy => [x * Math.cos(theta) + y * Math.sin(theta), -x * Math.sin(theta) + y * Math.cos(theta)]
  const people = urban.map((p) => toGrid(frame.toXy(p)))
  const us = people.map((p) => p[0])
  const vs = people.map((p) => p[1])
  const i0 = Math.floor((Math.min(...us) - group.builtUp) / STEP) - 1
  const i1 = Math.ceil((Math.max(...us) + group.builtUp) / STEP) + 1
  const j0 = Math.floor((Math.min(...vs) - group.builtUp) / STEP) - 1
  const j1 = Math.ceil((Math.max(...vs) + group.builtUp) / STEP) + 1
  const line = (k: number) => Math.round(k / MAIN_EVERY) * MAIN_EVERY === k
  // Grid lines a little off their regular places; nodes a little off their lines.
  const colAt = new Map<number, number>()
  const rowAt = new Map<number, number>()
  for (let i = i0; i <= i1; i++) colAt.set(i, i * STEP + rnd.between(-35, 35))
  for (let j = j0; j <= j1; j++) rowAt.set(j, j * STEP + rnd.between(-35, 35))
  const grid = new Map<string, Xy>()
  const world = new Map<string, LonLat>()
  for (let i = i0; i <= i1; i++) {
    for (let j = j0; j <= j1; j++) {
      const g: Xy = [colAt.get(i)! + rnd.between(-12, 12), rowAt.get(j)! + rnd.between(-12, 12)]
      grid.set(key(i, j), g)
      world.set(key(i, j), round6(frame.toLonLat(toWorld(g))))
    }
  }
  const at = ([i, j]: Node) => grid.get(key(i, j))!
  // The river, in grid coordinates; the town is built up along both its banks too.
  const river = group.river ? RIVER.map((p) => toGrid(frame.toXy(p))) : []
  const within = (p: Xy, metres: number) =>
    people.some((q) => Math.abs(q[0] - p[0]) <= metres && Math.abs(q[1] - p[1]) <= metres && Math.hypot(q[0] - p[0], q[1] - p[1]) <= metres)
  const riverside = (p: Xy) => river.some((r, k) => k > 0 && distanceToSegment(p, river[k - 1]!, r) <= 700)
  const builtUp = (n: Node) => within(at(n), group.builtUp) || (riverside(at(n)) && within(at(n), 2500))
  const inside = new Set<string>()
  for (let i = i0; i <= i1; i++) for (let j = j0; j <= j1; j++) if (builtUp([i, j])) inside.add(key(i, j))

  // The bridges: main north-south roads 1.5–2 km apart.
  const crossesRiver = (a: Node, b: Node) => river.some((r, k) => k > 0 && segmentsIntersect(at(a), at(b), river[k - 1]!, r))
  const bridges = new Set<number>()
  if (group.river) {
    let last = -Infinity
    for (let i = i0; i <= i1; i++) {
      if (!line(i) || colAt.get(i)! < last) continue
      bridges.add(i)
      last = colAt.get(i)! + rnd.between(1100, 1700)
    }
  }
  // An edge is [from, to] with to one step east (u) or north (v) of from.
  type Edge = { a: Node; b: Node; dir: 'u' | 'v' }
  const edgeKey = (e: Edge) => `${e.dir}:${key(...e.a)}`
  const passable = (e: Edge) => !group.river || !crossesRiver(e.a, e.b) || (e.dir === 'v' && bridges.has(e.a[0]))
  const edges = new Map<string, Edge>()
  for (let i = i0; i <= i1; i++) {
    for (let j = j0; j <= j1; j++) {
      if (!inside.has(key(i, j))) continue
      for (const [dir, b] of [['u', [i + 1, j]], ['v', [i, j + 1]]] as const) {
        if (!inside.has(key(b[0], b[1]))) continue
        const e: Edge = { a: [i, j], b: [b[0], b[1]], dir }
        const onMain = dir === 'u' ? line(j) : line(i)
        // A few local blocks merged: local streets left out here and there.
        if (!onMain && rnd.next() < 0.06) continue
        if (passable(e)) edges.set(edgeKey(e), e)
      }
    }
  }

  // Join the pieces: from the largest, along grid lines (not over the river but by a bridge), to each of the others.
  const neighbours = (n: Node): Edge[] => {
    const [i, j] = n
    const out: Edge[] = []
    if (i < i1) out.push({ a: [i, j], b: [i + 1, j], dir: 'u' })
    if (i > i0) out.push({ a: [i - 1, j], b: [i, j], dir: 'u' })
    if (j < j1) out.push({ a: [i, j], b: [i, j + 1], dir: 'v' })
    if (j > j0) out.push({ a: [i, j - 1], b: [i, j], dir: 'v' })
    return out
  }
  const other = (e: Edge, n: Node): Node => (e.a[0] === n[0] && e.a[1] === n[1] ? e.b : e.a)
  const components = () => {
    const seen = new Map<string, number>()
    const list: string[][] = []
    for (const e of edges.values()) {
      for (const start of [e.a, e.b]) {
        if (seen.has(key(...start))) continue
        const id = list.length
        const members = [key(...start)]
        seen.set(key(...start), id)
        const stack: Node[] = [start]
        while (stack.length) {
          const n = stack.pop()!
          for (const f of neighbours(n)) {
            if (!edges.has(edgeKey(f))) continue
            const m = other(f, n)
            if (seen.has(key(...m))) continue
            seen.set(key(...m), id)
            members.push(key(...m))
            stack.push(m)
          }
        }
        list.push(members)
      }
    }
    return list.sort((a, b) => b.length - a.length)
  }
  for (let parts = components(); parts.length > 1; parts = components()) {
    const main = new Set(parts[0])
    const rest = new Set(parts.slice(1).flat())
    const from = new Map<string, Edge | null>([...main].map((k) => [k, null]))
    let queue: Node[] = [...main].map((k) => k.split(',').map(Number) as Node)
    let reached: Node | undefined
    while (queue.length && !reached) {
      const next: Node[] = []
      for (const n of queue) {
        for (const f of neighbours(n)) {
          const m = other(f, n)
          if (from.has(key(...m)) || !passable(f)) continue
          from.set(key(...m), f)
          if (rest.has(key(...m))) {
            reached = m
            break
          }
          next.push(m)
        }
        if (reached) break
      }
      queue = next
    }
    if (!reached) throw new Error(`${group.name}: a piece of the grid cannot be joined`)
    for (let n = reached, f = from.get(key(...n)); f; n = other(f, n), f = from.get(key(...n))) edges.set(edgeKey(f), f)
  }

  // Names and classes: a main road keeps its name along its whole line; local streets change name every few blocks.
  const nameOf = localNames(group.id)
  const mainName = new Map<string, string>()
  const mainNames = (dir: 'u' | 'v', k: number) => {
    const id = `${dir}${k}`
    if (!mainName.has(id)) {
      const list = dir === 'u' ? group.eastWest : group.northSouth
      const used = [...mainName.keys()].filter((x) => x.startsWith(dir)).length
      mainName.set(id, list[used] ?? nameOf('路'))
    }
    return mainName.get(id)!
  }
  const roads: Road[] = []
  const lanes: Road[] = []
  const laneCount = new Map<string, number>()
  for (const dir of ['u', 'v'] as const) {
    const [lo, hi, across0, across1] = dir === 'u' ? [j0, j1, i0, i1] : [i0, i1, j0, j1]
    for (let k = lo; k <= hi; k++) {
      const main = line(k)
      const klass = main ? (k % (MAIN_EVERY * 2) === 0 ? 'primary' : 'secondary') : keyedRandom(`street-class:${group.id}:${dir}${k}`).next() < 0.25 ? 'tertiary' : 'residential'
      let run: LonLat[] = []
      let name: string | null = null
      let chunk = -1
      const flush = () => {
        if (run.length > 1) roads.push({ name, class: klass, coordinates: run })
        run = []
      }
      for (let m = across0; m < across1; m++) {
        const a: Node = dir === 'u' ? [m, k] : [k, m]
        const b: Node = dir === 'u' ? [m + 1, k] : [k, m + 1]
        const e = edges.get(`${dir}:${key(...a)}`)
        if (!e) {
          flush()
          continue
        }
        // A line ends at every main road it meets, so that a feature is a block or two long.
        const block = Math.floor(m / MAIN_EVERY)
        if (line(m) && run.length) flush()
        const namesChunk = main ? 0 : Math.floor(block / 2)
        if (namesChunk !== chunk) {
          chunk = namesChunk
          if (main) name = mainNames(dir, k)
          else {
            const r = keyedRandom(`street-name:${group.id}:${dir}${k}:${chunk}`)
            name = r.next() < 0.15 ? null : nameOf(klass === 'tertiary' ? '路' : '街')
          }
        }
        const pa = world.get(key(...a))!
        const pb = world.get(key(...b))!
        if (!run.length) run.push(pa)
        // A dead-end lane into a block from the middle of some local street sides.
        const lr = keyedRandom(`lane:${group.id}:${dir}:${key(...a)}`)
        if (!main && lr.next() < 0.3) {
          const ga = at(a)
          const gb = at(b)
          const mid: Xy = [(ga[0] + gb[0]) / 2, (ga[1] + gb[1]) / 2]
          const side = lr.next() < 0.5 ? -1 : 1
          // Short enough never to meet a lane from the block's other sides.
          const across = dir === 'u' ? rowAt : colAt
          const width = Math.abs((across.get(k + side) ?? across.get(k)! + side * STEP) - across.get(k)!)
          const length = width * lr.between(0.2, 0.33)
          const end: Xy = dir === 'u' ? [mid[0], mid[1] + side * length] : [mid[0] + side * length, mid[1]]
          const overRiver = river.some((r, q) => q > 0 && segmentsIntersect(mid, end, river[q - 1]!, r))
          const p0 = round6(frame.toLonLat(toWorld(mid)))
          if (!overRiver) run.push(p0)
          const n = (laneCount.get(name ?? '') ?? 0) + 1
          laneCount.set(name ?? '', n)
          const laneName = name && n <= NUMERALS.length && lr.next() < 0.4 ? `${name}${NUMERALS[n - 1]}巷` : null
          if (!overRiver) lanes.push({ name: laneName, class: lr.next() < 0.6 ? 'service' : 'footway', coordinates: [p0, round6(frame.toLonLat(toWorld(end)))] })
        }
        run.push(pb)
      }
      flush()
    }
  }
  return [...roads, ...lanes]
}

function main() {
  const townships = (JSON.parse(fs.readFileSync(path.join(CITY_DIR, 'townships.geojson'), 'utf8')) as {
    features: { properties: { code: string; county_code: string; kind: string } }[]
  }).features.map((f) => f.properties)
  const communities = (JSON.parse(fs.readFileSync(path.join(CITY_DIR, 'sample/communities.geojson'), 'utf8')) as {
    features: { properties: { kind: string; township_code: string }; geometry: { coordinates: LonLat } }[]
  }).features
  const countyOf = new Map(townships.map((t) => [t.code, t.county_code]))
  const features: object[] = []
  let metres = 0
  for (const group of GROUPS) {
    const urban = communities
      .filter((c) => c.properties.kind === 'community' && group.counties.includes(countyOf.get(c.properties.township_code)!))
      .map((c) => c.geometry.coordinates)
    const roads = buildGroup(group, urban)
    let km = 0
    for (const r of roads) {
      for (let k = 1; k < r.coordinates.length; k++) {
        const frame = localFrame(r.coordinates[k]!)
        const [x, y] = frame.toXy(r.coordinates[k - 1]!)
        km += Math.hypot(x, y) / 1000
      }
      features.push({ type: 'Feature', properties: { name: r.name, class: r.class, walkable: true, data_source: 'generated' }, geometry: { type: 'LineString', coordinates: r.coordinates } })
    }
    metres += km * 1000
    console.log(`${group.name}: ${roads.length} lines, ${km.toFixed(1)} km`)
  }
  fs.writeFileSync(OUT, JSON.stringify({ type: 'FeatureCollection', features }) + '\n')
  console.log(`wrote ${OUT}: ${features.length} lines, ${(metres / 1000).toFixed(1)} km of generated streets, ${(fs.statSync(OUT).size / 1e6).toFixed(1)} MB`)
}

main()
