import { z } from 'zod'
import type { CommonQueryMethods, DatabaseTransactionConnection } from 'slonik'
import { diffFields } from '../auth/audit'
import { recordAudit } from '../auth/audit.queries'
import type { AuthUser } from '../auth/roles'
import { sql } from '../db/sql'
import type { DataFeature } from '../db/seed'
import { readStoredFiles } from '../files/files'
import { badRequest, fieldError, notFound } from '../http/problem'
import { confirmationState, getInspection, getLine, requireLineSide } from './inspections.queries'

const Count = z.object({ n: z.number() })

/** Inserts boundary lines from GeoJSON features (properties as in data/<city>/boundary_lines.geojson). */
export async function insertBoundaryLines(db: CommonQueryMethods, features: DataFeature[]): Promise<number> {
  return db.oneFirst(sql.type(Count)`
    WITH ins AS (
      INSERT INTO boundary_lines (id, name, level, left_code, left_name, right_code, right_name, length_km, geom)
      SELECT p->>'id', p->>'name', p->>'level', p->>'left_code', p->>'left_name', p->>'right_code', p->>'right_name',
             (p->>'length_km')::float8, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326))
      FROM jsonb_array_elements(${sql.jsonb(features as never)}) AS f, LATERAL (SELECT f->'properties' AS p) x
      RETURNING 1)
    SELECT count(*)::int AS n FROM ins`)
}

/** Inserts boundary markers from GeoJSON features (properties as in data/<city>/sample/boundary_markers.geojson). */
export async function insertBoundaryMarkers(db: CommonQueryMethods, features: DataFeature[]): Promise<number> {
  return db.oneFirst(sql.type(Count)`
    WITH ins AS (
      INSERT INTO boundary_markers (line_id, number, kind, side_code, elevation_m, reference_objects, material, erected_on, state, data_source, geom)
      SELECT p->>'line_id', p->>'number', p->>'kind', p->>'side_code', (p->>'elevation_m')::float8,
             ARRAY(SELECT jsonb_array_elements_text(p->'reference_objects')), p->>'material', (p->>'erected_on')::date,
             p->>'state', p->>'data_source', ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326)
      FROM jsonb_array_elements(${sql.jsonb(features as never)}) AS f, LATERAL (SELECT f->'properties' AS p) x
      RETURNING 1)
    SELECT count(*)::int AS n FROM ins`)
}

/**
 * The sample rounds (data/<city>/sample/boundary_rounds.json, generated): each round,
 * each line's inspection with its status, the markers' findings and the sides' confirmations.
 */
export const SampleRounds = z.object({
  rounds: z.array(z.object({ number: z.number(), starts_on: z.string(), ends_on: z.string(), plan_document: z.string(), status: z.enum(['open', 'closed']) })),
  inspections: z.array(
    z.object({
      round_number: z.number(),
      line_id: z.string(),
      status: z.string(),
      planned_on: z.string().nullable(),
      started_on: z.string().nullable(),
      filed_on: z.string().nullable(),
      findings: z.array(z.object({ number: z.string(), condition: z.string(), measured: z.tuple([z.number(), z.number()]).nullable(), accuracy_m: z.number().nullable(), side_code: z.string(), note: z.string().nullable() })),
      confirmations: z.array(z.object({ side_code: z.string(), name: z.string() })),
    }),
  ),
})

