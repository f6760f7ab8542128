import { diffFields, type FieldChange } from '../auth/audit'
import { CsvSyntaxError, parseCsv } from '../http/csv'
import type { ErrorCode, ErrorParams } from '../http/error-codes'
import type { RowError } from '../http/import-problem'
import { fieldError } from '../http/problem'
import { MAX_COMMUNITY_POPULATION } from './areas.collection'

/** Where official population figures come from; stored as the communities' `data_source`. */
export const POPULATION_SOURCES = ['census', 'survey'] as const
export type PopulationSource = (typeof POPULATION_SOURCES)[number]

/** The columns a population CSV must have, in the order errors list them. */
export const POPULATION_COLUMNS = ['code', 'population', 'population_60plus'] as const

/** A data row of a population CSV; a figure or code is null when its cell is bad (and an error says why). */
export type PopulationRow = { row: number; code: string | null; population: number | null; population_60plus: number | null }

/** A data row whose cells are all good. */
export type ValidPopulationRow = { row: number; code: string; population: number; population_60plus: number }

/** What a population CSV holds: its data rows, the columns that are not imported, and what is wrong with it. */
export type PopulationTable = { rows: PopulationRow[]; ignoredColumns: string[]; errors: RowError[] }

/** A community's figures as stored. */
export type CommunityFigures = { code: string; population: number; population_60plus: number; data_source: string; county_code: string | null }

/** A change to one community: its new figures and, for the audit log, each changed field's old and new value. */
export type PopulationUpdate = { code: string; population: number; population_60plus: number; changes: Record<string, FieldChange> }

type CellError = { code: ErrorCode; params?: ErrorParams }

/** An error in a cell (or, with a null column, a whole row); the field reads `row 3: population`, and the params carry row and column. */
function rowError(row: number, column: string | null, { code, params = {} }: CellError): RowError {
  const index = column === null ? -1 : POPULATION_COLUMNS.indexOf(column as (typeof POPULATION_COLUMNS)[number])
  const field = column === null ? `row ${row}` : `row ${row}: ${column}`
  return { ...fieldError(field, code, { ...params, row, ...(column === null ? {} : { column }) }), row, column: index }
}

/** A head count from a cell: a whole number from 0 to MAX_COMMUNITY_POPULATION, or why not. */
function readFigure(cell: string): number | CellError {
  const value = cell.trim()
  if (value === '') return { code: 'empty' }
  if (/^\d+$/.test(value)) return Number(value) <= MAX_COMMUNITY_POPULATION ? Number(value) : { code: 'too_big', params: { maximum: MAX_COMMUNITY_POPULATION } }
  if (/^-\s*\d+(\.\d*)?$/.test(value)) return { code: 'too_small', params: { minimum: 0 } }
  return { code: 'not_a_count', params: { value: value.length > 20 ? `${value.slice(0, 20)}…` : value } }
}

/** A community or village code from a cell, or why not. */
function readCode(cell: string): { code: string } | { error: CellError } {
  const value = cell.trim()
  if (value === '') return { error: { code: 'empty' } }
  if (/^\d{12}$/.test(value)) return { code: value }
  if (/^\d(\.\d+)?e\+?\d+$/i.test(value)) return { error: { code: 'code_as_number', params: { value } } }
  return { error: { code: 'bad_community_code' } }
}

/**
 * Reads a CSV of population figures: a header row naming at least `code`, `population`
 * and `population_60plus` (any order, any case; other columns are ignored), then one row
 * per community. Checks each row on its own: a 12-digit code given once, whole numbers
 * ≥ 0, no more people aged 60+ than people. Blank rows are skipped. Whether the codes
 * exist is for the caller to check (`unknownCodeErrors`).
 * @example readPopulationCsv('code,population,population_60plus\n410402001001,1200,300\n').rows
 *   // [{ row: 2, code: '410402001001', population: 1200, population_60plus: 300 }]
 */
