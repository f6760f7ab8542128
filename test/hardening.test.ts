import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { collections } from '../server/app'
import { signCode } from '../server/signs/sign-code'
import { sql } from '../server/db/sql'
import { listItems } from '../server/ogc/ogc.queries'
import { startTestApp } from './support/test-app'
import { createTestUser, type TestUser } from './support/users'
import { callApi, type Call } from './support/call'

// Regression tests, one per class of input that once reached the database as a 500. The
// facility registers' features are made in 鲁山县 (410423), away from its boundary.
let app: Awaited<ReturnType<typeof startTestApp>>
let admin: TestUser
let editor: TestUser
beforeAll(async () => {
  app = await startTestApp()
  admin = await createTestUser(app.pool, ['admin'], [], 'hard')
  editor = await createTestUser(app.pool, ['facility_editor'], [], 'hard-ed')
})
afterAll(async () => {
  await app.close()
})

const call = (method: string, path: string, user: TestUser | null, body?: unknown, headers: Record<string, string> = {}) =>
  callApi(app.url, method, path, user, body, headers)

/** A raw request, for bodies and URLs that JSON.stringify and URL encoding would not make. */
async function raw(method: string, path: string, body?: string | Buffer, type = 'application/json', user: TestUser | null = admin): Promise<Call> {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { ...(user ? { authorization: `Bearer ${user.token}` } : {}), ...(body === undefined ? {} : { 'content-type': type }) },
    body: body as BodyInit | undefined,
  })
  const text = await res.text()
  return { status: res.status, type: res.headers.get('content-type'), etag: res.headers.get('etag'), location: null, body: text ? JSON.parse(text) : null }
}

function expectProblem(res: Call, status: number, field: string, code?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  expect(res.type).toMatch(/^application\/problem\+json/)
  expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field)
  if (code) expect(res.body.errors.find((e: { field: string }) => e.field === field).code).toBe(code)
}

const facility = (properties: Record<string, unknown> = {}, geometry: unknown = { type: 'Point', coordinates: [112.67, 33.78] }) => ({
  type: 'Feature',
  geometry,
  properties: {
    name: '加固测试养老院',
    kind: 'institution',
    ownership: 'private',
    beds: 100,
    nursing_beds: 50,
    embedded_beds: 0,
    services: ['full_time'],
    medical_integration: false,
    grade: null,
    barrier_free: true,
    status: 'operating',
    opened_on: '2020-05-01',
    data_source: 'register',
    ...properties,
  },
})


describe('a NUL character in any text is refused at the edge (regression: 500 invalid byte sequence 0x00)', () => {
  it.each([
    ['a query filter', 'GET', '/ogc/collections/eldercare_facilities/items?name=a%00b', 'name'],
    ['a feature id in the path', 'GET', '/ogc/collections/eldercare_facilities/items/1%00', 'path'],
    ['an audit filter', 'GET', '/api/admin/audit?username=a%00', 'username'],
  ])('in %s', async (_what, method, path, field) => {
    expectProblem(await call(method, path, admin), 400, field, 'nul_character')
  })

  it.each([
    ['a string property', '/ogc/collections/eldercare_facilities/items', facility({ name: 'a\u0000b' }), 'properties.name'],
    ['the login user name', '/api/auth/login', { username: 'adm\u0000in', password: 'x' }, 'username'],
    ['a token name', '/api/auth/tokens', { name: 'QGIS\u0000' }, 'name'],
    ['a display name', '/api/admin/users', { username: 'nul-user', display_name: 'a\u0000', password: 'long enough password', roles: [] }, 'display_name'],
  ])('in %s', async (_what, path, body, field) => {
    expectProblem(await call('POST', path, admin, body), 400, field, 'nul_character')
  })
})

