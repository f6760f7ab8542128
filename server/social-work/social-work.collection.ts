import { z } from 'zod'
import { sql } from '../db/sql'
import { countyOfGeometry } from '../geo/county-of'
import { count } from '../http/fields'
import type { CollectionDescriptor } from '../ogc/collection'

/** The most staff one station may be recorded with. */
export const MAX_STAFF = 1_000

const TIERS = ['guidance_centre', 'township_station', 'community_room'] as const
const STATUSES = ['planned', 'under_construction', 'operating', 'closed'] as const
const CHECKLIST = ['has_premises', 'has_equipment', 'has_staff', 'has_services', 'has_procedures', 'has_rules'] as const

const CHECKLIST_TITLES: Record<(typeof CHECKLIST)[number], string> = {
  has_premises: '有场地 Premises',
  has_equipment: '有设施 Equipment',
  has_staff: '有人员 Staff',
  has_services: '有服务 Services',
  has_procedures: '有流程 Procedures',
  has_rules: '有制度 Rules',
}

/** SQL (alias `t`): whether a station has all six of the 六有 checklist. */
export const MEETS_SIX_HAVES = sql.fragment`(t.has_premises AND t.has_equipment AND t.has_staff AND t.has_services AND t.has_procedures AND t.has_rules)`

/** Social-work stations in three tiers, with the 六有 checklist and whether they meet it. */
export const socialWorkStationsCollection: CollectionDescriptor = {
  id: 'social_work_stations',
  title: '社会工作站 Social-work stations',
  description: 'County guidance centres, township stations and community rooms, with staff and the 六有 checklist',
  table: 'social_work_stations',
  idColumn: 'id',
  geometryColumn: 'geom',
  geometryType: 'Point',
  read: 'public',
  properties: {
    name: { type: 'string', title: '名称 Name', filterable: true },
    tier: { type: 'string', title: '层级 Tier', filterable: true, enum: TIERS },
    county_code: { type: 'string', title: '所在县级区划 County', filterable: true, expression: countyOfGeometry },
    staff: { type: 'integer', title: '工作人员 Staff' },
    certified_workers: { type: 'integer', title: '持证社工 Certified social workers' },
    ...Object.fromEntries(CHECKLIST.map((item) => [item, { type: 'boolean', title: CHECKLIST_TITLES[item] }])),
    meets_standard: {
      type: 'boolean',
      title: '达到“六有”标准 Meets the 六有 standard',
      filterable: true,
      expression: MEETS_SIX_HAVES,
    },
    status: { type: 'string', title: '状态 Status', filterable: true, enum: STATUSES },
    data_source: { type: 'string', title: '数据来源 Source', filterable: true, enum: ['generated', 'register', 'survey'] },
  },
  write: {
    roles: ['facility_editor'],
    properties: z
      .object({
        name: z.string().trim().min(1).max(100),
        tier: z.enum(TIERS),
        staff: count(MAX_STAFF),
        certified_workers: count(MAX_STAFF),
        ...Object.fromEntries(CHECKLIST.map((item) => [item, z.boolean()])),
        status: z.enum(STATUSES),
        data_source: z.enum(['generated', 'register', 'survey']),
      })
      .strict(),
    rules: (s) => (Number(s.certified_workers) > Number(s.staff) ? [{ field: 'certified_workers', code: 'exceeds', params: { other: 'staff' } } as const] : []),
    countyOf: countyOfGeometry,
    withinCity: true,
  },
}

export const socialWorkCollections = [socialWorkStationsCollection]
