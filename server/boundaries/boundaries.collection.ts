import type { CollectionDescriptor } from '../ogc/collection'

/** Administrative boundary lines between two units of the same level. */
export const boundaryLinesCollection: CollectionDescriptor = {
  id: 'boundary_lines',
  title: '行政区域界线 Boundary lines',
  description: 'City-level lines between the city and each neighbour, and county-level lines inside the city',
  table: 'boundary_lines',
  idColumn: 'id',
  geometryColumn: 'geom',
  geometryType: 'MultiLineString',
  read: 'public',
  orderBy: ['level', 'id'],
  properties: {
    name: { type: 'string', title: '界线名称 Name', filterable: true },
    level: { type: 'string', title: '级别 Level', filterable: true, enum: ['city', 'county'] },
    left_code: { type: 'string', title: '一侧代码 Side A code', filterable: true },
    left_name: { type: 'string', title: '一侧 Side A' },
    right_code: { type: 'string', title: '另一侧代码 Side B code', filterable: true },
    right_name: { type: 'string', title: '另一侧 Side B' },
    length_km: { type: 'number', title: '长度（公里） Length (km)' },
  },
}

export const boundariesCollections = [boundaryLinesCollection]
