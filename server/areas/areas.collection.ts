import { sql } from '../db/sql'
import type { CollectionDescriptor } from '../ogc/collection'

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

/** Township-level units (乡镇/街道); their areas may be approximate. */
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
    kind: { type: 'string', title: '类型 Kind', filterable: true, enum: ['street', 'town', 'township', 'other'] },
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
}

export const areasCollections = [countiesCollection, townshipsCollection]
