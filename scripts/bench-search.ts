/**
 * Measures the search as you type (server/place-names/search.queries.ts) over 1,000,000
 * generated place names and prints p50/p95 per kind of query and the sizes of the indexes:
 *
 *   npm run bench:search                        # the server and the embedded PGlite
 *   npm run bench:search -- --server-only       # or --embedded-only
 *   npm run bench:search -- --names=100000      # fewer names
 *
 * Each database is fresh (the server's a scratch database at SERVER_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres, dropped afterwards) and seeded as the
 * service seeds it; then the generated names go into `place_names` through the same
 * columns and triggers as any write. The names are built from the sample register's own
 * characters, drawn with the frequencies they have there, specifics of 1–4 characters and
 * generics with the frequencies of the register's categories; 5% carry a former name,
 * 3% an alias, 2% are abolished. Nothing is asserted: compare figures on the same machine.
 */
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import { pinyin } from 'pinyin-pro'
import { z } from 'zod'
import type { DatabasePool } from 'slonik'
import { loadConfig } from '../server/config'
import { openDatabase, type DatabaseKind } from '../server/db/database'
import { sql } from '../server/db/sql'
import { seedDatabase } from '../server/seeds'
import { searchPinyin } from '../server/place-names/search-forms'
import { readSearchText, searchNames } from '../server/place-names/search.queries'
import { createScratchDatabase } from '../test/support/scratch-database'
import { createRandom } from './prng'

const args = process.argv.slice(2)
const flag = (name: string) => args.includes(`--${name}`)
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const NAMES = Number(option('names') ?? 1_000_000)
const RUNS = Number(option('runs') ?? 5)
const QUERIES_PER_KIND = 20
const BATCH = 5000
const SERVER_URL = process.env.SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const kinds: DatabaseKind[] = flag('embedded-only') ? ['embedded'] : flag('server-only') ? ['postgres'] : ['postgres', 'embedded']
const config = loadConfig({})

/** Generics with the categories they mark, weighted roughly as a city register holds them. */
const GENERICS: [string, string, number][] = [
  ['路', 'street', 30], ['街', 'street', 12], ['巷', 'street', 8], ['大道', 'street', 2], ['村', 'village_seat', 20], ['社区', 'village_seat', 4],
  ['小区', 'residential', 8], ['花园', 'residential', 2], ['苑', 'residential', 2], ['山', 'natural', 3], ['河', 'natural', 2],
  ['桥', 'facility', 2], ['公园', 'park', 1], ['镇', 'admin_division', 1], ['庄', 'village_seat', 3],
]

type Generated = { name: string; category: string; aliases: string[]; former: string[]; status: string; lon: number; lat: number }

/** The sample register's characters, each with how often it appears in the specifics (the names without their generic). */
function characterPool(): { chars: string[]; cumulative: number[] } {
  const file = path.join(config.cityDataDir, 'sample/place_names.geojson')
  const counts = new Map<string, number>()
  for (const f of (JSON.parse(fs.readFileSync(file, 'utf8')) as { features: { properties: { name: string; roman_spelling: string } }[] }).features) {
    const chars = [...f.properties.name]
    // The spelling writes the generic apart (Zhongxing Lu): drop as many characters as its last word has syllables, roughly one.
    const generic = f.properties.roman_spelling.includes(' ') ? Math.max(1, chars.length > 3 && /(xiaoqu|jiedao|shequ|dadao|huayuan|gongyuan|shuiku)$/i.test(f.properties.roman_spelling) ? 2 : 1) : 0
    for (const c of chars.slice(0, chars.length - generic)) if (/\p{Script=Han}/u.test(c)) counts.set(c, (counts.get(c) ?? 0) + 1)
  }
  const chars = [...counts.keys()].sort()
  let sum = 0
  return { chars, cumulative: chars.map((c) => (sum += counts.get(c)!)) }
}

