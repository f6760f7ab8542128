import { createPool, SchemaValidationError, type DatabasePool, type Interceptor } from 'slonik'

/**
 * Validates every row of a typed query (`sql.type(Row)`) with its zod schema, so a
 * drifted schema fails loudly at the query instead of deep inside a handler.
 */
export function createResultParserInterceptor(): Interceptor {
  return {
    name: 'result-parser',
    transformRowAsync: async (context, query, row) => {
      const parser = context.resultParser
      if (!parser) return row
      const result = await parser.safeParseAsync(row)
      if (!result.success) throw new SchemaValidationError(query, row, result.error.issues)
      return result.data
    },
  }
}

/** Opens the slonik pool that every query of the service goes through. */
export function openPool(url: string, maximumPoolSize: number): Promise<DatabasePool> {
  return createPool(url, {
    interceptors: [createResultParserInterceptor()],
    maximumPoolSize,
    captureStackTrace: false,
    // The embedded socket answers one client at a time; a queue behind a long
    // transaction must wait rather than fail.
    connectionTimeout: 60_000,
    statementTimeout: 120_000,
  })
}