/** Loads the sample rounds, inspections, findings and confirmations; the findings' displacements are computed here. */
export async function insertSampleRounds(db: CommonQueryMethods, data: z.infer<typeof SampleRounds>): Promise<number> {
  await db.query(sql.typeAlias('void')`
    INSERT INTO boundary_rounds (number, starts_on, ends_on, plan_document, status, data_source)
    SELECT r.number, r.starts_on::date, r.ends_on::date, r.plan_document, r.status, 'generated'
    FROM jsonb_to_recordset(${sql.jsonb(data.rounds as never)}) AS r(number int, starts_on text, ends_on text, plan_document text, status text)`)
  const rows = data.inspections.map((i) => ({ ...i, findings_version: i.findings.length ? 1 : 0 }))
  await db.query(sql.typeAlias('void')`
    INSERT INTO boundary_inspections (round_number, line_id, status, planned_on, started_on, filed_on, agreed_at, findings_version, data_source, geom)
    SELECT i.round_number, i.line_id, i.status, i.planned_on::date, i.started_on::date, i.filed_on::date,
           CASE WHEN i.status IN ('agreed', 'report_filed', 'archived') THEN (coalesce(i.filed_on, i.started_on)::date + 1)::timestamptz END,
           i.findings_version, 'generated', l.geom
    FROM jsonb_to_recordset(${sql.jsonb(rows as never)})
      AS i(round_number int, line_id text, status text, planned_on text, started_on text, filed_on text, findings_version int)
    JOIN boundary_lines l ON l.id = i.line_id`)
  const findings = data.inspections.flatMap((i) => i.findings.map((f) => ({ ...f, round_number: i.round_number, line_id: i.line_id, lon: f.measured?.[0] ?? null, lat: f.measured?.[1] ?? null })))
  await db.query(sql.typeAlias('void')`
    INSERT INTO boundary_findings (inspection_id, marker_id, condition, note, measured, accuracy_m, displacement_m, side_code, findings_version, recorded_at)
    SELECT i.id, m.id, f.condition, f.note, p.pt, f.accuracy_m,
           CASE WHEN p.pt IS NOT NULL THEN ST_Distance(m.geom::geography, p.pt::geography, true) END, f.side_code, 1,
           coalesce(i.started_on, current_date)::timestamptz
    FROM jsonb_to_recordset(${sql.jsonb(findings as never)})
      AS f(round_number int, line_id text, number text, condition text, note text, lon float8, lat float8, accuracy_m float8, side_code text)
    JOIN boundary_inspections i ON i.round_number = f.round_number AND i.line_id = f.line_id
    JOIN boundary_markers m ON m.number = f.number AND m.deleted_at IS NULL
    CROSS JOIN LATERAL (SELECT CASE WHEN f.lon IS NOT NULL THEN ST_SetSRID(ST_MakePoint(f.lon, f.lat), 4326) END AS pt) p`)
  const confirmations = data.inspections.flatMap((i) => i.confirmations.map((c) => ({ ...c, round_number: i.round_number, line_id: i.line_id })))
  await db.query(sql.typeAlias('void')`
    INSERT INTO boundary_confirmations (inspection_id, side_code, name, findings_version, confirmed_at)
    SELECT i.id, c.side_code, c.name, i.findings_version, coalesce(i.agreed_at, now())
    FROM jsonb_to_recordset(${sql.jsonb(confirmations as never)}) AS c(round_number int, line_id text, side_code text, name text)
    JOIN boundary_inspections i ON i.round_number = c.round_number AND i.line_id = c.line_id`)
  return data.inspections.length
}

const RoundRow = z.object({ number: z.number(), starts_on: z.string(), ends_on: z.string(), plan_document: z.string().nullable(), status: z.string(), data_source: z.string(), lines: z.number() })

/** Every round, newest first, with how many lines it covers. */
export function listRounds(db: CommonQueryMethods) {
  return db.any(sql.type(RoundRow)`
    SELECT r.number, to_char(r.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(r.ends_on, 'YYYY-MM-DD') AS ends_on, r.plan_document, r.status, r.data_source,
           (SELECT count(*)::int FROM boundary_inspections i WHERE i.round_number = r.number) AS lines
    FROM boundary_rounds r ORDER BY r.number DESC`)
}