describe('integers are held to their columns and to the domain (regression: integer out of range)', () => {
  it.each([
    ['beds: 3000000000', { beds: 3_000_000_000 }, 'properties.beds'],
    ['beds: 1e308', { beds: 1e308 }, 'properties.beds'],
    ['nursing_beds: 2147483648', { nursing_beds: 2_147_483_648 }, 'properties.nursing_beds'],
  ])('%s', async (_what, properties, field) => {
    expectProblem(await call('POST', '/ogc/collections/eldercare_facilities/items', editor, facility(properties)), 400, field, 'too_big')
  })

  it('population: 2147483648 on a community', async () => {
    const res = await call('POST', '/ogc/collections/communities/items', admin, {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [112.67, 33.78] },
      properties: { code: '410423999901', name: '溢出村', kind: 'village', township_code: '410423100', population: 2_147_483_648, population_60plus: 0, data_source: 'survey' },
    })
    expectProblem(res, 400, 'properties.population', 'too_big')
  })

  it('a CSV import of 2147483647 people is refused, and sums over townships and counties could not overflow anyway', async () => {
    const code = (await call('GET', '/ogc/collections/communities/items?county_code=410423&limit=1', null)).body.features[0].id
    const res = await raw('POST', '/api/communities/population?source=census', `code,population,population_60plus\n${code},2147483647,0\n`, 'text/csv')
    expect(res.status).toBe(400)
    expect(res.body.errors).toMatchObject([{ field: 'row 2: population', code: 'too_big', params: { maximum: 500_000 } }])
    // Even with every community of a township at the integer maximum, its sum is read.
    await app.pool
      .transaction(async (tx) => {
        await tx.query(sql.typeAlias('void')`UPDATE communities SET population = 2147483647, population_60plus = 0 WHERE township_code IN (SELECT code FROM townships WHERE county_code = '410423')`)
        for (const id of ['townships', 'counties']) {
          const filter = id === 'townships' ? { property: 'county_code', value: '410423' } : { property: 'code', value: '410423' }
          const page = await listItems(tx, collections.find((c) => c.id === id)!, { equals: [filter] }, { limit: 1, offset: 0 })
          expect(Number(page.features[0]!.properties.population)).toBeGreaterThan(2_147_483_647)
        }
        throw new Error('roll back')
      })
      .catch((error: Error) => expect(error.message).toBe('roll back'))
  })
})

describe('dates are the calendar’s (regression: 500 date/time field value out of range)', () => {
  it.each(['2024-02-30', '2024-13-45', '0000-01-01'])('opened_on = %s', async (day) => {
    expectProblem(await call('POST', '/ogc/collections/eldercare_facilities/items', editor, facility({ opened_on: day })), 400, 'properties.opened_on')
  })

  it.each([
    ['from=0000-01-01', 'from', 'not_on_calendar'],
    ['to=2024-01-01T00:00:00%2B16:00', 'to', 'bad_utc_offset'],
    ['from=2024-01-01T25:00', 'from', 'not_a_timestamp'],
  ])('audit filter %s', async (q, field, code) => {
    expectProblem(await call('GET', `/api/admin/audit?${q}`, admin), 400, field, code)
  })

  it('takes a real leap day and a timestamp with an offset', async () => {
    expect((await call('POST', '/ogc/collections/eldercare_facilities/items', editor, facility({ opened_on: '2024-02-29' }))).status).toBe(201)
    expect((await call('GET', '/api/admin/audit?from=2024-02-29&to=2024-03-01T00:00:00%2B08:00', admin)).status).toBe(200)
  })
})

describe('geometries no register can hold get a clean 400 (regression: Antipodal edge)', () => {
  const antimeridian = { type: 'Polygon', coordinates: [[[170, 10], [-170, 10], [-170, 20], [170, 20], [170, 10]]] }
  const world = { type: 'Polygon', coordinates: [[[-180, -90], [180, -90], [180, 90], [-180, 90], [-180, -90]]] }
  const cemetery = (geometry: unknown) => ({
    type: 'Feature',
    geometry,
    properties: { name: '加固测试公墓', kind: 'rural_public', level: 'township', capacity: 100, plots_used: 0, green_coverage_pct: 40, eco_burial_pct: 10, public_welfare_reserve_pct: null, status: 'operating', data_source: 'register' },
  })

  it.each([['across the antimeridian', antimeridian], ['around the world', world]])('on POST: a polygon %s', async (_what, geometry) => {
    expectProblem(await call('POST', '/ogc/collections/cemeteries/items', editor, cemetery(geometry)), 400, 'geometry.coordinates.0', 'crosses_antimeridian')
  })

  it('on PATCH, even with a stale If-Match', async () => {
    const created = await call('POST', '/ogc/collections/cemeteries/items', editor, cemetery({ type: 'Polygon', coordinates: [[[112.67, 33.78], [112.672, 33.78], [112.672, 33.782], [112.67, 33.78]]] }))
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const path = `/ogc/collections/cemeteries/items/${created.body.id}`
    for (const etag of [created.etag!, '"999"']) {
      const res = await call('PATCH', path, editor, { geometry: antimeridian }, { 'if-match': etag, 'content-type': 'application/merge-patch+json' })
      expectProblem(res, 400, 'geometry.coordinates.0', 'crosses_antimeridian')
    }
  })
})

