import { z } from 'zod'
import { sql } from '../db/sql'
import { count, pattern } from '../http/fields'
import type { CollectionDescriptor } from '../ogc/collection'

/**
 * The most people one community or village may be recorded with: the largest urban
 * communities have some tens of thousands. With a few thousand units, a city's sum stays
 * far below the integer range (and sums are taken as bigint anyway).
 */
export const MAX_COMMUNITY_POPULATION = 500_000

const areaKm2 = sql.fragment`round((ST_Area(t.geom::geography) / 1e6)::numeric, 2)::float8`

/** County-level units: the city's own (`is_home`) and its neighbours'. */
export const countiesCollection: CollectionDescriptor = {
  id: 'counties',
  title: '县级行政区 County-level units',
  description: 'Districts, counties and county-level cities of the city and of its neighbouring cities',
  table: 'counties',
  idColumn: 'code',
  geometryColumn: 'geom',
  geometryType: 'MultiPolygon',
  read: 'public',
  properties: {
    code: { type: 'string', title: '区划代码 Code', filterable: true },
    name: { type: 'string', title: '名称 Name', filterable: true },
    city_code: { type: 'string', title: '所属市代码 City code', filterable: true },
    city_name: { type: 'string', title: '所属市 City', filterable: true },
    is_home: { type: 'boolean', title: '本市 In this city', filterable: true },
    area_km2: { type: 'number', title: '面积（平方公里） Area (km²)', expression: areaKm2 },
  },
}

const TOWNSHIP_KINDS = ['street', 'town', 'township', 'other'] as const

/**
 * Township-level units (乡镇/街道); their areas may be approximate. Administrators edit
 * them: to replace an approximate area with the surveyed one, or to record a renaming.
 */
export const townshipsCollection: CollectionDescriptor = {
  id: 'townships',
  title: '乡级行政区 Township-level units',
  description: 'Streets (街道), towns (镇) and townships (乡); geometry_source says whether the area is surveyed or approximate',
  table: 'townships',
  idColumn: 'code',
  geometryColumn: 'geom',
  geometryType: 'MultiPolygon',
  read: 'public',
  properties: {
    code: { type: 'string', title: '区划代码 Code', filterable: true },
    name: { type: 'string', title: '名称 Name', filterable: true },
    kind: { type: 'string', title: '类型 Kind', filterable: true, enum: TOWNSHIP_KINDS },
    county_code: { type: 'string', title: '所在县级区划 County', filterable: true },
    county_name: {
      type: 'string',
      title: '所在县级区划名称 County name',
      expression: sql.fragment`(SELECT c.name FROM counties c WHERE c.code = t.county_code)`,
    },
    admin_code: { type: 'string', title: '管辖单位代码 Administered by', filterable: true },
    geometry_source: {
      type: 'string',
      title: '边界来源 Geometry source',
      description: 'approximate: generated, not the surveyed boundary',
      filterable: true,
      enum: ['approximate', 'surveyed'],
    },
    area_km2: { type: 'number', title: '面积（平方公里） Area (km²)', expression: areaKm2 },
  },
  write: {
    roles: [],
    properties: z
      .object({
        code: pattern(/^\d{9}$/, 'bad_township_code'),
        name: z.string().trim().min(1).max(50),
        kind: z.enum(TOWNSHIP_KINDS),
        county_code: pattern(/^\d{6}$/, 'bad_county_code'),
        admin_code: pattern(/^\d{6}$/, 'bad_county_code'),
        geometry_source: z.enum(['approximate', 'surveyed']),
      })
      .strict(),
    countyOf: sql.fragment`t.county_code`,
  },
}

/** Population and population aged 60+ of an area: sums over the communities of the townships `townshipsWhere` selects (alias `s`). */
function populationProperties(townshipsWhere: ReturnType<typeof sql.fragment>) {
  const sum = (column: 'population' | 'population_60plus') =>
    sql.fragment`(SELECT coalesce(sum(m.${sql.identifier([column])}), 0)::bigint FROM communities m
      JOIN townships s ON s.code = m.township_code WHERE m.deleted_at IS NULL AND s.deleted_at IS NULL AND ${townshipsWhere})`
  return {
    population: { type: 'integer', title: '人口 Population', description: 'Sum over the communities and villages inside', expression: sum('population') },
    population_60plus: { type: 'integer', title: '60岁以上人口 Aged 60+', expression: sum('population_60plus') },
  } as const
}

Object.assign(countiesCollection.properties, populationProperties(sql.fragment`s.county_code = t.code`))
Object.assign(townshipsCollection.properties, populationProperties(sql.fragment`s.code = t.code`))

/**
 * The county-level units with generalised outlines (`counties.geom_generalised`, within
 * about 110 m of the full ones, a tenth of their size): for small-scale maps such as the
 * web app's overview. Same ids and properties as `counties`.
 */
export const countiesGeneralisedCollection: CollectionDescriptor = {
  ...countiesCollection,
  id: 'counties_generalised',
  title: '县级行政区（概略） County-level units, generalised',
  description: 'The county-level units with outlines simplified to within 0.001° (about 110 m), for small-scale maps; full outlines in counties',
  geometryColumn: 'geom_generalised',
}

/** Communities (社区) and administrative villages (行政村) with their population. */
export const communitiesCollection: CollectionDescriptor = {
  id: 'communities',
  title: '社区和行政村 Communities and villages',
  description: 'Communities and villages with total population and population aged 60+; data_source says whether the figures are generated',
  table: 'communities',
  idColumn: 'code',
  geometryColumn: 'geom',
  geometryType: 'Point',
  read: 'public',
  properties: {
    code: { type: 'string', title: '代码 Code', filterable: true },
    name: { type: 'string', title: '名称 Name', filterable: true },
    kind: { type: 'string', title: '类型 Kind', filterable: true, enum: ['community', 'village'] },
    township_code: { type: 'string', title: '所在乡镇（街道） Township', filterable: true },
    county_code: {
      type: 'string',
      title: '所在县级区划 County',
      filterable: true,
      expression: sql.fragment`(SELECT s.county_code FROM townships s WHERE s.code = t.township_code)`,
    },
    population: { type: 'integer', title: '人口 Population' },
    population_60plus: { type: 'integer', title: '60岁以上人口 Aged 60+' },
    data_source: { type: 'string', title: '数据来源 Source', filterable: true, enum: ['generated', 'census', 'survey'] },
  },
  write: {
    roles: [],
    properties: z
      .object({
        code: pattern(/^\d{12}$/, 'bad_community_code'),
        name: z.string().trim().min(1).max(50),
        kind: z.enum(['community', 'village']),
        township_code: pattern(/^\d{9}$/, 'bad_township_code'),
        population: count(MAX_COMMUNITY_POPULATION),
        population_60plus: count(MAX_COMMUNITY_POPULATION),
        data_source: z.enum(['generated', 'census', 'survey']),
      })
      .strict(),
    rules: (c) =>
      Number(c.population_60plus) > Number(c.population) ? [{ field: 'population_60plus', code: 'exceeds', params: { other: 'population' } } as const] : [],
    countyOf: sql.fragment`(SELECT s.county_code FROM townships s WHERE s.code = t.township_code)`,
  },
}

export const areasCollections = [countiesCollection, countiesGeneralisedCollection, townshipsCollection, communitiesCollection]
