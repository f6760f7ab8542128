import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServerProcess, type ServerProcess } from './server-process'

const run = promisify(execFile)
const ADMIN_PASSWORD = 'qgis-e2e-admin-password'

type Layer = { valid: boolean; featureCount?: number; iterated?: number; fields?: Record<string, string> }
type Seen = { with_token: Record<string, Layer>; without_auth: Record<string, Layer> }

let server: ServerProcess
let token: string
let collections: { id: string }[]
let seen: Seen

/** Signs in as the administrator and creates a personal API token, as a user does in the web app. */
async function createToken(url: string): Promise<string> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  })
  expect(login.status).toBe(200)
  const { csrfToken } = (await login.json()) as { csrfToken: string }
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  const created = await fetch(`${url}/api/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie },
    body: JSON.stringify({ name: 'QGIS' }),
  })
  expect(created.status).toBe(201)
  return ((await created.json()) as { token: string }).token
}

beforeAll(async () => {
  server = await startServerProcess({ PUBLIC_READ: 'false', ADMIN_PASSWORD })
  token = await createToken(server.url)
  const listed = await fetch(`${server.url}/ogc/collections`, { headers: { authorization: `Bearer ${token}` } })
  collections = ((await listed.json()) as { collections: { id: string }[] }).collections
  const { stdout } = await run('/usr/bin/python3', ['test/e2e/qgis-check.py', `${server.url}/ogc`, token, ...collections.map((c) => c.id)], {
    env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' },
    maxBuffer: 16 * 1024 * 1024,
    timeout: 150_000,
  })
  seen = JSON.parse(stdout) as Seen
}, 240_000)
afterAll(async () => {
  await server?.stop()
})

describe('QGIS 3.22 reads the OGC API with a token when reading needs sign-in (PUBLIC_READ=false)', () => {
  it('loads every collection with a Basic authentication config holding the token, with numberMatched features', async () => {
    expect(Object.keys(seen.with_token)).toEqual(collections.map((c) => c.id))
    for (const { id } of collections) {
      const page = await fetch(`${server.url}/ogc/collections/${id}/items?limit=1`, { headers: { authorization: `Bearer ${token}` } })
      const { numberMatched } = (await page.json()) as { numberMatched: number }
      expect({ id, ...seen.with_token[id] }).toMatchObject({ id, valid: true, featureCount: numberMatched, iterated: numberMatched })
    }
    expect(seen.with_token.communities!.featureCount).toBe(1629)
    expect(seen.with_token.eldercare_facilities!.fields).toMatchObject({ name: 'String', beds: 'Integer' })
  })

  it('without authentication the layer is not valid, and the server says what to send', async () => {
    expect(seen.without_auth).toEqual({ [collections[0]!.id]: { valid: false } })
    const res = await fetch(`${server.url}/ogc/collections`)
    expect(res.status).toBe(401)
    const problem = (await res.json()) as { code: string; detail: string }
    expect(problem.code).toBe('sign_in_required')
    expect(problem.detail).toMatch(/Authorization: Bearer <token>/)
    expect(problem.detail).toMatch(/HTTP Basic/)
  })

  it('a Basic header with any user name and the token as password reads the data; a wrong token is refused', async () => {
    const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
    expect((await fetch(`${server.url}/ogc/collections/counties/items?limit=1`, { headers: { authorization: basic('anyone', token) } })).status).toBe(200)
    const wrong = await fetch(`${server.url}/ogc/collections`, { headers: { authorization: basic('anyone', `${token}x`) } })
    expect(wrong.status).toBe(401)
    // The challenge names Bearer only (a Basic one opens browsers' own dialogs); QGIS sends Basic unasked, as the test above shows.
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer realm="civil-affairs-map"')
    expect(((await wrong.json()) as { code: string }).code).toBe('bad_token')
  })

  it('GDAL reads it with the token as the Basic password or in a Bearer header, as the README says', async () => {
    const ogc = `OAPIF:${server.url}/ogc`
    const count = (stdout: string) => Number(/Feature Count: (\d+)/.exec(stdout)?.[1])
    const asBasic = await run('ogrinfo', ['-ro', '-so', ogc, 'communities', '--config', 'GDAL_HTTP_AUTH', 'BASIC', '--config', 'GDAL_HTTP_USERPWD', `x:${token}`])
    expect(count(asBasic.stdout)).toBe(1629)
    const asBearer = await run('ogrinfo', ['-ro', '-so', ogc, 'communities', '--config', 'GDAL_HTTP_HEADERS', `Authorization: Bearer ${token}`])
    expect(count(asBearer.stdout)).toBe(1629)
    await expect(run('ogrinfo', ['-ro', '-so', ogc, 'communities'])).rejects.toMatchObject({ stderr: expect.stringMatching(/401/) })
  })
})
