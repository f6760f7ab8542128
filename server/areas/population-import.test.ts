import { describe, expect, it } from 'vitest'
import { importProblem } from '../http/import-problem'
import { outOfScopeErrors, planPopulationUpdate, readPopulationCsv, unknownCodeErrors, type CommunityFigures } from './population-import'

const A = '410402001001'
const B = '410402001002'

function stored(code: string, population: number, old: number, source = 'generated', county: string | null = '410402'): [string, CommunityFigures] {
  return [code, { code, population, population_60plus: old, data_source: source, county_code: county }]
}

describe('readPopulationCsv', () => {
  it('finds the columns by name in any order and case, and lists the others as ignored', () => {
    const table = readPopulationCsv(`名称,Population_60plus, code ,POPULATION\n东风社区,300,${A},1200\n`)
    expect(table).toEqual({ rows: [{ row: 2, code: A, population: 1200, population_60plus: 300 }], ignoredColumns: ['名称'], errors: [] })
  })

  it('names a column given twice in the header', () => {
    const { errors } = readPopulationCsv(`code,population,population_60plus,code\n${A},1,0,${B}\n`)
    expect(errors.map((e) => [e.field, e.reason])).toEqual([['row 1: code', 'column appears 2 times in the header']])
  })

  it('counts blank rows in the row numbers but skips them', () => {
    const { rows, errors } = readPopulationCsv(`code,population,population_60plus\n\n,,\n${A},10,-1\n`)
    expect(errors).toEqual([
      { row: 4, column: 2, field: 'row 4: population_60plus', code: 'too_small', params: { minimum: 0, row: 4, column: 'population_60plus' }, reason: 'must be at least 0' },
    ])
    expect(rows).toEqual([{ row: 4, code: A, population: 10, population_60plus: null }])
  })

  it('refuses a figure beyond the largest community (regression: 2147483647 broke every sum over townships)', () => {
    const { errors } = readPopulationCsv(`code,population,population_60plus\n${A},2147483647,0\n${B},500001,0\n`)
    expect(errors.map((e) => [e.field, e.code, e.params?.maximum])).toEqual([
      ['row 2: population', 'too_big', 500_000],
      ['row 3: population', 'too_big', 500_000],
    ])
  })
})

describe('unknownCodeErrors', () => {
  it('names the rows whose well-formed code is not stored, and skips bad codes', () => {
    const rows = [
      { row: 2, code: A, population: 1, population_60plus: 0 },
      { row: 3, code: B, population: 1, population_60plus: 0 },
      { row: 4, code: null, population: 1, population_60plus: 0 },
    ]
    expect(unknownCodeErrors(rows, new Map([stored(A, 1, 0)])).map((e) => e.field)).toEqual(['row 3: code'])
  })
})

describe('importProblem', () => {
  it('lists errors in file order, at most 100, with the count', () => {
    const errors = Array.from({ length: 120 }, (_, i) => ({ row: 121 - i, column: 0, field: `row ${121 - i}: code`, code: 'empty' as const, reason: 'x' }))
    const problem = importProblem(errors)
    expect(problem.status).toBe(400)
    expect(problem.errors).toHaveLength(100)
    expect(problem.errors[0]).toEqual({ field: 'row 2: code', code: 'empty', reason: 'x' })
    expect(problem.extensions).toEqual({ error_count: 120 })
    expect(problem.code).toBe('import_invalid')
    expect(problem.detail).toBe('The file has 120 error(s); 100 are listed. Nothing was imported.')
  })
})

describe('outOfScopeErrors', () => {
  const rows = [{ row: 2, code: A, population: 1, population_60plus: 0 }]
  it('lets an unscoped user import anywhere, and a scoped one only in its counties', () => {
    const current = new Map([stored(A, 1, 0)])
    expect(outOfScopeErrors([], rows, current)).toEqual([])
    expect(outOfScopeErrors(['410402'], rows, current)).toEqual([])
    expect(outOfScopeErrors(['410403'], rows, current).map((e) => e.reason)).toEqual(['is in county 410402, outside the counties you may edit (410403)'])
  })
})

describe('planPopulationUpdate', () => {
  it('changes only the rows whose figures or source differ, with the changed fields for the audit', () => {
    const current = new Map([stored(A, 1000, 150, 'census'), stored(B, 500, 50, 'census')])
    const plan = planPopulationUpdate(
      [
        { row: 2, code: A, population: 1000, population_60plus: 150 },
        { row: 3, code: B, population: 520, population_60plus: 50 },
      ],
      current,
      'census',
    )
    expect(plan).toEqual({ updates: [{ code: B, population: 520, population_60plus: 50, changes: { population: { old: 500, new: 520 } } }], unchanged: 1 })
    expect(planPopulationUpdate([{ row: 2, code: A, population: 1000, population_60plus: 150 }], current, 'survey').updates[0]!.changes).toEqual({
      data_source: { old: 'census', new: 'survey' },
    })
  })
})
