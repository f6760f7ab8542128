import type { DatabasePool } from 'slonik'
import { z } from 'zod'
import { sql } from '../db/sql'
import type { AuthUser } from '../auth/roles'
import { CsvSyntaxError, parseCsv } from '../http/csv'
import type { ErrorCode, ErrorParams } from '../http/error-codes'
import { importProblem, type RowError } from '../http/import-problem'
import { textProblem, valueErrors } from '../http/input-guard'
import { collectingProblems, fieldError, HttpProblem } from '../http/problem'
import type { WriteWarning } from '../ogc/collection'
import { constraintProblem, createFeatures, geometryErrors, parseGeometry, parseProperties } from '../ogc/ogc.write'
import type { WritableCollection } from '../ogc/ogc.write.queries'
import { placeNamesCollection, PLACE_NAME_STATUSES } from './place-names.collection'
import type { ImportSource } from './place-names.schemas'
import { CATEGORIES, type Category } from './romanize'
import type { Clash } from './duplicates'

/** The most records a file may hold: the city's whole register (23,000 census records), about 40 s (docs/benchmarks.md). */
export const MAX_IMPORT_ROWS = 25_000

/** The formats a file is read as, told apart by its first character (`{` for GeoJSON). */
export type ImportFormat = 'csv' | 'geojson'

/** A record of the file, as a feature to create: `row` is its CSV row (the header is row 1) or its place among the features (from 1). */
export type ImportRow = { row: number; properties: Record<string, unknown>; geometry: unknown }

/** What a file holds: its records, the CSV columns not imported, and what is wrong with it. */
export type PlaceNamesFile = { format: ImportFormat; rows: ImportRow[]; ignoredColumns: string[]; errors: RowError[] }

/** A clashing record as an import's warning names it; `row` when it is a record of the same file. */
type ClashRecord = Omit<Clash, 'same_name'> & { row?: number }

/** The duplicate and homophone warnings of one imported record (see {@link placeNamesCollection}'s `warnings`). */
export type RowWarnings = { row: number; name: string; warnings: WriteWarning[] }

/** What an import did, or on a dry run would do. */
export type ImportReport = {
  format: ImportFormat
  dry_run: boolean
  rows: number
  created: number
  ignored_columns: string[]
  warnings: RowWarnings[]
}

const collection = placeNamesCollection as WritableCollection

/** The properties a row may leave out, and what they are then. */
const OPTIONAL: Record<string, unknown> = {
  code: null, roman_spelling: null, sub_kind: null, division_code: null, meaning: null, origin: null, history: null,
  description: null, aliases: [], former_names: [], status: 'standard', protected: false, protection_list: null, source: null,
}

/** The category names of the 2022 条例 art. 3 a spreadsheet may write instead of the codes. */
const CATEGORY_NAMES = new Map<string, Category>(Object.entries({
  自然地理实体: 'natural', 行政区划: 'admin_division', 村民委员会: 'village_seat', 居民委员会: 'village_seat', '村（居）民委员会': 'village_seat',
  '村（居）民委员会所在地': 'village_seat', 城市公园: 'park', 自然保护地: 'park', '公园、自然保护地': 'park', '城市公园、自然保护地': 'park',
  街路巷: 'street', 住宅区: 'residential', 楼宇: 'residential', '住宅区、楼宇': 'residential', 设施: 'facility',
  '交通运输、水利、电力、通信、气象等设施': 'facility', 其他: 'other', 其他地名: 'other',
}) as [string, Category][])
/** The categories' names as a refused cell's options list them. */
const CATEGORY_OPTIONS = ['自然地理实体', '行政区划', '村（居）民委员会', '城市公园、自然保护地', '街路巷', '住宅区、楼宇', '设施', '其他']
const STATUS_NAMES = new Map<string, (typeof PLACE_NAME_STATUSES)[number]>([['标准', 'standard'], ['标准名称', 'standard'], ['拟用', 'proposed'], ['拟用名称', 'proposed'], ['废止', 'abolished'], ['已废止', 'abolished']])
const YES = new Set(['是', 'true', 'yes', '1', 'y'])
const NO = new Set(['否', 'false', 'no', '0', 'n', ''])

