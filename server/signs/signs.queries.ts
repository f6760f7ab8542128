import { z } from 'zod'
import type { CommonQueryMethods, FragmentSqlToken } from 'slonik'
import { sql } from '../db/sql'
import type { Bbox } from '../http/params'
import { mapStateExpression, overdueExpression } from './signs.collection'

const Count = z.object({ n: z.number() })
/** A bigint id: a BigInt from PostgreSQL's driver, a number from the embedded one. */
const BigId = z.coerce.number()

/** The county-level code of the sign aliased `s` (where it stands), as the OGC collection computes it. */
const countyOfSign = sql.fragment`(SELECT tw.county_code FROM townships tw WHERE tw.deleted_at IS NULL AND ST_Intersects(tw.geom, s.geom) ORDER BY tw.code LIMIT 1)`
const townshipOfSign = sql.fragment`(SELECT tw.code FROM townships tw WHERE tw.deleted_at IS NULL AND ST_Intersects(tw.geom, s.geom) ORDER BY tw.code LIMIT 1)`
const iso = (column: FragmentSqlToken) => sql.fragment`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`
/** The sign (alias `s`) as the map and the queue need it. */
const stateOfSign = sql.fragment`(SELECT ${mapStateExpression} FROM signs t WHERE t.id = s.id)`

const Sign = z.object({
  id: BigId,
  code: z.string(),
  sign_type: z.string(),
  status: z.string(),
  place_name_id: BigId,
  place_name_code: z.string().nullable(),
  name: z.string(),
  roman_spelling: z.string(),
  category: z.string(),
  meaning: z.string().nullable(),
  origin: z.string().nullable(),
  history: z.string().nullable(),
  place_name_source: z.string(),
  printed_name: z.string(),
  printed_spelling: z.string(),
  content_outdated: z.boolean(),
  bearing: z.number().nullable(),
  road_side: z.string().nullable(),
  width_mm: z.number().nullable(),
  height_mm: z.number().nullable(),
  material: z.string().nullable(),
  installer: z.string().nullable(),
  installed_on: z.string().nullable(),
  last_inspected_at: z.string().nullable(),
  last_condition: z.string().nullable(),
  overdue: z.boolean(),
  map_state: z.string(),
  data_source: z.string(),
  lon: z.number(),
  lat: z.number(),
  county_code: z.string().nullable(),
  county_name: z.string().nullable(),
  county_spelling: z.string().nullable(),
  township_code: z.string().nullable(),
  township_name: z.string().nullable(),
  township_spelling: z.string().nullable(),
  version: z.number(),
  updated_at: z.string(),
})
/** A sign with its place name's text and the areas it stands in. */
export type Sign = z.infer<typeof Sign>

/** The spelling of a division in the register (its place name with that division code). */
const divisionSpelling = (code: FragmentSqlToken) =>
  sql.fragment`(SELECT d.roman_spelling FROM place_names d WHERE d.division_code = ${code} AND d.category = 'admin_division' AND d.deleted_at IS NULL ORDER BY d.id LIMIT 1)`

/** A live sign by its code, or null. */
export function getSignByCode(db: CommonQueryMethods, code: string): Promise<Sign | null> {
  return db.maybeOne(sql.type(Sign)`
    SELECT s.id, s.code, s.sign_type, s.status, s.place_name_id, p.code AS place_name_code, p.name, p.roman_spelling, p.category,
           p.meaning, p.origin, p.history, p.data_source AS place_name_source,
           s.printed_name, s.printed_spelling, s.content_outdated, s.bearing, s.road_side, s.width_mm, s.height_mm, s.material,
           s.installer, to_char(s.installed_on, 'YYYY-MM-DD') AS installed_on, ${iso(sql.fragment`s.last_inspected_at`)} AS last_inspected_at,
           s.last_condition, (SELECT ${overdueExpression} FROM signs t WHERE t.id = s.id) AS overdue, ${stateOfSign} AS map_state,
           s.data_source, ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat,
           a.county_code, c.name AS county_name, ${divisionSpelling(sql.fragment`a.county_code`)} AS county_spelling,
           a.township_code, w.name AS township_name, ${divisionSpelling(sql.fragment`a.township_code`)} AS township_spelling,
           s.version, ${iso(sql.fragment`s.updated_at`)} AS updated_at
    FROM signs s
    JOIN place_names p ON p.id = s.place_name_id
    CROSS JOIN LATERAL (SELECT ${countyOfSign} AS county_code, ${townshipOfSign} AS township_code) a
    LEFT JOIN counties c ON c.code = a.county_code
    LEFT JOIN townships w ON w.code = a.township_code
    WHERE s.code = ${code} AND s.deleted_at IS NULL`)
}

