import { z } from 'zod'
import type { CommonQueryMethods, FragmentSqlToken } from 'slonik'
import { sql } from '../db/sql'
import { searchForms, searchPinyin } from './search-forms'

/** How a hit matched what was typed, best first; a former name ranks after every other match. */
export const MATCHES = ['exact', 'prefix', 'substring', 'initials', 'former'] as const
export type Match = (typeof MATCHES)[number]

/** Pinyin substrings shorter than this are not looked for inside names (too many hits to be of use). */
export const PINYIN_SUBSTRING_MIN = 4
/**
 * A longer pinyin substring is looked up in the trigram index by its first this many letters
 * (and then checked whole): every trigram of a long pinyin is common (`ing`, `iao` …), and
 * the index scan costs by how many it reads, while eight letters already find few names.
 */
const PINYIN_SUBSTRING_WINDOW = 8
/** Each kind of match is looked up for this many times the hits asked for, before ranking. */
const CANDIDATES_PER_HIT = 4

const Hit = z.object({
  collection: z.string(),
  id: z.string(),
  name: z.string(),
  matched: z.object({ text: z.string(), as: z.enum(['name', 'alias', 'former']), years: z.string().nullable() }),
  match: z.enum(MATCHES),
  category: z.string().nullable(),
  sub_kind: z.string().nullable(),
  status: z.string().nullable(),
  spelling: z.string().nullable(),
  county_code: z.string().nullable(),
  county_name: z.string().nullable(),
  point: z.tuple([z.number(), z.number()]),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
})
/**
 * A search hit: the record (its collection and feature id there, its current name), the
 * form that matched (the name, an alias or a former name, with that name's years) and how,
 * its category (a place name's, or a facility's or community's kind), county, and a point
 * on it and its extent to fly to (lon/lat, EPSG:4326).
 */
export type Hit = z.infer<typeof Hit>

/** What was typed, as the search reads it: Chinese characters, or pinyin letters. */
export type SearchText = { kind: 'han'; text: string } | { kind: 'pinyin'; text: string }

/**
 * Reads a search text: with any Chinese character in it, the Chinese characters and digits
 * (spaces and other signs dropped); otherwise its letters and digits as {@link searchPinyin}
 * writes them (zhongxing lu → zhongxinglu, Xi'an → xian). Null when nothing is left.
 * @example readSearchText('中兴 路') // { kind: 'han', text: '中兴路' }
 */
export function readSearchText(q: string): SearchText | null {
  const han = q.replace(/[^\p{Script=Han}0-9〇·]/gu, '')
  if (/\p{Script=Han}/u.test(han)) return { kind: 'han', text: han }
  const pinyin = searchPinyin(q)
  return pinyin ? { kind: 'pinyin', text: pinyin } : null
}

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/** Whether a search term (alias `t`) is a county's or township's that the register holds as a place name (found as that). */
const heldAsPlaceName = (t: FragmentSqlToken) => sql.fragment`(${t}.source IN ('counties', 'townships')
  AND EXISTS (SELECT 1 FROM place_names p WHERE p.division_code = ${t}.source_id AND p.deleted_at IS NULL))`

/** The candidate rows of one kind of match: `how` is its index in {@link MATCHES}. */
function candidates(how: number, where: FragmentSqlToken, order: FragmentSqlToken | null, k: number, gate?: FragmentSqlToken): FragmentSqlToken {
  return sql.fragment`(SELECT t.id, ${how}::int AS how FROM search_terms t WHERE ${gate ?? sql.fragment`true`} AND ${where}
    ${order ? sql.fragment`ORDER BY ${order}` : sql.fragment``} LIMIT ${k})`
}

/**
 * The lookups of each kind of match, each served by its own index (migration 017): the
 * exact and prefix ones first; the substring and initials ones, which can only rank after
 * them, run only when those found fewer than `limit` records (a one-time filter: a broad
 * substring lookup is the costly one).
 */
function lookups(text: SearchText, k: number, limit: number): { early: FragmentSqlToken[]; late: FragmentSqlToken[] } {
  const q = text.text
  // The records the exact and prefix lookups found that rank by them (not by a former name, not a division held as a place name).
  const gate = sql.fragment`(SELECT count(DISTINCT (e.source, e.source_id)) FROM early x JOIN search_terms e ON e.id = x.id
    WHERE e.kind <> 'former' AND NOT ${heldAsPlaceName(sql.fragment`e`)}) < ${limit}`
  const prefix = `${likeEscape(q)}%`
  // A prefix match other than the text itself sorts after it (C collation): the B-tree scan starts past the exact matches.
  const inside = `%${likeEscape(q)}%`
  const window = `%${likeEscape(q.slice(0, PINYIN_SUBSTRING_WINDOW))}%`
  if (text.kind === 'han') {
    const length = [...q].length
    // One or two characters: the gram arrays (a trigram needs three); longer: pg_trgm.
    const contains = length <= 2 ? sql.fragment`t.grams @> ARRAY[${q}]::text[]` : sql.fragment`t.term LIKE ${inside}`
    return {
      early: [
        candidates(0, sql.fragment`t.term = ${q}`, null, k),
        candidates(1, sql.fragment`t.term > ${q} AND t.term LIKE ${prefix}`, sql.fragment`t.term`, k),
      ],
      late: [candidates(2, sql.fragment`${contains} AND t.term LIKE ${inside} AND t.term NOT LIKE ${prefix}`, null, k, gate)],
    }
  }
  return {
    early: [
      candidates(0, sql.fragment`t.pinyin = ${q}`, null, k),
      candidates(1, sql.fragment`t.pinyin > ${q} AND t.pinyin LIKE ${prefix}`, sql.fragment`t.pinyin`, k),
    ],
    late: [
      ...(q.length >= PINYIN_SUBSTRING_MIN ? [candidates(2, sql.fragment`t.pinyin LIKE ${window} AND strpos(t.pinyin, ${q}) > 0 AND t.pinyin NOT LIKE ${prefix}`, null, k, gate)] : []),
      candidates(3, sql.fragment`t.initials LIKE ${prefix}`, sql.fragment`t.initials`, k, gate),
    ],
  }
}

