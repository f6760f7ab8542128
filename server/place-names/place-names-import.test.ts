import { describe, expect, it } from 'vitest'
import { readPlaceNamesCsv, readPlaceNamesFile } from './place-names-import'

describe('readPlaceNamesCsv', () => {
  it('reads the census form’s Chinese headers and words as the register’s fields', () => {
    const file = readPlaceNamesCsv(
      '标准名称,类别,经度,纬度,状态,列入保护名录,保护名录,别名,曾用名,备注\r\n' +
        '郏县,行政区划,113.21,33.97,标准,是,千年古县,"龙城、汝坟；古郏",郏城|1958|1960；郏州||1913\r\n' +
        '试导路,住宅区、楼宇,113.2,33.7,拟用,否,,,,\r\n',
      'census',
    )
    expect(file.errors).toEqual([])
    expect(file.ignoredColumns).toEqual(['备注'])
    expect(file.rows[0]).toMatchObject({
      row: 2,
      geometry: { type: 'Point', coordinates: [113.21, 33.97] },
      properties: { name: '郏县', category: 'admin_division', status: 'standard', protected: true, protection_list: '千年古县', aliases: ['龙城', '汝坟', '古郏'], former_names: ['郏城|1958|1960', '郏州||1913'], data_source: 'census', code: null },
    })
    expect(file.rows[1]!.properties).toMatchObject({ category: 'residential', status: 'proposed', protected: false, aliases: [], former_names: [], protection_list: null })
  })

  it('names each bad cell by its row and column, and a row with too many cells as a whole', () => {
    const file = readPlaceNamesCsv('name,category,lon,lat,protected\n甲路,road,113,33,也许\n乙路,street,113,33,否,多余\n', 'register')
    expect(file.rows).toEqual([])
    expect(file.errors.map((e) => [e.field, e.code])).toEqual([
      ['row 2: category', 'not_one_of'],
      ['row 2: protected', 'not_one_of'],
      ['row 3', 'csv_wrong_cell_count'],
    ])
  })

  it('refuses a header that names a column twice (by its name and its title) or lacks one', () => {
    const file = readPlaceNamesCsv('name,标准名称,lon,lat\n甲路,甲路,113,33\n', 'register')
    expect(file.errors.map((e) => [e.field, e.code])).toEqual([['row 1: name', 'csv_repeated_column'], ['row 1: category', 'csv_missing_column']])
  })

  it('takes a column or a cell named like an object’s own members as text, not as them', () => {
    const file = readPlaceNamesCsv('name,category,lon,lat,constructor,__proto__,toString\n甲路,constructor,113,33,,,\n乙路,__proto__,113,33,,,\n', 'register')
    expect(file.ignoredColumns).toEqual(['constructor', '__proto__', 'toString'])
    expect(file.errors.map((e) => [e.field, e.code])).toEqual([['row 2: category', 'not_one_of'], ['row 3: category', 'not_one_of']])
  })
})

describe('readPlaceNamesFile', () => {
  it('reads GeoJSON when the file starts with {, after a byte-order mark and spaces', () => {
    const geojson = Buffer.from('\uFEFF  {"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"name":"甲路"}}]}')
    const file = readPlaceNamesFile(geojson, 'register')
    expect(file.format).toBe('geojson')
    expect(file.rows[0]!.properties).toMatchObject({ name: '甲路', status: 'standard', data_source: 'register' })
  })
})
