import { z } from 'zod'
import type { CommonQueryMethods, FragmentSqlToken } from 'slonik'
import { sql } from '../db/sql'
import { countyOfGeometry } from '../geo/county-of'
import type { WriteWarning } from '../ogc/collection'
import { romanize, type Category } from './romanize'
import { searchForms } from './search-forms'

/**
 * Where a name must not repeat (the 2022 《地名管理条例》 art. 9): `held` the data held
 * (the register: the province's names as far as this register holds them), `county` the
 * same county-level unit, `built_up` the same built-up area of a city (see {@link SCOPES}).
 */
export type ClashScope = 'held' | 'county' | 'built_up'

/**
 * The scope of each category that art. 9 names: 乡、镇 (and the other administrative
 * divisions) within the data held; 村民委员会、居民委员会 within the county; 街路巷 and
 * 住宅区、楼宇 within the city's built-up area. Other categories have none: no warning.
 */
export const SCOPES: Partial<Record<Category, ClashScope>> = {
  admin_division: 'held',
  village_seat: 'county',
  street: 'built_up',
  residential: 'built_up',
}

/** A record whose name clashes, as a warning names it. */
const Clash = z.object({
  id: z.string(),
  code: z.string().nullable(),
  name: z.string(),
  roman_spelling: z.string(),
  status: z.string(),
  county_code: z.string().nullable(),
  county_name: z.string().nullable(),
  same_name: z.boolean(),
})
export type Clash = z.infer<typeof Clash>

/** What a name is checked as: the name, its category, where it lies, and the record it is (a rename) if any. */
export type ClashCheck = {
  name: string
  category: Category
  /** The county-level unit it lies in (needed by the `county` and `built_up` scopes). */
  countyCode: string | null
  /** The record being renamed, which does not clash with itself. */
  exclude?: string
  /** The spelling it will carry; the suggested one when absent. */
  spelling?: string | null
}

/**
 * SQL: whether county `a` and county `b` lie in the same built-up area. A county or
 * county-level city is a town of its own; the city's districts (区) that border one another
 * make one built-up area (the central city: 新华区, 卫东区, 湛河区), a district apart from
 * them (石龙区) one of its own.
 */
function sameBuiltUpArea(a: FragmentSqlToken, b: FragmentSqlToken): FragmentSqlToken {
  return sql.fragment`(${a} = ${b} OR EXISTS (
    SELECT 1 FROM counties x JOIN counties y ON ST_Intersects(x.geom, y.geom)
    WHERE x.code = ${a} AND y.code = ${b} AND x.is_home AND y.is_home AND x.name LIKE '%区' AND y.name LIKE '%区'))`
}

/**
 * The live, not abolished, place names of the same category that clash with a name within
 * its scope: the same name, or the same spelling with tones ignored (a homophone).
 * Empty for a category without a scope, or when the scope needs a county and none is known.
 */
export async function findClashes(db: CommonQueryMethods, check: ClashCheck): Promise<{ scope: ClashScope | null; clashes: Clash[] }> {
  return (await findClashesOf(db, [check]))[0]!
}

const NumberedClash = Clash.extend({ n: z.number(), rank: z.number() })

