import type { IncomingMessage } from 'node:http'
import express, { type Request, type RequestHandler } from 'express'
import { badRequest, fieldError, HttpProblem, type FieldError } from './problem'

const utf8 = new TextDecoder('utf-8', { fatal: true })
const INVALID_UTF8 = Symbol('invalid UTF-8')

/**
 * Why a text cannot be stored as PostgreSQL text unchanged: a NUL (text cannot hold it) or
 * a lone surrogate (it would be stored as U+FFFD); null when it can.
 */
export function textProblem(text: string): 'nul_character' | 'invalid_unicode' | null {
  if (text.includes('\u0000')) return 'nul_character'
  // With the u flag, a surrogate that is half of a pair is not matched: only lone ones are.
  if (/[\uD800-\uDFFF]/u.test(text)) return 'invalid_unicode'
  return null
}

/** A body parser's `verify`: notes a body that is not valid UTF-8 (the parser would read it as U+FFFD) for `bodyErrors`. */
export function verifyUtf8(req: IncomingMessage, _res: unknown, buffer: Buffer): void {
  try {
    utf8.decode(buffer)
  } catch {
    ;(req as IncomingMessage & { [INVALID_UTF8]?: boolean })[INVALID_UTF8] = true
  }
}

/** The JSON body parser, with `verifyUtf8`. */
export function jsonBody(options: { limit: string; type: string[] }): RequestHandler {
  return express.json({ ...options, verify: verifyUtf8 })
}

/** Megabytes as the 413's `limit` says them. */
function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`
}

/**
 * A route's own body reader: `express.raw` (any type; the format is sniffed) or, with
 * `text/csv`, `express.text` refusing a body that is not UTF-8. A larger body than
 * `limit` bytes gets a 413 that says the limit.
 */
export function limitedBody(type: 'application/octet-stream' | 'text/csv', limit: number): RequestHandler {
  const parser =
    type === 'text/csv' ? express.text({ type: 'text/csv', limit, verify: verifyUtf8 }) : express.raw({ type: () => true, limit })
  return (req, res, next) => {
    parser(req, res, (error?: unknown) => {
      if ((error as { type?: string } | undefined)?.type === 'entity.too.large') {
        next(new HttpProblem(413, 'payload_too_large', { limit: megabytes(limit) }))
      } else if (error) next(error)
      else {
        // A damaged text must be refused, not stored with U+FFFD or cut at a NUL.
        const errors = type === 'text/csv' ? bodyErrors(req) : []
        next(errors.length ? badRequest(errors) : undefined)
      }
    })
  }
}

/** How deep a JSON body may nest: a MultiPolygon needs 5 levels below its feature; nothing needs 32. */
export const MAX_JSON_DEPTH = 32

/**
 * Collects the field errors of every string and key in a parsed JSON value, walking with
 * a stack of its own (a body nested 100,000 deep must not exhaust the call stack).
 */
function checkValue(root: unknown, errors: FieldError[]): void {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: '', depth: 0 }]
  while (stack.length && errors.length < 20) {
    const { value, path, depth } = stack.pop()!
    if (typeof value === 'string') {
      const problem = textProblem(value)
      if (problem) errors.push(fieldError(path || 'body', problem))
      continue
    }
    if (value === null || typeof value !== 'object') continue
    if (depth >= MAX_JSON_DEPTH) {
      errors.push(fieldError(path || 'body', 'nested_too_deep', { maximum: MAX_JSON_DEPTH }))
      continue
    }
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key
      const keyProblem = textProblem(key)
      // JSON.parse makes "__proto__" an own key; no schema has it, and merging it would change nothing.
      if (keyProblem) errors.push(fieldError(path || 'body', keyProblem))
      else if (key === '__proto__') errors.push(fieldError(at, 'unknown_field', { allowed: [] }))
      else stack.push({ value: item, path: at, depth: depth + 1 })
    }
  }
}

/** Decodes one `application/x-www-form-urlencoded` component strictly; null when it is not valid UTF-8. */
function decodeComponent(text: string): string | null {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '))
  } catch {
    return null
  }
}

/** Field errors of the path and the query string, read from the raw URL (the parsers would replace bad bytes with U+FFFD). */
function urlErrors(url: string): FieldError[] {
  const errors: FieldError[] = []
  // The query is everything after the first '?': a later '?' is part of it.
  const mark = url.indexOf('?')
  const path = mark < 0 ? url : url.slice(0, mark)
  const query = mark < 0 ? undefined : url.slice(mark + 1)
  for (const segment of path.split('/')) {
    const decoded = decodeComponent(segment.replaceAll('+', '%2B'))
    const problem = decoded === null ? 'invalid_unicode' : textProblem(decoded)
    if (problem) {
      errors.push(fieldError('path', problem))
      break
    }
  }
  for (const pair of query ? query.split('&') : []) {
    const [rawName = '', rawValue = ''] = pair.split(/=(.*)/s) as [string, string?]
    const name = decodeComponent(rawName)
    const value = decodeComponent(rawValue)
    const field = name !== null && textProblem(name) === null ? name : 'query'
    const problem = name === null || value === null ? 'invalid_unicode' : (textProblem(name) ?? textProblem(value))
    if (problem) errors.push(fieldError(field, problem))
  }
  return errors
}

/**
 * Refuses, before any handler sees it, text that the database cannot hold as it was
 * sent: NUL characters, lone surrogates and invalid UTF-8 in the path, the query string
 * and every string and key of a JSON body, and a `__proto__` key anywhere in the body.
 * @throws HttpProblem 400 naming each field.
 */
export const guardInput: RequestHandler = (req, _res, next) => {
  const errors = [...urlErrors(req.originalUrl), ...bodyErrors(req)]
  if (errors.length) throw badRequest(errors)
  next()
}

/** Field errors of a parsed body (JSON or text) that the database could not hold as sent. */
export function bodyErrors(req: Request): FieldError[] {
  if ((req as unknown as { [INVALID_UTF8]?: boolean })[INVALID_UTF8]) return [fieldError('body', 'invalid_unicode')]
  return req.body === undefined ? [] : valueErrors(req.body)
}

/** Field errors of a parsed JSON value (a file's, say) that the database could not hold as sent: see {@link guardInput}. */
export function valueErrors(value: unknown): FieldError[] {
  const errors: FieldError[] = []
  checkValue(value, errors)
  return errors
}
