import type { z } from 'zod'
import type { ErrorCode, ErrorParams } from './error-codes'
import { badRequest, fieldError, type FieldError } from './problem'

/** What a zod issue says, as a code and its parameters. */
function codeOf(issue: z.ZodIssue): { code: ErrorCode; params?: ErrorParams } {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.received === 'undefined') return { code: 'required' }
      if (issue.expected === 'integer') return { code: 'not_integer' }
      return { code: 'wrong_type', params: { expected: issue.expected } }
    case 'too_small': {
      const minimum = Number(issue.minimum)
      if (issue.type === 'string') return minimum === 1 ? { code: 'empty' } : { code: 'too_short', params: { minimum } }
      if (issue.type === 'array' || issue.type === 'set') return { code: 'too_few_items', params: { minimum } }
      return { code: 'too_small', params: { minimum } }
    }
    case 'too_big': {
      const maximum = Number(issue.maximum)
      if (issue.type === 'string') return { code: 'too_long', params: { maximum } }
      if (issue.type === 'array' || issue.type === 'set') return { code: 'too_many_items', params: { maximum } }
      return { code: 'too_big', params: { maximum } }
    }
    case 'invalid_enum_value':
      return { code: 'not_one_of', params: { options: issue.options.map(String) } }
    case 'invalid_literal':
      return { code: 'not_one_of', params: { options: [String(issue.expected)] } }
    case 'invalid_union_discriminator':
      return { code: 'not_one_of', params: { options: issue.options.map(String) } }
    case 'not_finite':
      return { code: 'not_finite' }
    case 'not_multiple_of':
      return { code: 'not_integer' }
    case 'custom': {
      const params = (issue.params ?? {}) as { code?: ErrorCode } & ErrorParams
      const { code, ...rest } = params
      return code ? { code, params: rest } : { code: 'bad_format', params: { format: issue.message } }
    }
    default:
      return { code: 'bad_format', params: { format: issue.message } }
  }
}

/**
 * The zod issues as field errors with codes: the field is the JSON path
 * (`properties.beds`), or `body`; an unknown key is an error on that key.
 */
export function fieldErrors(
  issues: z.ZodIssue[],
  prefix: (string | number)[] = [],
  allowed: readonly string[] = [],
  unknownCode: 'unknown_field' | 'unknown_parameter' = 'unknown_field',
): FieldError[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path]
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => fieldError([...path, key].join('.'), unknownCode, { allowed: [...allowed] }))
    }
    const { code, params } = codeOf(issue)
    return [fieldError(path.length ? path.join('.') : 'body', code, params)]
  })
}

/** The keys a zod object schema accepts, for "the fields are …". */
function keysOf(schema: z.ZodTypeAny): string[] {
  const shape = (schema as { shape?: Record<string, unknown> }).shape
  return shape ? Object.keys(shape) : []
}

/**
 * Parses a request body (or query) with a zod schema.
 * @throws HttpProblem 400 naming every bad field.
 */
export function parseBody<S extends z.ZodTypeAny>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body)
  if (!result.success) throw badRequest(fieldErrors(result.error.issues, [], keysOf(schema)))
  return result.data
}

/**
 * Parses a query string's parameters with a zod schema; an unknown one is an
 * `unknown_parameter` naming the parameters there are.
 * @throws HttpProblem 400 naming every bad parameter.
 */
export function parseQuery<S extends z.ZodTypeAny>(schema: S, query: unknown): z.infer<S> {
  const result = schema.safeParse(query)
  if (!result.success) throw badRequest(fieldErrors(result.error.issues, [], keysOf(schema), 'unknown_parameter'))
  return result.data
}