const Nearby = z.object({ name: z.string(), roman_spelling: z.string(), category: z.string(), distance_m: z.number() })
export type NearbyPlace = z.infer<typeof Nearby>

/**
 * The named places nearest a sign within `radiusM` metres (on the spheroid), other than
 * the one it shows, nearest first: streets by their nearest point, areas from their edge.
 */
export function nearbyPlaces(db: CommonQueryMethods, sign: Pick<Sign, 'id' | 'place_name_id'>, radiusM: number, limit: number): Promise<readonly NearbyPlace[]> {
  return db.any(sql.type(Nearby)`
    SELECT p.name, p.roman_spelling, p.category, round(ST_Distance(p.geom::geography, s.geom::geography))::float8 AS distance_m
    FROM signs s JOIN place_names p ON p.id <> s.place_name_id AND p.deleted_at IS NULL AND p.status = 'standard'
      AND p.category <> 'admin_division'
      -- The degree box first (the GiST index), then metres on the spheroid.
      AND ST_DWithin(p.geom, s.geom, ${radiusM / 80_000}) AND ST_DWithin(p.geom::geography, s.geom::geography, ${radiusM})
    WHERE s.id = ${sign.id}
    ORDER BY distance_m, p.name LIMIT ${limit}`)
}

const MapLine = z.object({ d: z.string(), name: z.string().nullable(), major: z.boolean() })

/**
 * The roads within `radiusM` metres of a sign as SVG path data in metres about the sign
 * (x east, y south, as SVG draws), clipped to the square around it, to 1 decimal (10 cm).
 * The local frame is a plate carrée scaled at the sign's latitude: within a few hundred
 * metres it is within a pixel of any conformal projection.
 */
export function mapLines(db: CommonQueryMethods, signId: number, radiusM: number): Promise<readonly z.infer<typeof MapLine>[]> {
  return db.any(sql.type(MapLine)`
    WITH s AS (SELECT geom, ST_X(geom) AS x, ST_Y(geom) AS y, 111320 * cos(radians(ST_Y(geom))) AS kx FROM signs WHERE id = ${signId}),
    box AS (SELECT ST_MakeEnvelope(x - ${radiusM} / kx, y - ${radiusM} / 110574.0, x + ${radiusM} / kx, y + ${radiusM} / 110574.0, 4326) AS geom, x, y, kx FROM s)
    SELECT ST_AsSVG(ST_Affine(ST_Translate(ST_Intersection(r.geom, box.geom), -box.x, -box.y), box.kx, 0, 0, 110574.0, 0, 0), 0, 1) AS d,
           r.name, r.class IN ('primary', 'secondary', 'tertiary', 'trunk') AS major
    FROM roads r, box
    WHERE r.deleted_at IS NULL AND ST_Intersects(r.geom, box.geom)
    ORDER BY major, r.id`)
}

const Point = z.object({ code: z.string(), lon: z.number(), lat: z.number(), state: z.string(), name: z.string() })

/** Every live sign as a point with its map state ({@link mapStateExpression}), for the staff map. */
export function listSignPoints(db: CommonQueryMethods): Promise<readonly z.infer<typeof Point>[]> {
  return db.any(sql.type(Point)`
    SELECT t.code, round(ST_X(t.geom)::numeric, 6)::float8 AS lon, round(ST_Y(t.geom)::numeric, 6)::float8 AS lat,
           ${mapStateExpression} AS state, p.name
    FROM signs t JOIN place_names p ON p.id = t.place_name_id
    WHERE t.deleted_at IS NULL ORDER BY t.id`)
}

const NearestRow = z.object({ code: z.string(), name: z.string(), roman_spelling: z.string(), status: z.string(), distance_m: z.number(), lon: z.number(), lat: z.number() })

/** The live signs nearest a position, with their distance in metres on the spheroid. */
export function nearestSigns(db: CommonQueryMethods, lon: number, lat: number, limit: number) {
  return db.any(sql.type(NearestRow)`
    WITH here AS (SELECT ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326) AS geom)
    SELECT s.code, p.name, p.roman_spelling, s.status, round(ST_Distance(s.geom::geography, here.geom::geography))::float8 AS distance_m,
           ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat
    FROM here, signs s JOIN place_names p ON p.id = s.place_name_id
    WHERE s.deleted_at IS NULL
    -- KNN on the geography index: metres, nearest first.
    ORDER BY s.geom::geography <-> here.geom::geography LIMIT ${limit}`)
}