export function readPopulationCsv(text: string): PopulationTable {
  let records
  try {
    records = parseCsv(text).filter((r) => r.fields.some((f) => f.trim() !== ''))
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { rows: [], ignoredColumns: [], errors: [rowError(error.row, null, { code: error.code })] }
    throw error
  }
  const [header, ...data] = records
  if (!header) {
    return { rows: [], ignoredColumns: [], errors: [{ ...fieldError('body', 'csv_empty', { columns: POPULATION_COLUMNS.join(',') }), row: 0, column: -1 }] }
  }
  const names = header.fields.map((f) => f.trim())
  const errors: RowError[] = []
  const index = {} as Record<(typeof POPULATION_COLUMNS)[number], number>
  for (const column of POPULATION_COLUMNS) {
    const found = names.flatMap((name, i) => (name.toLowerCase() === column ? [i] : []))
    if (found.length === 0) errors.push(rowError(header.row, column, { code: 'csv_missing_column', params: { columns: names } }))
    if (found.length > 1) errors.push(rowError(header.row, column, { code: 'csv_repeated_column', params: { count: found.length } }))
    index[column] = found[0]!
  }
  const ignoredColumns = names.filter((name) => name !== '' && !(POPULATION_COLUMNS as readonly string[]).includes(name.toLowerCase()))
  if (errors.length) return { rows: [], ignoredColumns, errors }
  if (data.length === 0) {
    return { rows: [], ignoredColumns, errors: [{ ...fieldError('body', 'csv_no_rows'), row: 0, column: -1 }] }
  }

  const firstRowOf = new Map<string, number>()
  const rows = data.map(({ row, fields }): PopulationRow => {
    if (fields.length > names.length) {
      // Its cells may be shifted: checking them would only add misleading errors.
      errors.push(rowError(row, null, { code: 'csv_wrong_cell_count', params: { count: fields.length, expected: names.length } }))
      return { row, code: null, population: null, population_60plus: null }
    }
    const code = readCode(fields[index.code] ?? '')
    const population = readFigure(fields[index.population] ?? '')
    const old = readFigure(fields[index.population_60plus] ?? '')
    if ('error' in code) errors.push(rowError(row, 'code', code.error))
    else if (firstRowOf.has(code.code)) errors.push(rowError(row, 'code', { code: 'repeated_code', params: { first_row: firstRowOf.get(code.code)! } }))
    else firstRowOf.set(code.code, row)
    if (typeof population !== 'number') errors.push(rowError(row, 'population', population))
    if (typeof old !== 'number') errors.push(rowError(row, 'population_60plus', old))
    if (typeof population === 'number' && typeof old === 'number' && old > population) {
      errors.push(rowError(row, 'population_60plus', { code: 'exceeds_figure', params: { other: 'population', value: population } }))
    }
    return {
      row,
      code: 'code' in code ? code.code : null,
      population: typeof population === 'number' ? population : null,
      population_60plus: typeof old === 'number' ? old : null,
    }
  })
  return { rows, ignoredColumns, errors }
}

/** Errors for the rows whose well-formed code is not a live community or village. */
export function unknownCodeErrors(rows: readonly PopulationRow[], known: ReadonlyMap<string, unknown>): RowError[] {
  return rows
    .filter((r) => r.code !== null && !known.has(r.code))
    .map((r) => rowError(r.row, 'code', { code: 'unknown_community', params: { code: r.code! } }))
}

/** The rows, when every cell of every row is good (no errors were found). */
export function validRows(rows: readonly PopulationRow[]): ValidPopulationRow[] {
  return rows.filter((r): r is ValidPopulationRow => r.code !== null && r.population !== null && r.population_60plus !== null)
}

/** Errors for the rows whose community lies outside the counties a scoped user may edit (none for an unscoped user). */
export function outOfScopeErrors(
  countyCodes: readonly string[],
  rows: readonly ValidPopulationRow[],
  current: ReadonlyMap<string, CommunityFigures>,
): RowError[] {
  if (countyCodes.length === 0) return []
  return rows.flatMap((r) => {
    const county = current.get(r.code)?.county_code ?? null
    return county !== null && countyCodes.includes(county)
      ? []
      : [rowError(r.row, 'code', { code: 'outside_counties', params: { county: county ?? 'none', allowed: [...countyCodes] } })]
  })
}

/**
 * What an import changes: for each row whose figures or source differ from the stored
 * ones, the new figures and the changed fields (as an OGC update of the community would
 * audit them); rows that change nothing are only counted.
 * @example planPopulationUpdate([{ row: 2, code: 'c', population: 10, population_60plus: 2 }],
 *   new Map([['c', { code: 'c', population: 9, population_60plus: 2, data_source: 'census', county_code: null }]]), 'census')
 *   // { updates: [{ code: 'c', population: 10, population_60plus: 2, changes: { population: { old: 9, new: 10 } } }], unchanged: 0 }
 */
export function planPopulationUpdate(
  rows: readonly ValidPopulationRow[],
  current: ReadonlyMap<string, CommunityFigures>,
  source: PopulationSource,
): { updates: PopulationUpdate[]; unchanged: number } {
  const updates: PopulationUpdate[] = []
  for (const r of rows) {
    const before = current.get(r.code)
    if (!before) throw new Error(`community ${r.code} was not looked up`)
    const changes = diffFields(
      { population: before.population, population_60plus: before.population_60plus, data_source: before.data_source },
      { population: r.population, population_60plus: r.population_60plus, data_source: source },
    )
    if (Object.keys(changes).length) updates.push({ code: r.code, population: r.population, population_60plus: r.population_60plus, changes })
  }
  return { updates, unchanged: rows.length - updates.length }
}
