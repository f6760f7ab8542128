import type { ErrorRequestHandler, RequestHandler, Response } from 'express'
import type { Logger } from 'pino'
import { errorText, type ErrorCode, type ErrorParams } from './error-codes'

/**
 * One bad input: which field (query parameter, path segment, header or body pointer such
 * as `properties.beds`), a stable `code` with its `params` for the client's own message,
 * and the English `reason` for API users.
 */
export type FieldError = { field: string; code: ErrorCode; params?: ErrorParams; reason: string }

/** A field error with its English reason made from the code. */
export function fieldError(field: string, code: ErrorCode, params?: ErrorParams): FieldError {
  return params ? { field, code, params, reason: errorText(code, params) } : { field, code, reason: errorText(code) }
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  415: 'Unsupported media type',
  428: 'Precondition required',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
}

/**
 * An RFC 9457 problem: thrown anywhere in a handler, turned into an
 * `application/problem+json` response by the error handler. `code` and `params` say what
 * went wrong to a program; `detail` says it in English.
 */
export class HttpProblem extends Error {
  readonly title: string
  readonly detail: string
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly params: ErrorParams = {},
    readonly errors: FieldError[] = [],
    /** Extension members of the problem (RFC 9457 §3.2), e.g. the current version on a 412. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    const detail = errorText(code, params)
    super(detail)
    this.title = TITLES[status] ?? 'Error'
    this.detail = detail
  }
}

/** 400 naming every bad field. */
export function badRequest(errors: FieldError[]): HttpProblem {
  return new HttpProblem(400, 'invalid_request', {}, errors)
}

/**
 * A runner of checks that each may throw an HttpProblem: the problem goes to `collect`
 * and the check gives undefined, so that one answer can list every bad field. Other errors
 * are thrown on.
 */
export function collectingProblems(collect: (problem: HttpProblem) => void): <T>(check: () => T) => T | undefined {
  return (check) => {
    try {
      return check()
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error
      collect(error)
      return undefined
    }
  }
}

/** 404 for a resource that does not exist. */
export function notFound(code: ErrorCode, params: ErrorParams = {}): HttpProblem {
  return new HttpProblem(404, code, params)
}

/** Writes a problem as `application/problem+json`. */
export function sendProblem(res: Response, problem: HttpProblem): void {
  const body: Record<string, unknown> = {
    type: 'about:blank',
    title: problem.title,
    status: problem.status,
    code: problem.code,
    // A plain 400 says in its detail what each field got wrong.
    detail: problem.code === 'invalid_request' ? problem.errors.map((e) => `${e.field}: ${e.reason}`).join('; ') : problem.detail,
  }
  if (Object.keys(problem.params).length) body.params = problem.params
  if (problem.errors.length) body.errors = problem.errors
  Object.assign(body, problem.extensions)
  // Every 401 says how to authenticate (RFC 9110 §11.6.1). Bearer only: a browser answers a
  // Basic challenge with its own sign-in dialog, and would then send what was typed there
  // on every request. Clients that use Basic (QGIS, GDAL) send it without being asked.
  if (problem.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="civil-affairs-map"')
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(body))
}

/** 404 problem for any route no router answered. */
export const unknownRoute: RequestHandler = (req) => {
  throw notFound('not_found', { method: req.method, path: req.path })
}

/** Body-parser errors carry a status and a `type`; they are the client's mistakes. */
function clientErrorOf(error: unknown): HttpProblem | undefined {
  if (!(error instanceof Error)) return undefined
  const e = error as Error & { status?: number; type?: string; limit?: number }
  if (e.type === 'entity.parse.failed') return badRequest([fieldError('body', 'invalid_json')])
  if (e.type === 'entity.too.large') return new HttpProblem(413, 'payload_too_large', { limit: `${Math.round((e.limit ?? 0) / 1024 / 1024)} MB` })
  if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') {
    return new HttpProblem(415, 'unsupported_media_type', { expected: 'UTF-8 JSON' })
  }
  if (e.type === 'request.aborted' || e.type === 'request.size.invalid') return badRequest([fieldError('body', 'incomplete_body')])
  // Express's router: a path segment that is not valid percent-encoding (the input guard refuses it first).
  if (error instanceof URIError) return badRequest([fieldError('path', 'invalid_unicode')])
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return new HttpProblem(400, 'invalid_request')
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
    sendProblem(res, new HttpProblem(500, 'internal_error'))
  }
}
