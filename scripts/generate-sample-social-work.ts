/**
 * Generates the sample social-work stations of 平顶山 into
 * data/pingdingshan/sample/social_work_stations.geojson. Generated, not real: every
 * feature says `data_source: "generated"` and its name ends in （示例）. Seeded.
 *
 *   npx tsx scripts/generate-sample-social-work.ts
 *
 * The plan's targets are a guidance centre in every county and a station in every
 * township by 2025; the sample leaves gaps: guidance centres in 6 of the 10 county-level
 * units, stations in about 60% of the townships, some of them short of the 六有 standard.
 */
import fs from 'node:fs'
import path from 'node:path'
import { createRandom } from './prng'
import { keyedRandom, offset, round6 } from './sample-geometry'

const CITY_DIR = path.resolve('data/pingdingshan')
const OUT = path.join(CITY_DIR, 'sample/social_work_stations.geojson')

type Point = [number, number]
type Township = { code: string; name: string; county_code: string; seat: { coordinates: Point } }
type County = { code: string; name: string; is_home: boolean }

const random = createRandom(20250101)
const read = <T>(file: string) =>
  (JSON.parse(fs.readFileSync(path.join(CITY_DIR, file), 'utf8')) as { features: { properties: T; geometry: { coordinates: Point } }[] }).features
const short = (name: string) => name.replace(/(街道|镇|乡|管委会)$/, '')

function checklist(meets: boolean) {
  const items = { has_premises: true, has_equipment: true, has_staff: true, has_services: true, has_procedures: true, has_rules: true }
  if (!meets) {
    const missing = Object.keys(items).sort(() => random.next() - 0.5).slice(0, random.int(1, 3))
    for (const key of missing) items[key as keyof typeof items] = false
  }
  return items
}

function main() {
  const counties = read<County>('counties.geojson').map((f) => f.properties).filter((c) => c.is_home)
  const townships = read<Township>('townships.geojson').map((f) => f.properties)
  const communities = read<{ name: string; township_code: string }>('sample/communities.geojson')
  const stations: { properties: Record<string, unknown>; at: Point }[] = []
  const add = (name: string, tier: string, staff: number, meets: boolean, at: Point) => {
    const certified = Math.min(staff, random.int(0, Math.max(1, Math.round(staff * 0.6))))
    stations.push({ properties: { name, tier, staff, certified_workers: certified, ...checklist(meets), status: 'operating', data_source: 'generated' }, at })
  }
  for (const county of counties.filter(() => random.next() < 0.65).slice(0, 6)) {
    const seat = townships.find((t) => t.county_code === county.code)!.seat.coordinates
    add(`${county.name}社会工作指导中心（示例）`, 'guidance_centre', random.int(6, 15), true, [seat[0] + 0.003, seat[1] - 0.002])
  }
  for (const township of townships) {
    if (random.next() >= 0.6) continue
    add(`${short(township.name)}社会工作站（示例）`, 'township_station', random.int(1, 6), random.next() < 0.7, township.seat.coordinates)
  }
  for (const community of communities.filter(() => random.next() < 0.06)) {
    // In a building of the community, 20–80 m from its point (the point itself is the community's).
    const rnd = keyedRandom(`social-work-position:${community.properties.name}:${community.geometry.coordinates.join()}`)
    const at = round6(offset(community.geometry.coordinates, rnd.between(20, 80), rnd.between(0, 2 * Math.PI)))
    add(`${community.properties.name}社会工作室（示例）`, 'community_room', random.int(0, 3), random.next() < 0.5, at)
  }
  const features = stations.map((s, i) => ({ type: 'Feature', id: i + 1, properties: s.properties, geometry: { type: 'Point', coordinates: s.at } }))
  fs.writeFileSync(OUT, JSON.stringify({ type: 'FeatureCollection', features }) + '\n')
  const tiers = (tier: string) => stations.filter((s) => s.properties.tier === tier).length
  console.log(`wrote ${OUT}: ${stations.length} stations; guidance centres ${tiers('guidance_centre')}, township stations ${tiers('township_station')}, community rooms ${tiers('community_room')}`)
}

main()
