/**
 * Generates the sample QR place-name signs of 平顶山 into data/pingdingshan/sample/signs.geojson:
 * 3,353 signs (the number the plan says are installed), all `data_source: "generated"`.
 * Deterministic: a rerun writes the same file. Run it after generate-sample-place-names.ts.
 *
 *   npx tsx scripts/generate-sample-signs.ts
 *
 * - One 行政区域名称标志 (type admin_area) for each county-level unit and township of the
 *   register, at the township's seat (a county's at its first township's seat, 60 m off).
 * - The rest are street signs (居民地/街路巷标志, 2% 辅助导向标志) along the register's
 *   sample streets: one on every street, the rest shared out by length; each stands 8 m
 *   to one side of the street at evenly spaced points along it, facing the street.
 * - A history of inspections made by day offsets before the seeding (so that "overdue"
 *   stays true of the same signs whenever the sample is loaded): most inspected within
 *   the year, some 13–30 months ago (overdue), some never; the latest condition mostly
 *   完好, the rest in the proportions of CONDITION_SHARES. Findings other than 完好 have a
 *   follow-up in the queue; a few signs have public reports; a dozen inspections carry a
 *   generated photo (made at seeding, labelled as generated on the image).
 */
import fs from 'node:fs'
import path from 'node:path'
import { createRandom } from './prng'
import { localFrame, round6, type LonLat } from './sample-geometry'
import { signCode } from '../server/signs/sign-code'

const CITY_DIR = path.resolve('data/pingdingshan')
const OUT = path.join(CITY_DIR, 'sample/signs.geojson')
const TOTAL = 3353
/** How far a street sign stands from the street's centre line, in metres. */
const SIDE_M = 8

type Geometry = { type: string; coordinates: any }
type Feature<P> = { properties: P; geometry: Geometry }
const read = <P>(file: string) => (JSON.parse(fs.readFileSync(path.join(CITY_DIR, file), 'utf8')) as { features: Feature<P>[] }).features

type PlaceName = { code: string; name: string; category: string; division_code: string | null }
const places = read<PlaceName>('sample/place_names.geojson')
const townships = read<{ code: string; county_code: string; seat: { coordinates: LonLat } }>('townships.geojson')

const random = createRandom(20261202)
const pick = <T>(items: readonly T[]): T => items[Math.floor(random.next() * items.length)]!
const weighted = <T extends string>(shares: Record<T, number>): T => {
  let x = random.next() * Object.values<number>(shares).reduce((a, b) => a + b, 0)
  for (const [key, share] of Object.entries<number>(shares)) if ((x -= share) < 0) return key as T
  return Object.keys(shares)[0] as T
}

/** The latest condition of an inspected sign. */
const CONDITION_SHARES = { intact: 78, soiled: 5, faded: 6, tilted: 3, broken: 3, missing: 1, obstructed: 3, wrong_content: 1 }
const MATERIAL_SHARES = { reflective_film: 50, aluminium: 30, enamel: 10, stainless_steel: 10 }
const ACTION: Record<string, string> = { soiled: 'repair', faded: 'replace', tilted: 'repair', broken: 'replace', missing: 'replace', obstructed: 'repair', wrong_content: 'replace' }
const NOTES: Record<string, string[]> = {
  intact: ['', '', '牌面清晰'],
  soiled: ['牌面有污渍（示例）', '被小广告覆盖（示例）'],
  faded: ['反光膜褪色（示例）', '字迹发白（示例）'],
  tilted: ['立柱倾斜（示例）', '牌面变形（示例）'],
  broken: ['牌面破损（示例）', '立柱断裂（示例）'],
  missing: ['牌面缺失，仅剩立柱（示例）'],
  obstructed: ['被树枝遮挡（示例）', '被广告牌遮挡（示例）'],
  wrong_content: ['拼写有误（示例）', '名称与标准地名不符（示例）'],
}
const INSPECTORS = ['巡检员甲（示例）', '巡检员乙（示例）', '巡检员丙（示例）']
const REPORTS: [string, string][] = [
  ['damaged', '牌子被车撞歪了（示例报告）'],
  ['obstructed', '树叶挡住了牌子（示例报告）'],
  ['missing', '路口的牌子不见了（示例报告）'],
  ['wrong_content', '拼音好像写错了（示例报告）'],
  ['other', '二维码扫不出来（示例报告）'],
]

