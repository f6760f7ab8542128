/**
 * Generates the sample eldercare facilities of 平顶山 into
 * data/pingdingshan/sample/eldercare_facilities.geojson. Generated, not real: every
 * feature says `data_source: "generated"` and its name ends in （示例）. Seeded, so a rerun
 * writes the same file. Run it after generate-sample-communities.ts, whose points it uses.
 *
 *   npx tsx scripts/generate-sample-eldercare.ts
 *
 * It follows the plan's baseline (end of the 13th plan, 专栏3): 105 institutions (1 public,
 * 30 private, 74 township nursing homes) with 11,133 beds, and 139 urban community
 * facilities; plus village happiness homes, and planned street centres and regional
 * centres for the planners' what-if maps. It leaves gaps on purpose: streets without a
 * comprehensive centre, centres with fewer than 50 embedded beds, a nursing-bed share
 * below the 55% target.
 */
import fs from 'node:fs'
import path from 'node:path'
import { createRandom } from './prng'
import { keyedRandom, metresBetween, offset, round6 } from './sample-geometry'

const CITY_DIR = path.resolve('data/pingdingshan')
const OUT = path.join(CITY_DIR, 'sample/eldercare_facilities.geojson')
const INSTITUTION_BEDS = 11_133
/** The plan's urban community eldercare facility coverage (第一章第一节), and the walk it is measured by: 15 min at 60 m/min. */
const TARGET_COVERAGE = 0.649
const REACH_M = 900
const COMMUNITY_KINDS = ['street_centre', 'day_care', 'home_care_station', 'embedded', 'regional_centre']

type Township = { code: string; name: string; kind: string; county_code: string; seat: { coordinates: [number, number] } }
type Community = { code: string; name: string; kind: string; township_code: string; at: Point }
type Point = [number, number]
type Facility = {
  name: string
  kind: string
  ownership: 'public' | 'private' | 'public_private'
  beds: number
  nursing_beds: number
  embedded_beds: number
  services: string[]
  medical_integration: boolean
  grade: number | null
  barrier_free: boolean
  status: 'planned' | 'under_construction' | 'operating' | 'closed'
  opened_on: string | null
  /** Where it is: first the place it serves (a community or a seat), then its own address near it. */
  at: Point
  street?: string
  /** How far from `at` its own address lies, in metres. */
  reach?: [number, number]
}

const random = createRandom(20201231)
const read = <T>(file: string) =>
  (JSON.parse(fs.readFileSync(path.join(CITY_DIR, file), 'utf8')) as { features: { properties: T; geometry: { coordinates: Point } }[] }).features

function shuffle<T>(items: T[]): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

const short = (name: string) => name.replace(/(街道|镇|乡|管委会)$/, '')
const openedOn = () => `${random.int(2003, 2020)}-${String(random.int(1, 12)).padStart(2, '0')}-01`
const pick = <T>(items: T[]) => items[random.int(0, items.length - 1)]!

const near = (p: Point, q: Point, metres: number) =>
  Math.abs(p[0] - q[0]) < 0.01 && Math.abs(p[1] - q[1]) < 0.01 && metresBetween(p, q) < metres

/**
 * Gives every facility its own address: `reach` metres from the place it serves, never on
 * a community's point (30 m at least) nor on another facility's (25 m). The operating
 * urban community facilities stand 60–400 m from the communities they serve; which ones
 * they serve is tuned so that the share of urban communities within 900 m of one comes
 * out near the plan's 64.9%: in some streets a street's facilities spread over its
 * communities, in the others they stand together near one. Draws are keyed by the
 * facility's name and kind, so the rest of the file does not depend on them.
 * @returns the share of urban communities within 900 m of an operating community facility.
 */
