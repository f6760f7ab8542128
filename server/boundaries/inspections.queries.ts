import { z } from 'zod'
import type { CommonQueryMethods, DatabaseTransactionConnection } from 'slonik'
import { diffFields } from '../auth/audit'
import { recordAudit } from '../auth/audit.queries'
import { hasRole, type AuthUser } from '../auth/roles'
import { sql } from '../db/sql'
import { checkFileIds } from '../files/files'
import { badRequest, fieldError, HttpProblem, notFound } from '../http/problem'
import {
  MAX_DISPLACEMENT_M,
  type ChangeBody,
  type Condition,
  type DisputeBody,
  type FindingBody,
  type InspectionStatus,
} from './boundaries.schemas'

const iso = (column: ReturnType<typeof sql.identifier>) => sql.fragment`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`
const day = (column: ReturnType<typeof sql.identifier>) => sql.fragment`to_char(${column}, 'YYYY-MM-DD')`

const Line = z.object({
  id: z.string(),
  name: z.string(),
  level: z.string(),
  left_code: z.string(),
  left_name: z.string(),
  right_code: z.string(),
  right_name: z.string(),
  length_km: z.number(),
  agreement_ref: z.string().nullable(),
  agreement_signed_on: z.string().nullable(),
  agreement_file_id: z.number().nullable(),
})
export type Line = z.infer<typeof Line>

const lineColumns = sql.fragment`l.id, l.name, l.level, l.left_code, l.left_name, l.right_code, l.right_name, l.length_km,
  l.agreement_ref, ${day(sql.identifier(['l', 'agreement_signed_on']))} AS agreement_signed_on, l.agreement_file_id::int AS agreement_file_id`

/** A line by its id, or null. */
export function getLine(db: CommonQueryMethods, id: string): Promise<Line | null> {
  return db.maybeOne(sql.type(Line)`SELECT ${lineColumns} FROM boundary_lines l WHERE l.id = ${id}`)
}

const Units = z.object({ unit_code: z.string() })

/** The units (sides) a user is attached to as a boundary inspector. */
export async function userUnits(db: CommonQueryMethods, userId: number): Promise<string[]> {
  const rows = await db.any(sql.type(Units)`SELECT unit_code FROM boundary_inspector_units WHERE user_id = ${userId} ORDER BY unit_code`)
  return rows.map((r) => r.unit_code)
}

/** The sides of a line the user works for (none, one, or both). */
export async function userSidesOnLine(db: CommonQueryMethods, user: AuthUser, line: Pick<Line, 'left_code' | 'right_code'>): Promise<string[]> {
  const units = await userUnits(db, user.id)
  return [line.left_code, line.right_code].filter((code) => units.includes(code))
}

/**
 * Checks that the user may work on a line: an inspector attached to one of its sides, or
 * an administrator. @returns the user's sides on it.
 * @throws HttpProblem 403 `not_a_side`.
 */
export async function requireLineSide(db: CommonQueryMethods, user: AuthUser, lineId: string): Promise<string[]> {
  const line = await getLine(db, lineId)
  if (!line) return []
  const sides = await userSidesOnLine(db, user, line)
  if (!sides.length && !hasRole(user, 'admin')) throw notASide(line)
  return sides
}

function notASide(line: Line): HttpProblem {
  return new HttpProblem(403, 'not_a_side', { line: line.name, sides: [line.left_name, line.right_name] })
}

/**
 * The side the user acts for on this line: the one given (which must be theirs), or their
 * only one. @throws 403 `not_a_side` for a user of neither side, 400 when a user of both says not which.
 */
export async function actingSide(db: CommonQueryMethods, user: AuthUser, line: Line, given: string | undefined): Promise<string> {
  const sides = await userSidesOnLine(db, user, line)
  if (given !== undefined) {
    if (!sides.includes(given)) {
      if (!sides.length) throw notASide(line)
      throw badRequest([fieldError('side_code', 'not_one_of', { options: sides })])
    }
    return given
  }
  if (!sides.length) throw notASide(line)
  if (sides.length > 1) throw badRequest([fieldError('side_code', 'required')])
  return sides[0]!
}

