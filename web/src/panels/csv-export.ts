/** One column of an exported CSV file: its header, and a row's value in it. */
export type CsvColumn<T> = { header: string; value: (row: T) => string | number | null | undefined }

const NEEDS_QUOTES = /[",\r\n]/
/** A leading character that makes a spreadsheet read the cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/

function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ''
  let text = String(value)
  // A name typed as "=HYPERLINK(…)" must stay text when the file is opened in Excel.
  if (typeof value === 'string' && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/**
 * The text of a CSV file as RFC 4180 writes it: a header record, then one record per row;
 * a field holding a comma, a double quote or a line break is quoted (quotes doubled);
 * records end with CRLF. It starts with a UTF-8 byte-order mark, so that Excel reads
 * Chinese text correctly. Text that a spreadsheet would take for a formula (`=`, `+`,
 * `-`, `@` first, but not a plain number) is led by an apostrophe.
 * @example
 * toCsv([{ header: '名称', value: (r: { name: string }) => r.name }], [{ name: '幸福院, 东' }])
 * // '\uFEFF名称\r\n"幸福院, 东"\r\n'
 */
export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  const lines = [columns.map((c) => csvField(c.header)), ...rows.map((row) => columns.map((c) => csvField(c.value(row))))]
  return `\uFEFF${lines.map((fields) => `${fields.join(',')}\r\n`).join('')}`
}

/**
 * The file name of a collection's export on a day (the local date), e.g.
 * `eldercare_facilities-2025-03-07.csv`.
 * @example csvFileName('cemeteries', new Date(2025, 2, 7)) // 'cemeteries-2025-03-07.csv'
 */
export function csvFileName(collection: string, day: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${collection}-${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}.csv`
}