const PrintRow = z.object({ code: z.string(), name: z.string(), roman_spelling: z.string(), sign_type: z.string(), county_name: z.string().nullable() })
export type PrintSign = z.infer<typeof PrintRow>

/** Which signs a print sheet holds: by codes, county, the street (place name code) they show, or a box. */
export type PrintFilter = { codes?: string[]; county?: string; street?: string; bbox?: Bbox }

/** The live, not removed signs of a print sheet, by county, name and code; at most `limit`. */
export function signsForPrint(db: CommonQueryMethods, filter: PrintFilter, limit: number): Promise<readonly PrintSign[]> {
  const conditions: FragmentSqlToken[] = [sql.fragment`s.deleted_at IS NULL`, sql.fragment`s.status <> 'removed'`]
  if (filter.codes) conditions.push(sql.fragment`s.code = ANY(${sql.array(filter.codes, 'text')})`)
  if (filter.county) conditions.push(sql.fragment`${countyOfSign} = ${filter.county}`)
  if (filter.street) conditions.push(sql.fragment`p.code = ${filter.street}`)
  if (filter.bbox) {
    const [a, b, c, d] = filter.bbox
    conditions.push(sql.fragment`ST_Intersects(s.geom, ST_MakeEnvelope(${a}, ${b}, ${c}, ${d}, 4326))`)
  }
  return db.any(sql.type(PrintRow)`
    SELECT s.code, p.name, p.roman_spelling, s.sign_type, (SELECT c.name FROM counties c WHERE c.code = left(s.code, 6)) AS county_name
    FROM signs s JOIN place_names p ON p.id = s.place_name_id
    WHERE ${sql.join(conditions, sql.fragment` AND `)}
    ORDER BY left(s.code, 6), p.name, s.code LIMIT ${limit}`)
}

const SearchRow = z.object({ code: z.string(), name: z.string(), roman_spelling: z.string(), county_name: z.string().nullable() })

/** Signs whose place name contains `q` (or whose spelling starts with it), for the public search. */
export function searchSigns(db: CommonQueryMethods, q: string, limit: number) {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  return db.any(sql.type(SearchRow)`
    SELECT DISTINCT ON (p.name, s.code) s.code, p.name, p.roman_spelling, (SELECT c.name FROM counties c WHERE c.code = left(s.code, 6)) AS county_name
    FROM signs s JOIN place_names p ON p.id = s.place_name_id
    WHERE s.deleted_at IS NULL AND (p.name LIKE ${like} OR lower(p.roman_spelling) LIKE lower(${like}))
    ORDER BY p.name, s.code LIMIT ${limit}`)
}

/** Counts one scan of a sign's page today (UTC+8, the city's day): no address, no cookie. */
export async function recordScan(db: CommonQueryMethods, signId: number): Promise<void> {
  await db.query(sql.typeAlias('void')`
    INSERT INTO sign_scans (sign_id, day, count) VALUES (${signId}, (now() AT TIME ZONE 'Asia/Shanghai')::date, 1)
    ON CONFLICT (sign_id, day) DO UPDATE SET count = sign_scans.count + 1`)
}

const ScanRow = z.object({ day: z.string(), count: z.number() })

/** Scans of a sign per day over the last `days` days, oldest first (days without scans left out). */
export function scanCounts(db: CommonQueryMethods, signId: number, days: number) {
  return db.any(sql.type(ScanRow)`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, count FROM sign_scans
    WHERE sign_id = ${signId} AND day > (now() AT TIME ZONE 'Asia/Shanghai')::date - ${days}::int ORDER BY day`)
}

/**
 * Adds one to the counter of `bucket` in the current window of `windowSeconds` and
 * returns the new count: one atomic upsert, so every process on the database shares it.
 * Windows older than a day are swept on the way.
 */
export async function countHit(db: CommonQueryMethods, bucket: string, windowSeconds: number): Promise<number> {
  const n = await db.oneFirst(sql.type(Count)`
    INSERT INTO sign_rate_limits (bucket, window_start, count)
    VALUES (${bucket}, to_timestamp(floor(extract(epoch FROM now()) / ${windowSeconds}) * ${windowSeconds}), 1)
    ON CONFLICT (bucket, window_start) DO UPDATE SET count = sign_rate_limits.count + 1
    RETURNING count AS n`)
  if (n === 1) await db.query(sql.typeAlias('void')`DELETE FROM sign_rate_limits WHERE window_start < now() - interval '1 day'`)
  return n
}

