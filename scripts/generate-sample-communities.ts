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
import os from 'node:os'
import path from 'node:path'
import { z } from 'zod'
import { openDatabase } from '../server/db/database'
import { sql } from '../server/db/sql'
import { insertCounties, insertTownships } from '../server/areas/areas.queries'
import { readFeatureCollection } from '../server/db/seed'
import { createRandom } from './prng'

const CITY_DIR = path.resolve('data/pingdingshan')
const OUT = path.join(CITY_DIR, 'sample/communities.geojson')
const CITY_DISTRICTS = ['410402', '410403', '410404', '410411']
const URBAN_COMMUNITIES = 117
const TOTAL_POPULATION = 4_990_000

type Township = { code: string; name: string; kind: string; county_code: string }
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

async function main() {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sample-communities-'))
  const database = await openDatabase({ databaseUrl: undefined, dataDir: workDir })
  try {
    await database.pool.transaction(async (tx) => {
      await insertCounties(tx, await readFeatureCollection(path.join(CITY_DIR, 'counties.geojson')))
      await insertTownships(tx, await readFeatureCollection(path.join(CITY_DIR, 'townships.geojson')))
    })
    const townships = await database.pool.any(sql.type(z.object({ code: z.string(), name: z.string(), kind: z.string(), county_code: z.string() }))`
      SELECT code, name, kind, county_code FROM townships ORDER BY code`)
    const communities = plan([...townships])
    const people = populations(communities)
    const features: {
      type: 'Feature'
      id: string
      properties: { code: string; name: string; kind: string; township_code: string; population: number; population_60plus: number; data_source: 'generated' }
      geometry: { type: 'Point'; coordinates: number[] }
    }[] = []
    for (const t of townships) {
      const members = communities.map((c, i) => ({ c, i })).filter(({ c }) => c.township_code === t.code)
      if (!members.length) continue
      // Random points inside the township (seeded by its code), one per community.
      const points = await database.pool.manyFirst(sql.type(z.object({ p: z.array(z.number()) }))`
        SELECT ARRAY[round(ST_X(g)::numeric, 6), round(ST_Y(g)::numeric, 6)]::float8[] AS p
        FROM (SELECT (ST_Dump(ST_GeneratePoints(geom, ${members.length}, ${Number(t.code.slice(-6))}))).geom AS g
              FROM townships WHERE code = ${t.code}) x`)
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
          geometry: { type: 'Point', coordinates: points[k]! },
        })
      })
    }
    fs.mkdirSync(path.dirname(OUT), { recursive: true })
    fs.writeFileSync(OUT, JSON.stringify({ type: 'FeatureCollection', features }) + '\n')
    const total = features.reduce((a, f) => a + f.properties.population, 0)
    const old = features.reduce((a, f) => a + f.properties.population_60plus, 0)
    console.log(`wrote ${OUT}: ${features.length} communities and villages, population ${total}, aged 60+ ${old} (${((old / total) * 100).toFixed(1)}%)`)
  } finally {
    await database.close()
    fs.rmSync(workDir, { recursive: true, force: true })
  }
}

await main()