describe('bodies and paths are parsed strictly', () => {
  it('refuses __proto__ like any unknown field (regression: an empty change with a new version)', async () => {
    const created = await call('POST', '/ogc/collections/eldercare_facilities/items', editor, facility())
    const path = `/ogc/collections/eldercare_facilities/items/${created.body.id}`
    const patched = await fetch(`${app.url}${path}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${editor.token}`, 'content-type': 'application/merge-patch+json', 'if-match': created.etag! },
      body: '{"properties":{"__proto__":{"beds":1}}}',
    })
    expect(patched.status).toBe(400)
    expect((await patched.json()).errors[0]).toMatchObject({ field: 'properties.__proto__', code: 'unknown_field' })
    expect((await call('GET', path, null)).etag).toBe(created.etag)
  })

  it('does not take 0x2 for token 2 (regression: DELETE /api/auth/tokens/0x2 revoked token 2)', async () => {
    const user = await createTestUser(app.pool, ['viewer'], [], 'hex')
    const made = await call('POST', '/api/auth/tokens', user, { name: 'second' })
    for (const id of [`0x${made.body.id.toString(16)}`, `${made.body.id}e0`, ` ${made.body.id}`, `+${made.body.id}`]) {
      expectProblem(await call('DELETE', `/api/auth/tokens/${encodeURIComponent(id)}`, user), 400, 'id', 'not_integer')
    }
    const tokens = (await call('GET', '/api/auth/tokens', user)).body.tokens as { id: number; revoked_at: unknown }[]
    expect(tokens.find((t) => t.id === made.body.id)).toBeTruthy()
    expect((await call('DELETE', `/api/auth/tokens/${made.body.id}`, user)).status).toBe(204)
  })

  it.each([
    ['a lone surrogate in JSON', '{"name":"QGIS \\ud800"}'],
    ['invalid UTF-8 bytes', Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d])],
  ])('refuses %s instead of storing U+FFFD', async (_what, body) => {
    const res = await raw('POST', '/api/auth/tokens', body)
    expect(res.status).toBe(400)
    expect(res.body.errors[0].code).toBe('invalid_unicode')
    const names = ((await call('GET', '/api/auth/tokens', admin)).body.tokens as { name: string }[]).map((t) => t.name)
    expect(names.some((n) => n.includes('\ufffd') || n.includes('QGIS'))).toBe(false)
  })

  it('refuses invalid UTF-8 in a CSV import', async () => {
    const res = await raw('POST', '/api/communities/population?source=census', Buffer.from('code,population,population_60plus\n41042310000\xff,1,0\n', 'latin1'), 'text/csv')
    expect(res.status).toBe(400)
    expect(res.body.errors[0]).toMatchObject({ field: 'body', code: 'invalid_unicode' })
  })
})

async function storedGeometry(collectionId: string, featureId: unknown): Promise<string> {
  const c = collections.find((x) => x.id === collectionId)!
  return app.pool.oneFirst(sql.type(z.object({ hex: z.string() }))`
    SELECT encode(ST_AsBinary(${sql.identifier([c.geometryColumn])}), 'hex') AS hex FROM ${sql.identifier([c.table])}
    WHERE ${sql.identifier([c.idColumn])}::text = ${String(featureId)}`)
}

