import { z } from 'zod'
import { sql } from '../db/sql'
import { countyOfGeometry } from '../geo/county-of'
import { calendarDate, count } from '../http/fields'
import type { CollectionDescriptor } from '../ogc/collection'

/** The most beds one facility may be recorded with (the largest homes have a few thousand). */
export const MAX_BEDS = 10_000

export const ELDERCARE_KINDS = [
  'institution',
  'township_home',
  'regional_centre',
  'street_centre',
  'day_care',
  'home_care_station',
  'embedded',
  'village_home',
] as const
export const FACILITY_STATUSES = ['planned', 'under_construction', 'operating', 'closed'] as const
const OWNERSHIPS = ['public', 'private', 'public_private'] as const
const SERVICES = ['full_time', 'day_care', 'home_visit'] as const

/** Eldercare facilities of every kind the plan names; planned ones are kept for what-if coverage. */
export const eldercareFacilitiesCollection: CollectionDescriptor = {
  id: 'eldercare_facilities',
  title: '养老服务设施 Eldercare facilities',
  description: 'Institutions, township nursing homes, community facilities and village happiness homes, with beds and services',
  table: 'eldercare_facilities',
  idColumn: 'id',
  geometryColumn: 'geom',
  geometryType: 'Point',
  read: 'public',
  properties: {
    name: { type: 'string', title: '名称 Name', filterable: true },
    kind: { type: 'string', title: '类型 Kind', filterable: true, enum: ELDERCARE_KINDS },
    ownership: { type: 'string', title: '性质 Ownership', filterable: true, enum: OWNERSHIPS },
    county_code: { type: 'string', title: '所在县级区划 County', filterable: true, expression: countyOfGeometry },
    beds: { type: 'integer', title: '床位 Beds' },
    nursing_beds: { type: 'integer', title: '护理型床位 Nursing-type beds' },
    embedded_beds: { type: 'integer', title: '嵌入式床位 Embedded beds' },
    services: {
      type: 'array',
      title: '服务 Services',
      description: 'Any of full_time (全托), day_care (日托), home_visit (上门); all three: 综合功能',
      enum: SERVICES,
      expression: sql.fragment`to_json(t.services)`,
    },
    medical_integration: { type: 'boolean', title: '医养结合 Medical integration', filterable: true },
    grade: { type: 'integer', title: '等级 Grade' },
    barrier_free: { type: 'boolean', title: '无障碍改造 Barrier-free', filterable: true },
    status: { type: 'string', title: '状态 Status', filterable: true, enum: FACILITY_STATUSES },
    opened_on: { type: 'string', title: '开业日期 Opened on', expression: sql.fragment`to_char(t.opened_on, 'YYYY-MM-DD')` },
    data_source: { type: 'string', title: '数据来源 Source', filterable: true, enum: ['generated', 'register', 'survey'] },
  },
  write: {
    roles: ['facility_editor'],
    properties: z
      .object({
        name: z.string().trim().min(1).max(100),
        kind: z.enum(ELDERCARE_KINDS),
        ownership: z.enum(OWNERSHIPS),
        beds: count(MAX_BEDS),
        nursing_beds: count(MAX_BEDS),
        embedded_beds: count(MAX_BEDS),
        services: z.array(z.enum(SERVICES)).max(3),
        medical_integration: z.boolean(),
        grade: z.number().int().min(1).max(5).nullable(),
        barrier_free: z.boolean(),
        status: z.enum(FACILITY_STATUSES),
        opened_on: calendarDate('1900-01-01', '2100-12-31').nullable(),
        data_source: z.enum(['generated', 'register', 'survey']),
      })
      .strict(),
    rules: (f) => [
      ...(Number(f.nursing_beds) > Number(f.beds) ? [{ field: 'nursing_beds', code: 'exceeds', params: { other: 'beds' } } as const] : []),
      ...(Number(f.embedded_beds) > Number(f.beds) ? [{ field: 'embedded_beds', code: 'exceeds', params: { other: 'beds' } } as const] : []),
    ],
    countyOf: countyOfGeometry,
    withinCity: true,
  },
}

export const eldercareCollections = [eldercareFacilitiesCollection]
