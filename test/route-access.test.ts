import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { routeTables } from '../server/app'
import { loadConfig } from '../server/config'
import { readCity } from '../server/system/city'
import { callApi } from './support/call'
import { startTestApp } from './support/test-app'
import { createTestUser, type TestUser } from './support/users'

// Every route of every domain's route table, as anonymous and as a user without the role:
// the declared access is what the server enforces.
let app: Awaited<ReturnType<typeof startTestApp>>
let viewer: TestUser
beforeAll(async () => {
  app = await startTestApp()
  viewer = await createTestUser(app.pool, ['viewer'], [], 'access')
})
afterAll(async () => {
  await app.close()
})

const config = loadConfig({})
const tables = routeTables({ db: undefined as never, kind: 'embedded', clientConfig: { city: await readCity(config.cityDataDir), basemapTilesUrl: null }, logger: pino({ level: 'silent' }) })
const routes = tables.flatMap((t) => t.routes.map((r) => ({ ...r, url: `${t.mount}${r.path.replace(/:\w+/g, '1')}` })))

describe('route access', () => {
  it('lists every route in the OpenAPI document of /api, with its query parameters', async () => {
    const doc = (await callApi(app.url, 'GET', '/api/openapi.json', null)).body
    for (const t of tables) {
      for (const r of t.routes) {
        const operation = doc.paths[`${t.mount}${r.path}`.replace(/:(\w+)/g, '{$1}')]?.[r.method]
        expect(operation, `${r.method} ${t.mount}${r.path}`).toBeTruthy()
        for (const name of Object.keys(r.query?.shape ?? {})) expect(operation.parameters.map((p: { name: string }) => p.name)).toContain(name)
      }
    }
    expect(doc.paths['/api/admin/audit'].get.parameters.find((p: { name: string }) => p.name === 'from')).toMatchObject({ in: 'query', schema: { type: 'string' } })
    expect(doc.paths['/api/auth/tokens/{id}'].delete.parameters[0]).toMatchObject({ name: 'id', in: 'path', schema: { type: 'integer' } })
  })

  it('declares every route once', () => {
    const keys = routes.map((r) => `${r.method} ${r.url}`)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it.each(routes.filter((r) => r.access !== 'public' && r.access !== 'read').map((r) => [`${r.method.toUpperCase()} ${r.url}`, r] as const))('%s refuses an anonymous caller with 401', async (_name, r) => {
    const res = await callApi(app.url, r.method.toUpperCase(), r.url, null, typeof r.body === 'object' ? {} : undefined)
    expect(res.status).toBe(401)
    expect(res.body.code).toBe('sign_in_required')
  })

  it.each(routes.filter((r) => Array.isArray(r.access)).map((r) => [`${r.method.toUpperCase()} ${r.url}`, r] as const))('%s refuses a viewer with 403', async (_name, r) => {
    const res = await callApi(app.url, r.method.toUpperCase(), r.url, viewer, typeof r.body === 'object' ? {} : undefined)
    expect(res.status).toBe(403)
    expect(res.body.code).toBe('role_required')
  })

  it.each(routes.filter((r) => (r.access === 'public' || r.access === 'read') && r.method === 'get').map((r) => [`GET ${r.url}`, r] as const))('%s answers anyone (the data is public here)', async (_name, r) => {
    // Without its required parameters a route answers 400 naming them: past the access check all the same.
    const required = Object.values((r.query?.shape ?? {}) as Record<string, { isOptional(): boolean }>).some((s) => !s.isOptional())
    if (r.url.startsWith('/s/')) {
      // The public sign pages answer in HTML; sign "1" does not exist, and its page says so.
      const page = await fetch(`${app.url}${r.url}`)
      expect(page.status).toBe(r.path.includes(':') ? 404 : 200)
      expect(page.headers.get('content-type')).toMatch(/^text\/html/)
      return
    }
    const res = await callApi(app.url, 'GET', r.url, null)
    // A route of one record (`…/:id`) may find none with id 1: its 404 problem is past the access check too.
    if (!required && /:\w+/.test(r.path) && res.status === 404) expect(res.type).toMatch(/problem\+json/)
    else expect(res.status).toBe(required ? 400 : 200)
    if (required) expect(res.body.errors.map((e: { code: string }) => e.code)).toContain('required')
  })

  it.each(routes.filter((r) => r.access === 'read').map((r) => [`${r.method.toUpperCase()} ${r.url}`, r] as const))('%s refuses an anonymous caller with 401 when the data is not public', async (_name, r) => {
    const closed = await startTestApp({ publicRead: false })
    try {
      const res = await callApi(closed.url, r.method.toUpperCase(), r.url, null, r.body && r.body !== 'text/csv' ? {} : undefined)
      expect(res.status).toBe(401)
      expect(res.body.code).toBe('sign_in_required')
      expect((await callApi(closed.url, r.method.toUpperCase(), r.url, viewer, r.body && typeof r.body !== 'string' ? {} : undefined)).status).not.toBe(401)
    } finally {
      await closed.close()
    }
  })
})

describe('the published tables', () => {
  it('each bump the change counter that extents and ETags follow (a new domain’s table needs the trigger of migration 010)', async () => {
    const { collections } = await import('../server/app')
    const { listTrackedTables } = await import('../server/ogc/ogc.queries')
    const tracked = await listTrackedTables(app.pool)
    for (const c of collections) expect(tracked, c.table).toContain(c.table)
  })
})