const SummaryLine = z.object({ inspection_id: z.number(), line_id: z.string(), name: z.string(), level: z.string(), status: z.string(), findings_version: z.number(), markers: z.number(), inspected: z.number() })
const ConditionCount = z.object({ condition: z.string(), n: z.number() })
const Displaced = z.object({ number: z.string(), line_id: z.string(), line_name: z.string(), displacement_m: z.number(), accuracy_m: z.number().nullable() })
const OpenDispute = z.object({ id: z.number(), line_id: z.string(), line_name: z.string(), subject: z.string(), since: z.string().nullable(), status: z.string() })

/**
 * A round's summary for the city: its lines by status, its markers by finding (those of
 * its lines not yet inspected as `not_inspected`), the displaced markers with their
 * displacement, and the disputes still open.
 */
export async function roundSummary(db: CommonQueryMethods, number: number) {
  const round = (await listRounds(db)).find((r) => r.number === number)
  if (!round) throw notFound('unknown_round', { round: number })
  const lines = await db.any(sql.type(SummaryLine)`
    SELECT i.id::int AS inspection_id, i.line_id, l.name, l.level, i.status, i.findings_version,
           (SELECT count(*)::int FROM boundary_markers m WHERE m.line_id = i.line_id AND m.deleted_at IS NULL) AS markers,
           (SELECT count(*)::int FROM boundary_findings f WHERE f.inspection_id = i.id) AS inspected
    FROM boundary_inspections i JOIN boundary_lines l ON l.id = i.line_id
    WHERE i.round_number = ${number} ORDER BY l.level, l.id`)
  const conditions = await db.any(sql.type(ConditionCount)`
    SELECT f.condition, count(*)::int AS n FROM boundary_findings f JOIN boundary_inspections i ON i.id = f.inspection_id
    WHERE i.round_number = ${number} GROUP BY f.condition ORDER BY f.condition`)
  const displaced = await db.any(sql.type(Displaced)`
    SELECT m.number, l.id AS line_id, l.name AS line_name, f.displacement_m, f.accuracy_m
    FROM boundary_findings f JOIN boundary_inspections i ON i.id = f.inspection_id
    JOIN boundary_markers m ON m.id = f.marker_id JOIN boundary_lines l ON l.id = i.line_id
    WHERE i.round_number = ${number} AND f.condition = 'displaced' AND f.displacement_m IS NOT NULL
    ORDER BY f.displacement_m DESC, m.number`)
  const disputes = await db.any(sql.type(OpenDispute)`
    SELECT d.id::int AS id, l.id AS line_id, l.name AS line_name, d.subject, to_char(d.since, 'YYYY-MM-DD') AS since, d.status
    FROM boundary_disputes d JOIN boundary_inspections i ON i.id = d.inspection_id JOIN boundary_lines l ON l.id = i.line_id
    WHERE i.round_number = ${number} AND d.status <> 'resolved' ORDER BY d.recorded_at`)
  const byStatus: Record<string, number> = { not_started: 0, planned: 0, in_field: 0, agreed: 0, report_filed: 0, archived: 0 }
  for (const l of lines) byStatus[l.status] = (byStatus[l.status] ?? 0) + 1
  const byFinding: Record<string, number> = { intact: 0, damaged: 0, missing: 0, displaced: 0, repainted: 0, rebuilt: 0 }
  for (const c of conditions) byFinding[c.condition] = c.n
  const markers = lines.reduce((s, l) => s + l.markers, 0)
  const inspected = lines.reduce((s, l) => s + l.inspected, 0)
  return { round, lines_by_status: byStatus, markers_by_finding: { ...byFinding, not_inspected: markers - inspected }, lines, displaced, disputes_open: disputes }
}

