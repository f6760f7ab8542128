import { describe, expect, it } from 'vitest'
import { csvFileName, toCsv, type CsvColumn } from './csv-export'

type Row = { id: number; name: string; beds: number | null }
const columns: CsvColumn<Row>[] = [
  { header: 'id', value: (r) => r.id },
  { header: '名称', value: (r) => r.name },
  { header: '床位', value: (r) => r.beds },
]

describe('toCsv', () => {
  it('starts with a UTF-8 byte-order mark and ends every record, the last included, with CRLF', () => {
    const text = toCsv(columns, [{ id: 1, name: '鲁山县敬老院', beds: 120 }])
    expect(text).toBe('\uFEFFid,名称,床位\r\n1,鲁山县敬老院,120\r\n')
    expect([...new TextEncoder().encode(text).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  })

  it('quotes fields holding a comma, a quote or a line break, doubling the quotes', () => {
    const rows = [
      { id: 1, name: '东区,西区', beds: 1 },
      { id: 2, name: '“幸福”院 "A"', beds: 2 },
      { id: 3, name: 'line\nbreak', beds: 3 },
      { id: 4, name: 'cr\r\nlf', beds: 4 },
    ]
    expect(toCsv(columns, rows).split('\r\n').slice(1, 4)).toEqual(['1,"东区,西区",1', '2,"“幸福”院 ""A""",2', '3,"line\nbreak",3'])
    expect(toCsv(columns, rows)).toContain('4,"cr\r\nlf",4\r\n')
  })

  it('writes a missing value as an empty field and keeps negative numbers as numbers', () => {
    const text = toCsv(columns, [{ id: 5, name: '-3', beds: null }, { id: -6, name: '', beds: -1.5 }])
    expect(text).toBe('\uFEFFid,名称,床位\r\n5,-3,\r\n-6,,-1.5\r\n')
  })

  it('keeps text that a spreadsheet would run as a formula as text', () => {
    const text = toCsv(columns, [
      { id: 7, name: '=HYPERLINK("http://x","y")', beds: 0 },
      { id: 8, name: '@SUM(A1)', beds: 0 },
      { id: 9, name: '-2+3+cmd', beds: 0 },
    ])
    expect(text.split('\r\n').slice(1, 4)).toEqual(['7,"\'=HYPERLINK(""http://x"",""y"")",0', "8,'@SUM(A1),0", "9,'-2+3+cmd,0"])
  })

  it('writes only the header when there are no rows', () => {
    expect(toCsv(columns, [])).toBe('\uFEFFid,名称,床位\r\n')
  })
})

describe('csvFileName', () => {
  it('names the file after the collection and the local date, zero-padded', () => {
    expect(csvFileName('eldercare_facilities', new Date(2025, 0, 5, 23, 59))).toBe('eldercare_facilities-2025-01-05.csv')
    expect(csvFileName('cemeteries', new Date(2024, 11, 31))).toBe('cemeteries-2024-12-31.csv')
  })
})
