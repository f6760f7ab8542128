/**
 * Measures the OGC API's item queries on the sample city and prints the figures:
 *
 *   npm run bench                 # on a fresh embedded PostGIS
 *   DATABASE_URL=… npm run bench  # on a server (its base geography is loaded if missing)
 *
 * Each scenario runs ROUNDS requests one after another, then the same with CONCURRENCY
 * clients at once. Nothing is asserted: compare the figures across changes.
 */
import os from 'node:os'
import { startBenchServer } from './bench-server'

const ROUNDS = Number(process.env.ROUNDS ?? 50)
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 4)

const SCENARIOS = [
  ['counties, all 71 (full geometry)', '/ogc/collections/counties/items?limit=100'],
  ['townships, all 148', '/ogc/collections/townships/items?limit=200'],
  ['townships, bbox of the city centre', '/ogc/collections/townships/items?bbox=113.25,33.70,113.40,33.80'],
  ['townships, filter county_code', '/ogc/collections/townships/items?county_code=410423'],
  ['townships, page of 20 at offset 100', '/ogc/collections/townships/items?limit=20&offset=100'],
  ['boundary_lines, all 25', '/ogc/collections/boundary_lines/items'],
  ['one township by id', '/ogc/collections/townships/items/410423207'],
  ['eldercare_facilities, all 537 with rule checks', '/ogc/collections/eldercare_facilities/items?limit=10000'],
  ['cemeteries, all 59 with areas and rule checks', '/ogc/collections/cemeteries/items?limit=1000'],
  ['cemeteries failing a rule check (rules_ok=false)', '/ogc/collections/cemeteries/items?rules_ok=false&limit=1000'],
  ['eldercare_facilities, filter county_code', '/ogc/collections/eldercare_facilities/items?county_code=410423&limit=1000'],
  ['collections with extents', '/ogc/collections'],
] as const

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

async function timeRequests(url: string, count: number, concurrency: number) {
  const times: number[] = []
  let bytes = 0
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) {
        const t0 = performance.now()
        const res = await fetch(url)
        const body = await res.arrayBuffer()
        if (!res.ok) throw new Error(`${url}: ${res.status}`)
        times.push(performance.now() - t0)
        bytes = body.byteLength
      }
    }),
  )
  const wall = (performance.now() - started) / 1000
  times.sort((a, b) => a - b)
  return { p50: percentile(times, 50), p95: percentile(times, 95), perSecond: count / wall, kib: bytes / 1024 }
}

const { url: base, kind, stop } = await startBenchServer()

console.log(`OGC API items on ${kind} PostGIS; ${ROUNDS} requests per row; ${os.cpus().length} cores`)
console.log(['scenario'.padEnd(38), 'KiB', 'p50 ms', 'p95 ms', 'req/s', `p50 ms ×${CONCURRENCY}`, `req/s ×${CONCURRENCY}`].join('\t'))
for (const [name, route] of SCENARIOS) {
  await timeRequests(base + route, 3, 1) // warm up
  const serial = await timeRequests(base + route, ROUNDS, 1)
  const parallel = await timeRequests(base + route, ROUNDS, CONCURRENCY)
  console.log(
    [
      name.padEnd(38),
      serial.kib.toFixed(0),
      serial.p50.toFixed(1),
      serial.p95.toFixed(1),
      serial.perSecond.toFixed(0),
      parallel.p50.toFixed(1),
      parallel.perSecond.toFixed(0),
    ].join('\t'),
  )
}
await stop()
