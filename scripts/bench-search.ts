/**
 * Measures the search as you type (server/place-names/search.queries.ts) over 1,000,000
 * generated place names and prints p50/p95 per kind of query and the sizes of the indexes:
 *
 *   npm run bench:search                        # the server and the embedded PGlite
 *   npm run bench:search -- --server-only       # or --embedded-only
 *   npm run bench:search -- --names=100000      # fewer names
 *   npm run bench:search -- --explain --keep    # the plan of a query of each kind; the server's database kept
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
import { z } from 'zod'
import type { DatabasePool } from 'slonik'
import { loadConfig } from '../server/config'
import { openDatabase, type DatabaseKind } from '../server/db/database'
import { sql } from '../server/db/sql'
import { seedDatabase } from '../server/seeds'
import { romanize, type Category } from '../server/place-names/romanize'
import { placeNameSearchColumns } from '../server/place-names/search-forms'
import { readSearchText, searchNames, searchStatement } from '../server/place-names/search.queries'
import { createScratchDatabase } from '../test/support/scratch-database'
import { createRandom } from './prng'

const args = process.argv.slice(2)
const flag = (name: string) => args.includes(`--${name}`)
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const NAMES = Number(option('names') ?? 1_000_000)
const RUNS = Number(option('runs') ?? 5)
const QUERIES_PER_KIND = 20
const BATCH = 50_000
/** Keep the server's scratch database (its URL is printed), for EXPLAIN. */
const KEEP = flag('keep')
/** Print the plan of the first query of each kind (EXPLAIN ANALYZE, BUFFERS). */
const EXPLAIN = flag('explain')
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

/** A generated name with what the service stores on write: its suggested spelling and search columns. */
type Row = Generated & { spelling: string; pinyin: string[]; initials: string[] }

/**
 * What the collection's write defaults fill (place-names.collection.ts): the suggested
 * spelling from the whole name (romanize.ts, with the place-name readings) and the search
 * columns from it, once per distinct name.
 */
function written(names: Generated[]): Row[] {
  const spellings = new Map<string, string>()
  const spellingOf = (g: Generated) => {
    const key = `${g.category}|${g.name}`
    let s = spellings.get(key)
    if (s === undefined) spellings.set(key, (s = romanize(g.name, g.category as Category).spelling))
    return s
  }
  return names.map((g, i) => {
    const spelling = spellingOf(g)
    const columns = placeNameSearchColumns({ name: g.name, roman_spelling: spelling, aliases: g.aliases, former_names: g.former })
    if (i % 100_000 === 0) process.stdout.write(`  ${i} names spelled\r`)
    return { ...g, spelling, pinyin: columns.search_pinyin, initials: columns.search_initials }
  })
}

/**
 * Loads the names into `place_names` in one transaction, in batches of {@link BATCH} rows
 * a statement, then their search terms in one statement by the function the table's row
 * trigger calls (`place_name_search_rows`, migration 017); the secondary indexes of both
 * tables are dropped first and built again from their own definitions after the load.
 */
async function insertNames(db: DatabasePool, kind: DatabaseKind, rows: Row[]): Promise<{ loadS: number; indexS: number }> {
  return db.transaction(async (tx) => {
    await tx.query(sql.typeAlias('void')`SET LOCAL statement_timeout = 0`)
    if (kind === 'postgres') await tx.query(sql.typeAlias('void')`SET LOCAL maintenance_work_mem = '512MB'`)
    await tx.query(sql.typeAlias('void')`
      CREATE TEMPORARY TABLE bench_indexes ON COMMIT DROP AS
      SELECT pg_get_indexdef(i.indexrelid) AS def, i.indexrelid::regclass::text AS name FROM pg_index i
      WHERE i.indrelid IN ('place_names'::regclass, 'search_terms'::regclass)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`)
    await tx.query(sql.typeAlias('void')`
      DO $$ DECLARE i record; BEGIN FOR i IN SELECT name FROM bench_indexes LOOP EXECUTE 'DROP INDEX ' || i.name; END LOOP; END $$`)
    // The record's search terms are written after the records, in one statement, by the function the row trigger calls.
    const before = await tx.oneFirst(sql.type(z.object({ id: z.number() }))`SELECT coalesce(max(id), 0)::float8 AS id FROM place_names`)
    await tx.query(sql.typeAlias('void')`ALTER TABLE place_names DISABLE TRIGGER place_names_search`)
    let t = performance.now()
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH)
      await tx.query(sql.typeAlias('void')`
        INSERT INTO place_names (name, roman_spelling, category, aliases, former_names, status, data_source, geom, search_pinyin, search_initials)
        SELECT r.name, r.spelling, r.category, ARRAY(SELECT jsonb_array_elements_text(r.aliases)),
               ARRAY(SELECT jsonb_array_elements_text(r.former)), r.status, 'generated',
               ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326),
               ARRAY(SELECT jsonb_array_elements_text(r.pinyin)), ARRAY(SELECT jsonb_array_elements_text(r.initials))
        FROM jsonb_to_recordset(${sql.jsonb(batch)})
             AS r(name text, spelling text, category text, aliases jsonb, former jsonb, status text, lon float8, lat float8,
                  pinyin jsonb, initials jsonb)`)
      process.stdout.write(`  ${i + batch.length} names\r`)
    }
    process.stdout.write('\n')
    await tx.query(sql.typeAlias('void')`
      INSERT INTO search_terms (source, source_id, kind, term, years, pinyin, initials, category, sub_kind, status, status_rank,
                                spelling, point, extent)
      SELECT r.* FROM place_names p, place_name_search_rows(p) r WHERE p.id > ${before}`)
    await tx.query(sql.typeAlias('void')`ALTER TABLE place_names ENABLE TRIGGER place_names_search`)
    const loadS = (performance.now() - t) / 1000
    t = performance.now()
    await tx.query(sql.typeAlias('void')`
      DO $$ DECLARE i record; BEGIN FOR i IN SELECT def FROM bench_indexes LOOP EXECUTE i.def; END LOOP; END $$`)
    return { loadS, indexS: (performance.now() - t) / 1000 }
  })
}

