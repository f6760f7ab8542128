import { z } from 'zod'
import { sql } from '../db/sql'
import { countyOfGeometry } from '../geo/county-of'
import { calendarDate, issue } from '../http/fields'
import { fieldError, HttpProblem } from '../http/problem'
import type { CollectionDescriptor } from '../ogc/collection'
import { INSPECTION_STATUSES } from './boundaries.schemas'
import { requireLineSide } from './inspections.queries'
import { MARKER_KINDS, markerNumberProblems, type MarkerKind } from './marker-number'

export const MARKER_MATERIALS = ['granite', 'concrete', 'steel', 'composite', 'other'] as const
export const MARKER_STATES = ['standing', 'damaged', 'missing', 'removed'] as const

const isoDate = (column: string) => sql.fragment`to_char(${sql.identifier(['t', column])}, 'YYYY-MM-DD')`

/** Administrative boundary lines between two units of the same level. */
export const boundaryLinesCollection: CollectionDescriptor = {
  id: 'boundary_lines',
  title: '行政区域界线 Boundary lines',
  description: 'City-level lines between the city and each neighbour, and county-level lines inside the city, with their agreements and inspection rounds',
  table: 'boundary_lines',
  idColumn: 'id',
  geometryColumn: 'geom',
  geometryType: 'MultiLineString',
  read: 'public',
  orderBy: ['level', 'id'],
  properties: {
    name: { type: 'string', title: '界线名称 Name', filterable: true },
    level: { type: 'string', title: '级别 Level', filterable: true, enum: ['province', 'city', 'county', 'township'] },
    left_code: { type: 'string', title: '一侧代码 Side A code', filterable: true },
    left_name: { type: 'string', title: '一侧 Side A' },
    right_code: { type: 'string', title: '另一侧代码 Side B code', filterable: true },
    right_name: { type: 'string', title: '另一侧 Side B' },
    length_km: { type: 'number', title: '长度（公里） Length (km)' },
    agreement_ref: { type: 'string', title: '协议书编号 Agreement' },
    agreement_signed_on: { type: 'string', title: '协议书签订日期 Agreement signed', expression: isoDate('agreement_signed_on') },
    rounds: {
      type: 'array',
      title: '联检轮次 Rounds',
      description: 'Each round with an inspection of the line and its status, written round:status (4:archived)',
      expression: sql.fragment`(SELECT coalesce(json_agg(i.round_number || ':' || i.status ORDER BY i.round_number), '[]'::json)
        FROM boundary_inspections i WHERE i.line_id = t.id)`,
    },
  },
}

/** A reference object (方位物): what it is, its bearing from the marker in degrees, its distance in metres. */
export const ReferenceObject = z.string().superRefine((value, ctx) => {
  const m = /^([^|]{1,50})\|([0-9]{1,3}(?:\.[0-9]+)?)\|([0-9]{1,4}(?:\.[0-9]+)?)$/u.exec(value)
  if (!m || m[1]!.trim() === '' || Number(m[2]) >= 360 || Number(m[3]) <= 0) issue(ctx, 'bad_reference_object')
})

/**
 * Boundary markers (界桩) with their GB/T 17796-2009 numbers. The geometry is the
 * registered position: a plain write may not move it (nor change the registered
 * elevation); only an agreed finding does (see the inspections' workflow).
 */
