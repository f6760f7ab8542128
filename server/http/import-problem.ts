import { HttpProblem, type FieldError } from './problem'

/** At most this many errors are listed in an import's 400; the detail gives the full count. */
export const MAX_LISTED_ERRORS = 100

/** An error in a row of an imported file, kept with its position so that errors can be listed in file order. */
export type RowError = FieldError & { row: number; column: number }

/** A row error as a problem lists it, without its sort keys. */
export function asFieldError({ row: _row, column: _column, ...error }: RowError): FieldError {
  return error
}

/**
 * The 400 for a file with errors: listed in file order (row, then column), at most
 * MAX_LISTED_ERRORS of them, with the full count in the detail and in `error_count`.
 * Nothing of the file is imported.
 */
export function importProblem(errors: readonly RowError[]): HttpProblem {
  const sorted = [...errors].sort((a, b) => a.row - b.row || a.column - b.column)
  return new HttpProblem(400, 'import_invalid', { count: errors.length, listed: Math.min(errors.length, MAX_LISTED_ERRORS) }, sorted.slice(0, MAX_LISTED_ERRORS).map(asFieldError), { error_count: errors.length })
}