/** {@link findClashes} of each name, in one statement. */
export async function findClashesOf(db: CommonQueryMethods, checks: readonly ClashCheck[]): Promise<{ scope: ClashScope | null; clashes: Clash[] }[]> {
  const scopes = checks.map((check) => SCOPES[check.category] ?? null)
  const asked = checks.flatMap((check, n) => {
    const scope = scopes[n]
    if (!scope || (scope !== 'held' && !check.countyCode)) return []
    const { pinyin } = searchForms(check.name, check.spelling || romanize(check.name, check.category).spelling)
    return [{ n, name: check.name, pinyin, category: check.category, scope, county: check.countyCode, exclude: check.exclude ?? '' }]
  })
  const rows = asked.length === 0 ? [] : await db.any(sql.type(NumberedClash)`
    SELECT q.n, x.*
    FROM jsonb_to_recordset(${sql.jsonb(asked)}) AS q(n int, name text, pinyin text, category text, scope text, county text, exclude text)
    CROSS JOIN LATERAL (
      SELECT p.id::text, p.code, p.name, p.roman_spelling, p.status, c.code AS county_code, c.name AS county_name, p.name = q.name AS same_name,
             row_number() OVER (ORDER BY p.name <> q.name, p.code NULLS LAST, p.id)::int AS rank
      FROM (SELECT DISTINCT source_id FROM search_terms
            WHERE source = 'place_names' AND kind = 'name' AND (term = q.name OR pinyin = q.pinyin)) s
      JOIN place_names p ON p.id = s.source_id::bigint
      LEFT JOIN LATERAL (
        SELECT k.code, k.name FROM townships w JOIN counties k ON k.code = w.county_code
        WHERE w.deleted_at IS NULL AND ST_Intersects(w.geom, ST_PointOnSurface(p.geom)) ORDER BY w.code LIMIT 1
      ) c ON true
      WHERE p.deleted_at IS NULL AND p.category = q.category AND p.status <> 'abolished' AND p.id::text <> q.exclude
        AND (q.scope = 'held' OR (q.scope = 'county' AND c.code = q.county) OR (q.scope = 'built_up' AND ${sameBuiltUpArea(sql.fragment`c.code`, sql.fragment`q.county`)}))
      ORDER BY rank
      LIMIT 20
    ) x
    ORDER BY q.n, x.rank`)
  const found = checks.map((_, n) => ({ scope: scopes[n]!, clashes: [] as Clash[] }))
  for (const { n, rank: _, ...clash } of rows) found[n]!.clashes.push(clash)
  return found
}

/**
 * The warnings of a name's clashes, as entries shaped like those of a problem's `errors[]`:
 * `duplicate_name` for records of the same name, `homophone_name` for records spelled the
 * same; each names its scope and the clashing records. Warnings, not errors: staff decide.
 */
export function clashWarnings(field: string, scope: ClashScope | null, clashes: Clash[]): WriteWarning[] {
  const warnings: WriteWarning[] = []
  for (const [same, code] of [[true, 'duplicate_name'], [false, 'homophone_name']] as const) {
    const records = clashes.filter((c) => c.same_name === same).map(({ same_name: _, ...record }) => record)
    if (records.length) warnings.push({ field, code, params: { scope, names: records.map((r) => r.name), records } })
  }
  return warnings
}

const Written = z.object({ id: z.string(), name: z.string(), category: z.string(), roman_spelling: z.string(), county_code: z.string().nullable() })

/**
 * The clash warnings of each place name just created, or renamed (its name or category
 * changed from `before`), as stored in this transaction; none for other changes. Read in
 * two statements however many were written (an import's thousands).
 */
export async function placeNameWriteWarnings(
  db: CommonQueryMethods,
  written: readonly { id: string; before: Record<string, unknown> | null }[],
): Promise<WriteWarning[][]> {
  const rows = await db.any(sql.type(Written)`
    SELECT t.id::text, t.name, t.category, t.roman_spelling, ${countyOfGeometry} AS county_code
    FROM unnest(${sql.array(written.map((w) => w.id), 'text')}) WITH ORDINALITY AS k(id, n)
    JOIN place_names t ON t.id::text = k.id ORDER BY k.n`)
  const byId = new Map(rows.map((r) => [r.id, r]))
  const named = written.flatMap(({ id, before }) => {
    const row = byId.get(id)
    return row && !(before && before.name === row.name && before.category === row.category) ? [row] : []
  })
  const found = await findClashesOf(db, named.map((r) => ({ name: r.name, category: r.category as Category, countyCode: r.county_code, exclude: r.id, spelling: r.roman_spelling })))
  const warningsOf = new Map(named.map((r, i) => [r.id, clashWarnings('name', found[i]!.scope, found[i]!.clashes)]))
  return written.map(({ id }) => warningsOf.get(id) ?? [])
}

const County = z.object({ code: z.string() })

/** The county-level code of the live township at a point (lon, lat in EPSG:4326), or null outside them. */
export async function countyAtPoint(db: CommonQueryMethods, [lon, lat]: [number, number]): Promise<string | null> {
  return db.maybeOneFirst(sql.type(County)`
    SELECT w.county_code AS code FROM townships w
    WHERE w.deleted_at IS NULL AND ST_Intersects(w.geom, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)) ORDER BY w.code LIMIT 1`)
}
