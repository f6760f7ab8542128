/**
 * Generates the sample funeral facilities and cemeteries of 平顶山 into
 * data/pingdingshan/sample/funeral_facilities.geojson and cemeteries.geojson.
 * Generated, not real: `data_source: "generated"`, names ending in （示例）. Seeded.
 *
 *   npx tsx scripts/generate-sample-funeral.ts
 *
 * The public columbaria are those the plan names (平顶山市, 宝丰县, 叶县, 舞钢市, 鲁山县,
 * 新华区, 郏县), planned. Cemeteries are circles of realistic size; some fall short of the
 * plan's rules (land below 50/100/200 亩, green coverage below 50%, commercial reserve
 * below 30%) so that the rule checks have something to find.
 */
import fs from 'node:fs'
import path from 'node:path'
import { createRandom } from './prng'

const CITY_DIR = path.resolve('data/pingdingshan')
const MU_M2 = 10_000 / 15 // 1 亩 = 666.67 m²

type Point = [number, number]
type Township = { code: string; name: string; kind: string; county_code: string; seat: { coordinates: Point } }
type County = { code: string; name: string; is_home: boolean }

const random = createRandom(20220401)
const read = <T>(file: string) =>
  (JSON.parse(fs.readFileSync(path.join(CITY_DIR, file), 'utf8')) as { features: { properties: T }[] }).features.map((f) => f.properties)
const short = (name: string) => name.replace(/(街道|镇|乡|管委会)$/, '')
const round2 = (n: number) => Math.round(n * 100) / 100

/** A 32-sided polygon of the given area (m²) around a point, offset from it. */
function circle([lon, lat]: Point, areaM2: number, offset: Point): number[][][][] {
  const r = Math.sqrt(areaM2 / Math.PI)
  const [cx, cy] = [lon + offset[0], lat + offset[1]]
  const ring: number[][] = []
  for (let i = 0; i <= 32; i++) {
    const a = ((i % 32) / 32) * 2 * Math.PI
    ring.push([
      Math.round((cx + (r * Math.cos(a)) / (111_320 * Math.cos((cy * Math.PI) / 180))) * 1e7) / 1e7,
      Math.round((cy + (r * Math.sin(a)) / 110_574) * 1e7) / 1e7,
    ])
  }
  return [[ring]]
}

function write(name: string, features: object[]) {
  const file = path.join(CITY_DIR, `sample/${name}.geojson`)
  fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }) + '\n')
  console.log(`wrote ${file}: ${features.length}`)
}

function main() {
  const counties = read<County>('counties.geojson').filter((c) => c.is_home)
  const townships = read<Township>('townships.geojson')
  const seatOf = (county: string) => townships.find((t) => t.county_code === county)!.seat.coordinates
  const near = ([lon, lat]: Point, d = 0.01): Point => [lon + random.between(-d, d), lat + random.between(-d, d)]

  const facilities: { properties: Record<string, unknown>; at: Point }[] = []
  const facility = (name: string, kind: string, capacity: number, status: string, at: Point) =>
    facilities.push({ properties: { name, kind, capacity, used: status === 'operating' ? Math.round(capacity * random.between(0.2, 0.8)) : 0, status, data_source: 'generated' }, at })
  facility('平顶山市殡仪馆（示例）', 'funeral_home', 0, 'operating', near(seatOf('410411'), 0.02))
  for (const county of counties.filter((c) => !['410402', '410403', '410404', '410411'].includes(c.code))) {
    if (random.next() < 0.8) facility(`${county.name}殡仪馆（示例）`, 'funeral_home', 0, 'operating', near(seatOf(county.code), 0.03))
    facility(`${county.name}殡仪服务站（示例）`, 'service_station', 0, 'operating', near(seatOf(county.code)))
  }
  facility('新华区殡仪服务中心（示例）', 'service_station', 0, 'operating', near(seatOf('410402')))
  facility('卫东区殡仪服务站（示例）', 'service_station', 0, 'operating', near(seatOf('410403')))
  // The public columbaria the plan names, planned.
  const named: [string, string][] = [['平顶山市', '410411'], ['宝丰县', '410421'], ['叶县', '410422'], ['舞钢市', '410481'], ['鲁山县', '410423'], ['新华区', '410402'], ['郏县', '410425']]
  for (const [name, county] of named) facility(`${name}公益性骨灰堂（规划，示例）`, 'columbarium', random.int(3, 12) * 1000, 'planned', near(seatOf(county), 0.02))

  const cemeteries: { properties: Record<string, unknown>; geometry: number[][][][] }[] = []
  const cemetery = (name: string, kind: string, level: string, mu: number, at: Point, extra: Record<string, unknown> = {}) => {
    const capacity = Math.round(mu * random.between(30, 60))
    cemeteries.push({
      properties: {
        name, kind, level, capacity, plots_used: Math.round(capacity * random.between(0.1, 0.7)),
        green_coverage_pct: round2(random.next() < 0.8 ? random.between(50, 75) : random.between(30, 49)),
        eco_burial_pct: round2(random.between(5, 40)), public_welfare_reserve_pct: null, status: 'operating', data_source: 'generated', ...extra,
      },
      geometry: circle(at, mu * MU_M2, [random.between(-0.01, 0.01), random.between(-0.01, 0.01)]),
    })
  }
  for (const county of counties.filter(() => random.next() < 0.7)) {
    cemetery(`${county.name}城市公益性公墓（示例）`, 'urban_public', 'county', random.next() < 0.8 ? random.between(100, 180) : random.between(60, 95), seatOf(county.code))
  }
  for (const town of townships.filter((t) => t.kind !== 'street' && random.next() < 0.45)) {
    cemetery(`${short(town.name)}农村公益性公墓（示例）`, 'rural_public', 'township', random.next() < 0.75 ? random.between(50, 90) : random.between(25, 48), town.seat.coordinates)
  }
  for (let i = 1; i <= 6; i++) {
    const town = townships.filter((t) => t.kind !== 'street')[random.int(0, 100)]!
    cemetery(`${short(town.name)}陵园${i}号（经营性，示例）`, 'commercial', 'county', random.between(80, 220), town.seat.coordinates, {
      public_welfare_reserve_pct: round2(random.next() < 0.6 ? random.between(30, 45) : random.between(10, 28)),
    })
  }

  write('funeral_facilities', facilities.map((f, i) => ({ type: 'Feature', id: i + 1, properties: f.properties, geometry: { type: 'Point', coordinates: f.at } })))
  write('cemeteries', cemeteries.map((c, i) => ({ type: 'Feature', id: i + 1, properties: c.properties, geometry: { type: 'MultiPolygon', coordinates: c.geometry } })))
}

main()
