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
 * Codes are the county-level code of the county the record lies in, PN and a serial:
 * the county itself first, then its townships by code, then its streets by name.
 */
import fs from 'node:fs'
import path from 'node:path'
import { romanize, type Category } from '../server/place-names/romanize'
import { StandardName } from '../server/place-names/place-names.schemas'
import { insideMultiPolygon, metresBetween, type LonLat } from './sample-geometry'

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
    add(s.county, record(s.name, 'street', geometry, { division_code: null, source: '示例路网（生成）', data_source: 'generated' }))
  }

  const features = [...perCounty.keys()].sort(byCodepoint).flatMap((county) =>
    perCounty.get(county)!.map((f, i) => ({ ...f, properties: { code: `${county}PN${String(i + 1).padStart(5, '0')}`, ...f.properties } })),
  )
  fs.writeFileSync(OUT, JSON.stringify({ type: 'FeatureCollection', features }) + '\n')
  const count = (source: string) => features.filter((f) => (f.properties as Record<string, unknown>).data_source === source).length
  console.log(`${features.length} place names (${count('register')} real divisions, ${count('generated')} generated streets; ${outside} outside the city left out) → ${OUT}`)
}

main()
