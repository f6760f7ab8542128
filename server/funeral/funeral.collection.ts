import { z } from 'zod'
import { sql } from '../db/sql'
import { M2_PER_MU } from '../geo/area-units'
import { countyOfGeometry } from '../geo/county-of'
import { count } from '../http/fields'
import type { CollectionDescriptor, RuleBreak } from '../ogc/collection'

/** The most niches or plots one facility or cemetery may be recorded with. */
export const MAX_PLACES = 1_000_000

const STATUSES = ['planned', 'under_construction', 'operating', 'closed'] as const
const SOURCES = ['generated', 'register', 'survey'] as const

/** Funeral homes, funeral service stations and public columbaria. */
export const funeralFacilitiesCollection: CollectionDescriptor = {
  id: 'funeral_facilities',
  title: '殡葬服务设施 Funeral facilities',
  description: 'Funeral homes (殡仪馆), service stations (殡仪服务站) and public columbaria (公益性骨灰堂)',
  table: 'funeral_facilities',
  idColumn: 'id',
  geometryColumn: 'geom',
  geometryType: 'Point',
  read: 'public',
  properties: {
    name: { type: 'string', title: '名称 Name', filterable: true },
    kind: { type: 'string', title: '类型 Kind', filterable: true, enum: ['funeral_home', 'service_station', 'columbarium'] },
    county_code: { type: 'string', title: '所在县级区划 County', filterable: true, expression: countyOfGeometry },
    capacity: { type: 'integer', title: '格位 Niches' },
    used: { type: 'integer', title: '已用 Used' },
    status: { type: 'string', title: '状态 Status', filterable: true, enum: STATUSES },
    data_source: { type: 'string', title: '数据来源 Source', filterable: true, enum: SOURCES },
  },
  write: {
    roles: ['facility_editor'],
    properties: z
      .object({
        name: z.string().trim().min(1).max(100),
        kind: z.enum(['funeral_home', 'service_station', 'columbarium']),
        capacity: count(MAX_PLACES),
        used: count(MAX_PLACES),
        status: z.enum(STATUSES),
        data_source: z.enum(SOURCES),
      })
      .strict(),
    rules: (f) => (Number(f.used) > Number(f.capacity) ? [{ field: 'used', code: 'exceeds', params: { other: 'capacity' } }] : []),
    countyOf: countyOfGeometry,
    withinCity: true,
  },
}

/** Cemeteries as polygons; their land area is measured from the polygon, never typed in. */
export const cemeteriesCollection: CollectionDescriptor = {
  id: 'cemeteries',
  title: '公墓 Cemeteries',
  description: 'Urban and rural public-welfare cemeteries and commercial cemeteries; area_mu and area_m2 are measured from the polygon',
  table: 'cemeteries',
  idColumn: 'id',
  geometryColumn: 'geom',
  geometryType: 'MultiPolygon',
  read: 'public',
  properties: {
    name: { type: 'string', title: '名称 Name', filterable: true },
    kind: { type: 'string', title: '类型 Kind', filterable: true, enum: ['urban_public', 'rural_public', 'commercial'] },
    level: { type: 'string', title: '级别 Level', filterable: true, enum: ['city', 'county', 'township'] },
    county_code: { type: 'string', title: '所在县级区划 County', filterable: true, expression: countyOfGeometry },
    area_m2: { type: 'number', title: '占地（平方米） Area (m²)', expression: sql.fragment`round(ST_Area(t.geom::geography))::float8` },
    area_mu: {
      type: 'number',
      title: '占地（亩） Area (mu)',
      expression: sql.fragment`round((ST_Area(t.geom::geography) / ${M2_PER_MU})::numeric, 1)::float8`,
    },
    capacity: { type: 'integer', title: '墓位 Plots' },
    plots_used: { type: 'integer', title: '已用墓位 Plots used' },
    green_coverage_pct: { type: 'number', title: '绿化覆盖率（%） Green coverage (%)', expression: sql.fragment`t.green_coverage_pct::float8` },
    eco_burial_pct: { type: 'number', title: '生态安葬比例（%） Eco-burial share (%)', expression: sql.fragment`t.eco_burial_pct::float8` },
    public_welfare_reserve_pct: {
      type: 'number',
      title: '公益性预留比例（%） Public-welfare reserve (%)',
      expression: sql.fragment`t.public_welfare_reserve_pct::float8`,
    },
    status: { type: 'string', title: '状态 Status', filterable: true, enum: STATUSES },
    data_source: { type: 'string', title: '数据来源 Source', filterable: true, enum: SOURCES },
  },
  write: {
    roles: ['facility_editor'],
    properties: z
      .object({
        name: z.string().trim().min(1).max(100),
        kind: z.enum(['urban_public', 'rural_public', 'commercial']),
        level: z.enum(['city', 'county', 'township']),
        capacity: count(MAX_PLACES),
        plots_used: count(MAX_PLACES),
        green_coverage_pct: z.number().min(0).max(100),
        eco_burial_pct: z.number().min(0).max(100),
        public_welfare_reserve_pct: z.number().min(0).max(100).nullable(),
        status: z.enum(STATUSES),
        data_source: z.enum(SOURCES),
      })
      .strict(),
    rules: (c): RuleBreak[] => [
      ...(Number(c.plots_used) > Number(c.capacity) ? [{ field: 'plots_used', code: 'exceeds', params: { other: 'capacity' } } as const] : []),
      ...(c.kind === 'commercial' && c.public_welfare_reserve_pct === null
        ? [{ field: 'public_welfare_reserve_pct', code: 'required_when', params: { other: 'kind', value: 'commercial' } } as const]
        : []),
    ],
    countyOf: countyOfGeometry,
    withinCity: true,
  },
}

export const funeralCollections = [funeralFacilitiesCollection, cemeteriesCollection]