/**
 * Finds names as they are typed, in the database: exact matches of the name (or of its
 * pinyin), then names it begins, names it is inside of, names whose initials it begins,
 * and last names it was once (former names); within each, names in use before proposed
 * ones before abolished ones, then shorter names first. One record appears once, by its
 * best match; an alias ranks after the name itself. A division that the register holds
 * as a place name is found as that place name.
 */
export async function searchNames(db: CommonQueryMethods, text: SearchText, limit: number): Promise<Hit[]> {
  return [...(await db.any(sql.type(Hit)`${searchStatement(text, limit)}`))]
}

/** The statement of {@link searchNames} (for EXPLAIN: scripts/bench-search.ts). */
export function searchStatement(text: SearchText, limit: number): FragmentSqlToken {
  const { early, late } = lookups(text, limit * CANDIDATES_PER_HIT, limit)
  return sql.fragment`
    WITH early AS MATERIALIZED (${sql.join(early, sql.fragment` UNION ALL `)}),
    found AS (SELECT * FROM early${sql.join(late.map((l) => sql.fragment` UNION ALL ${l}`), sql.fragment``)}),
    best AS (
      SELECT DISTINCT ON (t.source, t.source_id) t.*, CASE WHEN t.kind = 'former' THEN 4 ELSE f.how END AS rank
      FROM found f JOIN search_terms t ON t.id = f.id
      WHERE NOT ${heldAsPlaceName(sql.fragment`t`)}
      ORDER BY t.source, t.source_id, rank, t.kind = 'alias', length(t.term)
    ), ranked AS (
      SELECT * FROM best ORDER BY rank, status_rank, kind = 'alias', length(term), term, source, source_id LIMIT ${limit}
    )
    SELECT r.source AS collection, r.source_id AS id,
           coalesce((SELECT n.term FROM search_terms n WHERE n.source = r.source AND n.source_id = r.source_id AND n.kind = 'name' LIMIT 1), r.term) AS name,
           json_build_object('text', r.term, 'as', r.kind, 'years', r.years) AS matched,
           (ARRAY['exact', 'prefix', 'substring', 'initials', 'former'])[r.rank + 1] AS match,
           r.category, r.sub_kind, r.status, r.spelling, c.code AS county_code, c.name AS county_name,
           json_build_array(round(ST_X(r.point)::numeric, 6), round(ST_Y(r.point)::numeric, 6)) AS point,
           json_build_array(round(ST_XMin(r.extent)::numeric, 6), round(ST_YMin(r.extent)::numeric, 6),
                            round(ST_XMax(r.extent)::numeric, 6), round(ST_YMax(r.extent)::numeric, 6)) AS bbox
    FROM ranked r
    LEFT JOIN LATERAL (
      SELECT k.code, k.name FROM townships s JOIN counties k ON k.code = s.county_code
      WHERE s.deleted_at IS NULL AND ST_Intersects(s.geom, r.point) ORDER BY s.code LIMIT 1
    ) c ON true
    ORDER BY r.rank, r.status_rank, r.kind = 'alias', length(r.term), r.term, r.source, r.source_id`
}

const Unfilled = z.object({ id: z.string(), term: z.string(), spelling: z.string().nullable() })

/**
 * Fills the pinyin of the search terms that have none yet: rows written without it (an
 * import, a seed, an SQL update; see migration 017), a batch at a time.
 * @returns how many were filled.
 */
export async function fillSearchTerms(db: CommonQueryMethods, batch = 5000): Promise<number> {
  let filled = 0
  for (;;) {
    const rows = await db.any(sql.type(Unfilled)`
      SELECT id::text, term, CASE WHEN source = 'place_names' AND kind = 'name' THEN spelling END AS spelling
      FROM search_terms WHERE pinyin IS NULL LIMIT ${batch}`)
    if (!rows.length) return filled
    const forms = rows.map((r) => ({ id: r.id, ...searchForms(r.term, r.spelling) }))
    await db.query(sql.typeAlias('void')`
      UPDATE search_terms s SET pinyin = v.pinyin, initials = v.initials
      FROM jsonb_to_recordset(${sql.jsonb(forms)}) AS v(id bigint, pinyin text, initials text)
      WHERE s.id = v.id`)
    filled += rows.length
    if (rows.length < batch) return filled
  }
}

/** Whether some search term waits for its pinyin (a cheap look at a partial index). */
export async function hasUnfilledSearchTerms(db: CommonQueryMethods): Promise<boolean> {
  return db.exists(sql.typeAlias('void')`SELECT 1 FROM search_terms WHERE pinyin IS NULL`)
}