describe('a feature read can be written back (QGIS and ArcGIS do GET, change a field, PUT)', () => {
  /**
   * A feature of its own for each collection, made by POSTing a sample feature as it was
   * read (read-only properties and all), marked as not generated; townships and communities
   * in 西峡县 (411323), a neighbour's county, so that the city's own stay as the other
   * suites expect them.
   */
  async function ownFeature(id: string): Promise<string | number> {
    const sample = (await call('GET', `/ogc/collections/${id}/items?limit=1${id === 'townships' || id === 'communities' ? '&county_code=410423' : ''}`, null)).body.features[0]
    const properties = { ...sample.properties }
    if (id === 'townships') Object.assign(properties, { code: '411323951', county_code: '411323', admin_code: '411323', geometry_source: 'surveyed' })
    if (id === 'communities') Object.assign(properties, { code: '411323951001', township_code: '411323951' })
    // A place name is Han characters only, and its code is unique (a new one may have none).
    if (id === 'place_names') Object.assign(properties, { name: `${properties.name}往返测试`, code: null })
    else if ('name' in properties && id !== 'townships') properties.name = `${properties.name}（往返测试）`
    // A sign's code is unique too.
    if (id === 'signs') properties.code = signCode('410423', 79999)
    // Not `generated`: the sample's own suites count the generated records.
    if ('data_source' in properties) properties.data_source = id === 'communities' || id === 'roads' ? 'survey' : 'register'
    // Not walkable: the walking graph is city-wide, and other suites read it.
    if (id === 'roads') properties.walkable = false
    // A marker's number is unique on its line: sequence 999, same kind letter.
    if (id === 'boundary_markers') Object.assign(properties, { number: `${String(properties.number).slice(0, -4)}999${String(properties.number).slice(-1)}`, data_source: 'survey' })
    const created = await call('POST', `/ogc/collections/${id}/items`, admin, { type: 'Feature', geometry: sample.geometry, properties })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    return created.body.id
  }

  // In order: the community needs the township.
  it.each(collections.filter((c) => c.write).map((c) => c.id))('%s: GET → PUT of a feature succeeds unchanged', async (id) => {
    const featureId = await ownFeature(id)
    const read = await call('GET', `/ogc/collections/${id}/items/${encodeURIComponent(featureId)}`, null)
    const { links: _links, ...feature } = read.body
    // The stored geometry keeps its full precision (the served one is rounded to 7 decimals).
    const before = await storedGeometry(id, featureId)
    const put = await call('PUT', `/ogc/collections/${id}/items/${encodeURIComponent(featureId)}`, admin, feature, { 'if-match': read.etag! })
    expect(put.status, JSON.stringify(put.body)).toBe(200)
    expect(put.body.properties).toEqual(read.body.properties)
    expect(put.body.geometry).toEqual(read.body.geometry)
    expect(await storedGeometry(id, featureId)).toBe(before)
  })

  it('each property has one JSON type both ways: services is an array when read', async () => {
    const read = await call('GET', '/ogc/collections/eldercare_facilities/items?limit=5', null)
    expect(read.body.features.every((f: { properties: { services: unknown } }) => Array.isArray(f.properties.services))).toBe(true)
  })
})