/** The fixed queries of each kind, drawn from the generated names (the same on every database). */
function queries(names: Row[]): Record<string, string[]> {
  const random = createRandom(7)
  const some = (f: (g: Row) => string | undefined) => {
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
    'full pinyin': some((g) => g.pinyin[0]),
    initials: some((g) => (g.initials[0]!.length >= 3 ? g.initials[0]!.slice(0, 3) : undefined)),
    'former name': some((g) => g.former[0]?.split('|')[0]),
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!

const Size = z.object({ name: z.string(), bytes: z.number() })

async function bench(kind: DatabaseKind, names: Row[], set: Record<string, string[]>) {
  const scratch = kind === 'postgres' ? await createScratchDatabase(SERVER_URL) : undefined
  const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'bench-search-'))
  const database = await openDatabase({ databaseUrl: scratch?.url, dataDir })
  try {
    console.log(`[${kind}] seeding the sample city`)
    await seedDatabase(database.pool, config.cityDataDir, pino({ level: 'silent' }))
    console.log(`[${kind}] loading ${names.length} names`)
    const load = await insertNames(database.pool, kind, names)
    let t = performance.now()
    await database.pool.query(sql.typeAlias('void')`VACUUM ANALYZE place_names`)
    await database.pool.query(sql.typeAlias('void')`VACUUM ANALYZE search_terms`)
    const analyzeS = (performance.now() - t) / 1000
    const terms = await database.pool.oneFirst(sql.type(z.object({ n: z.number() }))`SELECT count(*)::float8 AS n FROM search_terms`)
    console.log(`[${kind}] ${terms} search terms; ${load.loadS.toFixed(0)} s to insert, ${load.indexS.toFixed(0)} s to build the indexes, ${analyzeS.toFixed(0)} s to vacuum and analyze`)
    if (KEEP && scratch) console.log(`[${kind}] kept: ${scratch.url}`)
    if (EXPLAIN) {
      const Plan = z.object({ 'QUERY PLAN': z.string() })
      for (const [what, list] of Object.entries(set)) {
        const plan = await database.pool.any(sql.type(Plan)`EXPLAIN (ANALYZE, BUFFERS) ${searchStatement(readSearchText(list[0]!)!, 10)}`)
        console.log(`\n[${kind}] ${what}: ${list[0]}\n${plan.map((p) => p['QUERY PLAN']).join('\n')}`)
      }
    }
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
    return { ...load, analyzeS, terms, latency, sizes }
  } finally {
    await database.close()
    if (!KEEP) await scratch?.drop()
    await fsp.rm(dataDir, { recursive: true, force: true })
  }
}

async function main() {
  console.log(`generating ${NAMES} names`)
  const t = performance.now()
  // The names are the same for a given count: spelled once, then read back from the temporary directory.
  const cache = path.join(os.tmpdir(), `bench-search-names-${NAMES}-v1.json`)
  const names: Row[] = fs.existsSync(cache) ? JSON.parse(await fsp.readFile(cache, 'utf8')) : written(generate(NAMES))
  if (!fs.existsSync(cache)) await fsp.writeFile(cache, JSON.stringify(names))
  console.log(`  ${((performance.now() - t) / 1000).toFixed(0)} s to generate and spell them`)
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
  for (const k of kinds) {
    const r = results[k]!
    console.log(`[${k}] search terms: ${r.terms}; insert ${r.loadS.toFixed(0)} s, indexes ${r.indexS.toFixed(0)} s, vacuum and analyze ${r.analyzeS.toFixed(0)} s`)
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
