/**
 * Generates the sample place-names register of 平顶山 into
 * data/pingdingshan/sample/place_names.geojson. Deterministic: a rerun writes the same file.
 * Run it after generate-sample-streets.ts, whose street names it registers.
 *
 *   npx tsx scripts/generate-sample-place-names.ts
 *
 * Two kinds of record:
 * - the city's real county-level units and townships (counties.geojson `is_home`,
 *   townships.geojson): their real names, division codes and polygons, spelled by the
 *   suggestion (server/place-names/romanize.ts), `data_source: "register"`; 郏县 is on the
 *   千年古县 list of the 中国地名文化遗产;
 * - the named streets of the sample road network (sample/roads.geojson), `data_source:
 *   "generated"`: its lines grouped by name, a group split where its lines lie more than
 *   3 km apart (the county towns reuse street names), each a LineString or MultiLineString,
 *   in the county holding most of its vertices; the few beyond the city's edge are left out.
 *
 * - more of the categories, all `data_source: "generated"`: natural features, lakes and
 *   reservoirs under their real names (白龟湖, 昭平湖, 尧山 …: public knowledge) on
 *   schematic geometry near where they are (their `source` says so); the bridges where the
 *   sample streets cross 湛河; generated residential areas (polygons about 180 × 140 m
 *   beside the sample streets), parks and hills; some streets with a generated former name,
 *   some residential areas with an alias, some names proposed (without a code) and some
 *   abolished.
 *
 * Codes are the county-level code of the county the record lies in, PN and a serial:
 * the county itself first, then its townships by code, then its streets by name, then the
 * other records in the order above; proposed names have none.
 */
import fs from 'node:fs'
import path from 'node:path'
import { romanize, type Category } from '../server/place-names/romanize'
import { StandardName } from '../server/place-names/place-names.schemas'
import { insideMultiPolygon, keyedRandom, localFrame, metresBetween, offset, RIVER, round6, segmentsIntersect, type LonLat } from './sample-geometry'

const CITY_DIR = path.resolve('data/pingdingshan')
const OUT = path.join(CITY_DIR, 'sample/place_names.geojson')
/** Lines of one name farther apart than this are different streets. */
const SAME_STREET_M = 3000

type Geometry = { type: string; coordinates: unknown }
type Feature<P> = { properties: P; geometry: Geometry }
const read = <P>(file: string) => (JSON.parse(fs.readFileSync(path.join(CITY_DIR, file), 'utf8')) as { features: Feature<P>[] }).features

const counties = read<{ code: string; name: string; is_home: boolean }>('counties.geojson').filter((c) => c.properties.is_home)
const townships = read<{ code: string; name: string; county_code: string }>('townships.geojson')
const roads = read<{ name: string | null }>('sample/roads.geojson')

const PROTECTED: Record<string, string> = { 郏县: '中国地名文化遗产·千年古县' }

const byCodepoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

function record(name: string, category: Category, geometry: Geometry, extra: Record<string, unknown>) {
  if (!StandardName.safeParse(name).success) throw new Error(`${name} is not a standard name`)
  const spelled = romanize(name, category)
  return {
    type: 'Feature',
    properties: {
      name,
      roman_spelling: spelled.spelling,
      category,
      sub_kind: spelled.parts.find((p) => p.role === 'generic')?.text ?? null,
      meaning: null,
      origin: null,
      history: null,
      description: null,
      aliases: [],
      former_names: [],
      status: 'standard',
      protected: name in PROTECTED,
      protection_list: PROTECTED[name] ?? null,
      ...extra,
    },
    geometry,
  }
}

/** Groups lines of one name into streets: single linkage on their vertices' distance. */
function streets(lines: LonLat[][]): LonLat[][][] {
  const groups: LonLat[][][] = []
  for (const line of lines) {
    const near = groups.filter((g) => g.some((other) => other.some((p) => line.some((q) => metresBetween(p, q) < SAME_STREET_M))))
    const merged = [line, ...near.flat()]
    for (const g of near) groups.splice(groups.indexOf(g), 1)
    groups.push(merged)
  }
  return groups
}

function countyAt(p: LonLat): string | undefined {
  return counties.find((c) => insideMultiPolygon(p, c.geometry.type === 'Polygon' ? [c.geometry.coordinates as number[][][]] : (c.geometry.coordinates as number[][][][])))
    ?.properties.code
}

