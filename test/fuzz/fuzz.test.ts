import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { pino } from 'pino'
import { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { collections, routeTables } from '../../server/app'
import { createToken } from '../../server/auth/auth.queries'
import { hashSecret } from '../../server/auth/auth.middleware'
import { sql } from '../../server/db/sql'
import type { CollectionDescriptor } from '../../server/ogc/collection'
import { loadConfig } from '../../server/config'
import { readCity } from '../../server/system/city'
import { startTestApp } from '../support/test-app'
import { createTestUser, type TestUser } from '../support/users'
import { anyJson, fromZod, geometry, hostileBodyText, hostileNumber, hostileText, mutated } from './arbitraries'

/**
 * The fuzz harness: every OGC collection (reads with every query parameter and filter;
 * Part 4 writes with bodies generated from the collection's zod schema, then mutated) and
 * every route of every domain's route table, with hostile input. Each answer must be a
 * 2xx or a 4xx problem+json without a stack trace or SQL, and afterwards the tables hold
 * exactly what the successful writes made, with valid geometries. FUZZ_RUNS sets the
 * inputs per operation (default 25), FUZZ_SEED the seed.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 25)
const SEED = Number(process.env.FUZZ_SEED ?? 20261201)
const LEAK = /\bat [\w.<>]+ \(|node_modules|\.ts:\d+|\bSELECT\b|\bINSERT\b|\bUPDATE \w+ SET\b|syntax error|relation "|violates/

let app: Awaited<ReturnType<typeof startTestApp>>
let admin: TestUser
/** A user and a token the routes under fuzz may change or revoke, never the caller's own. */
let spare: { userId: number; tokenId: number }
const tried = new Map<string, number>()

beforeAll(async () => {
  app = await startTestApp({ trustProxy: true, poolSize: 4 })
  admin = await createTestUser(app.pool, ['admin'], [], 'fuzz')
  const other = await createTestUser(app.pool, ['viewer'], [], 'spare')
  const token = await createToken(app.pool, { userId: admin.id, name: 'spare', tokenHash: hashSecret(randomBytes(16).toString('hex')) })
  spare = { userId: other.id, tokenId: token.id }
})
afterAll(async () => {
  console.log(`fuzz: inputs tried per operation (seed ${SEED}):\n${[...tried].map(([k, n]) => `  ${String(n).padStart(5)}  ${k}`).join('\n')}`)
  await app?.close()
})

type Answer = { status: number; type: string | null; text: string; etag: string | null }

/** Sends one request as the fuzz administrator, from an address of its own (the login throttle counts per address). */
async function send(method: string, path: string, options: { body?: string; type?: string; headers?: Record<string, string> } = {}): Promise<Answer | null> {
  let res: Response
  try {
    res = await fetch(`${app.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${admin.token}`,
        'x-forwarded-for': `10.${(Math.random() * 255) | 0}.${(Math.random() * 255) | 0}.${(Math.random() * 255) | 0}`,
        ...(options.body === undefined ? {} : { 'content-type': options.type ?? 'application/json' }),
        ...options.headers,
      },
      body: options.body,
    })
  } catch (error) {
    // fetch itself refuses a header value it cannot send (a line break, a non-Latin-1
    // character): nothing reached the server. Any other failure (a dropped connection) fails.
    const notSent = /header|ByteString/i.test(String((error as Error).message)) || (error as { cause?: { code?: string } }).cause?.code === 'UND_ERR_INVALID_ARG'
    if (error instanceof TypeError && notSent) return null
    throw error
  }
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text(), etag: res.headers.get('etag') }
}

function checkAnswer(what: string, answer: Answer | null): void {
  if (!answer) return
  tried.set(what, (tried.get(what) ?? 0) + 1)
  expect(answer.status, `${what}: ${answer.text.slice(0, 300)}`).toBeLessThan(500)
  // The public sign pages (/s/…) answer people: a friendly HTML page, unless the input guard refused the request first.
  const expected = / \/s\//.test(what) ? /^(application\/problem\+json|text\/html)/ : /^application\/problem\+json/
  if (answer.status >= 400) expect(answer.type ?? '', `${what}: ${answer.status} ${answer.text.slice(0, 200)}`).toMatch(expected)
  expect(answer.text, what).not.toMatch(LEAK)
}

const query = (params: Record<string, string>) => {
  const q = new URLSearchParams(params).toString()
  return q ? `?${q}` : ''
}

