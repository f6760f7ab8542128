import type { ErrorRequestHandler, RequestHandler, Response } from 'express'
import type { Logger } from 'pino'

/** One bad input: which field (query parameter, path segment or body pointer) and why. */
export type FieldError = { field: string; reason: string }

/**
 * An RFC 9457 problem: thrown anywhere in a handler, turned into an
 * `application/problem+json` response by the error handler.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors: FieldError[] = [],
    /** Extension members of the problem (RFC 9457 §3.2), e.g. the current version on a 412. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title)
  }
}

/** 400 naming every bad field. */
export function badRequest(errors: FieldError[], detail?: string): HttpProblem {
  return new HttpProblem(400, 'Bad request', detail ?? errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors)
}

/** 404 for a resource that does not exist. */
export function notFound(detail: string): HttpProblem {
  return new HttpProblem(404, 'Not found', detail)
}

/** Writes a problem as `application/problem+json`. */
export function sendProblem(res: Response, problem: HttpProblem): void {
  const body: Record<string, unknown> = {
    type: 'about:blank',
    title: problem.title,
    status: problem.status,
  }
  if (problem.detail) body.detail = problem.detail
  if (problem.errors.length) body.errors = problem.errors
  Object.assign(body, problem.extensions)
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(body))
}

/** 404 problem for any route no router answered. */
export const unknownRoute: RequestHandler = (req) => {
  throw notFound(`No resource at ${req.method} ${req.path}`)
}

/** Body-parser errors carry a status and a `type`; they are the client's mistakes. */
function clientErrorOf(error: unknown): HttpProblem | undefined {
  if (!(error instanceof Error)) return undefined
  const e = error as Error & { status?: number; type?: string }
  if (e.type === 'entity.parse.failed') return badRequest([{ field: 'body', reason: 'is not valid JSON' }])
  if (e.type === 'entity.too.large') return new HttpProblem(413, 'Payload too large', 'The request body is too large')
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return new HttpProblem(e.status, e.message)
  return undefined
}

/**
 * The one place errors become responses: problems as they are, client errors from
 * Express's parsers as 4xx, anything else as a 500 that is logged but not described.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const problem = error instanceof HttpProblem ? error : clientErrorOf(error)
    if (problem) {
      sendProblem(res, problem)
      return
    }
    logger.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed')
    sendProblem(res, new HttpProblem(500, 'Internal server error', 'The server could not answer; the error is logged'))
  }
}