/** A property's Chinese title, as the census form heads its column (标准名称). */
const titleOf = (name: string) => collection.properties[name]!.title.split(' ')[0]!

const COORDINATE_TITLES = { lon: '经度', lat: '纬度' }

/** The CSV columns taken: each writable property but the data source, by its name or its Chinese title (标准名称), and the point's lon and lat. */
const CSV_COLUMNS = new Map<string, string>([
  ...['name', 'category', ...Object.keys(OPTIONAL)].flatMap((name): [string, string][] => [[name, name], [titleOf(name), name]]),
  ['lon', 'lon'], [COORDINATE_TITLES.lon, 'lon'], ['lat', 'lat'], [COORDINATE_TITLES.lat, 'lat'],
])
/** The columns a CSV must have, in the order errors list them. */
const REQUIRED_COLUMNS = ['name', 'category', 'lon', 'lat'] as const
const COLUMN_ORDER = [...REQUIRED_COLUMNS, ...Object.keys(OPTIONAL)]

type CellError = { code: ErrorCode; params?: ErrorParams }

/** The columns of the CSV template, by their Chinese titles: the required ones, then those staff fill most. */
const TEMPLATE_COLUMNS = ['name', 'category', 'sub_kind', 'lon', 'lat', 'roman_spelling', 'meaning', 'origin', 'history', 'aliases', 'former_names', 'status', 'source'] as const

/** The CSV template: its header row, with a byte-order mark so that a spreadsheet reads it as UTF-8. */
export function csvTemplate(): string {
  return `\uFEFF${TEMPLATE_COLUMNS.map((c) => (c === 'lon' || c === 'lat' ? COORDINATE_TITLES[c] : titleOf(c))).join(',')}\r\n`
}

/**
 * An error in a record's field (a property or CSV column), or with a null field in the
 * whole record: `row 3: name` in a CSV (its row as a spreadsheet shows it), `feature 3: name`
 * in GeoJSON (its place among the features, from 1).
 */
function rowError(format: ImportFormat, row: number, field: string | null, { code, params = {} }: CellError): RowError {
  const at = `${format === 'csv' ? 'row' : 'feature'} ${row}`
  const column = field === null ? -1 : COLUMN_ORDER.indexOf(field.split('.')[0]!)
  return { ...fieldError(field === null ? at : `${at}: ${field}`, code, { ...params, row }), row, column: column < 0 ? COLUMN_ORDER.length : column }
}

/** An error of the whole file, listed first. */
function fileError(code: ErrorCode, params?: ErrorParams): RowError {
  return { ...fieldError('file', code, params), row: 0, column: -1 }
}

/** The errors of a refused write, as errors of its row: `properties.name` becomes `row 3: name`. */
function problemRowErrors(format: ImportFormat, row: number, problem: HttpProblem): RowError[] {
  if (!problem.errors.length) return [rowError(format, row, null, { code: problem.code, params: problem.params })]
  return problem.errors.map((e) => rowError(format, row, e.field.replace(/^properties\./, ''), e))
}

/** A coordinate from a cell, or why not. */
function readCoordinate(cell: string): number | CellError {
  const value = cell.trim()
  if (value === '') return { code: 'empty' }
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : { code: 'not_a_number', params: { value: value.length > 20 ? `${value.slice(0, 20)}…` : value } }
}