/** A path segment or query value: ordinary, hostile, or percent-encoded bytes that are not UTF-8. */
const segment = fc.oneof(hostileText.map(encodeURIComponent), fc.constantFrom('%00', '%ff', '%c3%28', '%ed%a0%80', '0x2', '-1', '1e3', '99999999999999999999', '1', '1?%00', '?a=%00'))

/**
 * Files that look like a network file at first sight and are not one: a PBF header cut
 * short, a FeatureCollection of nothing walkable, lines with coordinates off the globe.
 */
const FILE_BODIES = [
  '\u0000\u0000\u0000\u000d\n\u0009OSMHeader\u0018\u00ff\u00ff',
  '{"type":"FeatureCollection","features":[]}',
  '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"highway":"motorway"},"geometry":{"type":"LineString","coordinates":[[113,33],[113.1,33]]}}]}',
  '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"highway":"footway"},"geometry":{"type":"LineString","coordinates":[[1e308,33],[-400,95]]}}]}',
  '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"highway":"footway"},"geometry":{"type":"LineString","coordinates":[[113,33],[113,33]]}}]}',
  '{"type":"Feature"',
  '[1,2,3]',
]

/** A JSON text nested `depth` levels deep, as an attacker writes it to exhaust a recursive walk. */
const nested = (depth: number) => `{"properties":${'['.repeat(depth)}${']'.repeat(depth)}}`

const CountRow = z.object({ n: z.number() })

async function liveCount(c: CollectionDescriptor): Promise<number> {
  return app.pool.oneFirst(sql.type(CountRow)`SELECT count(*)::int AS n FROM ${sql.identifier([c.table])} ${c.write ? sql.fragment`WHERE deleted_at IS NULL` : sql.fragment``}`)
}
async function auditCount(table: string): Promise<number> {
  return app.pool.oneFirst(sql.type(CountRow)`SELECT count(*)::int AS n FROM audit_log WHERE table_name = ${table}`)
}
async function invalidGeometries(c: CollectionDescriptor): Promise<number> {
  return app.pool.oneFirst(sql.type(CountRow)`SELECT count(*)::int AS n FROM ${sql.identifier([c.table])} WHERE NOT ST_IsValid(${sql.identifier([c.geometryColumn])})`)
}

describe.each(collections.map((c) => [c.id, c] as const))('fuzz: the OGC collection %s', (id, collection) => {
  it('answers every read with 2xx or a problem, never a 5xx', async () => {
    const filterable = Object.keys(collection.properties).filter((p) => collection.properties[p]!.filterable)
    const params = fc.dictionary(
      fc.constantFrom('limit', 'offset', 'bbox', 'bbox-crs', 'f', 'datetime', 'unknown', ...filterable),
      fc.oneof(hostileText, hostileNumber.map(String), fc.constantFrom('true', '0', '113,33,114,34', '1,2,3', 'json', '10')),
      { maxKeys: 4 },
    )
    await fc.assert(
      fc.asyncProperty(params, segment, async (p, featureId) => {
        checkAnswer(`GET /ogc/collections/${id}/items`, await send('GET', `/ogc/collections/${id}/items${query(p)}`))
        checkAnswer(`GET /ogc/collections/${id}/items/{id}`, await send('GET', `/ogc/collections/${id}/items/${featureId}`))
      }),
      { numRuns: RUNS, seed: SEED },
    )
  })

})