function placeFacilities(facilities: Facility[], communities: Community[]): number {
  const urban = communities.filter((c) => c.kind === 'community')
  const taken: Point[] = []
  const place = (f: Facility, from: Point, [min, max]: [number, number], into: Point[], away?: Point): Point => {
    const rnd = keyedRandom(`eldercare-position:${f.kind}:${f.name}`)
    // Away from `away` (give or take 60°) when given, else in any direction.
    const towards = away ? Math.atan2(from[1] - away[1], (from[0] - away[0]) * Math.cos((from[1] * Math.PI) / 180)) : 0
    for (;;) {
      const bearing = away ? towards + rnd.between(-Math.PI / 3, Math.PI / 3) : rnd.between(0, 2 * Math.PI)
      const p = round6(offset(from, rnd.between(min, max), bearing)) as Point
      if (communities.every((c) => !near(p, c.at, 30)) && into.every((q) => !near(p, q, 25))) {
        into.push(p)
        return p
      }
    }
  }
  const tuned = facilities.filter((f) => f.street && f.status === 'operating' && COMMUNITY_KINDS.includes(f.kind))
  for (const f of facilities) if (!tuned.includes(f)) f.at = place(f, f.at, f.reach ?? [60, 400], taken)

  // Which community each tuned facility serves, for a share q of streets that spread theirs.
  const served = (q: number) => {
    const out = new Map<Facility, { c: Community; away?: Point }>()
    for (const street of [...new Set(tuned.map((f) => f.street!))]) {
      const own = tuned.filter((f) => f.street === street)
      const members = urban.filter((c) => c.township_code === street)
      const spread = keyedRandom(`eldercare-spread:${street}`).next() < q
      // Spread: from the community the facility was drawn for; together: at the street's seat block, on its outer side.
      const first = spread ? (members.find((c) => c.at === own[0]!.at) ?? members[0]!) : members[0]!
      const centre: Point = [members.reduce((a, c) => a + c.at[0], 0) / members.length, members.reduce((a, c) => a + c.at[1], 0) / members.length]
      const chosen = [first]
      for (const f of own) {
        if (spread && out.size && chosen.length < own.length) {
          // The member farthest from those served so far.
          const next = members
            .map((c) => ({ c, d: Math.min(...chosen.map((s) => metresBetween(c.at, s.at))) }))
            .sort((a, b) => b.d - a.d)[0]!.c
          if (!chosen.includes(next)) chosen.push(next)
        }
        out.set(f, spread ? { c: chosen[own.indexOf(f) % chosen.length]! } : { c: first, away: members.length > 1 ? centre : undefined })
      }
    }
    return out
  }
  const trial = (q: number) => {
    const into = [...taken]
    const at = new Map([...served(q)].map(([f, { c, away }]) => [f, place(f, c.at, [60, 400], into, away)]))
    const covered = urban.filter((c) => [...at.values()].some((p) => near(c.at, p, REACH_M))).length
    return { q, at, share: covered / urban.length }
  }
  const trials = Array.from({ length: 101 }, (_, i) => trial(i / 100))
  const best = trials.reduce((a, b) => (Math.abs(b.share - TARGET_COVERAGE) < Math.abs(a.share - TARGET_COVERAGE) ? b : a))
  for (const [f, p] of best.at) {
    f.at = p
    taken.push(p)
  }
  return best.share
}

