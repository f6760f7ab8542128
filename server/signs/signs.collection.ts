import { z } from 'zod'
import { sql } from '../db/sql'
import { countyOfGeometry } from '../geo/county-of'
import { calendarDate, issue } from '../http/fields'
import type { CollectionDescriptor } from '../ogc/collection'
import { isSignCode } from './sign-code'
import { CONDITIONS, MATERIALS, ROAD_SIDES, SIGN_SOURCES, SIGN_STATUSES, SIGN_TYPES } from './signs.schemas'

const isoTime = (column: string) => sql.fragment`to_char(${sql.identifier(['t', column])} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`

/**
 * SQL: whether the sign aliased `t` is overdue for inspection — in use or damaged, and
 * neither inspected nor installed within `sign_settings.inspection_months` (a sign with
 * no install date and no inspection is overdue).
 */
export const overdueExpression = sql.fragment`(t.status <> 'removed' AND coalesce(t.last_inspected_at, t.installed_on::timestamptz, '-infinity'::timestamptz)
  < now() - make_interval(months => (SELECT s.inspection_months FROM sign_settings s)))`

/**
 * SQL: the sign's state on the staff map, in order of urgency: `removed`, `outdated`
 * (content outdated), a condition needing work (`damaged`: 破损/缺失/内容错误, or `worn`:
 * 污损/褪色/倾斜变形/遮挡), `overdue`, `never` (never inspected), `ok`.
 */
export const mapStateExpression = sql.fragment`(CASE
  WHEN t.status = 'removed' THEN 'removed'
  WHEN t.content_outdated THEN 'outdated'
  WHEN t.status = 'damaged' OR t.last_condition IN ('broken', 'missing', 'wrong_content') THEN 'damaged'
  WHEN t.last_condition IN ('soiled', 'faded', 'tilted', 'obstructed') THEN 'worn'
  WHEN ${overdueExpression} THEN 'overdue'
  WHEN t.last_inspected_at IS NULL THEN 'never'
  ELSE 'ok' END)`

/** The states of {@link mapStateExpression}. */
export const MAP_STATES = ['ok', 'never', 'overdue', 'worn', 'damaged', 'outdated', 'removed'] as const

const placeName = (column: 'name' | 'roman_spelling' | 'code') =>
  sql.fragment`(SELECT p.${sql.identifier([column])} FROM place_names p WHERE p.id = t.place_name_id)`

/**
 * The QR place-name signs (二维码地名标志牌): each shows a standard name of `place_names`,
 * whose text and spelling it takes from there; what is printed on it is kept, and a rename
 * flags it `content_outdated` until a replacement.
 */