export const boundaryMarkersCollection: CollectionDescriptor = {
  id: 'boundary_markers',
  title: '界桩 Boundary markers',
  description:
    'Markers along the boundary lines, numbered by GB/T 17796-2009 (line code, 3-digit sequence, type letter Q/A/B/C/D/E), at their registered positions (CGCS2000), with reference objects and the last inspection finding',
  table: 'boundary_markers',
  idColumn: 'id',
  geometryColumn: 'geom',
  geometryType: 'Point',
  read: 'public',
  orderBy: ['line_id', 'number'],
  properties: {
    line_id: { type: 'string', title: '界线 Line', filterable: true },
    number: { type: 'string', title: '界桩编号 Number', filterable: true },
    sequence: { type: 'integer', title: '序号 Sequence', expression: sql.fragment`left(right(t.number, 4), 3)::int` },
    kind: { type: 'string', title: '类型 Kind', filterable: true, enum: MARKER_KINDS },
    side_code: { type: 'string', title: '所在一侧 Side', description: 'The unit on whose side a marker of a pair or a set stands' },
    elevation_m: { type: 'number', title: '高程（米） Elevation (m)', minimum: -500, maximum: 9000 },
    reference_objects: {
      type: 'array',
      title: '方位物 Reference objects',
      description: 'At least three, each written what|bearing in degrees|distance in metres (电杆|45|18.5)',
      expression: sql.fragment`to_json(t.reference_objects)`,
    },
    material: { type: 'string', title: '材质 Material', filterable: true, enum: MARKER_MATERIALS },
    erected_on: { type: 'string', title: '埋设日期 Erected', expression: isoDate('erected_on') },
    state: { type: 'string', title: '状态 State', filterable: true, enum: MARKER_STATES },
    data_source: { type: 'string', title: '数据来源 Data source', filterable: true, enum: ['generated', 'survey'] },
    county_code: { type: 'string', title: '所在县级区划 County', filterable: true, expression: countyOfGeometry },
    last_condition: {
      type: 'string',
      title: '最近检查结果 Last finding',
      enum: ['intact', 'damaged', 'missing', 'displaced', 'repainted', 'rebuilt'],
      expression: sql.fragment`(SELECT f.condition FROM boundary_findings f JOIN boundary_inspections i ON i.id = f.inspection_id
        WHERE f.marker_id = t.id ORDER BY i.round_number DESC, f.recorded_at DESC LIMIT 1)`,
    },
    last_round: {
      type: 'integer',
      title: '最近检查轮次 Last round',
      expression: sql.fragment`(SELECT max(i.round_number) FROM boundary_findings f JOIN boundary_inspections i ON i.id = f.inspection_id WHERE f.marker_id = t.id)`,
    },
  },
  write: {
    roles: ['boundary_inspector'],
    properties: z
      .object({
        line_id: z.string().min(1).max(40),
        number: z.string().max(40),
        kind: z.enum(MARKER_KINDS),
        side_code: z.string().regex(/^[0-9]{2,9}$/).nullable(),
        elevation_m: z.number().min(-500).max(9000).nullable(),
        reference_objects: z.array(ReferenceObject).min(3).max(12),
        material: z.enum(MARKER_MATERIALS),
        erected_on: calendarDate('1950-01-01', '2100-12-31').nullable(),
        state: z.enum(MARKER_STATES),
        data_source: z.enum(['generated', 'survey']),
      })
      .strict(),
    rules: (p) => markerNumberProblems({ line_id: String(p.line_id), number: String(p.number), kind: p.kind as MarkerKind, side_code: (p.side_code as string | null) ?? null }),
    countyOf: countyOfGeometry,
    check: async (db, { user, before, after }) => {
      for (const row of [before, after]) if (row) await requireLineSide(db, user, String(row.properties.line_id))
      if (!before || !after) return
      const number = String(before.properties.number)
      const moved = JSON.stringify(before.geometry) !== JSON.stringify(after.geometry)
      const raised = (before.properties.elevation_m ?? null) !== (after.properties.elevation_m ?? null)
      if (moved || raised) {
        const field = moved ? 'geometry' : 'properties.elevation_m'
        throw new HttpProblem(409, 'registered_position_locked', { number }, [fieldError(field, 'registered_position_locked', { number })])
      }
    },
  },
}

/** Inspections: one per line per round, drawn as the line, with their status. */
export const boundaryInspectionsCollection: CollectionDescriptor = {
  id: 'boundary_inspections',
  title: '界线联检 Boundary inspections',
  description: 'The joint inspection of each line in each round: its status, dates, and how many markers were found in each condition',
  table: 'boundary_inspections',
  idColumn: 'id',
  geometryColumn: 'geom',
  geometryType: 'MultiLineString',
  read: 'public',
  orderBy: ['round_number', 'line_id'],
  properties: {
    round_number: { type: 'integer', title: '轮次 Round', filterable: true },
    line_id: { type: 'string', title: '界线 Line', filterable: true },
    line_name: { type: 'string', title: '界线名称 Line name', expression: sql.fragment`(SELECT l.name FROM boundary_lines l WHERE l.id = t.line_id)` },
    level: { type: 'string', title: '级别 Level', filterable: true, expression: sql.fragment`(SELECT l.level FROM boundary_lines l WHERE l.id = t.line_id)` },
    status: { type: 'string', title: '状态 Status', filterable: true, enum: INSPECTION_STATUSES },
    planned_on: { type: 'string', title: '计划日期 Planned', expression: isoDate('planned_on') },
    started_on: { type: 'string', title: '开始日期 Started', expression: isoDate('started_on') },
    filed_on: { type: 'string', title: '报告归档日期 Report filed', expression: isoDate('filed_on') },
    findings_version: { type: 'integer', title: '检查结果版本 Findings version' },
    markers_found: {
      type: 'integer',
      title: '已检查界桩 Markers inspected',
      expression: sql.fragment`(SELECT count(*)::int FROM boundary_findings f WHERE f.inspection_id = t.id)`,
    },
    markers_displaced: {
      type: 'integer',
      title: '移位界桩 Markers displaced',
      expression: sql.fragment`(SELECT count(*)::int FROM boundary_findings f WHERE f.inspection_id = t.id AND f.condition = 'displaced')`,
    },
    data_source: { type: 'string', title: '数据来源 Data source', filterable: true, enum: ['generated', 'recorded'] },
  },
}

export const boundariesCollections = [boundaryLinesCollection, boundaryMarkersCollection, boundaryInspectionsCollection]
