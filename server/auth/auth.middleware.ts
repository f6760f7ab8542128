import { createHash } from 'node:crypto'
import type { Request, RequestHandler, Response } from 'express'
import type { DatabasePool } from 'slonik'
import { HttpProblem } from '../http/problem'
import { getSession, getTokenUser, toAuthUser } from './auth.queries'
import { hasRole, type AuthUser, type Role } from './roles'

/** How the request proved who it is. */
export type RequestAuth =
  | { via: 'session'; user: AuthUser; csrfToken: string; sessionHash: string }
  | { via: 'token'; user: AuthUser }

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      auth?: RequestAuth
    }
  }
}

export const SESSION_COOKIE = 'cam_session'
export const CSRF_HEADER = 'x-csrf-token'

/** sha256 of a secret, as sessions and tokens are stored. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url')
}

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key !== name) continue
    try {
      return decodeURIComponent(value.join('='))
    } catch {
      return undefined // a malformed cookie is no session
    }
  }
  return undefined
}

/** Sets the session cookie: httpOnly, SameSite=Lax, Secure over HTTPS. */
export function setSessionCookie(req: Request, res: Response, sessionId: string, maxAgeSeconds: number): void {
  res.cookie(SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    path: '/',
    maxAge: maxAgeSeconds * 1000,
  })
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' })
}

/** The session id sent with the request, if any. */
export function sessionIdOf(req: Request): string | undefined {
  return readCookie(req, SESSION_COOKIE)
}

/**
 * The API token an Authorization header carries: `Bearer <token>`, or HTTP Basic with the
 * token as the password and any user name (QGIS 3.22 can send only Basic); null when the
 * header has neither form.
 */
export function tokenOf(header: string): string | null {
  const bearer = /^Bearer +([\x21-\x7e]+) *$/i.exec(header)
  if (bearer) return bearer[1]!
  const basic = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(header)
  if (!basic) return null
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  const password = colon < 0 ? '' : decoded.slice(colon + 1)
  return /^[\x21-\x7e]+$/.test(password) ? password : null
}

/**
 * Works out who sends the request: an API token in the Authorization header (a wrong one
 * is refused at once with 401), or else the session cookie (an unknown or expired one
 * counts as anonymous).
 */
export function authenticate(db: DatabasePool): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization
    if (header !== undefined) {
      const token = tokenOf(header)
      const row = token === null || token.length > 200 ? null : await getTokenUser(db, hashSecret(token))
      if (!row) throw new HttpProblem(401, token === null ? 'bad_authorization' : 'bad_token')
      req.auth = { via: 'token', user: toAuthUser(row) }
      return next()
    }
    const sessionId = sessionIdOf(req)
    if (sessionId) {
      const sessionHash = hashSecret(sessionId)
      const row = await getSession(db, sessionHash)
      if (row) req.auth = { via: 'session', user: toAuthUser(row), csrfToken: row.csrf_token, sessionHash }
    }
    next()
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Refuses a cookie-authenticated write without the session's CSRF token in the
 * `X-CSRF-Token` header. Token-authenticated requests carry no ambient credentials and
 * need none.
 */
export const csrfProtection: RequestHandler = (req, _res, next) => {
  if (SAFE_METHODS.has(req.method)) return next()
  if (req.auth?.via === 'session' && req.get(CSRF_HEADER) !== req.auth.csrfToken) throw new HttpProblem(403, 'csrf_token_required')
  // A browser says when another site's page sends the request: no such write is ours,
  // whatever credentials the browser attached (a Basic password it remembers, say).
  if (req.get('sec-fetch-site') === 'cross-site') throw new HttpProblem(403, 'cross_site_write')
  next()
}

/** The signed-in user. @throws HttpProblem 401 for an anonymous request. */
export function requireUser(req: Request): AuthUser {
  if (!req.auth) throw new HttpProblem(401, 'sign_in_required')
  return req.auth.user
}

/** The signed-in user holding one of the roles. @throws HttpProblem 401 or 403. */
export function requireRole(req: Request, roles: readonly Role[]): AuthUser {
  const user = requireUser(req)
  if (!hasRole(user, 'admin') && !roles.some((role) => hasRole(user, role))) {
    throw new HttpProblem(403, 'role_required', { roles: [...new Set([...roles, 'admin'])] })
  }
  return user
}
