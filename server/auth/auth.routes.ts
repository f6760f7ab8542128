import type { Request, Response } from 'express'
import type { DatabasePool } from 'slonik'
import { badRequest, fieldError, HttpProblem, notFound } from '../http/problem'
import { INT8_SAFE_MAX } from '../http/fields'
import { route, type RouteTable } from '../http/routes'
import { recordAudit } from './audit.queries'
import {
  clearLoginFailures,
  countRecentFailures,
  createSession,
  createToken,
  deleteSession,
  deleteUserSessions,
  getUserForLogin,
  listTokens,
  recordLoginFailure,
  revokeToken,
  toAuthUser,
  updateUser,
} from './auth.queries'
import { clearSessionCookie, hashSecret, requireUser, setSessionCookie } from './auth.middleware'
import { LoginBody, LogoutBody, PasswordChangeBody, TokenBody } from './auth.schemas'
import { hashPassword, randomSecret, UNMATCHABLE_HASH, verifyPassword } from './password'

/** Session lifetime: a working day. */
export const SESSION_TTL_SECONDS = 12 * 60 * 60
/** Failed logins allowed per account and per address within the window, then 429. */
export const THROTTLE = { windowSeconds: 15 * 60, perUser: 5, perAddress: 30 } as const

/** `/api/auth`: login, logout, the current user, password change and personal API tokens. */
export function authRoutes(db: DatabasePool): RouteTable {
  /** Counts this attempt as a failure up front (concurrent guesses all count) and refuses past the limits. */
  async function throttle(req: Request, res: Response, username: string) {
    const address = req.ip ?? 'unknown'
    await recordLoginFailure(db, username, address)
    const failures = await countRecentFailures(db, username, address, THROTTLE.windowSeconds)
    if (failures.by_user > THROTTLE.perUser || failures.by_address > THROTTLE.perAddress) {
      res.setHeader('Retry-After', String(THROTTLE.windowSeconds))
      throw new HttpProblem(429, 'too_many_attempts', { minutes: THROTTLE.windowSeconds / 60 })
    }
  }

  return {
    mount: '/api/auth',
    routes: [
      route({
        method: 'post',
        path: '/login',
        summary: 'Sign in with a user name and password: a session cookie and a CSRF token',
        access: 'public',
        body: LoginBody,
        handler: async ({ req, res, body: { username, password } }) => {
          await throttle(req, res, username)
          const user = await getUserForLogin(db, username)
          // Check a hash even for an unknown user, so the answer takes as long either way.
          const ok = await verifyPassword(password, user?.password_hash ?? UNMATCHABLE_HASH)
          if (!user || !ok || user.disabled) {
            await recordAudit(db, { user: { id: user?.id ?? null, username }, action: 'login_failed', table: 'users', recordId: user ? String(user.id) : '', changes: {} })
            throw new HttpProblem(401, 'bad_credentials')
          }
          await clearLoginFailures(db, username)
          const sessionId = randomSecret()
          const csrfToken = randomSecret()
          const authUser = toAuthUser(user)
          await db.transaction(async (tx) => {
            await createSession(tx, { idHash: hashSecret(sessionId), userId: user.id, csrfToken, ttlSeconds: SESSION_TTL_SECONDS })
            await recordAudit(tx, { user: authUser, action: 'login', table: 'users', recordId: String(user.id), changes: {} })
          })
          setSessionCookie(req, res, sessionId, SESSION_TTL_SECONDS)
          res.json({ user: authUser, csrfToken })
        },
      }),
      route({
        method: 'post',
        path: '/logout',
        summary: 'Sign out this session, or every session of the user',
        access: 'public',
        body: LogoutBody,
        handler: async ({ req, res, body: { everywhere } }) => {
          const auth = req.auth
          if (auth?.via === 'session') await deleteSession(db, auth.sessionHash)
          if (auth && everywhere) await deleteUserSessions(db, auth.user.id)
          clearSessionCookie(req, res)
          res.status(204).end()
        },
      }),
      // Anonymous is an answer here, not an error: the web app asks at every start.
      route({
        method: 'get',
        path: '/me',
        summary: 'The signed-in user (null when anonymous), and the session’s CSRF token',
        access: 'public',
        handler: ({ req, res }) => {
          const auth = req.auth
          if (!auth) {
            res.json({ user: null })
            return
          }
          res.json({ user: auth.user, via: auth.via, ...(auth.via === 'session' ? { csrfToken: auth.csrfToken } : {}) })
        },
      }),
      route({
        method: 'post',
        path: '/password',
        summary: 'Change one’s own password; other sessions end',
        access: 'user',
        body: PasswordChangeBody,
        handler: async ({ req, res, user, body }) => {
          await throttle(req, res, user.username)
          const row = await getUserForLogin(db, user.username)
          if (!row || !(await verifyPassword(body.current_password, row.password_hash))) {
            throw badRequest([fieldError('current_password', 'wrong_password')])
          }
          await clearLoginFailures(db, user.username)
          await db.transaction(async (tx) => {
            await updateUser(tx, user.id, { passwordHash: await hashPassword(body.new_password) })
            // Other sessions end; this one continues under a new id and CSRF token.
            await deleteUserSessions(tx, user.id)
          })
          if (req.auth?.via !== 'session') {
            res.json({})
            return
          }
          const sessionId = randomSecret()
          const csrfToken = randomSecret()
          await createSession(db, { idHash: hashSecret(sessionId), userId: user.id, csrfToken, ttlSeconds: SESSION_TTL_SECONDS })
          setSessionCookie(req, res, sessionId, SESSION_TTL_SECONDS)
          res.json({ csrfToken })
        },
      }),
      route({
        method: 'get',
        path: '/tokens',
        summary: 'One’s own API tokens (never their secrets)',
        access: 'user',
        handler: async ({ res, user }) => {
          res.json({ tokens: await listTokens(db, user.id) })
        },
      }),
      route({
        method: 'post',
        path: '/tokens',
        summary: 'Create a personal API token; its secret is shown once',
        access: 'user',
        body: TokenBody,
        handler: async ({ res, user, body: { name } }) => {
          const token = `cam_${randomSecret()}`
          const record = await db.transaction(async (tx) => {
            const created = await createToken(tx, { userId: user.id, name, tokenHash: hashSecret(token) })
            await recordAudit(tx, { user, action: 'create', table: 'api_tokens', recordId: String(created.id), changes: { name: { old: null, new: name } } })
            return created
          })
          res.status(201).json({ ...record, token })
        },
      }),
      route({
        method: 'delete',
        path: '/tokens/:id',
        summary: 'Revoke one of one’s own API tokens',
        access: 'user',
        integerParams: { id: INT8_SAFE_MAX },
        handler: async ({ res, user, params }) => {
          const id = Number(params.id)
          await db.transaction(async (tx) => {
            const name = await revokeToken(tx, user.id, id)
            if (name === null) throw notFound('unknown_token', { id })
            await recordAudit(tx, { user, action: 'delete', table: 'api_tokens', recordId: String(id), changes: { name: { old: name, new: null } } })
          })
          res.status(204).end()
        },
      }),
    ],
  }
}