const InspectionRow = z.object({
  id: z.number(),
  round_number: z.number(),
  line_id: z.string(),
  status: z.enum(['not_started', 'planned', 'in_field', 'agreed', 'report_filed', 'archived']),
  planned_on: z.string().nullable(),
  started_on: z.string().nullable(),
  agreed_at: z.string().nullable(),
  filed_on: z.string().nullable(),
  findings_version: z.number(),
  report_file_id: z.number().nullable(),
  data_source: z.string(),
})
export type InspectionRow = z.infer<typeof InspectionRow>

const inspectionColumns = sql.fragment`i.id::int AS id, i.round_number, i.line_id, i.status,
  ${day(sql.identifier(['i', 'planned_on']))} AS planned_on, ${day(sql.identifier(['i', 'started_on']))} AS started_on,
  ${iso(sql.identifier(['i', 'agreed_at']))} AS agreed_at, ${day(sql.identifier(['i', 'filed_on']))} AS filed_on,
  i.findings_version, i.report_file_id::int AS report_file_id, i.data_source`

/** An inspection and its line; with `lock`, the inspection row is locked for this transaction. */
export async function getInspection(db: CommonQueryMethods, id: number, lock = false): Promise<{ inspection: InspectionRow; line: Line }> {
  const inspection = await db.maybeOne(sql.type(InspectionRow)`
    SELECT ${inspectionColumns} FROM boundary_inspections i WHERE i.id = ${id} ${lock ? sql.fragment`FOR UPDATE` : sql.fragment``}`)
  if (!inspection) throw notFound('unknown_inspection', { id })
  return { inspection, line: (await getLine(db, inspection.line_id))! }
}

const CLOSED: readonly InspectionStatus[] = ['report_filed', 'archived']

/**
 * Starts a change of what the two sides confirm: refuses a closed inspection, bumps the
 * findings' version, reopens agreed findings, and notes the change for the confirmations.
 * @returns the new version.
 */
async function openChange(
  tx: DatabaseTransactionConnection,
  target: { inspection: InspectionRow; line: Line },
  event: { kind: 'finding' | 'change' | 'dispute'; summary: Record<string, unknown>; side: string; user: AuthUser },
): Promise<number> {
  const { inspection, line } = target
  if (CLOSED.includes(inspection.status)) {
    throw new HttpProblem(409, 'inspection_closed', { line: line.name, round: inspection.round_number, status: inspection.status })
  }
  const version = await tx.oneFirst(sql.type(z.object({ v: z.number() }))`
    UPDATE boundary_inspections SET findings_version = findings_version + 1, agreed_at = NULL, updated_at = now(),
      status = CASE WHEN status IN ('not_started', 'planned', 'agreed') THEN 'in_field' ELSE status END,
      started_on = coalesce(started_on, current_date)
    WHERE id = ${inspection.id} RETURNING findings_version AS v`)
  await tx.query(sql.typeAlias('void')`
    INSERT INTO boundary_inspection_events (inspection_id, findings_version, kind, summary, side_code, user_id)
    VALUES (${inspection.id}, ${version}, ${event.kind}, ${sql.jsonb(event.summary as never)}, ${event.side}, ${event.user.id})`)
  return version
}

const MarkerRow = z.object({ id: z.number(), line_id: z.string(), number: z.string() })
const FindingRow = z.object({ id: z.number(), condition: z.string(), displacement_m: z.number().nullable(), register_measured: z.boolean(), note: z.string().nullable(), repairs: z.string().nullable() })

/**
 * Records one marker's finding in an inspection (replacing an earlier one), with the
 * displacement of a measured position from the registered one computed on the ellipsoid.
 * @throws 400 naming the field: a marker of another line, a position too far off, a repair
 * by a unit of neither side, an unknown photo; 409 when the inspection is closed.
 */