const Secret = z.object({ secret: z.string().nullable() })

/** The key of the report form's proof, shared by every process: the first caller stores `candidate`. */
export async function reportSecret(db: CommonQueryMethods, candidate: string): Promise<string> {
  await db.query(sql.typeAlias('void')`UPDATE sign_settings SET report_secret = ${candidate} WHERE report_secret IS NULL`)
  return (await db.oneFirst(sql.type(Secret)`SELECT report_secret AS secret FROM sign_settings`))!
}

const Settings = z.object({ inspection_months: z.number() })

/** The settings every process shares. */
export function getSignSettings(db: CommonQueryMethods) {
  return db.one(sql.type(Settings)`SELECT inspection_months FROM sign_settings`)
}

/** Changes the inspection period (months). */
export async function setSignSettings(db: CommonQueryMethods, settings: z.infer<typeof Settings>) {
  return db.one(sql.type(Settings)`UPDATE sign_settings SET inspection_months = ${settings.inspection_months} RETURNING inspection_months`)
}

const Summary = z.object({ state: z.string(), n: z.number() })

/** How many live signs are in each map state. */
export function countSignStates(db: CommonQueryMethods) {
  return db.any(sql.type(Summary)`SELECT ${mapStateExpression} AS state, count(*)::int AS n FROM signs t WHERE t.deleted_at IS NULL GROUP BY 1 ORDER BY 1`)
}

// Inspections --------------------------------------------------------------------------

const Inspection = z.object({
  id: BigId,
  inspector: z.string(),
  inspected_at: z.string(),
  condition: z.string(),
  notes: z.string().nullable(),
  photo_ids: z.array(z.number()),
  lon: z.number(),
  lat: z.number(),
  accuracy_m: z.number().nullable(),
  distance_m: z.number(),
  data_source: z.string(),
})
export type Inspection = z.infer<typeof Inspection>

const inspectionColumns = sql.fragment`i.id, i.inspector, ${iso(sql.fragment`i.inspected_at`)} AS inspected_at, i.condition, i.notes,
  i.photo_ids::float8[] AS photo_ids, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat, i.accuracy_m, i.distance_m, i.data_source`

/** A sign's inspections, latest first. */
export function listInspections(db: CommonQueryMethods, signId: number, limit = 50): Promise<readonly Inspection[]> {
  return db.any(sql.type(Inspection)`SELECT ${inspectionColumns} FROM sign_inspections i WHERE i.sign_id = ${signId} ORDER BY i.inspected_at DESC, i.id DESC LIMIT ${limit}`)
}

/** What an inspection records. */
export type NewInspection = {
  signId: number
  inspectorId: number | null
  inspector: string
  inspectedAt: string | null
  condition: string
  notes: string | null
  photoIds: number[]
  position: [number, number]
  accuracyM: number | null
  dataSource: 'generated' | 'register'
}

/**
 * Records an inspection, measuring its distance from the sign (metres on the spheroid),
 * and makes it the sign's latest when it is the newest; a finding of 破损 or 缺失 marks the
 * sign damaged. @returns the inspection.
 */
export async function recordInspection(db: CommonQueryMethods, p: NewInspection): Promise<Inspection> {
  const row = await db.one(sql.type(Inspection)`
    WITH ins AS (
      INSERT INTO sign_inspections (sign_id, inspector_id, inspector, inspected_at, condition, notes, photo_ids, geom, accuracy_m, distance_m, data_source)
      SELECT s.id, ${p.inspectorId}, ${p.inspector}, coalesce(${p.inspectedAt}::timestamptz, now()), ${p.condition}, ${p.notes},
             ${sql.array(p.photoIds, 'int8')}, g.geom, ${p.accuracyM}, ST_Distance(g.geom::geography, s.geom::geography), ${p.dataSource}
      FROM signs s, (SELECT ST_SetSRID(ST_MakePoint(${p.position[0]}, ${p.position[1]}), 4326) AS geom) g
      WHERE s.id = ${p.signId}
      RETURNING *)
    SELECT ${inspectionColumns} FROM ins i`)
  await db.query(sql.typeAlias('void')`
    UPDATE signs SET last_inspected_at = i.inspected_at, last_condition = i.condition,
      status = CASE WHEN i.condition IN ('broken', 'missing') AND signs.status = 'in_use' THEN 'damaged' ELSE signs.status END
    FROM sign_inspections i
    WHERE i.id = ${row.id} AND signs.id = i.sign_id AND (signs.last_inspected_at IS NULL OR signs.last_inspected_at <= i.inspected_at)`)
  return row
}