function generate(n: number): Generated[] {
  const random = createRandom(20260101)
  const pool = characterPool()
  const total = pool.cumulative.at(-1)!
  const pick = () => {
    const x = random.next() * total
    let lo = 0
    let hi = pool.cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (pool.cumulative[mid]! > x) hi = mid
      else lo = mid + 1
    }
    return pool.chars[lo]!
  }
  const weights = GENERICS.reduce((s, g) => s + g[2], 0)
  const generic = () => {
    let x = random.next() * weights
    for (const g of GENERICS) if ((x -= g[2]) < 0) return g
    return GENERICS[0]!
  }
  const lengths = [1, 2, 2, 2, 2, 3, 3, 4]
  const specific = () => Array.from({ length: lengths[random.int(0, lengths.length - 1)]! }, pick).join('')
  return Array.from({ length: n }, () => {
    const [g, category] = generic()
    return {
      name: specific() + g,
      category,
      aliases: random.next() < 0.03 ? [specific() + g] : [],
      former: random.next() < 0.05 ? [`${specific()}${g}|${random.int(1950, 1980)}|${random.int(1981, 2010)}`] : [],
      status: random.next() < 0.02 ? 'abolished' : 'standard',
      // Within the city's extent (a point in the counties' box: the search reads no geometry but its point).
      lon: Math.round(random.between(112.3, 113.7) * 1e6) / 1e6,
      lat: Math.round(random.between(33.1, 34.3) * 1e6) / 1e6,
    }
  })
}

/** Pinyin per character (the bench's names are drawn character by character; the service reads whole names). */
const syllable = new Map<string, [string, string]>()
function forms(name: string): [string, string] {
  let full = ''
  let initials = ''
  for (const c of name) {
    let s = syllable.get(c)
    if (!s) {
      const p = searchPinyin(pinyin(c, { toneType: 'none' }))
      syllable.set(c, (s = [p, p[0] ?? '']))
    }
    full += s[0]
    initials += s[1]
  }
  return [full, initials]
}

async function insertNames(db: DatabasePool, names: Generated[]): Promise<void> {
  for (let i = 0; i < names.length; i += BATCH) {
    const rows = names.slice(i, i + BATCH).map((g) => {
      const all = [g.name, ...g.aliases, ...g.former.map((f) => f.split('|')[0]!)].map(forms)
      return { ...g, pinyin: all.map((f) => f[0]), initials: all.map((f) => f[1]) }
    })
    await db.query(sql.typeAlias('void')`
      INSERT INTO place_names (name, roman_spelling, category, aliases, former_names, status, data_source, geom, search_pinyin, search_initials)
      SELECT r->>'name', r->>'name', r->>'category',
             ARRAY(SELECT jsonb_array_elements_text(r->'aliases')), ARRAY(SELECT jsonb_array_elements_text(r->'former')),
             r->>'status', 'generated', ST_SetSRID(ST_MakePoint((r->>'lon')::float8, (r->>'lat')::float8), 4326),
             ARRAY(SELECT jsonb_array_elements_text(r->'pinyin')), ARRAY(SELECT jsonb_array_elements_text(r->'initials'))
      FROM jsonb_array_elements(${sql.jsonb(rows)}) r`)
    if ((i / BATCH) % 20 === 0) process.stdout.write(`  ${i + rows.length} names\r`)
  }
  process.stdout.write('\n')
}

