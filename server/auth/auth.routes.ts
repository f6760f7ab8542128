import { Router, type Request, type Response } from 'express'
import type { DatabasePool } from 'slonik'
import { parseBody } from '../http/body'
import { parseInteger } from '../http/params'
import { badRequest, fieldError, HttpProblem, notFound } from '../http/problem'
import { INT8_SAFE_MAX } from '../http/fields'
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
export function authRouter(db: DatabasePool): Router {
  const router = Router()

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

  router.post('/login', async (req, res) => {
    const { username, password } = parseBody(LoginBody, req.body)
    await throttle(req, res, username)
    const user = await getUserForLogin(db, username)
    // Check a hash even for an unknown user, so the answer takes as long either way.
    const ok = await verifyPassword(password, user?.password_hash ?? UNMATCHABLE_HASH)
    if (!user || !ok || user.disabled) throw new HttpProblem(401, 'bad_credentials')
    await clearLoginFailures(db, username)
    const sessionId = randomSecret()
    const csrfToken = randomSecret()
    await createSession(db, { idHash: hashSecret(sessionId), userId: user.id, csrfToken, ttlSeconds: SESSION_TTL_SECONDS })
    setSessionCookie(req, res, sessionId, SESSION_TTL_SECONDS)
    res.json({ user: toAuthUser(user), csrfToken })
  })

  router.post('/logout', async (req, res) => {
    const { everywhere } = parseBody(LogoutBody, req.body ?? {})
    const auth = req.auth
    if (auth?.via === 'session') await deleteSession(db, auth.sessionHash)
    if (auth && everywhere) await deleteUserSessions(db, auth.user.id)
    clearSessionCookie(req, res)
    res.status(204).end()
  })

  // Anonymous is an answer here, not an error: the web app asks at every start.
  router.get('/me', (req, res) => {
    const auth = req.auth
    if (!auth) {
      res.json({ user: null })
      return
    }
    res.json({ user: auth.user, via: auth.via, ...(auth.via === 'session' ? { csrfToken: auth.csrfToken } : {}) })
  })

  router.post('/password', async (req, res) => {
    const user = requireUser(req)
    const body = parseBody(PasswordChangeBody, req.body)
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
  })

  router.get('/tokens', async (req, res) => {
    const user = requireUser(req)
    res.json({ tokens: await listTokens(db, user.id) })
  })

  router.post('/tokens', async (req, res) => {
    const user = requireUser(req)
    const { name } = parseBody(TokenBody, req.body)
    const token = `cam_${randomSecret()}`
    const record = await createToken(db, { userId: user.id, name, tokenHash: hashSecret(token) })
    res.status(201).json({ ...record, token })
  })

  router.delete('/tokens/:id', async (req, res) => {
    const user = requireUser(req)
    const id = parseInteger(req.params.id, 'id', 1, INT8_SAFE_MAX)
    if (!(await revokeToken(db, user.id, id))) throw notFound('unknown_token', { id })
    res.status(204).end()
  })

  return router
}