export async function recordFinding(tx: DatabaseTransactionConnection, inspectionId: number, user: AuthUser, body: FindingBody) {
  const target = await getInspection(tx, inspectionId, true)
  const side = await actingSide(tx, user, target.line, body.side_code)
  const marker = await tx.maybeOne(sql.type(MarkerRow)`
    SELECT id::int AS id, line_id, number FROM boundary_markers WHERE id = ${body.marker_id} AND deleted_at IS NULL`)
  if (!marker) throw badRequest([fieldError('marker_id', 'unknown_reference')])
  if (marker.line_id !== target.line.id) {
    throw badRequest([fieldError('marker_id', 'marker_not_on_line', { number: marker.number, other: marker.line_id, line: target.line.id })])
  }
  if (body.repaired_by && body.repaired_by !== target.line.left_code && body.repaired_by !== target.line.right_code) {
    throw badRequest([fieldError('repaired_by', 'not_one_of', { options: [target.line.left_code, target.line.right_code] })])
  }
  const measured = body.measured ? sql.fragment`ST_SetSRID(ST_MakePoint(${body.measured.coordinates[0]}, ${body.measured.coordinates[1]}), 4326)` : null
  const displacement = measured ? await markerDisplacement(tx, marker.id, body.measured!.coordinates) : null
  if (displacement !== null && displacement > MAX_DISPLACEMENT_M) {
    throw badRequest([fieldError('measured', 'too_far_from_marker', { distance_m: Math.round(displacement), maximum: MAX_DISPLACEMENT_M, number: marker.number })])
  }
  await checkFileIds(tx, body.photo_ids ?? [], 'photo_ids')
  const before = await tx.maybeOne(sql.type(FindingRow)`
    SELECT id::int AS id, condition, displacement_m, register_measured, note, repairs FROM boundary_findings
    WHERE inspection_id = ${inspectionId} AND marker_id = ${marker.id}`)
  const version = await openChange(tx, target, {
    kind: 'finding',
    summary: { number: marker.number, condition: body.condition, previous: before?.condition ?? null, displacement_m: displacement === null ? null : round2(displacement) },
    side,
    user,
  })
  const saved = await tx.one(sql.type(FindingRow)`
    INSERT INTO boundary_findings (inspection_id, marker_id, condition, note, photo_ids, measured, measured_elevation_m, accuracy_m,
      displacement_m, register_measured, repairs, repaired_by, side_code, recorded_by, findings_version)
    VALUES (${inspectionId}, ${marker.id}, ${body.condition}, ${body.note ?? null}, ${sql.array(body.photo_ids ?? [], 'int8')},
      ${measured}, ${body.measured_elevation_m ?? null}, ${body.accuracy_m ?? null}, ${displacement}, ${body.register_measured ?? false},
      ${body.repairs ?? null}, ${body.repaired_by ?? null}, ${side}, ${user.id}, ${version})
    ON CONFLICT (inspection_id, marker_id) DO UPDATE SET condition = EXCLUDED.condition, note = EXCLUDED.note, photo_ids = EXCLUDED.photo_ids,
      measured = EXCLUDED.measured, measured_elevation_m = EXCLUDED.measured_elevation_m, accuracy_m = EXCLUDED.accuracy_m,
      displacement_m = EXCLUDED.displacement_m, register_measured = EXCLUDED.register_measured, repairs = EXCLUDED.repairs,
      repaired_by = EXCLUDED.repaired_by, side_code = EXCLUDED.side_code, recorded_by = EXCLUDED.recorded_by,
      recorded_at = now(), findings_version = EXCLUDED.findings_version
    RETURNING id::int AS id, condition, displacement_m, register_measured, note, repairs`)
  await recordAudit(tx, {
    user,
    action: before ? 'update' : 'create',
    table: 'boundary_findings',
    recordId: String(saved.id),
    changes: diffFields(before ? { ...before, id: undefined } : null, { ...saved, id: undefined, marker: marker.number, inspection: inspectionId }),
  })
  return { id: saved.id, marker_id: marker.id, number: marker.number, condition: saved.condition, displacement_m: saved.displacement_m, side_code: side, findings_version: version }
}

const round2 = (n: number) => Math.round(n * 100) / 100

