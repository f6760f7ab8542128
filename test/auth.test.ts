import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pino } from 'pino'
import { THROTTLE } from '../server/auth/auth.routes'
import { startTestApp } from './support/test-app'
import { createTestUser, type TestUser } from './support/users'

const logLines: string[] = []
const logger = pino(
  { level: 'debug' },
  new Writable({
    write(chunk, _encoding, done) {
      logLines.push(chunk.toString())
      done()
    },
  }),
)

let app: Awaited<ReturnType<typeof startTestApp>>
let viewer: TestUser
let admin: TestUser
beforeAll(async () => {
  app = await startTestApp({ logger })
  viewer = await createTestUser(app.pool, ['viewer'], [], 'viewer')
  admin = await createTestUser(app.pool, ['admin'], [], 'admin')
})
afterAll(async () => {
  await app.close()
})

type Session = { cookie: string; csrfToken: string; body: any }

async function login(username: string, password: string, headers: Record<string, string> = {}) {
  return fetch(`${app.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username, password }),
  })
}

async function signIn(user: TestUser): Promise<Session> {
  const res = await login(user.username, user.password)
  expect(res.status).toBe(200)
  const body = await res.json()
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrfToken: body.csrfToken, body }
}

describe('login', () => {
  it('signs in with a session cookie that is httpOnly and SameSite, and returns the user and a CSRF token', async () => {
    const res = await login(viewer.username, viewer.password)
    expect(res.status).toBe(200)
    const cookie = res.headers.get('set-cookie')!
    expect(cookie).toMatch(/^cam_session=[\w-]{43};/)
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    const body = await res.json()
    expect(body.user).toMatchObject({ username: viewer.username, roles: ['viewer'], countyCodes: [] })
    expect(body.csrfToken).toMatch(/^[\w-]{43}$/)
    const me = await fetch(`${app.url}/api/auth/me`, { headers: { cookie: cookie.split(';')[0]! } })
    expect((await me.json()).user.username).toBe(viewer.username)
  })

  it('gives the same answer for a wrong password and for an unknown user', async () => {
    const wrong = await login(admin.username, 'not the password')
    const unknown = await login('nobody-at-all', 'not the password')
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(await wrong.json()).toEqual(await unknown.json())
  })

  it('validates the body', async () => {
    const res = await fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":""}' })
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['password', 'username'])
  })

  it(`throttles an account after ${THROTTLE.perUser} failures, even for the right password`, async () => {
    const victim = await createTestUser(app.pool, ['viewer'], [], 'victim')
    for (let i = 0; i < THROTTLE.perUser; i++) expect((await login(victim.username, `guess ${i}`)).status).toBe(401)
    const blocked = await login(victim.username, victim.password)
    expect(blocked.status).toBe(429)
    expect(blocked.headers.get('retry-after')).toBe(String(THROTTLE.windowSeconds))
    expect(blocked.headers.get('content-type')).toContain('application/problem+json')
  })

  it('refuses a disabled user like a wrong password', async () => {
    const gone = await createTestUser(app.pool, ['viewer'], [], 'gone')
    const session = await signIn(admin)
    const user = (await (await fetch(`${app.url}/api/admin/users`, { headers: { cookie: session.cookie } })).json()).users.find(
      (u: { username: string }) => u.username === gone.username,
    )
    const patch = await fetch(`${app.url}/api/admin/users/${user.id}`, {
      method: 'PATCH',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json', 'if-match': `"${user.version}"` },
      body: JSON.stringify({ disabled: true }),
    })
    expect(patch.status).toBe(200)
    expect((await login(gone.username, gone.password)).status).toBe(401)
    expect((await fetch(`${app.url}/api/auth/me`, { headers: { authorization: `Bearer ${gone.token}` } })).status).toBe(401)
  })
})

describe('sessions', () => {
  it('needs the CSRF token for a cookie-authenticated write', async () => {
    const session = await signIn(viewer)
    const without = await fetch(`${app.url}/api/auth/tokens`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'qgis' }),
    })
    expect(without.status).toBe(403)
    const withToken = await fetch(`${app.url}/api/auth/tokens`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'qgis' }),
    })
    expect(withToken.status).toBe(201)
  })

  it('logs out one session, or every session with everywhere', async () => {
    const a = await signIn(viewer)
    const b = await signIn(viewer)
    const c = await signIn(viewer)
    const me = (s: Session) =>
      fetch(`${app.url}/api/auth/me`, { headers: { cookie: s.cookie } }).then(async (r) => ((await r.json()).user ? 200 : 401))
    const logout = (s: Session, body: object) =>
      fetch(`${app.url}/api/auth/logout`, {
        method: 'POST',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    expect((await logout(a, {})).status).toBe(204)
    expect([await me(a), await me(b), await me(c)]).toEqual([401, 200, 200])
    expect((await logout(b, { everywhere: true })).status).toBe(204)
    expect([await me(b), await me(c)]).toEqual([401, 401])
  })
})

describe('API tokens', () => {
  it('is shown once, works as Bearer, and stops working when revoked', async () => {
    const session = await signIn(viewer)
    const headers = { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' }
    const created = await (await fetch(`${app.url}/api/auth/tokens`, { method: 'POST', headers, body: JSON.stringify({ name: 'gdal' }) })).json()
    expect(created.token).toMatch(/^cam_[\w-]{43}$/)
    const listed = await (await fetch(`${app.url}/api/auth/tokens`, { headers })).json()
    expect(JSON.stringify(listed)).not.toContain(created.token)
    expect(listed.tokens.find((t: { id: number }) => t.id === created.id)).toMatchObject({ name: 'gdal', revoked_at: null })

    const bearer = { authorization: `Bearer ${created.token}` }
    expect((await fetch(`${app.url}/api/auth/me`, { headers: bearer })).status).toBe(200)
    expect((await fetch(`${app.url}/ogc/collections/counties/items?limit=1`, { headers: bearer })).status).toBe(200)

    const revoked = await fetch(`${app.url}/api/auth/tokens/${created.id}`, { method: 'DELETE', headers })
    expect(revoked.status).toBe(204)
    const after = await fetch(`${app.url}/ogc/collections/counties/items?limit=1`, { headers: bearer })
    expect(after.status).toBe(401)
    expect(after.headers.get('content-type')).toContain('application/problem+json')
  })

  it('treats a malformed session cookie as no session, not as a server error', async () => {
    const res = await fetch(`${app.url}/api/auth/me`, { headers: { cookie: 'cam_session=%zz' } })
    expect(res.status).toBe(200)
    expect((await res.json()).user).toBeNull()
  })

  it('refuses a malformed Authorization header', async () => {
    expect((await fetch(`${app.url}/api/auth/me`, { headers: { authorization: 'Basic abc' } })).status).toBe(401)
  })
})

describe('secrets', () => {
  it('never appear in responses or in log lines', async () => {
    const session = await signIn(admin)
    const users = await (await fetch(`${app.url}/api/admin/users`, { headers: { cookie: session.cookie } })).text()
    expect(users).not.toMatch(/password|scrypt\$/)
    await fetch(`${app.url}/api/auth/me`, { headers: { authorization: `Bearer ${viewer.token}` } })
    await fetch(`${app.url}/ogc/collections/counties/items?limit=1&probe=${'x'}`, { headers: { cookie: session.cookie } })
    const sessionId = session.cookie.split('=')[1]!
    const logs = logLines.join('\n')
    expect(logs).toContain('/api/auth/login')
    for (const secret of [admin.password, viewer.token, sessionId, session.csrfToken]) expect(logs).not.toContain(secret)
  })
})

describe('PUBLIC_READ=false', () => {
  it('needs a signed-in user to read the data API, but not for health', async () => {
    const closed = await startTestApp({ publicRead: false, poolSize: 2 })
    try {
      expect((await fetch(`${closed.url}/ogc/collections`)).status).toBe(401)
      expect((await fetch(`${closed.url}/api/health`)).status).toBe(200)
      const ok = await fetch(`${closed.url}/ogc/collections`, { headers: { authorization: `Bearer ${viewer.token}` } })
      expect(ok.status).toBe(200)
    } finally {
      await closed.close()
    }
  })
})