function main() {
  const townships = read<Township>('townships.geojson').map((f) => f.properties)
  const communities = read<Community>('sample/communities.geojson').map((f) => ({ ...f.properties, at: f.geometry.coordinates }))
  const communitiesOf = (township: string) => communities.filter((c) => c.township_code === township)
  const streets = townships.filter((t) => t.kind === 'street')
  const towns = townships.filter((t) => t.kind !== 'street')
  const facilities: Facility[] = []
  const base = { embedded_beds: 0, medical_integration: false, grade: null, barrier_free: false, status: 'operating' as const }

  // The 105 institutions of the baseline; their beds are scaled to 11,133 below.
  const institutions: Facility[] = []
  institutions.push({
    ...base, name: '平顶山市社会福利院（示例）', kind: 'institution', ownership: 'public', beds: 360, nursing_beds: 0,
    services: ['full_time', 'day_care', 'home_visit'], medical_integration: true, grade: 4, barrier_free: true,
    opened_on: '2003-06-01', at: pick(communitiesOf('410402003')).at, reach: [150, 400],
  })
  for (let i = 1; i <= 30; i++) {
    const street = pick(streets)
    institutions.push({
      ...base, name: `${short(street.name)}康养中心${i}号（示例）`, kind: 'institution', ownership: i <= 4 ? 'public_private' : 'private',
      beds: random.int(60, 400), nursing_beds: 0, services: random.next() < 0.5 ? ['full_time', 'day_care'] : ['full_time'],
      medical_integration: random.next() < 0.45, grade: random.next() < 0.6 ? random.int(1, 4) : null,
      barrier_free: random.next() < 0.6, opened_on: openedOn(), at: pick(communitiesOf(street.code)).at, reach: [100, 400],
    })
  }
  for (const town of shuffle(towns).slice(0, 74)) {
    institutions.push({
      ...base, name: `${short(town.name)}敬老院（示例）`, kind: 'township_home', ownership: 'public',
      beds: random.int(30, 120), nursing_beds: 0, services: ['full_time'], medical_integration: random.next() < 0.25,
      grade: random.next() < 0.3 ? random.int(1, 2) : null, barrier_free: random.next() < 0.35,
      opened_on: openedOn(), at: town.seat.coordinates, reach: [150, 500],
    })
  }
  const rawBeds = institutions.reduce((a, f) => a + f.beds, 0)
  institutions.forEach((f) => (f.beds = Math.floor((f.beds * INSTITUTION_BEDS) / rawBeds)))
  let rest = INSTITUTION_BEDS - institutions.reduce((a, f) => a + f.beds, 0)
  for (let i = 0; rest > 0; i++, rest--) institutions[i % institutions.length]!.beds += 1
  for (const f of institutions) {
    // Nursing-type beds: well below the 55% target, most of all in township homes.
    f.nursing_beds = Math.round(f.beds * (f.kind === 'township_home' ? random.between(0.1, 0.35) : random.between(0.3, 0.65)))
  }
  facilities.push(...institutions)

  // The 139 urban community facilities, at communities of the streets.
  const mix: [string, number][] = [['street_centre', 25], ['day_care', 55], ['home_care_station', 49], ['embedded', 10]]
  const centreStreets = shuffle(streets)
  let s = 0
  for (const [kind, count] of mix) {
    for (let i = 0; i < count; i++) {
      const street = kind === 'street_centre' ? centreStreets[s++]! : pick(streets)
      const embedded = kind === 'street_centre' ? (random.next() < 0.6 ? random.int(50, 90) : random.int(10, 45)) : kind === 'embedded' ? random.int(10, 30) : 0
      const label = { street_centre: '街道综合养老服务中心', day_care: '日间照料中心', home_care_station: '居家养老服务站', embedded: '嵌入式养老院' }[kind]
      facilities.push({
        ...base, kind, ownership: random.next() < 0.5 ? 'public_private' : 'public',
        name: `${short(street.name)}${label}${kind === 'street_centre' ? '' : i + 1}（示例）`,
        beds: embedded + (kind === 'day_care' ? random.int(0, 10) : 0), nursing_beds: Math.round(embedded * random.between(0.3, 0.6)), embedded_beds: embedded,
        services: kind === 'street_centre' ? (random.next() < 0.7 ? ['full_time', 'day_care', 'home_visit'] : ['day_care', 'home_visit'])
          : kind === 'day_care' ? ['day_care', 'home_visit'] : kind === 'embedded' ? ['full_time', 'day_care'] : ['home_visit'],
        medical_integration: random.next() < 0.3, barrier_free: random.next() < 0.5, opened_on: openedOn(),
        at: pick(communitiesOf(street.code)).at, street: street.code,
      })
    }
  }

  // Planned and building: street centres for streets without one, regional centres from township homes.
  for (const street of centreStreets.slice(25, 37)) {
    facilities.push({
      ...base, kind: 'street_centre', ownership: 'public', name: `${short(street.name)}街道综合养老服务中心（规划，示例）`,
      beds: 60, nursing_beds: 35, embedded_beds: 60, services: ['full_time', 'day_care', 'home_visit'], barrier_free: true,
      status: random.next() < 0.7 ? 'planned' : 'under_construction', opened_on: null, at: pick(communitiesOf(street.code)).at, reach: [80, 300],
    })
  }
  for (const home of institutions.filter((f) => f.kind === 'township_home').slice(0, 6)) {
    facilities.push({
      ...base, kind: 'regional_centre', ownership: 'public', name: home.name.replace('敬老院（示例）', '区域养老服务中心（规划，示例）'),
      beds: 120, nursing_beds: 70, embedded_beds: 0, services: ['full_time', 'day_care', 'home_visit'], medical_integration: true,
      barrier_free: true, status: 'planned', opened_on: null, at: [home.at[0] + 0.004, home.at[1] + 0.003], reach: [60, 200],
    })
  }

  // Village happiness homes in about one village in five.
  for (const village of communities.filter((c) => c.kind === 'village')) {
    if (random.next() >= 0.2) continue
    facilities.push({
      ...base, kind: 'village_home', ownership: 'public', name: `${village.name.replace('（示例）', '')}幸福院（示例）`,
      beds: random.int(0, 8), nursing_beds: 0, services: ['day_care'], opened_on: openedOn(), at: village.at, reach: [40, 200],
    })
  }

  const share = placeFacilities(facilities, communities)

  const features = facilities.map(({ at, street: _street, reach: _reach, ...properties }, i) => ({
    type: 'Feature',
    id: i + 1,
    properties: { ...properties, data_source: 'generated' },
    geometry: { type: 'Point', coordinates: at },
  }))
  fs.writeFileSync(OUT, JSON.stringify({ type: 'FeatureCollection', features }) + '\n')
  const count = (kind: string) => facilities.filter((f) => f.kind === kind).length
  console.log(`wrote ${OUT}: ${facilities.length} facilities; institutions ${institutions.length} with ${institutions.reduce((a, f) => a + f.beds, 0)} beds; township homes ${count('township_home')}; village homes ${count('village_home')}; urban communities within ${REACH_M} m of an operating community facility: ${(share * 100).toFixed(1)}%`)
}

main()