// The work queue -----------------------------------------------------------------------

const WorkItem = z.object({
  id: BigId,
  sign_code: z.string(),
  sign_name: z.string(),
  sign_state: z.string(),
  county_code: z.string().nullable(),
  lon: z.number(),
  lat: z.number(),
  source: z.string(),
  problem: z.string().nullable(),
  condition: z.string().nullable(),
  description: z.string().nullable(),
  contact: z.string().nullable(),
  photo_ids: z.array(z.number()),
  action: z.string().nullable(),
  state: z.string(),
  assignee: z.string().nullable(),
  due_on: z.string().nullable(),
  overdue: z.boolean(),
  completed_by: z.string().nullable(),
  completed_at: z.string().nullable(),
  completion_note: z.string().nullable(),
  completion_photo_ids: z.array(z.number()),
  merged_into: z.number().nullable(),
  dismiss_reason: z.string().nullable(),
  data_source: z.string(),
  created_at: z.string(),
  age_days: z.number(),
  version: z.number(),
})
export type WorkItem = z.infer<typeof WorkItem>

const workItemSelect = sql.fragment`
  SELECT w.id, s.code AS sign_code, p.name AS sign_name, ${stateOfSign} AS sign_state, ${countyOfSign} AS county_code,
         ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat, w.source, w.problem, i.condition, w.description, w.contact,
         w.photo_ids::float8[] AS photo_ids, w.action, w.state, w.assignee, to_char(w.due_on, 'YYYY-MM-DD') AS due_on,
         coalesce(w.state IN ('open', 'assigned') AND w.due_on < current_date, false) AS overdue,
         w.completed_by, ${iso(sql.fragment`w.completed_at`)} AS completed_at, w.completion_note, w.completion_photo_ids::float8[] AS completion_photo_ids,
         w.merged_into::float8 AS merged_into, w.dismiss_reason, w.data_source, ${iso(sql.fragment`w.created_at`)} AS created_at,
         floor(extract(epoch FROM now() - w.created_at) / 86400)::int AS age_days, w.version
  FROM sign_work_items w JOIN signs s ON s.id = w.sign_id JOIN place_names p ON p.id = s.place_name_id
  LEFT JOIN sign_inspections i ON i.id = w.inspection_id`

/** Which queue items to list. `active`: open or assigned. */
export type QueueFilter = { state?: string; source?: string; county?: string; signId?: number; olderThanDays?: number }

