import { z } from 'zod'
import { sql } from '../db/sql'
import { countyOfGeometry } from '../geo/county-of'
import type { CollectionDescriptor } from '../ogc/collection'
import { ROAD_CLASSES, ROAD_SOURCES } from './roads-import'

/**
 * The walking network's streets and paths. Any write makes the graph stale (the roads'
 * change generation moves on), and ensureRoadGraph rebuilds it on its next use.
 */
export const roadsCollection: CollectionDescriptor = {
  id: 'roads',
  title: '道路 Roads and paths',
  description: 'Street and path centrelines people walk on (OSM highway classes), the source of the walking network',
  table: 'roads',
  idColumn: 'id',
  geometryColumn: 'geom',
  geometryType: 'LineString',
  read: 'public',
  properties: {
    name: { type: 'string', title: '名称 Name', filterable: true },
    class: { type: 'string', title: '等级 Class', description: 'The OSM highway value', filterable: true, enum: ROAD_CLASSES },
    walkable: { type: 'boolean', title: '可步行 Walkable', filterable: true },
    oneway: { type: 'boolean', title: '单行 One-way', description: 'Kept from the source; walking ignores it' },
    osm_id: { type: 'integer', title: 'OSM way', expression: sql.fragment`t.osm_id::float8` },
    data_source: { type: 'string', title: '数据来源 Source', filterable: true, enum: ROAD_SOURCES },
    length_m: { type: 'number', title: '长度（米） Length (m)', expression: sql.fragment`round(ST_Length(t.geom::geography)::numeric, 1)::float8` },
  },
  write: {
    roles: [],
    properties: z
      .object({
        name: z.string().trim().min(1).max(100).nullable(),
        class: z.enum(ROAD_CLASSES),
        walkable: z.boolean(),
        oneway: z.boolean(),
        data_source: z.enum(ROAD_SOURCES),
      })
      .strict(),
    countyOf: countyOfGeometry,
  },
}

export const roadsCollections = [roadsCollection]
