import { describe, expect, it } from 'vitest'
import { CsvSyntaxError, parseCsv } from './csv'

const fieldsOf = (text: string) => parseCsv(text).map((r) => r.fields)

describe('parseCsv', () => {
  it('reads records separated by LF or CRLF, with or without a final line break', () => {
    expect(fieldsOf('a,b\n1,2')).toEqual([['a', 'b'], ['1', '2']])
    expect(fieldsOf('a,b\r\n1,2\r\n')).toEqual([['a', 'b'], ['1', '2']])
    expect(fieldsOf('a,b\n1,2\n')).toEqual([['a', 'b'], ['1', '2']])
  })

  it('drops a leading byte-order mark', () => {
    expect(fieldsOf('\uFEFFcode,n\r\n1,2\r\n')).toEqual([['code', 'n'], ['1', '2']])
  })

  it('reads quoted fields with commas, doubled quotes and line breaks as one field', () => {
    const records = parseCsv('code,name\r\n1,"新华路, 东段"\r\n2,"He said ""hi"""\r\n3,"two\r\nlines"\r\n4,""\r\n')
    expect(records.map((r) => r.fields)).toEqual([
      ['code', 'name'],
      ['1', '新华路, 东段'],
      ['2', 'He said "hi"'],
      ['3', 'two\r\nlines'],
      ['4', ''],
    ])
    expect(records.map((r) => r.row)).toEqual([1, 2, 3, 4, 5])
  })

  it('keeps empty fields and blank lines, so that row numbers stay as in the file', () => {
    const records = parseCsv('a,b,c\n,,\n\n1,,3\n')
    expect(records).toEqual([
      { row: 1, fields: ['a', 'b', 'c'] },
      { row: 2, fields: ['', '', ''] },
      { row: 3, fields: [''] },
      { row: 4, fields: ['1', '', '3'] },
    ])
  })

  it('reads nothing from an empty text, and a lone empty quoted field as one field', () => {
    expect(parseCsv('')).toEqual([])
    expect(parseCsv('\uFEFF')).toEqual([])
    expect(fieldsOf('""')).toEqual([['']])
    expect(fieldsOf('a,""')).toEqual([['a', '']])
  })

  it('keeps a quote inside an unquoted field as text, and does not trim', () => {
    expect(fieldsOf('5" pipe, x ')).toEqual([['5" pipe', ' x ']])
  })

  it.each([
    ['a,b\n1,"open\n2,3\n', 2, 'csv_unclosed_quote'],
    ['a,b\n1,2\n3,"x"y\n', 3, 'csv_text_after_quote'],
  ])('refuses %j at row %i', (text, row, code) => {
    let error: unknown
    try {
      parseCsv(text)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(CsvSyntaxError)
    expect((error as CsvSyntaxError).row).toBe(row)
    expect((error as CsvSyntaxError).code).toBe(code)
  })
})