/** A page of the queue, oldest first, and how many items match. */
export async function listWorkItems(db: CommonQueryMethods, filter: QueueFilter, page: { limit: number; offset: number }) {
  const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`]
  if (filter.state === 'active') conditions.push(sql.fragment`w.state IN ('open', 'assigned')`)
  else if (filter.state) conditions.push(sql.fragment`w.state = ${filter.state}`)
  if (filter.source) conditions.push(sql.fragment`w.source = ${filter.source}`)
  if (filter.county) conditions.push(sql.fragment`${countyOfSign} = ${filter.county}`)
  if (filter.signId) conditions.push(sql.fragment`w.sign_id = ${filter.signId}`)
  if (filter.olderThanDays !== undefined) conditions.push(sql.fragment`w.created_at <= now() - make_interval(days => ${filter.olderThanDays})`)
  const where = sql.join(conditions, sql.fragment` AND `)
  const items = await db.any(sql.type(WorkItem)`${workItemSelect} WHERE ${where} ORDER BY w.created_at, w.id LIMIT ${page.limit} OFFSET ${page.offset}`)
  const total = await db.oneFirst(sql.type(Count)`
    SELECT count(*)::int AS n FROM sign_work_items w JOIN signs s ON s.id = w.sign_id WHERE ${where}`)
  return { items, total }
}

/** One queue item, locked for a change when `lock`. */
export function getWorkItem(db: CommonQueryMethods, id: number, lock = false): Promise<WorkItem | null> {
  return db.maybeOne(sql.type(WorkItem)`${workItemSelect} WHERE w.id = ${id} ${lock ? sql.fragment`FOR UPDATE OF w` : sql.fragment``}`)
}

const Id = z.object({ id: BigId })

/** What a new queue item holds. */
export type NewWorkItem = {
  signId: number
  source: 'public' | 'inspection' | 'other'
  problem?: string | null
  inspectionId?: number | null
  description?: string | null
  contact?: string | null
  photoIds?: number[]
  action?: string | null
  assignee?: string | null
  dueOn?: string | null
  reportNonce?: string | null
  dataSource?: 'generated' | 'register'
}

/** Adds an item to the queue (assigned when it names an assignee). @returns its id. */
export function createWorkItem(db: CommonQueryMethods, w: NewWorkItem): Promise<number> {
  return db.oneFirst(sql.type(Id)`
    INSERT INTO sign_work_items (sign_id, source, problem, inspection_id, description, contact, photo_ids, action, state, assignee, due_on, report_nonce, data_source)
    VALUES (${w.signId}, ${w.source}, ${w.problem ?? null}, ${w.inspectionId ?? null}, ${w.description ?? null}, ${w.contact ?? null},
            ${sql.array(w.photoIds ?? [], 'int8')}, ${w.action ?? null}, ${w.assignee ? 'assigned' : 'open'}, ${w.assignee ?? null},
            ${w.dueOn ?? null}::date, ${w.reportNonce ?? null}, ${w.dataSource ?? 'register'})
    RETURNING id`)
}

/** Sets an item's action, assignee and due date (those given); an assignee makes an open item assigned. */
export async function updateWorkItem(db: CommonQueryMethods, id: number, p: { action?: string | null; assignee?: string | null; due_on?: string | null }) {
  const sets: FragmentSqlToken[] = [sql.fragment`updated_at = now()`, sql.fragment`version = version + 1`]
  if (p.action !== undefined) sets.push(sql.fragment`action = ${p.action}`)
  if (p.due_on !== undefined) sets.push(sql.fragment`due_on = ${p.due_on}::date`)
  if (p.assignee !== undefined) {
    sets.push(sql.fragment`assignee = ${p.assignee}`)
    sets.push(sql.fragment`state = ${p.assignee ? 'assigned' : 'open'}`)
  }
  await db.query(sql.typeAlias('void')`UPDATE sign_work_items SET ${sql.join(sets, sql.fragment`, `)} WHERE id = ${id}`)
}

/** Closes an item: done (with who, when, a note and photos), merged into another, or dismissed with a reason. */
export async function closeWorkItem(
  db: CommonQueryMethods,
  id: number,
  close:
    | { state: 'done'; byId: number | null; by: string; at: string | null; note: string | null; photoIds: number[] }
    | { state: 'merged'; into: number }
    | { state: 'dismissed'; reason: string },
) {
  const sets =
    close.state === 'done'
      ? sql.fragment`completed_by_id = ${close.byId}, completed_by = ${close.by}, completed_at = coalesce(${close.at}::timestamptz, now()),
                     completion_note = ${close.note}, completion_photo_ids = ${sql.array(close.photoIds, 'int8')}`
      : close.state === 'merged'
        ? sql.fragment`merged_into = ${close.into}`
        : sql.fragment`dismiss_reason = ${close.reason}`
  await db.query(sql.typeAlias('void')`
    UPDATE sign_work_items SET state = ${close.state}, ${sets}, updated_at = now(), version = version + 1 WHERE id = ${id}`)
}

/**
 * What a completed item does to its sign: after a replacement it shows the register's
 * current name and spelling, is in use, no longer outdated and counts as found intact; after
 * a repair it is in use and intact; after a removal it is removed.
 */
export async function applyToSign(db: CommonQueryMethods, signId: number, action: 'replace' | 'remove' | 'repair') {
  if (action === 'remove') {
    await db.query(sql.typeAlias('void')`UPDATE signs SET status = 'removed', version = version + 1 WHERE id = ${signId}`)
  } else if (action === 'replace') {
    await db.query(sql.typeAlias('void')`
      UPDATE signs SET printed_name = p.name, printed_spelling = p.roman_spelling, content_outdated = false, content_outdated_since = NULL,
        status = 'in_use', last_condition = 'intact', installed_on = (now() AT TIME ZONE 'Asia/Shanghai')::date, version = signs.version + 1
      FROM place_names p WHERE p.id = signs.place_name_id AND signs.id = ${signId}`)
  } else {
    await db.query(sql.typeAlias('void')`UPDATE signs SET status = CASE WHEN status = 'damaged' THEN 'in_use' ELSE status END, last_condition = 'intact', version = version + 1 WHERE id = ${signId}`)
  }
}
