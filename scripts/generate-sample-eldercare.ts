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

const CITY_DIR = path.resolve('data/pingdingshan')
const OUT = path.join(CITY_DIR, 'sample/eldercare_facilities.geojson')
const INSTITUTION_BEDS = 11_133

type Township = { code: string; name: string; kind: string; county_code: string; seat: { coordinates: [number, number] } }
type Community = { code: string; name: string; kind: string; township_code: string }
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
  at: Point
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
    opened_on: '2003-06-01', at: pick(communitiesOf('410402003')).at,
  })
  for (let i = 1; i <= 30; i++) {
    const street = pick(streets)
    institutions.push({
      ...base, name: `${short(street.name)}康养中心${i}号（示例）`, kind: 'institution', ownership: i <= 4 ? 'public_private' : 'private',
      beds: random.int(60, 400), nursing_beds: 0, services: random.next() < 0.5 ? ['full_time', 'day_care'] : ['full_time'],
      medical_integration: random.next() < 0.45, grade: random.next() < 0.6 ? random.int(1, 4) : null,
      barrier_free: random.next() < 0.6, opened_on: openedOn(), at: pick(communitiesOf(street.code)).at,
    })
  }
  for (const town of shuffle(towns).slice(0, 74)) {
    institutions.push({
      ...base, name: `${short(town.name)}敬老院（示例）`, kind: 'township_home', ownership: 'public',
      beds: random.int(30, 120), nursing_beds: 0, services: ['full_time'], medical_integration: random.next() < 0.25,
      grade: random.next() < 0.3 ? random.int(1, 2) : null, barrier_free: random.next() < 0.35,
      opened_on: openedOn(), at: town.seat.coordinates,
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
        at: pick(communitiesOf(street.code)).at,
      })
    }
  }

  // Planned and building: street centres for streets without one, regional centres from township homes.
  for (const street of centreStreets.slice(25, 37)) {
    facilities.push({
      ...base, kind: 'street_centre', ownership: 'public', name: `${short(street.name)}街道综合养老服务中心（规划，示例）`,
      beds: 60, nursing_beds: 35, embedded_beds: 60, services: ['full_time', 'day_care', 'home_visit'], barrier_free: true,
      status: random.next() < 0.7 ? 'planned' : 'under_construction', opened_on: null, at: pick(communitiesOf(street.code)).at,
    })
  }
  for (const home of institutions.filter((f) => f.kind === 'township_home').slice(0, 6)) {
    facilities.push({
      ...base, kind: 'regional_centre', ownership: 'public', name: home.name.replace('敬老院（示例）', '区域养老服务中心（规划，示例）'),
      beds: 120, nursing_beds: 70, embedded_beds: 0, services: ['full_time', 'day_care', 'home_visit'], medical_integration: true,
      barrier_free: true, status: 'planned', opened_on: null, at: [home.at[0] + 0.004, home.at[1] + 0.003],
    })
  }

  // Village happiness homes in about one village in five.
  for (const village of communities.filter((c) => c.kind === 'village')) {
    if (random.next() >= 0.2) continue
    facilities.push({
      ...base, kind: 'village_home', ownership: 'public', name: `${village.name.replace('（示例）', '')}幸福院（示例）`,
      beds: random.int(0, 8), nursing_beds: 0, services: ['day_care'], opened_on: openedOn(), at: village.at,
    })
  }

  const features = facilities.map(({ at, ...properties }, i) => ({
    type: 'Feature',
    id: i + 1,
    properties: { ...properties, data_source: 'generated' },
    geometry: { type: 'Point', coordinates: at },
  }))
  fs.writeFileSync(OUT, JSON.stringify({ type: 'FeatureCollection', features }) + '\n')
  const count = (kind: string) => facilities.filter((f) => f.kind === kind).length
  console.log(`wrote ${OUT}: ${facilities.length} facilities; institutions ${institutions.length} with ${institutions.reduce((a, f) => a + f.beds, 0)} beds; township homes ${count('township_home')}; village homes ${count('village_home')}`)
}

main()