/** Metres on the ellipsoid (WGS 84, PostGIS's spheroid for geography) from a marker's registered position to [lon, lat]. */
export function markerDisplacement(db: CommonQueryMethods, markerId: number, at: readonly [number, number]): Promise<number> {
  // use_spheroid: Karney's geodesic on WGS 84, not the sphere: about 0.3 % nearer the truth here.
  return db.oneFirst(sql.type(z.object({ d: z.number() }))`
    SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(${at[0]}, ${at[1]}), 4326)::geography, true) AS d
    FROM boundary_markers WHERE id = ${markerId}`)
}

/** Records a change along the line (sketched geometry, note, photos). */
export async function recordChange(tx: DatabaseTransactionConnection, inspectionId: number, user: AuthUser, body: ChangeBody) {
  const target = await getInspection(tx, inspectionId, true)
  const side = await actingSide(tx, user, target.line, body.side_code)
  await checkFileIds(tx, body.photo_ids ?? [], 'photo_ids')
  const version = await openChange(tx, target, { kind: 'change', summary: { kind: body.kind, note: body.note.slice(0, 200) }, side, user })
  const id = await tx.oneFirst(sql.type(z.object({ id: z.number() }))`
    INSERT INTO boundary_changes (inspection_id, kind, note, geom, photo_ids, side_code, recorded_by, findings_version)
    VALUES (${inspectionId}, ${body.kind}, ${body.note}, ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(body.geometry)}), 4326)),
      ${sql.array(body.photo_ids ?? [], 'int8')}, ${side}, ${user.id}, ${version})
    RETURNING id::int AS id`)
  await recordAudit(tx, { user, action: 'create', table: 'boundary_changes', recordId: String(id), changes: diffFields(null, { kind: body.kind, note: body.note, inspection: inspectionId }) })
  return { id, side_code: side, findings_version: version }
}

/** Records a dispute raised in the inspection. */
export async function recordDispute(tx: DatabaseTransactionConnection, inspectionId: number, user: AuthUser, body: DisputeBody) {
  const target = await getInspection(tx, inspectionId, true)
  const side = await actingSide(tx, user, target.line, body.side_code)
  await checkFileIds(tx, body.file_ids ?? [], 'file_ids')
  const status = body.status ?? 'open'
  const version = await openChange(tx, target, { kind: 'dispute', summary: { subject: body.subject.slice(0, 200), status }, side, user })
  const geom = body.geometry ? sql.fragment`ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(body.geometry)}), 4326))` : null
  const id = await tx.oneFirst(sql.type(z.object({ id: z.number() }))`
    INSERT INTO boundary_disputes (inspection_id, subject, geom, since, status, file_ids, side_code, recorded_by, findings_version)
    VALUES (${inspectionId}, ${body.subject}, ${geom}, ${body.since ?? null}, ${status}, ${sql.array(body.file_ids ?? [], 'int8')}, ${side}, ${user.id}, ${version})
    RETURNING id::int AS id`)
  await recordAudit(tx, { user, action: 'create', table: 'boundary_disputes', recordId: String(id), changes: diffFields(null, { subject: body.subject, status, inspection: inspectionId }) })
  return { id, side_code: side, findings_version: version }
}

const ConfirmationRow = z.object({ side_code: z.string(), name: z.string(), user_id: z.number().nullable(), findings_version: z.number(), confirmed_at: z.string() })
const EventRow = z.object({ findings_version: z.number(), kind: z.string(), summary: z.record(z.unknown()), side_code: z.string(), at: z.string() })

/** One side's latest confirmation, and what changed after the version it confirmed. */
export type SideConfirmation = {
  side_code: string
  side_name: string
  confirmation: z.infer<typeof ConfirmationRow> | null
  /** Whether it confirmed the current version. */
  current: boolean
  changes_since: z.infer<typeof EventRow>[]
}