function main() {
  const perCounty = new Map<string, ReturnType<typeof record>[]>()
  const add = (county: string, f: ReturnType<typeof record>) => perCounty.set(county, [...(perCounty.get(county) ?? []), f])

  for (const c of [...counties].sort((a, b) => byCodepoint(a.properties.code, b.properties.code))) {
    add(c.properties.code, record(c.properties.name, 'admin_division', c.geometry, {
      division_code: c.properties.code, source: '行政区划代码与名称（基础地理数据）', data_source: 'register',
    }))
  }
  for (const t of [...townships].sort((a, b) => byCodepoint(a.properties.code, b.properties.code))) {
    add(t.properties.county_code, record(t.properties.name, 'admin_division', t.geometry, {
      division_code: t.properties.code, source: '乡级行政区划代码与名称（基础地理数据）', data_source: 'register',
    }))
  }

  const byName = new Map<string, LonLat[][]>()
  for (const r of roads) {
    if (!r.properties.name) continue
    byName.set(r.properties.name, [...(byName.get(r.properties.name) ?? []), r.geometry.coordinates as LonLat[]])
  }
  const found: { county: string; name: string; lines: LonLat[][] }[] = []
  let outside = 0
  for (const [name, lines] of byName) {
    for (const street of streets(lines)) {
      // The county holding most of its vertices (a street may cross a district line).
      const votes = new Map<string, number>()
      for (const p of street.flat()) {
        const c = countyAt(p)
        if (c) votes.set(c, (votes.get(c) ?? 0) + 1)
      }
      const county = [...votes].sort((a, b) => b[1] - a[1] || byCodepoint(a[0], b[0]))[0]?.[0]
      // A few sample lines run past the city's edge; the register is the city's.
      if (!county) {
        outside++
        continue
      }
      found.push({ county, name, lines: street })
    }
  }
  found.sort((a, b) => byCodepoint(a.county, b.county) || byCodepoint(a.name, b.name) || byCodepoint(JSON.stringify(a.lines[0]![0]), JSON.stringify(b.lines[0]![0])))
  for (const s of found) {
    const lines = [...s.lines].sort((a, b) => byCodepoint(JSON.stringify(a[0]), JSON.stringify(b[0])))
    const geometry = lines.length === 1 ? { type: 'LineString', coordinates: lines[0] } : { type: 'MultiLineString', coordinates: lines }
    // 湛南路 is the sample's example of a former name: 湛河路 was so called (generated).
    const history = s.name === '湛河路' ? { former_names: ['湛南路|1958|1984'], status: 'standard' } : streetHistory(s.name, s.county)
    add(s.county, record(s.name, 'street', geometry, { division_code: null, source: '示例路网（生成）', data_source: 'generated', ...history }))
  }

  for (const [county, f] of moreRecords(found)) add(county, f)

  const features = [...perCounty.keys()].sort(byCodepoint).flatMap((county) => {
    let serial = 0
    return perCounty.get(county)!.map((f) => ({
      ...f,
      properties: { code: f.properties.status === 'proposed' ? null : `${county}PN${String(++serial).padStart(5, '0')}`, ...f.properties },
    }))
  })
  fs.writeFileSync(OUT, JSON.stringify({ type: 'FeatureCollection', features }) + '\n')
  const count = (source: string) => features.filter((f) => (f.properties as Record<string, unknown>).data_source === source).length
  const of = (category: string) => features.filter((f) => (f.properties as Record<string, unknown>).category === category).length
  console.log(
    `${features.length} place names (${count('register')} real divisions, ${count('generated')} generated: ${of('street')} streets, ` +
      `${of('residential')} residential areas, ${of('park')} parks, ${of('natural')} natural features, ${of('facility')} facilities; ` +
      `${outside} streets outside the city left out) → ${OUT}`,
  )
}

/**
 * Real names of the city's lakes, reservoirs, rivers and mountains (public knowledge), with
 * a point near where each is: the geometry is schematic (a point, or a disc for a lake).
 */