const MarkerFinding = z.object({
  marker_id: z.number(),
  number: z.string(),
  kind: z.string(),
  side_code: z.string().nullable(),
  state: z.string(),
  data_source: z.string(),
  elevation_m: z.number().nullable(),
  reference_objects: z.array(z.string()),
  position: z.tuple([z.number(), z.number()]),
  finding: z
    .object({
      condition: z.string(),
      note: z.string().nullable(),
      photo_ids: z.array(z.number()),
      measured: z.tuple([z.number(), z.number()]).nullable(),
      accuracy_m: z.number().nullable(),
      displacement_m: z.number().nullable(),
      register_measured: z.boolean(),
      repairs: z.string().nullable(),
      repaired_by: z.string().nullable(),
      side_code: z.string(),
      recorded_by: z.string().nullable(),
      recorded_at: z.string(),
      findings_version: z.number(),
    })
    .nullable(),
})
const ChangeRow = z.object({ id: z.number(), kind: z.string(), note: z.string(), geometry: z.record(z.unknown()), photo_ids: z.array(z.number()), side_code: z.string(), recorded_at: z.string() })
const DisputeRow = z.object({ id: z.number(), subject: z.string(), geometry: z.record(z.unknown()).nullable(), since: z.string().nullable(), status: z.string(), file_ids: z.array(z.number()), side_code: z.string(), recorded_at: z.string() })
const TeamRow = z.object({ unit_code: z.string(), user_id: z.number(), name: z.string() })
const ArchiveRow = z.object({ file_id: z.number(), kind: z.string(), title: z.string(), round_number: z.number().nullable(), added_at: z.string() })
const HistoryRow = z.object({ inspection_id: z.number(), round_number: z.number(), status: z.string(), filed_on: z.string().nullable() })

const isoAt = (expression: ReturnType<typeof sql.fragment>) => sql.fragment`to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`

/**
 * Everything about one inspection: its line (with the geometry), each marker of the line
 * with its finding in this inspection, the changes and disputes, the confirmations, each
 * side's team, the line's archive and its history of rounds.
 */
export async function getInspectionDetail(db: CommonQueryMethods, id: number) {
  const { inspection, line } = await getInspection(db, id)
  const geometry = await db.oneFirst(sql.type(z.object({ g: z.record(z.unknown()) }))`SELECT ST_AsGeoJSON(geom, 6)::json AS g FROM boundary_lines WHERE id = ${line.id}`)
  const markers = await db.any(sql.type(MarkerFinding)`
    SELECT m.id::int AS marker_id, m.number, m.kind, m.side_code, m.state, m.data_source, m.elevation_m, to_json(m.reference_objects) AS reference_objects,
           json_build_array(ST_X(m.geom), ST_Y(m.geom)) AS position,
           CASE WHEN f.id IS NULL THEN NULL ELSE json_build_object(
             'condition', f.condition, 'note', f.note, 'photo_ids', to_json(f.photo_ids), 'measured',
             CASE WHEN f.measured IS NULL THEN NULL ELSE json_build_array(ST_X(f.measured), ST_Y(f.measured)) END,
             'accuracy_m', f.accuracy_m, 'displacement_m', f.displacement_m, 'register_measured', f.register_measured,
             'repairs', f.repairs, 'repaired_by', f.repaired_by, 'side_code', f.side_code,
             'recorded_by', (SELECT coalesce(nullif(u.display_name, ''), u.username) FROM users u WHERE u.id = f.recorded_by),
             'recorded_at', ${isoAt(sql.fragment`f.recorded_at`)}, 'findings_version', f.findings_version) END AS finding
    FROM boundary_markers m LEFT JOIN boundary_findings f ON f.marker_id = m.id AND f.inspection_id = ${id}
    WHERE m.line_id = ${line.id} AND m.deleted_at IS NULL ORDER BY m.number`)
  const changes = await db.any(sql.type(ChangeRow)`
    SELECT id::int AS id, kind, note, ST_AsGeoJSON(geom, 7)::json AS geometry, to_json(photo_ids) AS photo_ids, side_code, ${isoAt(sql.fragment`recorded_at`)} AS recorded_at
    FROM boundary_changes WHERE inspection_id = ${id} ORDER BY recorded_at, id`)
  const disputes = await db.any(sql.type(DisputeRow)`
    SELECT id::int AS id, subject, ST_AsGeoJSON(geom, 7)::json AS geometry, to_char(since, 'YYYY-MM-DD') AS since, status, to_json(file_ids) AS file_ids, side_code,
           ${isoAt(sql.fragment`recorded_at`)} AS recorded_at
    FROM boundary_disputes WHERE inspection_id = ${id} ORDER BY recorded_at, id`)
  const team = await db.any(sql.type(TeamRow)`
    SELECT b.unit_code, u.id::int AS user_id, coalesce(nullif(u.display_name, ''), u.username) AS name
    FROM boundary_inspector_units b JOIN users u ON u.id = b.user_id
    WHERE b.unit_code IN (${line.left_code}, ${line.right_code}) AND NOT u.disabled ORDER BY b.unit_code, name`)
  const archive = await lineArchive(db, line.id)
  const history = await db.any(sql.type(HistoryRow)`
    SELECT id::int AS inspection_id, round_number, status, to_char(filed_on, 'YYYY-MM-DD') AS filed_on FROM boundary_inspections WHERE line_id = ${line.id} ORDER BY round_number DESC`)
  return {
    inspection,
    line: { ...line, geometry },
    markers,
    changes,
    disputes,
    confirmations: await confirmationState(db, inspection, line),
    teams: [line.left_code, line.right_code].map((code) => ({ side_code: code, members: team.filter((t) => t.unit_code === code).map((t) => ({ user_id: t.user_id, name: t.name })) })),
    archive,
    history,
  }
}
export type InspectionDetail = Awaited<ReturnType<typeof getInspectionDetail>>