/** A property from a CSV cell, as the collection's schema takes it (empty text is null), or why not. */
function readCell(property: string, cell: string): unknown | CellError {
  const value = cell.trim()
  const problem = textProblem(value)
  if (problem) return { code: problem }
  switch (property) {
    case 'name':
      return value
    case 'category':
      if ((CATEGORIES as readonly string[]).includes(value)) return value
      return CATEGORY_NAMES.get(value) ?? { code: 'not_one_of', params: { options: CATEGORY_OPTIONS } }
    case 'status':
      if (value === '') return 'standard'
      return (PLACE_NAME_STATUSES as readonly string[]).includes(value) ? value : (STATUS_NAMES.get(value) ?? { code: 'not_one_of', params: { options: ['标准', '拟用', '废止', ...PLACE_NAME_STATUSES] } })
    case 'protected':
      return YES.has(value.toLowerCase()) ? true : NO.has(value.toLowerCase()) ? false : { code: 'not_one_of', params: { options: ['是', '否'] } }
    case 'aliases':
      return value.split(/[;；、,，]/).map((v) => v.trim()).filter(Boolean)
    case 'former_names':
      return value.split(/[;；]/).map((v) => v.trim()).filter(Boolean)
    default:
      return value === '' ? null : value
  }
}

const isCellError = (value: unknown): value is CellError => typeof value === 'object' && value !== null && 'code' in value && !Array.isArray(value)

/**
 * Reads a CSV of place names: a header row naming at least name, category, lon and lat
 * (by these names or 标准名称, 类别, 经度, 纬度; any order; other columns of the register by
 * name or title; columns it does not know are ignored), then one point per row. Category
 * and status may be written in Chinese (街路巷, 拟用); aliases are separated by ；、 or a
 * comma, former names (名称|起年|止年) by ；. Blank rows are skipped.
 * @example readPlaceNamesCsv('标准名称,类别,经度,纬度\n中兴路,街路巷,113.29,33.74\n', 'register').rows[0].properties.category // 'street'
 */
export function readPlaceNamesCsv(text: string, source: ImportSource): PlaceNamesFile {
  const empty = (errors: RowError[], ignoredColumns: string[] = []): PlaceNamesFile => ({ format: 'csv', rows: [], ignoredColumns, errors })
  let records
  try {
    records = parseCsv(text).filter((r) => r.fields.some((f) => f.trim() !== ''))
  } catch (error) {
    if (error instanceof CsvSyntaxError) return empty([rowError('csv', error.row, null, { code: error.code })])
    throw error
  }
  const [header, ...data] = records
  if (!header) return empty([fileError('csv_empty', { columns: REQUIRED_COLUMNS.join(',') })])
  const names = header.fields.map((f) => f.trim())
  const columns = names.map((name) => CSV_COLUMNS.get(name) ?? CSV_COLUMNS.get(name.toLowerCase()) ?? null)
  const errors: RowError[] = []
  for (const property of new Set(columns.filter((c): c is string => c !== null))) {
    const count = columns.filter((c) => c === property).length
    if (count > 1) errors.push(rowError('csv', header.row, property, { code: 'csv_repeated_column', params: { count } }))
  }
  for (const property of REQUIRED_COLUMNS) {
    if (!columns.includes(property)) errors.push(rowError('csv', header.row, property, { code: 'csv_missing_column', params: { columns: names } }))
  }
  const ignoredColumns = names.filter((name, i) => name !== '' && columns[i] === null)
  if (errors.length) return empty(errors, ignoredColumns)
  if (data.length === 0) return empty([fileError('csv_no_rows')], ignoredColumns)
  if (data.length > MAX_IMPORT_ROWS) return empty([fileError('too_many_rows', { maximum: MAX_IMPORT_ROWS })], ignoredColumns)

  const rows = data.flatMap(({ row, fields }): ImportRow[] => {
    if (fields.length > names.length) {
      // Its cells may be shifted: checking them would only add misleading errors.
      errors.push(rowError('csv', row, null, { code: 'csv_wrong_cell_count', params: { count: fields.length, expected: names.length } }))
      return []
    }
    const properties: Record<string, unknown> = { ...OPTIONAL }
    const position: Record<'lon' | 'lat', number | null> = { lon: null, lat: null }
    let bad = false
    columns.forEach((property, i) => {
      if (property === null) return
      const cell = fields[i] ?? ''
      const value = property === 'lon' || property === 'lat' ? readCoordinate(cell) : readCell(property, cell)
      if (isCellError(value)) {
        errors.push(rowError('csv', row, property, value))
        bad = true
      } else if (property === 'lon' || property === 'lat') position[property] = value as number
      else properties[property] = value
    })
    if (bad) return []
    return [{ row, properties: { ...properties, data_source: source }, geometry: { type: 'Point', coordinates: [position.lon, position.lat] } }]
  })
  return { format: 'csv', rows, ignoredColumns, errors }
}