const REAL_FEATURES: { name: string; category: Category; at: LonLat; radius_m?: number; aliases?: string[]; former?: string[]; description: string }[] = [
  { name: '白龟湖', category: 'natural', at: [113.195, 33.722], radius_m: 2200, aliases: ['白龟山水库'], description: '湛河上游的水库湖面，市区西南' },
  { name: '昭平湖', category: 'natural', at: [112.77, 33.745], radius_m: 2400, aliases: ['昭平台水库'], description: '沙河上游的水库湖面，鲁山县城西' },
  { name: '尧山', category: 'natural', at: [112.29, 33.74], former: ['石人山||'], description: '伏牛山东段主峰之一，鲁山县西部' },
  { name: '平顶山', category: 'natural', at: [113.29, 33.765], description: '市区北侧的山，城市以之得名' },
  { name: '二郎山', category: 'natural', at: [113.52, 33.28], description: '舞钢市境内' },
  { name: '石漫滩水库', category: 'facility', at: [113.56, 33.26], radius_m: 1500, description: '舞钢市境内的水库' },
  { name: '孤石滩水库', category: 'facility', at: [113.27, 33.46], radius_m: 1200, description: '叶县境内的水库' },
  { name: '燕山水库', category: 'facility', at: [113.36, 33.35], radius_m: 1500, description: '叶县境内的水库' },
  { name: '沙河', category: 'natural', at: [113.1, 33.64], description: '淮河支流，流经鲁山、叶县' },
  { name: '北汝河', category: 'natural', at: [113.05, 33.98], description: '沙河支流，流经汝州、郏县' },
  { name: '澧河', category: 'natural', at: [113.45, 33.5], description: '沙河支流，流经叶县' },
  { name: '湛河', category: 'natural', at: [113.3, 33.7], description: '流经市区南部' },
]

/** Parts of the generated names: the specifics of residential areas, parks and hills. */
const SPECIFICS = ['锦绣', '阳光', '和平', '幸福', '兴华', '光明', '鹰城', '建业', '康乐', '翠园', '丽景', '金桂', '绿城', '春晖', '祥和', '怡馨',
  '东方', '龙泉', '凤鸣', '湖滨', '书香', '鸿福', '瑞丰', '嘉禾', '欣苑', '盛世', '平安', '长青', '新城', '润泽']
const RESIDENTIAL_GENERICS = ['小区', '花园', '家园', '苑', '新村', '公寓']
const HILLS = ['龙', '凤', '虎', '鹰', '马', '牛', '鸡冠', '笔架', '卧龙', '青龙', '白云', '玉皇', '九峰', '石门', '黄龙', '梨园', '桃花', '松岭']
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']

/** A rectangle of `w` × `d` metres centred at `at`, turned by `angle` (radians), as a GeoJSON ring. */
function rectangle(at: LonLat, w: number, d: number, angle: number): LonLat[] {
  const frame = localFrame(at)
  const corners: [number, number][] = [[-w / 2, -d / 2], [w / 2, -d / 2], [w / 2, d / 2], [-w / 2, d / 2], [-w / 2, -d / 2]]
  return corners.map(([x, y]) => round6(frame.toLonLat([x * Math.cos(angle) - y * Math.sin(angle), x * Math.sin(angle) + y * Math.cos(angle)])))
}

/** A 24-sided disc of `radius` metres about `at`, as a GeoJSON ring. */
function disc(at: LonLat, radius: number): LonLat[] {
  const ring = Array.from({ length: 24 }, (_, i) => round6(offset(at, radius, (i / 24) * 2 * Math.PI)))
  return [...ring, ring[0]!]
}

