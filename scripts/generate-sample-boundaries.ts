/**
 * Generates the sample boundary markers and inspection rounds of 平顶山 into
 * data/pingdingshan/sample/boundary_markers.geojson and boundary_rounds.json. Generated,
 * not real: every marker and inspection says `data_source: "generated"`. Seeded.
 *
 *   npx tsx scripts/generate-sample-boundaries.ts
 *
 * Markers stand every 4–7 km along each derived line (about one in five a double pair,
 * A on the side of the smaller code), numbered by GB/T 17796-2009 from the line's west
 * (or north) end, with three or four reference objects. The 4th round (2021–2025) has a
 * mix of statuses across the 25 lines, with findings and confirmations where the work is
 * done; the 5th round (2026–2030) is opened, the city lines planned.
 */
import fs from 'node:fs'
import path from 'node:path'
import * as turf from '@turf/turf'
import type { Feature, MultiLineString, MultiPolygon, Polygon } from 'geojson'
import { formatMarkerNumber, numberingOrder } from '../server/boundaries/marker-number'
import { createRandom } from './prng'

const CITY_DIR = path.resolve('data/pingdingshan')
const random = createRandom(20260301)
const round6 = (n: number) => Math.round(n * 1e6) / 1e6

type LineProps = { id: string; name: string; level: string; left_code: string; left_name: string; right_code: string; right_name: string }
type CountyProps = { code: string; city_code: string; name: string }
const read = <G extends Polygon | MultiPolygon | MultiLineString, P>(file: string) => (JSON.parse(fs.readFileSync(path.join(CITY_DIR, file), "utf8")) as { features: Feature<G, P>[] }).features
const lines = read<MultiLineString, LineProps>('boundary_lines.geojson')
const counties = read<Polygon | MultiPolygon, CountyProps>('counties.geojson')

/** Whether a point lies in the unit of `code` (a city's units, or one county-level unit). */
function inUnit(point: [number, number], code: string): boolean {
  const units = counties.filter((c) => (code.length === 4 ? c.properties.city_code === code : c.properties.code === code))
  return units.some((u) => turf.booleanPointInPolygon(point, u))
}

const REFERENCE_OBJECTS = ['电杆', '大树', '水渠桥', '村道路口', '机井', '通信塔', '房屋东南角', '坟地', '河堤拐点', '水泥路标']
const referenceObjects = () => {
  const picked = [...REFERENCE_OBJECTS].sort(() => random.next() - 0.5).slice(0, random.int(3, 4))
  return picked.map((what) => `${what}|${random.int(0, 359)}|${(random.between(8, 150)).toFixed(1)}`)
}

type Marker = { line_id: string; number: string; kind: 'single' | 'double'; side_code: string | null; position: [number, number] }

function markersOf(line: Feature<MultiLineString, LineProps>): Marker[] {
  const p = line.properties
  // Each part oriented west→east (or north→south), and the parts in that order too.
  const parts = numberingOrder(line.geometry.coordinates) as number[][][]
  const markers: Marker[] = []
  let sequence = 0
  for (const part of parts) {
    if (part.length < 2) continue
    const ls = turf.lineString(part)
    const length = turf.length(ls, { units: kilometers })
    if (length < 0.5) continue
    for (let at = Math.min(random.between(2, 3.5), length / 2); at < length; at += random.between(4, 7)) {
      sequence += 1
      const here = turf.along(ls, at, { units: kilometers }).geometry.coordinates as [number, number]
      const ahead = turf.along(ls, Math.min(at + 0.05, length), { units: kilometers }).geometry.coordinates as [number, number]
      const bearing = turf.bearing(here, ahead)
      if (random.next() < 0.2) {
        // A double pair, one each side of the line, 12 m off it.
        const offsets = [bearing - 90, bearing + 90].map((b) => turf.destination(here, 0.012, b, { units: kilometers }).geometry.coordinates as [number, number])
        const leftFirst = inUnit(offsets[0]!, p.left_code) || inUnit(offsets[1]!, p.right_code)
        const [a, b] = leftFirst ? offsets : [offsets[1]!, offsets[0]!]
        markers.push({ line_id: p.id, number: formatMarkerNumber(p.id, sequence, 'A'), kind: 'double', side_code: p.left_code, position: [round6(a![0]), round6(a![1])] })
        markers.push({ line_id: p.id, number: formatMarkerNumber(p.id, sequence, 'B'), kind: 'double', side_code: p.right_code, position: [round6(b![0]), round6(b![1])] })
      } else {
        markers.push({ line_id: p.id, number: formatMarkerNumber(p.id, sequence, 'Q'), kind: 'single', side_code: null, position: [round6(here[0]), round6(here[1])] })
      }
    }
  }
  return markers
}
const kilometers = 'kilometers' as const

