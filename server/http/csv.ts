import { errorText } from './error-codes'

/**
 * One record of a CSV file: its fields, and its row as a spreadsheet shows the file (the
 * first record is row 1; a record whose quoted field holds a line break is still one row).
 */
export type CsvRecord = { row: number; fields: string[] }

/** A CSV text that cannot be read; `row` is the record where the problem starts. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly row: number,
    readonly code: 'csv_unclosed_quote' | 'csv_text_after_quote',
  ) {
    super(`row ${row}: ${errorText(code)}`)
  }
}

/**
 * Reads comma-separated values as RFC 4180 writes them: fields in double quotes may hold
 * commas, line breaks and doubled quotes (`""`); records end with CRLF or LF. A leading
 * byte-order mark is dropped, and so is the line break after the last record. A quote
 * inside an unquoted field is kept as text. Fields are returned as written (no trimming).
 * A blank line is a record with one empty field, so that row numbers stay as in the file.
 * @throws CsvSyntaxError for a quoted field that is not closed, or text after its closing quote.
 * @example parseCsv('code,name\r\n1,"a, b"\r\n') // [{ row: 1, fields: ['code', 'name'] }, { row: 2, fields: ['1', 'a, b'] }]
 */
export function parseCsv(text: string): CsvRecord[] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text
  const records: CsvRecord[] = []
  let fields: string[] = []
  let field = ''
  let atFieldStart = true
  let i = 0
  while (i < input.length) {
    const c = input[i]!
    if (c === '"' && atFieldStart) {
      const row = records.length + 1
      const close = closingQuote(input, i + 1)
      if (close < 0) throw new CsvSyntaxError(row, 'csv_unclosed_quote')
      field = input.slice(i + 1, close).replaceAll('""', '"')
      i = close + 1
      const next = input[i]
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new CsvSyntaxError(row, 'csv_text_after_quote')
      }
      atFieldStart = false
    } else if (c === ',') {
      fields.push(field)
      field = ''
      atFieldStart = true
      i += 1
    } else if (c === '\r' || c === '\n') {
      fields.push(field)
      records.push({ row: records.length + 1, fields })
      fields = []
      field = ''
      atFieldStart = true
      i += c === '\r' && input[i + 1] === '\n' ? 2 : 1
    } else {
      field += c
      atFieldStart = false
      i += 1
    }
  }
  if (!atFieldStart || fields.length > 0) {
    fields.push(field)
    records.push({ row: records.length + 1, fields })
  }
  return records
}

/** Index of the quote closing a quoted field whose text starts at `from`, or -1. */
function closingQuote(input: string, from: number): number {
  let i = from
  for (;;) {
    const q = input.indexOf('"', i)
    if (q < 0) return -1
    if (input[q + 1] !== '"') return q
    i = q + 2
  }
}

/**
 * Writes rows as CSV for spreadsheets: a byte-order mark (so that Excel reads UTF-8),
 * CRLF line ends, fields quoted where needed, and text that a spreadsheet would run as a
 * formula (starting with = + - @) prefixed with an apostrophe. Null is an empty field.
 * @example toCsv(['code', 'n'], [['a,b', 1]]) // '\uFEFFcode,n\r\n"a,b",1\r\n'
 */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | boolean | null)[])[]): string {
  const field = (value: string | number | boolean | null) => {
    if (value === null) return ''
    if (typeof value !== 'string') return String(value)
    const text = /^[=+\-@]/.test(value) ? `'${value}` : value
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
  }
  return '\uFEFF' + [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n'
}
