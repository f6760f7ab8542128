import type { Request, Response } from 'express'
import { HttpProblem } from './problem'

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
    throw new HttpProblem(428, 'Precondition required', 'Send If-Match with the ETag of the version you edited', [
      { field: 'If-Match', reason: 'is required for updates and deletes' },
    ])
  }
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim())
  if (!match) throw new HttpProblem(400, 'Bad request', 'If-Match must be an ETag from this API, e.g. "3"', [{ field: 'If-Match', reason: 'is not an ETag of this API' }])
  return Number(match[1])
}

/**
 * 412 for a write based on an old version, carrying the current one so the client can
 * reload and show the user what changed.
 */
export function staleVersion(current: number): HttpProblem {
  return new HttpProblem(
    412,
    'Precondition failed',
    'Someone else changed this record since you loaded it; reload it and apply your change again',
    [{ field: 'If-Match', reason: `is not the current version (${etagOf(current)})` }],
    { current_version: current, current_etag: etagOf(current) },
  )
}