function main() {
  const markers = lines.flatMap(markersOf)
  const features = markers.map((m) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: m.position },
    properties: {
      line_id: m.line_id,
      number: m.number,
      kind: m.kind,
      side_code: m.side_code,
      // No elevation model ships with the project: a made-up but plausible height.
      elevation_m: Math.round((120 + 260 * Math.abs(Math.sin(m.position[0] * 40) * Math.cos(m.position[1] * 30))) * 10) / 10,
      reference_objects: referenceObjects(),
      material: m.line_id.length === 9 ? 'granite' : 'concrete',
      erected_on: `${random.int(1998, 2003)}-${String(random.int(3, 11)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
      state: random.next() < 0.04 ? 'damaged' : 'standing',
      data_source: 'generated',
    },
  }))
  fs.writeFileSync(path.join(CITY_DIR, 'sample/boundary_markers.geojson'), `${JSON.stringify({ type: 'FeatureCollection', features })}\n`)

  const ROUND4: Record<string, string> = {
    '4101-4104': 'archived', '4103-4104': 'archived', '4104-4110': 'agreed', '4104-4111': 'report_filed', '4104-4113': 'in_field', '4104-4117': 'archived',
  }
  const countyStatuses = ['archived', 'archived', 'archived', 'archived', 'archived', 'archived', 'archived', 'archived', 'report_filed', 'report_filed', 'report_filed', 'agreed', 'agreed', 'in_field', 'in_field', 'in_field', 'planned', 'not_started', 'not_started']
  let c = 0
  for (const l of lines) if (l.properties.level === 'county') ROUND4[l.properties.id] = countyStatuses[c++]!
  const team = (code: string, name: string) => ({ side_code: code, name: `${name}界线联检组（示例）` })
  const inspections = lines.flatMap((l) => {
    const p = l.properties
    const status = ROUND4[p.id]!
    const year = random.int(2021, 2024)
    const started = ['in_field', 'agreed', 'report_filed', 'archived'].includes(status) ? `${year}-${String(random.int(3, 10)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}` : null
    const own = markers.filter((m) => m.line_id === p.id)
    const inspected = status === 'in_field' ? own.slice(0, Math.ceil(own.length / 2)) : started ? own : []
    const findings = inspected.map((m, i) => {
      const r = random.next()
      const condition = r < 0.84 ? 'intact' : r < 0.9 ? 'damaged' : r < 0.93 ? 'repainted' : r < 0.95 ? 'missing' : r < 0.98 ? 'displaced' : 'rebuilt'
      const measured = condition === 'displaced'
        ? (turf.destination(m.position, random.between(0.004, 0.04), random.between(0, 360), { units: kilometers }).geometry.coordinates.map(round6) as [number, number])
        : null
      const note = condition === 'damaged' ? '桩体破损，字迹模糊（示例）' : condition === 'displaced' ? '修路时被移动（示例）' : condition === 'missing' ? '未找到界桩（示例）' : null
      return { number: m.number, condition, measured, accuracy_m: measured ? Math.round(random.between(3, 8) * 10) / 10 : null, side_code: i % 2 ? p.right_code : p.left_code, note }
    })
    const confirmations = ['agreed', 'report_filed', 'archived'].includes(status)
      ? [team(p.left_code, p.left_name), team(p.right_code, p.right_name)]
      : status === 'in_field' && p.level === 'city' ? [team(p.left_code, p.left_name)] : []
    const filed = status === 'report_filed' || status === 'archived' ? `${year}-12-${String(random.int(1, 28)).padStart(2, '0')}` : null
    const round4 = { round_number: 4, line_id: p.id, status, planned_on: status === 'not_started' ? null : `${year}-03-01`, started_on: started, filed_on: filed, findings, confirmations }
    const round5 = { round_number: 5, line_id: p.id, status: p.level === 'city' ? 'planned' : 'not_started', planned_on: p.level === 'city' ? `2026-${String(random.int(4, 10)).padStart(2, '0')}-01` : null, started_on: null, filed_on: null, findings: [], confirmations: [] }
    return [round4, round5]
  })
  const rounds = [
    { number: 4, starts_on: '2021-01-01', ends_on: '2025-12-31', plan_document: '平顶山市第四轮行政区域界线联合检查工作方案（示例）', status: 'open' },
    { number: 5, starts_on: '2026-01-01', ends_on: '2030-12-31', plan_document: '平顶山市第五轮行政区域界线联合检查工作方案（示例）', status: 'open' },
  ]
  fs.writeFileSync(path.join(CITY_DIR, 'sample/boundary_rounds.json'), `${JSON.stringify({ generated: true, rounds, inspections }, null, 1)}\n`)
  console.log(`${features.length} markers on ${lines.length} lines; ${inspections.length} inspections`)
}

main()