/** Who confirmed which version: each side's latest confirmation, whether it is of the current version, and what changed since. */
export async function confirmationState(db: CommonQueryMethods, inspection: InspectionRow, line: Line) {
  const rows = await db.any(sql.type(ConfirmationRow)`
    SELECT DISTINCT ON (side_code) side_code, name, user_id::int AS user_id, findings_version, ${iso(sql.identifier(['confirmed_at']))} AS confirmed_at
    FROM boundary_confirmations WHERE inspection_id = ${inspection.id} ORDER BY side_code, findings_version DESC, confirmed_at DESC`)
  const events = await db.any(sql.type(EventRow)`
    SELECT findings_version, kind, summary, side_code, ${iso(sql.identifier(['at']))} AS at
    FROM boundary_inspection_events WHERE inspection_id = ${inspection.id} ORDER BY findings_version`)
  const sides: SideConfirmation[] = [
    [line.left_code, line.left_name],
    [line.right_code, line.right_name],
  ].map(([code, name]) => {
    const confirmation = rows.find((r) => r.side_code === code) ?? null
    const current = confirmation !== null && confirmation.findings_version === inspection.findings_version
    return { side_code: code!, side_name: name!, confirmation, current, changes_since: confirmation ? events.filter((e) => e.findings_version > confirmation.findings_version) : [] }
  })
  return { findings_version: inspection.findings_version, agreed: sides.every((s) => s.current) && inspection.findings_version > 0, sides }
}

const Registration = z.object({ marker_id: z.number(), number: z.string(), old_geom: z.string(), lon: z.number(), lat: z.number(), old_elevation_m: z.number().nullable(), new_elevation_m: z.number().nullable() })

/**
 * The caller's side confirms the current version of the findings. When both sides have
 * confirmed it, the findings are agreed: the inspection's status becomes `agreed`, and
 * each finding that registers its measured position moves its marker there.
 * @throws 403 for a user of neither side; 409 `stale_findings` for a version that is no
 * longer current, `nothing_to_confirm`, `inspection_closed`.
 */
export async function confirmFindings(tx: DatabaseTransactionConnection, inspectionId: number, user: AuthUser, body: { version: number; side_code?: string }) {
  const { inspection, line } = await getInspection(tx, inspectionId, true)
  const side = await actingSide(tx, user, line, body.side_code)
  if (CLOSED.includes(inspection.status)) throw new HttpProblem(409, 'inspection_closed', { line: line.name, round: inspection.round_number, status: inspection.status })
  if (inspection.findings_version === 0) throw new HttpProblem(409, 'nothing_to_confirm', { line: line.name })
  if (body.version !== inspection.findings_version) {
    throw new HttpProblem(409, 'stale_findings', { version: body.version, current: inspection.findings_version }, [fieldError('version', 'stale_findings', { version: body.version, current: inspection.findings_version })])
  }
  await tx.query(sql.typeAlias('void')`
    INSERT INTO boundary_confirmations (inspection_id, side_code, user_id, name, findings_version)
    SELECT ${inspection.id}, ${side}, ${user.id}, ${user.displayName || user.username}, ${inspection.findings_version}
    WHERE NOT EXISTS (SELECT 1 FROM boundary_confirmations WHERE inspection_id = ${inspection.id} AND side_code = ${side}
                      AND user_id = ${user.id} AND findings_version = ${inspection.findings_version})`)
  await recordAudit(tx, { user, action: 'create', table: 'boundary_confirmations', recordId: String(inspection.id), changes: diffFields(null, { side_code: side, findings_version: inspection.findings_version }) })
  let state = await confirmationState(tx, inspection, line)
  if (state.agreed && inspection.status !== 'agreed') {
    await tx.query(sql.typeAlias('void')`UPDATE boundary_inspections SET status = 'agreed', agreed_at = now(), updated_at = now() WHERE id = ${inspection.id}`)
    await registerAgreedPositions(tx, inspection, user)
    state = await confirmationState(tx, { ...inspection, status: 'agreed' }, line)
  }
  return { ...state, status: state.agreed ? 'agreed' : inspection.status }
}