/** The line's archive: each file with its kind, title and round, and its stored metadata. */
export async function lineArchive(db: CommonQueryMethods, lineId: string) {
  const rows = await db.any(sql.type(ArchiveRow)`
    SELECT file_id::int AS file_id, kind, title, round_number, ${isoAt(sql.fragment`added_at`)} AS added_at
    FROM boundary_line_files WHERE line_id = ${lineId} ORDER BY added_at DESC, file_id`)
  const files = new Map((await readStoredFiles(db, rows.map((r) => r.file_id))).map((f) => [f.id, f]))
  return rows.map((r) => ({ ...r, file: files.get(r.file_id) ?? null }))
}

/** Which stored types each kind of archive file may be. */
const ARCHIVE_TYPES: Record<string, readonly string[]> = {
  agreement: ['application/pdf', 'image/jpeg', 'image/png', 'image/webp', 'image/heic'],
  record_form: ['application/pdf', 'image/jpeg', 'image/png', 'image/webp', 'image/heic'],
  report: ['application/pdf'],
  photo: ['image/jpeg', 'image/png', 'image/webp', 'image/heic'],
  other: ['application/pdf', 'image/jpeg', 'image/png', 'image/webp', 'image/heic'],
}

/**
 * Adds a stored file to a line's archive; an agreement (协议书) also becomes the line's
 * agreement, with its reference and date.
 * @throws 400 `unknown_reference` / `wrong_file_type` naming `file_id`.
 */
