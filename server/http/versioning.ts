import type { Request, Response } from 'express'
import { badRequest, fieldError, HttpProblem } from './problem'

/** The ETag of a record version: a strong tag holding the version number. */
export function etagOf(version: number): string {
  return `"${version}"`
}

/** Sends the record's version as its ETag. */
export function setEtag(res: Response, version: number): void {
  res.setHeader('ETag', etagOf(version))
}

/**
 * The version a write is based on, from `If-Match`.
 * @throws HttpProblem 428 when it is missing, 400 when it is not a version this API issued.
 */
export function requireIfMatch(req: Request): number {
  const header = req.get('if-match')
  if (header === undefined) {
    throw new HttpProblem(428, 'precondition_required', {}, [fieldError('If-Match', 'required')])
  }
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim())
  if (!match) throw badRequest([fieldError('If-Match', 'bad_etag')])
  return Number(match[1])
}

/**
 * 412 for a write based on an old version, carrying the current one so the client can
 * reload and show the user what changed.
 */
export function staleVersion(current: number): HttpProblem {
  return new HttpProblem(412, 'stale_version', {}, [], { current_version: current, current_etag: etagOf(current) })
}