export const signsCollection: CollectionDescriptor = {
  id: 'signs',
  title: '地名标志 Place-name signs',
  description:
    'The QR place-name signs: code, type (民地标〔2006〕1号), the place name shown, position, facing, size, material, installation, status, latest inspection and whether the printed content is outdated',
  table: 'signs',
  idColumn: 'id',
  geometryColumn: 'geom',
  geometryType: 'Point',
  read: 'public',
  properties: {
    code: { type: 'string', title: '标志编码 Sign code', description: 'County-level code, a 5-digit serial and an ISO 7064 MOD 11-2 check character (41040200017X)', filterable: true },
    sign_type: { type: 'string', title: '标志类型 Type', description: 'The six national types (民地标〔2006〕1号)', filterable: true, enum: SIGN_TYPES },
    place_name_id: { type: 'integer', title: '地名 Place name', description: 'The id of the place name shown (collection place_names)', filterable: true },
    place_name_code: { type: 'string', title: '地名代码 Place-name code', expression: placeName('code') },
    name: { type: 'string', title: '标准名称 Standard name', description: 'From place_names', expression: placeName('name') },
    roman_spelling: { type: 'string', title: '罗马字母拼写 Roman spelling', description: 'From place_names', expression: placeName('roman_spelling') },
    printed_name: { type: 'string', title: '牌面名称 Printed name' },
    printed_spelling: { type: 'string', title: '牌面拼写 Printed spelling' },
    content_outdated: { type: 'boolean', title: '内容过时 Content outdated', description: 'The place name was renamed or respelled after the sign was made', filterable: true },
    bearing: { type: 'integer', title: '朝向 Facing', description: 'Degrees clockwise from north', minimum: 0, maximum: 359 },
    road_side: { type: 'string', title: '道路侧 Side of the road', enum: ROAD_SIDES },
    width_mm: { type: 'integer', title: '宽 Width (mm)', minimum: 50, maximum: 10000 },
    height_mm: { type: 'integer', title: '高 Height (mm)', minimum: 50, maximum: 10000 },
    material: { type: 'string', title: '材质 Material', enum: MATERIALS, filterable: true },
    installer: { type: 'string', title: '设置单位 Installer' },
    installed_on: { type: 'string', title: '设置日期 Installed on', expression: sql.fragment`to_char(t.installed_on, 'YYYY-MM-DD')` },
    status: { type: 'string', title: '状态 Status', enum: SIGN_STATUSES, filterable: true },
    last_inspected_at: { type: 'string', title: '最近巡检 Last inspected', expression: isoTime('last_inspected_at') },
    last_condition: { type: 'string', title: '最近巡检状况 Last condition', enum: CONDITIONS, filterable: true },
    overdue: { type: 'boolean', title: '逾期未巡检 Overdue', description: 'Not inspected within the inspection period (default 12 months)', expression: overdueExpression },
    map_state: { type: 'string', title: '地图状态 Map state', enum: MAP_STATES, expression: mapStateExpression },
    county_code: { type: 'string', title: '所在县级区划 County', filterable: true, expression: countyOfGeometry },
    data_source: { type: 'string', title: '数据来源 Data source', filterable: true, enum: SIGN_SOURCES },
    updated_at: { type: 'string', title: '更新时间 Updated', expression: isoTime('updated_at') },
  },
  orderBy: ['id'],
  write: {
    roles: ['placename_editor'],
    properties: z
      .object({
        code: z.string().superRefine((value, ctx) => {
          if (!isSignCode(value)) issue(ctx, 'bad_sign_code')
        }),
        sign_type: z.enum(SIGN_TYPES),
        place_name_id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
        bearing: z.number().int().min(0).max(359).nullable(),
        road_side: z.enum(ROAD_SIDES).nullable(),
        width_mm: z.number().int().min(50).max(10000).nullable(),
        height_mm: z.number().int().min(50).max(10000).nullable(),
        material: z.enum(MATERIALS).nullable(),
        installer: z.string().trim().min(1).max(200).nullable(),
        installed_on: calendarDate('1950-01-01', '2100-12-31').nullable(),
        status: z.enum(SIGN_STATUSES),
        data_source: z.enum(SIGN_SOURCES),
      })
      .strict(),
    countyOf: countyOfGeometry,
    withinCity: true,
  },
}

/**
 * The sign inspections (巡检): read-only here; recorded with `POST /api/signs/{code}/inspections`,
 * which works out the distance from the sign and the follow-up.
 */
export const signInspectionsCollection: CollectionDescriptor = {
  id: 'sign_inspections',
  title: '地名标志巡检 Sign inspections',
  description: 'Inspections of the place-name signs: the sign, the inspector, when, the condition found, notes, photos, where the phone was, its GPS accuracy and its distance from the sign',
  table: 'sign_inspections',
  idColumn: 'id',
  geometryColumn: 'geom',
  geometryType: 'Point',
  read: 'public',
  properties: {
    sign_id: { type: 'integer', title: '标志 Sign', filterable: true },
    sign_code: { type: 'string', title: '标志编码 Sign code', expression: sql.fragment`(SELECT s.code FROM signs s WHERE s.id = t.sign_id)` },
    inspector: { type: 'string', title: '巡检人 Inspector' },
    inspected_at: { type: 'string', title: '巡检时间 Inspected at', expression: isoTime('inspected_at') },
    condition: { type: 'string', title: '状况 Condition', enum: CONDITIONS, filterable: true },
    notes: { type: 'string', title: '备注 Notes' },
    photo_ids: { type: 'array', title: '照片 Photos', description: 'Ids of files (/api/files/{id})', expression: sql.fragment`to_json(ARRAY(SELECT x::text FROM unnest(t.photo_ids) x))` },
    accuracy_m: { type: 'number', title: '定位精度 GPS accuracy (m)', minimum: 0 },
    distance_m: { type: 'number', title: '距标志 Distance from the sign (m)', minimum: 0 },
    county_code: { type: 'string', title: '所在县级区划 County', filterable: true, expression: countyOfGeometry },
    data_source: { type: 'string', title: '数据来源 Data source', filterable: true, enum: SIGN_SOURCES },
  },
}

export const signsCollections = [signsCollection, signInspectionsCollection]
