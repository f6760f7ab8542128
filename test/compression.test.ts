import fs from 'node:fs/promises'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp } from './support/test-app'

let app: Awaited<ReturnType<typeof startTestApp>>
let webDir: string
const SCRIPT = `console.log(${JSON.stringify('民政'.repeat(2000))})\n`
beforeAll(async () => {
  // A built app of its own: `npm test` runs without `npm run build`.
  webDir = await fs.mkdtemp(path.join(os.tmpdir(), 'civil-map-web-'))
  await fs.mkdir(path.join(webDir, 'assets'))
  await fs.writeFile(path.join(webDir, 'index.html'), `<!doctype html><title>t</title><script src="/assets/index-AbC123.js"></script>`)
  await fs.writeFile(path.join(webDir, 'assets/index-AbC123.js'), SCRIPT)
  app = await startTestApp({ webDir })
})
afterAll(async () => {
  await app.close()
  await fs.rm(webDir, { recursive: true, force: true })
})

/** A GET with these request headers; the body as it came over the wire, not decoded. */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
      })
      .on('error', reject)
  })
}

const COUNTIES = '/ogc/collections/counties/items?limit=100'

describe('compression', () => {
  it('sends brotli to a client that accepts it, with Vary: Accept-Encoding', async () => {
    const res = await get(app.url + COUNTIES, { 'accept-encoding': 'gzip, deflate, br' })
    expect(res.status).toBe(200)
    expect(res.headers['content-encoding']).toBe('br')
    expect(res.headers.vary).toMatch(/\baccept-encoding\b/i)
    const json = JSON.parse(zlib.brotliDecompressSync(res.body).toString('utf8'))
    expect(json.features.length).toBeGreaterThan(0)
    expect(res.body.length).toBeLessThan(Buffer.byteLength(JSON.stringify(json)) / 3)
  })

  it('sends gzip to a client that accepts only gzip', async () => {
    const res = await get(app.url + COUNTIES, { 'accept-encoding': 'gzip' })
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(res.headers.vary).toMatch(/\baccept-encoding\b/i)
    expect(JSON.parse(zlib.gunzipSync(res.body).toString('utf8')).type).toBe('FeatureCollection')
  })

  it('sends the plain body to a client that accepts no encoding', async () => {
    const res = await get(app.url + COUNTIES, { 'accept-encoding': 'identity' })
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(JSON.parse(res.body.toString('utf8')).type).toBe('FeatureCollection')
  })

  it('compresses the web app’s scripts too', async () => {
    const res = await get(`${app.url}/assets/index-AbC123.js`, { 'accept-encoding': 'br' })
    expect(res.headers['content-encoding']).toBe('br')
    expect(zlib.brotliDecompressSync(res.body).toString('utf8')).toBe(SCRIPT)
  })
})

describe('caching of the web app', () => {
  it('marks the hashed build output immutable for a year', async () => {
    const res = await get(`${app.url}/assets/index-AbC123.js`, {})
    expect(res.status).toBe(200)
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
  })

  it('has the browser revalidate index.html, at / and by name', async () => {
    for (const route of ['/', '/index.html']) {
      const res = await get(app.url + route, {})
      expect(res.status, route).toBe(200)
      expect(res.headers['cache-control'], route).toBe('no-cache')
      expect(res.headers.etag, route).toBeTruthy()
    }
  })

  it('does not cache data API answers as immutable', async () => {
    const res = await get(app.url + COUNTIES, {})
    expect(res.headers['cache-control'] ?? '').not.toMatch(/immutable/)
  })
})
