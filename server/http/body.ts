import type { z } from 'zod'
import { badRequest, type FieldError } from './problem'

/** The zod issues as field errors: the field is the JSON path (`properties.beds`), or `body`. */
export function fieldErrors(issues: z.ZodIssue[], prefix: (string | number)[] = []): FieldError[] {
  return issues.map((issue) => {
    const path = [...prefix, ...issue.path]
    const reason =
      issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message
    return { field: path.length ? path.join('.') : 'body', reason }
  })
}

/**
 * Parses a request body with a zod schema.
 * @throws HttpProblem 400 naming every bad field.
 */
export function parseBody<S extends z.ZodTypeAny>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body)
  if (!result.success) throw badRequest(fieldErrors(result.error.issues))
  return result.data
}