/** Metres along a line of lon/lat vertices, in the frame of its first vertex. */
function lineXy(line: LonLat[]) {
  const frame = localFrame(line[0]!)
  return { frame, xy: line.map(frame.toXy) }
}
const lengthOf = (xy: [number, number][]) => xy.slice(1).reduce((sum, p, i) => sum + Math.hypot(p[0] - xy[i]![0], p[1] - xy[i]![1]), 0)

/** The point `at` metres along a polyline, and the direction of the line there (radians from east). */
function along(xy: [number, number][], at: number): { p: [number, number]; angle: number } {
  let left = at
  for (let i = 1; i < xy.length; i++) {
    const [a, b] = [xy[i - 1]!, xy[i]!]
    const d = Math.hypot(b[0] - a[0], b[1] - a[1])
    if (left <= d || i === xy.length - 1) {
      const f = d === 0 ? 0 : Math.min(1, left / d)
      return { p: [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f], angle: Math.atan2(b[1] - a[1], b[0] - a[0]) }
    }
    left -= d
  }
  return { p: xy[0]!, angle: 0 }
}

/** A compass bearing (degrees clockwise from north) from a direction in radians counter-clockwise from east. */
const bearingOf = (angle: number) => Math.round((((90 - (angle * 180) / Math.PI) % 360) + 360) % 360) % 360
const sideOf = (bearing: number) => (['north', 'east', 'south', 'west'] as const)[Math.round(bearing / 90) % 4]!

type Sign = { position: LonLat; place: PlaceName; sign_type: string; bearing: number; road_side: string | null; size: [number, number] }
const signs: Sign[] = []

// Administrative areas: the townships at their seats, the counties at their first township's.
const seats = new Map(townships.map((t) => [t.properties.code, t.properties.seat.coordinates]))
for (const place of places.filter((p) => p.properties.category === 'admin_division')) {
  const code = place.properties.division_code!
  let at = seats.get(code)
  if (code.length === 6) {
    const first = townships.filter((t) => t.properties.county_code === code).sort((a, b) => (a.properties.code < b.properties.code ? -1 : 1))[0]
    at = first && localFrame(first.properties.seat.coordinates).toLonLat([60, 40])
  }
  if (!at) continue
  signs.push({ position: round6(at), place: place.properties, sign_type: 'admin_area', bearing: random.int(0, 359), road_side: null, size: [2400, 1200] })
}

// Streets: one sign each, the rest shared out by length (largest remainders).
const streets = places
  .filter((p) => p.properties.category === 'street' && p.properties.code)
  .map((p) => {
    const lines: LonLat[][] = p.geometry.type === 'LineString' ? [p.geometry.coordinates] : p.geometry.coordinates
    const parts = lines.map(lineXy)
    return { place: p.properties, parts, length: parts.reduce((s, part) => s + lengthOf(part.xy), 0) }
  })
const spare = TOTAL - signs.length - streets.length
const totalLength = streets.reduce((s, x) => s + x.length, 0)
const shares = streets.map((s, i) => ({ i, exact: (s.length / totalLength) * spare }))
const extra = new Map(shares.map((s) => [s.i, Math.floor(s.exact)]))
let left = spare - [...extra.values()].reduce((a, b) => a + b, 0)
for (const s of [...shares].sort((a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)) || a.i - b.i)) {
  if (left-- <= 0) break
  extra.set(s.i, extra.get(s.i)! + 1)
}
streets.forEach((street, i) => {
  const n = 1 + extra.get(i)!
  // Evenly along the whole street, across its parts in order.
  const lengths = street.parts.map((part) => lengthOf(part.xy))
  for (let k = 0; k < n; k++) {
    let at = ((k + 0.5) / n) * street.length
    let j = 0
    while (j < lengths.length - 1 && at > lengths[j]!) at -= lengths[j++]!
    const part = street.parts[j]!
    const { p, angle } = along(part.xy, at)
    const side = random.next() < 0.5 ? 1 : -1
    const normal = angle + (side * Math.PI) / 2
    const position = round6(part.frame.toLonLat([p[0] + SIDE_M * Math.cos(normal), p[1] + SIDE_M * Math.sin(normal)]))
    // The sign faces the street: from where it stands towards the centre line.
    const facing = bearingOf(normal + Math.PI)
    const type = random.next() < 0.02 ? 'auxiliary' : 'residential_street'
    signs.push({ position, place: street.place, sign_type: type, bearing: facing, road_side: sideOf(bearingOf(normal)), size: random.next() < 0.6 ? [1200, 400] : [1000, 300] })
  }
})
if (signs.length !== TOTAL) throw new Error(`made ${signs.length} signs, not ${TOTAL}`)