/**
 * Reads a GeoJSON FeatureCollection of place names: each feature's properties as the
 * `place_names` collection takes them (what it serves may be sent back: read-only
 * properties are dropped), the optional ones left out taking their defaults (status
 * standard, no aliases …); any geometry the register takes.
 */
export function readPlaceNamesGeoJson(text: string, source: ImportSource): PlaceNamesFile {
  const empty = (error: RowError): PlaceNamesFile => ({ format: 'geojson', rows: [], ignoredColumns: [], errors: [error] })
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return empty(fileError('invalid_json'))
  }
  // Text the database cannot hold, named by its feature and property where it is in one.
  const damaged = valueErrors(json).map((e) => {
    const at = /^features\.(\d+)(?:\.properties)?(?:\.(.+))?$/.exec(e.field)
    return at ? rowError('geojson', Number(at[1]) + 1, at[2] ?? null, e) : fileError(e.code)
  })
  if (damaged.length) return { format: 'geojson', rows: [], ignoredColumns: [], errors: damaged }
  const features = (json as { type?: unknown; features?: unknown }).features
  if ((json as { type?: unknown }).type !== 'FeatureCollection' || !Array.isArray(features)) return empty(fileError('not_a_feature_collection'))
  if (features.length === 0) return empty(fileError('no_features'))
  if (features.length > MAX_IMPORT_ROWS) return empty(fileError('too_many_rows', { maximum: MAX_IMPORT_ROWS }))
  const errors: RowError[] = []
  const rows = features.flatMap((feature: unknown, i): ImportRow[] => {
    const f = feature as { type?: unknown; properties?: unknown; geometry?: unknown } | null
    if (typeof f !== 'object' || f === null || f.type !== 'Feature' || (f.properties !== null && typeof f.properties !== 'object') || Array.isArray(f.properties)) {
      errors.push(rowError('geojson', i + 1, null, { code: 'not_a_feature' }))
      return []
    }
    return [{ row: i + 1, properties: { ...OPTIONAL, ...(f.properties as Record<string, unknown> | null), data_source: source }, geometry: f.geometry }]
  })
  return { format: 'geojson', rows, ignoredColumns: [], errors }
}

/** Reads a file of place names as GeoJSON when it starts with `{`, else as CSV; bytes that are not UTF-8 are refused. */
export function readPlaceNamesFile(bytes: Buffer, source: ImportSource): PlaceNamesFile {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '')
  } catch {
    return { format: 'csv', rows: [], ignoredColumns: [], errors: [fileError('invalid_unicode')] }
  }
  return text.trimStart().startsWith('{') ? readPlaceNamesGeoJson(text, source) : readPlaceNamesCsv(text, source)
}

/** Thrown to roll back a dry run's transaction, carrying its report out. */
class DryRun extends Error {
  constructor(readonly report: ImportReport) {
    super('dry run')
  }
}