/** The records of the other categories (see the file's comment), each with the county it lies in. */
function moreRecords(found: { county: string; name: string; lines: LonLat[][] }[]): [string, ReturnType<typeof record>][] {
  const out: [string, ReturnType<typeof record>][] = []
  const generated = (source: string) => ({ division_code: null, source, data_source: 'generated' })

  for (const f of REAL_FEATURES) {
    const county = countyAt(f.at)
    if (!county) throw new Error(`${f.name} lies outside the city`)
    const geometry = f.radius_m ? { type: 'Polygon', coordinates: [disc(f.at, f.radius_m)] } : { type: 'Point', coordinates: f.at }
    out.push([county, record(f.name, f.category, geometry, {
      ...generated('名称据公开资料；位置与范围为示意（生成）'), description: f.description, aliases: f.aliases ?? [], former_names: f.former ?? [],
    })])
  }

  // Bridges: where a sample street crosses 湛河, named after the street.
  const frame = localFrame(RIVER[0]!)
  const river = RIVER.map((p) => frame.toXy(p))
  const bridges = new Map<string, { county: string; at: LonLat }>()
  for (const s of found) {
    for (const line of s.lines) {
      for (let i = 1; i < line.length; i++) {
        const a = frame.toXy(line[i - 1]!)
        const b = frame.toXy(line[i]!)
        for (let j = 1; j < river.length; j++) {
          if (!segmentsIntersect(a, b, river[j - 1]!, river[j]!)) continue
          const at = round6([(line[i - 1]![0] + line[i]![0]) / 2, (line[i - 1]![1] + line[i]![1]) / 2])
          const name = `${s.name.replace(/(路|街|大道)$/, '')}桥`
          if (!bridges.has(name)) bridges.set(name, { county: countyAt(at) ?? s.county, at })
        }
      }
    }
  }
  for (const [name, b] of [...bridges].sort((x, y) => byCodepoint(x[0], y[0]))) {
    if (StandardName.safeParse(name).success) out.push([b.county, record(name, 'facility', { type: 'Point', coordinates: b.at }, generated('示例路网的跨湛河桥梁（生成）'))])
  }

  // Residential areas beside the streets, parks at some of them, hills in the counties outside the towns.
  const used = new Set<string>()
  found.forEach((s, i) => {
    const random = keyedRandom(`place-names:${s.county}:${s.name}:${i}`)
    const line = s.lines[0]!
    if (line.length < 2) return
    const [p, q] = [line[0]!, line[1]!]
    const along = Math.atan2(q[1] - p[1], q[0] - p[0])
    const mid: LonLat = [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2]
    if (random.next() < 0.25) {
      const at = offset(mid, 110, along + Math.PI / 2)
      const specific = SPECIFICS[random.int(0, SPECIFICS.length - 1)]!
      const base = s.name.replace(/(路|街|大道|巷)$/, '')
      const name = random.next() < 0.5 ? `${specific}${RESIDENTIAL_GENERICS[random.int(0, RESIDENTIAL_GENERICS.length - 1)]}` : `${base}${specific}${random.next() < 0.5 ? '小区' : '苑'}`
      const county = countyAt(at)
      if (!county || used.has(`${county}:${name}`)) return
      used.add(`${county}:${name}`)
      const status = random.next() < 0.05 ? 'proposed' : random.next() < 0.03 ? 'abolished' : 'standard'
      out.push([county, record(name, 'residential', { type: 'Polygon', coordinates: [rectangle(at, 180, 140, along)] }, {
        ...generated('示例住宅区（生成）'), status, aliases: random.next() < 0.08 ? [`${specific}${NUMERALS[random.int(0, 9)]}区`] : [],
      })])
    } else if (random.next() < 0.02) {
      const at = offset(mid, 150, along - Math.PI / 2)
      const name = `${s.name.replace(/(路|街|大道|巷)$/, '')}公园`
      const county = countyAt(at)
      if (!county || used.has(`${county}:${name}`)) return
      used.add(`${county}:${name}`)
      out.push([county, record(name, 'park', { type: 'Polygon', coordinates: [rectangle(at, 260, 200, along)] }, generated('示例公园（生成）'))])
    }
  })
  for (const c of [...counties].sort((a, b) => byCodepoint(a.properties.code, b.properties.code))) {
    const random = keyedRandom(`place-names:hills:${c.properties.code}`)
    const polygons = c.geometry.type === 'Polygon' ? [c.geometry.coordinates as number[][][]] : (c.geometry.coordinates as number[][][][])
    const ring = polygons[0]![0]!
    const xs = ring.map((p) => p[0]!)
    const ys = ring.map((p) => p[1]!)
    for (let n = 0, tries = 0; n < 8 && tries < 200; tries++) {
      const at = round6([random.between(Math.min(...xs), Math.max(...xs)), random.between(Math.min(...ys), Math.max(...ys))])
      if (!insideMultiPolygon(at, polygons)) continue
      const name = `${HILLS[random.int(0, HILLS.length - 1)]}${random.next() < 0.7 ? '山' : '岭'}`
      if (used.has(`${c.properties.code}:${name}`)) continue
      used.add(`${c.properties.code}:${name}`)
      out.push([c.properties.code, record(name, 'natural', { type: 'Point', coordinates: at }, generated('示例自然地理实体（生成）'))])
      n++
    }
  }
  return out
}

/** Some generated streets carry a generated former name, and a few are abolished (keyed, so that a rerun is the same). */
function streetHistory(name: string, county: string): { former_names: string[]; status: string } {
  const random = keyedRandom(`place-names:history:${county}:${name}`)
  const former = random.next() < 0.06 ? [`${SPECIFICS[random.int(0, SPECIFICS.length - 1)]}${name.endsWith('街') ? '街' : '路'}|${random.int(1950, 1970)}|${random.int(1978, 2005)}`] : []
  return { former_names: former, status: random.next() < 0.01 ? 'abolished' : 'standard' }
}

main()