/** The fixed queries of each kind, drawn from the generated names (the same on every database). */
function queries(names: Generated[]): Record<string, string[]> {
  const random = createRandom(7)
  const some = (f: (g: Generated) => string | undefined) => {
    const out: string[] = []
    while (out.length < QUERIES_PER_KIND) {
      const q = f(names[random.int(0, names.length - 1)]!)
      if (q && !out.includes(q)) out.push(q)
    }
    return out
  }
  return {
    'two hanzi': some((g) => ([...g.name].length >= 3 ? [...g.name].slice(0, 2).join('') : undefined)),
    'one hanzi': some((g) => [...g.name][0]),
    'full pinyin': some((g) => forms(g.name)[0]),
    initials: some((g) => {
      const i = forms(g.name)[1]
      return i.length >= 3 ? i.slice(0, 3) : undefined
    }),
    'former name': some((g) => g.former[0]?.split('|')[0]),
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!

const Size = z.object({ name: z.string(), bytes: z.number() })

async function bench(kind: DatabaseKind, names: Generated[], set: Record<string, string[]>) {
  const scratch = kind === 'postgres' ? await createScratchDatabase(SERVER_URL) : undefined
  const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'bench-search-'))
  const database = await openDatabase({ databaseUrl: scratch?.url, dataDir })
  try {
    console.log(`[${kind}] seeding the sample city`)
    await seedDatabase(database.pool, config.cityDataDir, pino({ level: 'silent' }))
    let t = performance.now()
    console.log(`[${kind}] inserting ${names.length} names`)
    await insertNames(database.pool, names)
    const insertS = (performance.now() - t) / 1000
    await database.pool.query(sql.typeAlias('void')`ANALYZE`)
    const terms = await database.pool.oneFirst(sql.type(z.object({ n: z.number() }))`SELECT count(*)::float8 AS n FROM search_terms`)
    console.log(`[${kind}] ${terms} search terms; ${insertS.toFixed(0)} s to insert`)
    // One warm-up pass, then RUNS timed passes of every query.
    const timings: Record<string, number[]> = {}
    for (let run = 0; run <= RUNS; run++) {
      for (const [what, list] of Object.entries(set)) {
        for (const q of list) {
          t = performance.now()
          await searchNames(database.pool, readSearchText(q)!, 10)
          if (run > 0) (timings[what] ??= []).push(performance.now() - t)
        }
      }
    }
    const latency = Object.fromEntries(
      Object.entries(timings).map(([what, ms]) => {
        const sorted = [...ms].sort((a, b) => a - b)
        return [what, { p50: percentile(sorted, 50), p95: percentile(sorted, 95) }]
      }),
    )
    const sizes = await database.pool.any(sql.type(Size)`
      SELECT c.relname AS name, pg_relation_size(c.oid)::float8 AS bytes FROM pg_class c
      WHERE c.relname = 'search_terms' OR c.relname LIKE 'search_terms\\_%idx' OR c.relname = 'place_names' ORDER BY c.relname`)
    return { insertS, terms, latency, sizes }
  } finally {
    await database.close()
    await scratch?.drop()
    await fsp.rm(dataDir, { recursive: true, force: true })
  }
}

async function main() {
  console.log(`generating ${NAMES} names`)
  const names = generate(NAMES)
  const set = queries(names)
  for (const [what, list] of Object.entries(set)) console.log(`  ${what}: ${list.slice(0, 6).join(' ')} …`)
  const results: Partial<Record<DatabaseKind, Awaited<ReturnType<typeof bench>>>> = {}
  for (const kind of kinds) results[kind] = await bench(kind, names, set)

  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`
  const ms = (x: number) => `${x.toFixed(1)} ms`
  console.log(`\n${NAMES.toLocaleString('en')} generated names, ${QUERIES_PER_KIND} queries per kind × ${RUNS} runs, limit 10\n`)
  console.log(`| query kind | ${kinds.map((k) => `${k} p50 | ${k} p95`).join(' | ')} |`)
  console.log(`| --- | ${kinds.map(() => '--- | ---').join(' | ')} |`)
  for (const what of Object.keys(set)) {
    console.log(`| ${what} | ${kinds.map((k) => `${ms(results[k]!.latency[what]!.p50)} | ${ms(results[k]!.latency[what]!.p95)}`).join(' | ')} |`)
  }
  console.log(`\n| relation | ${kinds.join(' | ')} |`)
  console.log(`| --- | ${kinds.map(() => '---').join(' | ')} |`)
  for (const { name } of results[kinds[0]!]!.sizes) {
    console.log(`| ${name} | ${kinds.map((k) => mb(results[k]!.sizes.find((s) => s.name === name)?.bytes ?? 0)).join(' | ')} |`)
  }
  for (const k of kinds) console.log(`[${k}] search terms: ${results[k]!.terms}; insert: ${results[k]!.insertS.toFixed(0)} s`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