describe.each(collections.filter((c) => c.write).map((c) => [c.id, c] as const))('fuzz: writes to the OGC collection %s', (id, collection) => {
  it('answers every write with 2xx or a problem, and keeps the table and the audit log exact', async () => {
    const write = collection.write!
    const first = JSON.parse((await send('GET', `/ogc/collections/${id}/items?limit=20`))!.text) as { features: { id: unknown; geometry: { coordinates: unknown } }[] }
    const inside = first.features.flatMap((f) => {
      const flat = JSON.stringify(f.geometry.coordinates).match(/-?\d+\.?\d*,-?\d+\.?\d*/)
      return flat ? [flat[0].split(',').map(Number) as [number, number]] : []
    })
    const target = String(first.features[0]!.id)
    const [countBefore, auditBefore] = [await liveCount(collection), await auditCount(collection.table)]
    let created = 0
    let deleted = 0
    let written = 0
    const ids: string[] = [target]
    const body = fc.record({
      type: fc.oneof(fc.constant('Feature'), anyJson),
      geometry: geometry(inside.length ? inside : [[113.2, 33.7]]),
      properties: mutated(write.properties),
    }, { requiredKeys: [] })
    const ifMatch = fc.oneof(fc.constant('current'), fc.constantFrom('"1"', '"999999999"', 'W/"x"', '*', ''), hostileText)
    await fc.assert(
      fc.asyncProperty(body, body, ifMatch, fc.nat(3), async (a, b, match, pick) => {
        const post = await send('POST', `/ogc/collections/${id}/items`, { body: JSON.stringify(a), type: 'application/geo+json' })
        checkAnswer(`POST /ogc/collections/${id}/items`, post)
        if (post?.status === 201) {
          created += 1
          written += 1
          ids.push(String(JSON.parse(post.text).id))
        }
        const featureId = ids[pick % ids.length]!
        const current = (await send('GET', `/ogc/collections/${id}/items/${encodeURIComponent(featureId)}`))?.etag ?? '"0"'
        const headers = { 'if-match': match === 'current' ? current : match }
        for (const [method, payload, type] of [
          ['PUT', JSON.stringify(b), 'application/geo+json'],
          ['PATCH', JSON.stringify({ properties: b.properties, ...(pick % 2 ? { geometry: b.geometry } : {}) }), 'application/merge-patch+json'],
        ] as const) {
          const fresh = (await send('GET', `/ogc/collections/${id}/items/${encodeURIComponent(featureId)}`))?.etag ?? '"0"'
          const answer = await send(method, `/ogc/collections/${id}/items/${encodeURIComponent(featureId)}`, { body: payload, type, headers: match === 'current' ? { 'if-match': fresh } : headers })
          checkAnswer(`${method} /ogc/collections/${id}/items/{id}`, answer)
          if (answer && answer.status < 300) written += 1
        }
        // Only features the fuzz made are deleted, so the sample data stays for the other inputs.
        if (featureId !== target && pick === 3) {
          const etag = (await send('GET', `/ogc/collections/${id}/items/${encodeURIComponent(featureId)}`))?.etag ?? '"0"'
          const answer = await send('DELETE', `/ogc/collections/${id}/items/${encodeURIComponent(featureId)}`, { headers: { 'if-match': etag } })
          checkAnswer(`DELETE /ogc/collections/${id}/items/{id}`, answer)
          if (answer?.status === 204) {
            deleted += 1
            written += 1
            ids.splice(ids.indexOf(featureId), 1)
          }
        }
      }),
      { numRuns: RUNS, seed: SEED },
    )
    expect(await liveCount(collection)).toBe(countBefore + created - deleted)
    expect(await auditCount(collection.table)).toBe(auditBefore + written)
    expect(await invalidGeometries(collection)).toBe(0)
  })
})

