import { z } from 'zod'
import { sql } from '../db/sql'
import { M2_PER_MU } from '../geo/area-units'
import { countyOfGeometry } from '../geo/county-of'
import type { CollectionDescriptor } from '../ogc/collection'

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
        name: z.string().trim().min(1, 'must not be empty').max(100),
        kind: z.enum(['funeral_home', 'service_station', 'columbarium']),
        capacity: z.number().int().min(0, 'must not be negative'),
        used: z.number().int().min(0, 'must not be negative'),
        status: z.enum(STATUSES),
        data_source: z.enum(SOURCES),
      })
      .strict(),
    rules: (f) => (Number(f.used) > Number(f.capacity) ? [{ field: 'used', reason: 'cannot exceed capacity' }] : []),
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
        name: z.string().trim().min(1, 'must not be empty').max(100),
        kind: z.enum(['urban_public', 'rural_public', 'commercial']),
        level: z.enum(['city', 'county', 'township']),
        capacity: z.number().int().min(0, 'must not be negative'),
        plots_used: z.number().int().min(0, 'must not be negative'),
        green_coverage_pct: z.number().min(0).max(100),
        eco_burial_pct: z.number().min(0).max(100),
        public_welfare_reserve_pct: z.number().min(0).max(100).nullable(),
        status: z.enum(STATUSES),
        data_source: z.enum(SOURCES),
      })
      .strict(),
    rules: (c) => [
      ...(Number(c.plots_used) > Number(c.capacity) ? [{ field: 'plots_used', reason: 'cannot exceed capacity' }] : []),
      ...(c.kind === 'commercial' && c.public_welfare_reserve_pct === null
        ? [{ field: 'public_welfare_reserve_pct', reason: 'is required for a commercial cemetery' }]
        : []),
    ],
    countyOf: countyOfGeometry,
    withinCity: true,
  },
}

export const funeralCollections = [funeralFacilitiesCollection, cemeteriesCollection]
