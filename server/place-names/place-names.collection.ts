import { z } from 'zod'
import { sql } from '../db/sql'
import { countyOfGeometry, townshipOfGeometry } from '../geo/county-of'
import { issue } from '../http/fields'
import { badRequest, fieldError, HttpProblem } from '../http/problem'
import type { CollectionDescriptor } from '../ogc/collection'
import { nonstandardCharacters } from './characters'
import { FormerName, RomanSpelling, StandardName } from './place-names.schemas'
import { CATEGORIES, romanize, type Category } from './romanize'
import { placeNameSearchColumns } from './search-forms'
import { placeNameWriteWarnings } from './duplicates'

export const PLACE_NAME_STATUSES = ['standard', 'proposed', 'abolished'] as const
export const PLACE_NAME_SOURCES = ['generated', 'census', 'register'] as const

/** The register's code: the county-level code where the name is registered, PN and a serial (410425PN00001). */
export const PLACE_NAME_CODE = /^[0-9]{6}PN[0-9]{5}$/

const isoTime = (column: string) => sql.fragment`to_char(${sql.identifier(['t', column])} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`

const text = (max: number) => z.string().max(max).nullable()
const code = (re: RegExp, code: 'bad_place_name_code' | 'bad_format', params = {}) =>
  z.string().superRefine((value, ctx) => {
    if (!re.test(value)) issue(ctx, code, params)
  })

/**
 * The place-names register (地名录): standard names with the fields of the Second National
 * Place-Name Census form. A record is a point, a line (a street) or an area (a residential
 * area, a county), so the collection's geometry type is `Geometry`.
 */
export const placeNamesCollection: CollectionDescriptor = {
  id: 'place_names',
  title: '地名 Place names',
  description:
    'The standard place names of the city, by the categories of the 2022 地名管理条例 art. 3, with their Roman spelling, meaning, origin, history and former names',
  table: 'place_names',
  idColumn: 'id',
  geometryColumn: 'geom',
  geometryType: 'Geometry',
  read: 'public',
  properties: {
    code: { type: 'string', title: '地名代码 Code', description: 'County-level code, PN and a serial number (410425PN00001); null while proposed', filterable: true },
    name: { type: 'string', title: '标准名称 Standard name', filterable: true },
    roman_spelling: { type: 'string', title: '罗马字母拼写 Roman spelling', description: 'Hanyu Pinyin without tone marks; suggested from the name when left empty' },
    category: { type: 'string', title: '类别 Category', description: 'The categories of the 2022 地名管理条例 art. 3', filterable: true, enum: CATEGORIES },
    sub_kind: { type: 'string', title: '小类 Sub-kind', description: 'The generic kind: 路, 街, 巷, 大道, 桥, 广场, 小区, 山, 河, 县, 镇 …', filterable: true },
    division_code: { type: 'string', title: '行政区划代码 Division code', description: 'Of an administrative division', filterable: true },
    county_code: { type: 'string', title: '所在县级区划 County', filterable: true, expression: countyOfGeometry },
    township_code: { type: 'string', title: '所在乡级区划 Township', filterable: true, expression: townshipOfGeometry },
    meaning: { type: 'string', title: '含义 Meaning' },
    origin: { type: 'string', title: '来历 Origin' },
    history: { type: 'string', title: '沿革 History' },
    description: { type: 'string', title: '地理实体概况 Description' },
    aliases: { type: 'array', title: '别名 Aliases', expression: sql.fragment`to_json(t.aliases)` },
    former_names: {
      type: 'array',
      title: '曾用名 Former names',
      description: 'Each written name|from year|to year (湛南路|1958|1984); a year may be empty',
      expression: sql.fragment`to_json(t.former_names)`,
    },
    status: { type: 'string', title: '状态 Status', filterable: true, enum: PLACE_NAME_STATUSES },
    protected: { type: 'boolean', title: '列入保护名录 Protected', filterable: true },
    protection_list: { type: 'string', title: '保护名录 Protection list', description: 'e.g. 千年古县; required when protected' },
    source: { type: 'string', title: '资料来源 Source', description: 'The approval document or census sheet' },
    data_source: { type: 'string', title: '数据来源 Data source', filterable: true, enum: PLACE_NAME_SOURCES },
    created_at: { type: 'string', title: '创建时间 Created', expression: isoTime('created_at') },
    updated_at: { type: 'string', title: '更新时间 Updated', expression: isoTime('updated_at') },
  },
  write: {
    roles: ['placename_editor'],
    properties: z
      .object({
        code: code(PLACE_NAME_CODE, 'bad_place_name_code').nullable(),
        name: StandardName,
        roman_spelling: RomanSpelling.nullable().optional(),
        category: z.enum(CATEGORIES),
        sub_kind: z.string().trim().min(1).max(20).nullable(),
        division_code: code(/^[0-9]{6}([0-9]{3})?$/, 'bad_format', { format: 'a 6- or 9-digit division code' }).nullable(),
        meaning: text(2000),
        origin: text(2000),
        history: text(2000),
        description: text(2000),
        aliases: z.array(StandardName).max(20),
        former_names: z.array(FormerName).max(20),
        status: z.enum(PLACE_NAME_STATUSES),
        protected: z.boolean(),
        protection_list: z.string().trim().min(1).max(200).nullable(),
        source: text(500),
        data_source: z.enum(PLACE_NAME_SOURCES),
      })
      .strict(),
    // The search columns are no properties: always absent from a write, so always filled here.
    check: async (_db, { before, after }) => {
      if (!after) return
      const name = String(after.properties.name)
      const renamed = before !== null && before.properties.name !== name
      // A protected name is renamed only by a case, which records its protection measures first (条例 arts. 10, 25).
      if (renamed && before.properties.protected) {
        const params = { name: String(before.properties.name) }
        throw new HttpProblem(409, 'protected_name_rename', params, [fieldError('properties.name', 'protected_name_rename', params)])
      }
      // A name given, changed or brought back into use is written in the 通用规范汉字表; one kept as it was stored is not checked again.
      const given = before === null || renamed || before.properties.status === 'abolished'
      const outside = given && after.properties.status !== 'abolished' ? nonstandardCharacters(name) : null
      if (outside) throw badRequest([fieldError('properties.name', outside.code, outside.params)])
    },
    defaults: (p) => {
      const spelling = (p.roman_spelling as string | null | undefined) || romanize(String(p.name), p.category as Category).spelling
      return { roman_spelling: spelling, ...placeNameSearchColumns({ ...(p as { name: string; aliases: string[]; former_names: string[] }), roman_spelling: spelling }) }
    },
    warnings: placeNameWriteWarnings,
    rules: (p) => (p.protected && !p.protection_list ? [{ field: 'protection_list', code: 'required_when', params: { other: 'protected', value: 'true' } }] : []),
    countyOf: countyOfGeometry,
    // Not withinCity: the divisions' polygons are the base geography's approximations, and
    // some run past the city's edge, as townships' do; a name's county is where a point on it lies.
  },
}

export const placeNamesCollections = [placeNamesCollection]