/**
 * Imports the records of a file into the register, all or nothing, in one transaction:
 * each checked as an OGC create checks it (the schema, the geometry by PostGIS, the
 * characters of a new name, the user's counties; a code already taken) and audited as one.
 * The duplicate and homophone warnings of each record are read after all are written, so
 * that they name clashes within the file too (by row). A dry run does all of it and rolls
 * back. @throws HttpProblem `import_invalid` listing every row's errors; nothing is written.
 */
export async function importPlaceNames(db: DatabasePool, file: PlaceNamesFile, { user, dryRun }: { user: AuthUser; dryRun: boolean }): Promise<ImportReport> {
  const errors = [...file.errors]
  const prepared = file.rows.flatMap((r) => {
    const attempt = collectingProblems((problem) => errors.push(...problemRowErrors(file.format, r.row, problem)))
    const geometry = attempt(() => parseGeometry(collection, r.geometry))
    const properties = attempt(() => parseProperties(collection, r.properties))
    return geometry && properties ? [{ row: r.row, geometry, properties }] : []
  })
  // A code given twice is refused at its second row, which is not tried (the database would refuse it too).
  const firstRowOf = new Map<string, number>()
  const toWrite = prepared.filter((r) => {
    const code = r.properties.code
    if (typeof code !== 'string') return true
    const first = firstRowOf.get(code)
    if (first === undefined) firstRowOf.set(code, r.row)
    else errors.push(rowError(file.format, r.row, 'code', { code: file.format === 'csv' ? 'repeated_code' : 'repeated_feature_code', params: { first_row: first } }))
    return first === undefined
  })
  if (errors.length && toWrite.length === 0) throw importProblem(errors)
  try {
    return await db.transaction(async (tx) => {
      const geometryChecked = await geometryErrors(tx, collection, toWrite.map((r) => r.geometry))
      const codes = toWrite.flatMap((r) => (typeof r.properties.code === 'string' ? [r.properties.code] : []))
      // Deleted records keep their codes, as the register's unique key does.
      const taken = new Set(await tx.anyFirst(sql.type(z.object({ code: z.string() }))`SELECT code FROM place_names WHERE code = ANY(${sql.array(codes, 'text')})`))
      const valid = toWrite.filter((r, i) => {
        const geometryError = geometryChecked[i]
        if (geometryError) errors.push(rowError(file.format, r.row, 'geometry', geometryError))
        if (taken.has(r.properties.code as string)) errors.push(rowError(file.format, r.row, 'code', { code: 'taken' }))
        return !geometryError && !taken.has(r.properties.code as string)
      })
      const outcomes = await createFeatures(tx, collection, user, valid)
      const rowOf = new Map<string, number>()
      for (const [i, outcome] of outcomes.entries()) {
        if (outcome instanceof HttpProblem) errors.push(...problemRowErrors(file.format, valid[i]!.row, outcome))
        else rowOf.set(outcome, valid[i]!.row)
      }
      if (errors.length) throw importProblem(errors)
      const nameOf = new Map(valid.map((r) => [r.row, String(r.properties.name)]))
      const ids = [...rowOf.keys()]
      const found = (await collection.write.warnings?.(tx, ids.map((id) => ({ id, before: null })))) ?? []
      const warnings = ids.flatMap((id, i): RowWarnings[] => {
        const own = found[i] ?? []
        if (!own.length) return []
        const inFile = own.map((w) => ({ ...w, params: { ...w.params, records: (w.params?.records as ClashRecord[]).map((c) => (rowOf.has(c.id) ? { ...c, row: rowOf.get(c.id) } : c)) } }))
        return [{ row: rowOf.get(id)!, name: nameOf.get(rowOf.get(id)!)!, warnings: inFile }]
      })
      const report: ImportReport = { format: file.format, dry_run: dryRun, rows: file.rows.length, created: rowOf.size, ignored_columns: file.ignoredColumns, warnings }
      if (dryRun) throw new DryRun(report)
      return report
    })
  } catch (error) {
    if (error instanceof DryRun) return error.report
    throw constraintProblem(error, collection) ?? error
  }
}