describe('GIS clients', () => {
  it('accept HTTP Basic with an API token as the password, and say what to send when it is wrong', async () => {
    const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` })
    const ok = await fetch(`${app.url}/api/auth/me`, { headers: basic('anyone', admin.token) })
    expect(((await ok.json()) as { user: { username: string } }).user.username).toBe(admin.username)
    const wrong = await fetch(`${app.url}/api/auth/me`, { headers: basic(admin.username, 'not-a-token') })
    expect(wrong.status).toBe(401)
    // Bearer only: a Basic challenge would make browsers open their own sign-in dialog.
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer realm="civil-affairs-map"')
    const problem = (await wrong.json()) as { code: string; detail: string }
    expect(problem.code).toBe('bad_token')
    expect(problem.detail).toMatch(/password of HTTP Basic/)
  })

  it('publish a schema per collection, typed, with read-only properties marked, and queryables', async () => {
    const described = await call('GET', '/ogc/collections/cemeteries', null)
    const link = described.body.links.find((l: { rel: string }) => l.rel === 'describedBy')
    expect(link).toMatchObject({ type: 'application/schema+json' })
    const schema = await fetch(link.href)
    expect(schema.headers.get('content-type')).toMatch(/^application\/schema\+json/)
    const { properties } = (await schema.json()) as { properties: Record<string, { type?: string; readOnly?: boolean; 'x-ogc-role'?: string }> }
    expect(properties.public_welfare_reserve_pct!.type).toBe('number')
    expect(properties.area_mu).toMatchObject({ type: 'number', readOnly: true })
    expect(properties.name!.readOnly).toBeUndefined()
    expect(properties.id!['x-ogc-role']).toBe('id')
    expect(properties.geometry!['x-ogc-role']).toBe('primary-geometry')
    const queryables = (await (await fetch(`${app.url}/ogc/collections/cemeteries/queryables`)).json()) as { properties: Record<string, unknown> }
    expect(Object.keys(queryables.properties)).toContain('rules_ok')
    expect(Object.keys(queryables.properties)).not.toContain('area_mu')
  })

  it('give feature ids the type the registers serve in the OpenAPI document', async () => {
    const api = (await call('GET', '/ogc/api', null)).body
    const param = (id: string) => api.paths[`/collections/${id}/items/{featureId}`].get.parameters[0].schema.type
    expect(param('eldercare_facilities')).toBe('integer')
    expect(param('townships')).toBe('string')
  })

  it('serve every feature inside its collection’s extent (computed after rounding)', async () => {
    for (const id of ['counties', 'eldercare_facilities']) {
      // Items first: a feature another suite adds meanwhile can only widen the extent read after.
      const coordinates = JSON.stringify((await call('GET', `/ogc/collections/${id}/items?limit=10000`, null)).body.features.map((f: { geometry: unknown }) => f.geometry))
      const [minX, minY, maxX, maxY] = (await call('GET', `/ogc/collections/${id}`, null)).body.extent.spatial.bbox[0]
      for (const [, x, y] of coordinates.matchAll(/\[(-?[\d.]+),(-?[\d.]+)\]/g)) {
        expect(Number(x)).toBeGreaterThanOrEqual(minX)
        expect(Number(x)).toBeLessThanOrEqual(maxX)
        expect(Number(y)).toBeGreaterThanOrEqual(minY)
        expect(Number(y)).toBeLessThanOrEqual(maxY)
      }
    }
  })

  it('revalidate cheaply: 304 while nothing changed, a new ETag after a write', async () => {
    // node:http, as a browser's cache revalidates: fetch() would add Cache-Control: no-cache.
    const get = (path: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; etag: string; modified: string }>((resolve, reject) => {
        http.get(`${app.url}${path}`, { headers }, (res) => {
          res.resume()
          resolve({ status: res.statusCode!, etag: String(res.headers.etag), modified: String(res.headers['last-modified']) })
        }).on('error', reject)
      })
    for (const path of ['/ogc/collections', '/ogc/collections/eldercare_facilities', '/ogc/collections/eldercare_facilities/items?limit=5']) {
      // The other suites write beside this one, and any write anywhere moves the ETag: try
      // until one pair of requests falls between two writes.
      let revalidated = 0
      for (let attempt = 0; attempt < 20 && revalidated !== 304; attempt += 1) {
        const first = await get(path)
        expect(first.status).toBe(200)
        revalidated = (await get(path, { 'if-none-match': first.etag })).status
        expect([200, 304]).toContain(revalidated)
        // If-Modified-Since alone never gives a 304: two writes may share a second.
        expect((await get(path, { 'if-modified-since': first.modified })).status).toBe(200)
      }
      expect(revalidated, path).toBe(304)
    }
    const before = await get('/ogc/collections')
    expect((await call('POST', '/ogc/collections/eldercare_facilities/items', editor, facility())).status).toBe(201)
    const after = await get('/ogc/collections', { 'if-none-match': before.etag })
    expect(after.status).toBe(200)
    expect(after.etag).not.toBe(before.etag)
  })
})