/** Moves each marker whose agreed finding registers its measured position, with a history row and an audit entry. */
async function registerAgreedPositions(tx: DatabaseTransactionConnection, inspection: InspectionRow, user: AuthUser): Promise<void> {
  const moves = await tx.any(sql.type(Registration)`
    SELECT m.id::int AS marker_id, m.number, ST_AsText(m.geom) AS old_geom, ST_X(f.measured) AS lon, ST_Y(f.measured) AS lat,
           m.elevation_m AS old_elevation_m, coalesce(f.measured_elevation_m, m.elevation_m) AS new_elevation_m
    FROM boundary_findings f JOIN boundary_markers m ON m.id = f.marker_id
    WHERE f.inspection_id = ${inspection.id} AND f.register_measured AND NOT ST_Equals(m.geom, f.measured)`)
  for (const move of moves) {
    await tx.query(sql.typeAlias('void')`
      INSERT INTO boundary_marker_registrations (marker_id, inspection_id, findings_version, old_geom, new_geom, old_elevation_m, new_elevation_m)
      SELECT m.id, ${inspection.id}, ${inspection.findings_version}, m.geom, f.measured, m.elevation_m, ${move.new_elevation_m}
      FROM boundary_markers m JOIN boundary_findings f ON f.marker_id = m.id AND f.inspection_id = ${inspection.id} WHERE m.id = ${move.marker_id}`)
    await tx.query(sql.typeAlias('void')`
      UPDATE boundary_markers m SET geom = f.measured, elevation_m = ${move.new_elevation_m}, version = m.version + 1,
        state = CASE WHEN m.state = 'missing' THEN 'standing' ELSE m.state END
      FROM boundary_findings f WHERE f.marker_id = m.id AND f.inspection_id = ${inspection.id} AND m.id = ${move.marker_id}`)
    await recordAudit(tx, {
      user,
      action: 'update',
      table: 'boundary_markers',
      recordId: String(move.marker_id),
      changes: {
        geometry: { old: move.old_geom, new: `POINT(${move.lon} ${move.lat})` },
        ...(move.old_elevation_m !== move.new_elevation_m ? { elevation_m: { old: move.old_elevation_m, new: move.new_elevation_m } } : {}),
      },
    })
  }
}

/** The status steps a team takes by hand, from which statuses. */
const TRANSITIONS: Record<'planned' | 'in_field' | 'report_filed' | 'archived', readonly InspectionStatus[]> = {
  planned: ['not_started', 'planned'],
  in_field: ['planned', 'not_started'],
  report_filed: ['agreed'],
  archived: ['report_filed'],
}

/**
 * Moves an inspection to a status by hand: planned (with a date), in the field, report
 * filed (only once the findings are agreed; `reportFileId` is the stored PDF), archived.
 * @throws 409 `bad_transition`.
 */
export async function setInspectionStatus(
  tx: DatabaseTransactionConnection,
  inspectionId: number,
  user: AuthUser,
  body: { status: keyof typeof TRANSITIONS; planned_on?: string | null },
  reportFileId: number | null,
) {
  const { inspection, line } = await getInspection(tx, inspectionId, true)
  await requireLineSide(tx, user, line.id)
  if (!TRANSITIONS[body.status].includes(inspection.status)) {
    throw new HttpProblem(409, 'bad_transition', { from: inspection.status, to: body.status, allowed: [...TRANSITIONS[body.status]] })
  }
  await tx.query(sql.typeAlias('void')`
    UPDATE boundary_inspections SET status = ${body.status}, updated_at = now(),
      planned_on = CASE WHEN ${body.status} = 'planned' THEN ${body.planned_on ?? null}::date ELSE planned_on END,
      started_on = CASE WHEN ${body.status} = 'in_field' THEN coalesce(started_on, current_date) ELSE started_on END,
      filed_on = CASE WHEN ${body.status} = 'report_filed' THEN current_date ELSE filed_on END,
      report_file_id = coalesce(${reportFileId}::bigint, report_file_id)
    WHERE id = ${inspection.id}`)
  if (reportFileId !== null) {
    await tx.query(sql.typeAlias('void')`
      INSERT INTO boundary_line_files (line_id, file_id, kind, title, round_number, added_by)
      VALUES (${line.id}, ${reportFileId}, 'report', ${`第${inspection.round_number}轮联检报告`}, ${inspection.round_number}, ${user.id})
      ON CONFLICT DO NOTHING`)
  }
  await recordAudit(tx, { user, action: 'update', table: 'boundary_inspections', recordId: String(inspection.id), changes: { status: { old: inspection.status, new: body.status } } })
  return (await getInspection(tx, inspectionId)).inspection
}

export type { Condition }