export async function addArchiveFile(
  tx: DatabaseTransactionConnection,
  lineId: string,
  user: AuthUser,
  body: { file_id: number; kind: string; title: string; round_number?: number | null; agreement_ref?: string | null; signed_on?: string | null },
) {
  const line = await getLine(tx, lineId)
  if (!line) throw notFound('unknown_line', { id: lineId })
  await requireLineSide(tx, user, line.id)
  const [file] = await readStoredFiles(tx, [body.file_id])
  if (!file) throw badRequest([fieldError('file_id', 'unknown_file', { id: body.file_id })])
  const allowed = ARCHIVE_TYPES[body.kind]!
  if (!allowed.includes(file.contentType)) throw badRequest([fieldError('file_id', 'wrong_file_type', { type: file.contentType, kind: body.kind, allowed: [...allowed] })])
  if (body.round_number != null) {
    const round = await tx.maybeOne(sql.type(Count)`SELECT count(*)::int AS n FROM boundary_rounds WHERE number = ${body.round_number} HAVING count(*) > 0`)
    if (!round) throw badRequest([fieldError('round_number', 'unknown_reference')])
  }
  await tx.query(sql.typeAlias('void')`
    INSERT INTO boundary_line_files (line_id, file_id, kind, title, round_number, added_by)
    VALUES (${line.id}, ${file.id}, ${body.kind}, ${body.title}, ${body.round_number ?? null}, ${user.id})
    ON CONFLICT (line_id, file_id) DO UPDATE SET kind = EXCLUDED.kind, title = EXCLUDED.title, round_number = EXCLUDED.round_number`)
  if (body.kind === 'agreement') {
    await tx.query(sql.typeAlias('void')`
      UPDATE boundary_lines SET agreement_ref = ${body.agreement_ref ?? null}, agreement_signed_on = ${body.signed_on ?? null}::date, agreement_file_id = ${file.id}
      WHERE id = ${line.id}`)
  }
  await recordAudit(tx, { user, action: 'create', table: 'boundary_line_files', recordId: `${line.id}/${file.id}`, changes: diffFields(null, { kind: body.kind, title: body.title, agreement_ref: body.agreement_ref ?? null }) })
  return lineArchive(tx, line.id)
}

const InspectorRow = z.object({ user_id: z.number(), username: z.string(), name: z.string(), unit_codes: z.array(z.string()) })

/** Every boundary inspector with the units (sides) they work for. */
export function listInspectors(db: CommonQueryMethods) {
  return db.any(sql.type(InspectorRow)`
    SELECT u.id::int AS user_id, u.username, coalesce(nullif(u.display_name, ''), u.username) AS name,
           coalesce((SELECT json_agg(b.unit_code ORDER BY b.unit_code) FROM boundary_inspector_units b WHERE b.user_id = u.id), '[]'::json) AS unit_codes
    FROM users u WHERE 'boundary_inspector' = ANY (u.roles) AND NOT u.disabled ORDER BY u.username`)
}

/**
 * Sets the units an inspector works for: codes of the sides of the lines (a neighbouring
 * city's code scopes its team to the lines shared with it).
 * @throws 404 for an unknown user; 400 naming `unit_codes.<i>` for a code that is the side of no line.
 */
export async function setInspectorUnits(tx: DatabaseTransactionConnection, admin: AuthUser, userId: number, codes: readonly string[]) {
  const user = await tx.maybeOne(sql.type(z.object({ id: z.number() }))`SELECT id::int AS id FROM users WHERE id = ${userId}`)
  if (!user) throw notFound('unknown_user', { id: userId })
  const sides = new Set(
    (await tx.any(sql.type(z.object({ code: z.string() }))`SELECT left_code AS code FROM boundary_lines UNION SELECT right_code FROM boundary_lines`)).map((r) => r.code),
  )
  const bad = codes.findIndex((c) => !sides.has(c))
  if (bad >= 0) throw badRequest([fieldError(`unit_codes.${bad}`, 'unknown_reference')])
  const before = await tx.any(sql.type(z.object({ unit_code: z.string() }))`SELECT unit_code FROM boundary_inspector_units WHERE user_id = ${userId} ORDER BY unit_code`)
  await tx.query(sql.typeAlias('void')`DELETE FROM boundary_inspector_units WHERE user_id = ${userId}`)
  await tx.query(sql.typeAlias('void')`
    INSERT INTO boundary_inspector_units (user_id, unit_code) SELECT ${userId}, c FROM unnest(${sql.array([...new Set(codes)], 'text')}::text[]) AS c`)
  await recordAudit(tx, { user: admin, action: 'update', table: 'boundary_inspector_units', recordId: String(userId), changes: diffFields({ unit_codes: before.map((b) => b.unit_code) }, { unit_codes: [...new Set(codes)].sort() }) })
  return { user_id: userId, unit_codes: [...new Set(codes)].sort() }
}