// Codes: the county of the place name's code, serials in the order made.
const serials = new Map<string, number>()
let photos = 0
const features = signs.map((s) => {
  const county = s.place.code.slice(0, 6)
  const serial = (serials.get(county) ?? 0) + 1
  serials.set(county, serial)
  const installedDaysAgo = random.int(400, 2200)
  const removed = random.next() < 0.006
  const history = removed ? 'removed' : weighted({ recent: 77, overdue: 15, never: 8 })
  const inspections: Record<string, unknown>[] = []
  const reports: Record<string, unknown>[] = []
  if (history !== 'never') {
    const count = random.int(1, 3)
    let daysAgo = history === 'overdue' ? random.int(400, 900) : random.int(3, 330)
    const times = [daysAgo]
    for (let i = 1; i < count; i++) times.push((daysAgo += random.int(300, 420)))
    times.reverse().forEach((days, i) => {
      if (days >= installedDaysAgo) return
      const latest = i === times.length - 1
      const condition = latest && history !== 'removed' ? weighted(CONDITION_SHARES) : random.next() < 0.85 ? 'intact' : weighted(CONDITION_SHARES)
      const far = random.next() < 0.01
      const offset = far ? random.between(80, 200) : random.between(1, 14)
      const direction = random.between(0, 2 * Math.PI)
      const position = round6(localFrame(s.position).toLonLat([offset * Math.cos(direction), offset * Math.sin(direction)]))
      const photo = condition !== 'intact' && photos < 12 && random.next() < 0.1
      if (photo) photos++
      const inspection: Record<string, unknown> = { days_ago: days, condition, inspector: pick(INSPECTORS), notes: pick(NOTES[condition]!) || null, position, accuracy_m: Math.round(random.between(4, 25)), photo }
      if (condition !== 'intact') {
        // A finding before the latest inspection was dealt with; the latest's is open or assigned.
        const state = latest ? (random.next() < 0.55 ? 'open' : 'assigned') : 'done'
        inspection.follow_up = { action: ACTION[condition], state, assignee: state === 'open' ? null : '维护班组（示例）', due_in_days: 30 - days, completed_days_ago: state === 'done' ? Math.max(1, days - random.int(5, 25)) : null }
      }
      inspections.push(inspection)
    })
  }
  if (!removed && random.next() < 0.014) {
    const [problem, description] = pick(REPORTS)
    const state = weighted({ open: 6, merged: 0, dismissed: 2, done: 2 })
    reports.push({ days_ago: random.int(1, 60), problem, description, contact: random.next() < 0.5 ? '138****0000（示例）' : null, state, dismiss_reason: state === 'dismissed' ? '现场核实无问题（示例）' : null })
  }
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: s.position },
    properties: {
      code: signCode(county, serial),
      sign_type: s.sign_type,
      place_name_code: s.place.code,
      bearing: s.bearing,
      road_side: s.road_side,
      width_mm: s.size[0],
      height_mm: s.size[1],
      material: weighted(MATERIAL_SHARES),
      installer: '示例施工单位（生成）',
      installed_days_ago: installedDaysAgo,
      status: removed ? 'removed' : 'in_use',
      data_source: 'generated',
      inspections,
      reports,
    },
  }
})

fs.writeFileSync(OUT, `${JSON.stringify({ type: 'FeatureCollection', features })}\n`)
const counted = features.reduce(
  (acc, f) => {
    acc.inspections += f.properties.inspections.length
    acc.reports += f.properties.reports.length
    acc.followUps += f.properties.inspections.filter((i) => i.follow_up).length
    return acc
  },
  { inspections: 0, reports: 0, followUps: 0 },
)
console.log(`wrote ${features.length} signs (${[...serials].map(([c, n]) => `${c}: ${n}`).join(', ')}), ${counted.inspections} inspections, ${counted.followUps} follow-ups, ${counted.reports} public reports, ${photos} photos to ${OUT}`)