describe('fuzz: the routes of every domain', async () => {
  const config = loadConfig({})
  const tables = routeTables({ db: undefined as never, kind: 'embedded', clientConfig: { city: await readCity(config.cityDataDir), basemapTilesUrl: null }, logger: pino({ level: 'silent' }) })
  const routes = tables.flatMap((t) => t.routes.map((r) => ({ ...r, url: `${t.mount}${r.path}` })))

  it.each(routes.map((r) => [`${r.method.toUpperCase()} ${r.url}`, r] as const))('%s answers every input with 2xx or a problem', async (name, r) => {
    const pathParam = fc.oneof(segment, fc.constant(String(r.url.includes('/tokens/') ? spare.tokenId : spare.userId)))
    const queryArb = r.query
      ? fc.oneof(fromZod(r.query) as fc.Arbitrary<Record<string, unknown>>, fc.dictionary(fc.string({ maxLength: 8 }), hostileText, { maxKeys: 3 }))
      : fc.dictionary(fc.string({ maxLength: 8 }), hostileText, { maxKeys: 2 })
    const bodyArb: fc.Arbitrary<string | undefined> =
      r.body === 'text/csv'
        ? fc.oneof(hostileBodyText, fc.constant('code,population,population_60plus\n410402001001,2147483647,0\n'), fc.constant('code,population\n\u0000,1\n'))
        : r.body === 'application/octet-stream'
          ? fc.oneof(hostileBodyText, anyJson.map((v) => JSON.stringify({ type: 'FeatureCollection', features: [v] })), fc.constantFrom(...FILE_BODIES))
          : r.body
          ? fc.oneof(
              (r.body._def.typeName === 'ZodObject' ? mutated(r.body as z.AnyZodObject) : fromZod(r.body)).map((v) => JSON.stringify(v ?? {})),
              fc.constantFrom('{"a":', '{"name":"\\ud800"}', '{"name":"a\\u0000b"}', '[]', 'null', '"x"'),
            )
          : fc.constant(undefined)
    await fc.assert(
      fc.asyncProperty(pathParam, queryArb, bodyArb, fc.constantFrom('application/json', 'text/csv', 'text/plain', 'application/geo+json', 'application/octet-stream'), async (param, q, body, type) => {
        const path = r.url.replace(/:(\w+)/g, () => param)
        const values = Object.fromEntries(Object.entries(q ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]))
        const answer = await send(r.method.toUpperCase(), `${path}${query(values)}`, { body, type: r.body === 'text/csv' || r.body === 'application/octet-stream' ? type : 'application/json' })
        checkAnswer(name, answer)
      }),
      { numRuns: RUNS, seed: SEED },
    )
  })

  it('takes a body nested 100,000 deep, a second ? in the URL and pole-to-pole geometries without a 5xx', async () => {
    for (const depth of [31, 33, 100_000]) {
      checkAnswer('POST /api/auth/tokens (nested JSON)', await send('POST', '/api/auth/tokens', { body: nested(depth) }))
      checkAnswer('POST /ogc/collections/cemeteries/items (nested JSON)', await send('POST', '/ogc/collections/cemeteries/items', { body: nested(depth) }))
    }
    for (const path of ['/ogc/collections/eldercare_facilities/items?name=a?%00', '/api/admin/audit?username=a?%00', '/ogc/collections/townships/items?x=1?y=%ff']) {
      const answer = await send('GET', path)
      checkAnswer('GET with a second ?', answer)
      expect(answer!.status, path).toBe(400)
    }
    const pole = { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[0, 90], [0, -90], [1, -90], [0, 90]]] }, properties: {} }
    for (const id of ['townships', 'cemeteries']) checkAnswer(`POST /ogc/collections/${id}/items (pole to pole)`, await send('POST', `/ogc/collections/${id}/items`, { body: JSON.stringify(pole) }))
  })

  it('takes hostile multipart bodies to the public report form without a 5xx', async () => {
    const code = await app.pool.oneFirst(sql.type(z.object({ code: z.string() }))`SELECT code FROM signs WHERE status <> 'removed' ORDER BY id LIMIT 1`)
    const field = fc.constantFrom('problem', 'description', 'contact', 'lang', 't', 'n', 'p', 'website', 'photo', 'x', '__proto__')
    const part = fc.tuple(field, fc.oneof(hostileText, fc.constantFrom('damaged', '1700000000000', 'f'.repeat(16), 'f'.repeat(64))), fc.boolean())
    await fc.assert(
      fc.asyncProperty(fc.array(part, { maxLength: 14 }), fc.constantFrom('multipart/form-data; boundary=X', 'multipart/form-data', 'text/plain', 'multipart/form-data; boundary='), async (parts, type) => {
        const body = `${parts.map(([name, value, file]) => `--X\r\nContent-Disposition: form-data; name="${name}"${file ? '; filename="a.jpg"' : ''}\r\n\r\n${value}\r\n`).join('')}--X--\r\n`
        checkAnswer('POST /s/:code/report (multipart)', await send('POST', `/s/${code}/report`, { body, type, headers: { 'x-forwarded-for': `10.9.${(Math.random() * 255) | 0}.${(Math.random() * 255) | 0}` } }))
      }),
      { numRuns: RUNS, seed: SEED },
    )
  })

  it('sends invalid UTF-8 bytes and Authorization headers of every kind without a 5xx', async () => {
    const bytes = Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) // {"n":"\xff\xfe"}
    const res = await fetch(`${app.url}/api/auth/tokens`, { method: 'POST', headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' }, body: bytes })
    checkAnswer('POST /api/auth/tokens (invalid UTF-8)', { status: res.status, type: res.headers.get('content-type'), text: await res.text(), etag: null })
    expect(res.status).toBe(400)
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileText, fc.constantFrom('Basic', 'Basic !!!', 'Basic Og==', 'Bearer', 'Bearer  ', `Basic ${Buffer.from(`x:${admin.token}`).toString('base64')}`)), async (header) => {
        checkAnswer('GET /ogc/collections (Authorization)', await send('GET', '/ogc/collections', { headers: { authorization: header } }))
      }),
      { numRuns: RUNS, seed: SEED },
    )
  })
})
