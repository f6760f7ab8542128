import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONFORMANCE } from '../server/ogc/ogc.routes'
import { WRITE_CONFORMANCE } from '../server/ogc/ogc.write'
import { startTestApp } from './support/test-app'

type Link = { href: string; rel: string }
type Page = {
  type: string
  numberMatched: number
  numberReturned: number
  features: { id: string; properties: Record<string, unknown>; geometry: { type: string } }[]
  links: Link[]
}

let app: Awaited<ReturnType<typeof startTestApp>>
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(async () => {
  await app.close()
})

async function get(path: string) {
  const res = await fetch(`${app.url}${path}`)
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as any }
}

async function expectProblem(path: string, status: number, field?: string) {
  const res = await get(path)
  expect(res.status, path).toBe(status)
  expect(res.type).toContain('application/problem+json')
  expect(res.body.status).toBe(status)
  expect(res.body.title).toBeTypeOf('string')
  if (field) expect(res.body.errors.map((e: { field: string }) => e.field), path).toContain(field)
  return res.body
}

describe('health', () => {
  it('answers ok with the database kind and PostGIS version', async () => {
    const res = await get('/api/health')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'ok', database: { kind: expect.stringMatching(/^(embedded|postgres)$/) } })
    expect(res.body.database.postgis).toMatch(/^3\.\d+/)
  })
})

describe('OGC API Features core', () => {
  it('has a landing page linking the API definition, conformance and collections', async () => {
    const res = await get('/ogc')
    expect(res.status).toBe(200)
    const rels = res.body.links.map((l: Link) => l.rel)
    expect(rels).toEqual(expect.arrayContaining(['self', 'service-desc', 'conformance', 'data']))
  })

  it('declares its conformance classes', async () => {
    expect((await get('/ogc/conformance')).body.conformsTo).toEqual([...CONFORMANCE, ...WRITE_CONFORMANCE])
  })

  it('serves an OpenAPI definition with the paging maximum', async () => {
    const res = await get('/ogc/api')
    expect(res.body.openapi).toMatch(/^3\.0/)
    expect(res.body.components.parameters.limit.schema.maximum).toBe(10000)
    expect(Object.keys(res.body.paths)).toContain('/collections/townships/items')
    // Writable collections describe their Part 4 operations; read-only ones do not.
    expect(Object.keys(res.body.paths['/collections/townships/items/{featureId}']).sort()).toEqual(['delete', 'get', 'patch', 'put'])
    expect(Object.keys(res.body.paths['/collections/counties/items/{featureId}'])).toEqual(['get'])
    expect(res.body.components.schemas.townships_feature.properties.properties.additionalProperties).toBe(false)
  })

  it('lists the three base collections with their extents', async () => {
    const res = await get('/ogc/collections')
    const ids = res.body.collections.map((c: { id: string }) => c.id)
    expect(ids).toEqual(expect.arrayContaining(['counties', 'townships', 'boundary_lines']))
    // Boundary lines are read-only, so their extent (the city's outline) is fixed.
    const lines = res.body.collections.find((c: { id: string }) => c.id === 'boundary_lines')
    const [minLon, minLat, maxLon, maxLat] = lines.extent.spatial.bbox[0]
    expect(minLon).toBeCloseTo(112.25, 1)
    expect(maxLat).toBeCloseTo(34.35, 1)
    expect(minLat).toBeLessThan(maxLat)
    expect(maxLon).toBeGreaterThan(113.6)
  })

  it('pages through all 148 townships with next links, each feature once', async () => {
    const seen = new Set<string>()
    // The filter keeps out the surveyed townships that write tests add at the same time.
    let url: string | undefined = '/ogc/collections/townships/items?limit=50&geometry_source=approximate'
    let pages = 0
    while (url) {
      const res = await get(url)
      expect(res.type).toContain('application/geo+json')
      const page = res.body as Page
      expect(page.numberMatched).toBe(148)
      expect(page.numberReturned).toBe(page.features.length)
      for (const f of page.features) seen.add(f.id)
      const next = page.links.find((l) => l.rel === 'next')
      url = next ? next.href.replace(app.url, '') : undefined
      if (pages > 0) expect(page.links.some((l) => l.rel === 'prev')).toBe(true)
      pages++
    }
    expect(pages).toBe(3)
    expect(seen.size).toBe(148)
  })

  it('filters by bbox with the spatial index predicate', async () => {
    // A small box around the city centre (新华区/卫东区/湛河区).
    const page = (await get('/ogc/collections/counties/items?bbox=113.28,33.72,113.34,33.76')).body as Page
    const names = page.features.map((f) => f.properties.name).sort()
    expect(names).toEqual(expect.arrayContaining(['新华区', '卫东区', '湛河区']))
    expect(names).not.toContain('汝州市')
  })

  it('filters by property equality, typed by the descriptor', async () => {
    const home = (await get('/ogc/collections/counties/items?is_home=true')).body as Page
    expect(home.numberMatched).toBe(10)
    const lines = (await get('/ogc/collections/boundary_lines/items?level=city')).body as Page
    expect(lines.numberMatched).toBe(6)
    expect(lines.features.every((f) => f.geometry.type === 'MultiLineString')).toBe(true)
    const xinhua = (await get('/ogc/collections/townships/items?county_code=410402&kind=street')).body as Page
    expect(xinhua.features.every((f) => f.properties.county_name === '新华区' && f.properties.kind === 'street')).toBe(true)
    expect(xinhua.numberMatched).toBe(10) // 9 streets of 新华区 plus 湖滨路街道 of the 示范区 on its land
  })

  it('returns one feature by id, with its Chinese name', async () => {
    const res = await get('/ogc/collections/townships/items/410425001')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ type: 'Feature', id: '410425001', properties: { name: '龙山街道', geometry_source: 'approximate' } })
  })
})

describe('bad requests get problem+json, never a 500', () => {
  it.each([
    ['/ogc/collections/townships/items?bbox=a,b,c,d', 400, 'bbox'],
    ['/ogc/collections/townships/items?bbox=1,2,3', 400, 'bbox'],
    ['/ogc/collections/townships/items?bbox=114,34,113,33', 400, 'bbox'],
    ['/ogc/collections/townships/items?bbox=100,-95,120,40', 400, 'bbox'],
    ['/ogc/collections/townships/items?limit=1000000', 400, 'limit'],
    ['/ogc/collections/townships/items?limit=0', 400, 'limit'],
    ['/ogc/collections/townships/items?limit=ten', 400, 'limit'],
    ['/ogc/collections/townships/items?offset=-1', 400, 'offset'],
    ['/ogc/collections/townships/items?limit=1&limit=2', 400, 'limit'],
    ['/ogc/collections/townships/items?colour=red', 400, 'colour'],
    ['/ogc/collections/townships/items?kind=city', 400, 'kind'],
    ['/ogc/collections/counties/items?is_home=yes', 400, 'is_home'],
    ['/ogc/collections/townships/items?bbox-crs=EPSG:3857', 400, 'bbox-crs'],
    ['/ogc/collections/townships/items?f=xml', 400, 'f'],
    ['/ogc/collections/nowhere', 404, undefined],
    ['/ogc/collections/nowhere/items', 404, undefined],
    ['/ogc/collections/townships/items/999999999', 404, undefined],
    ['/api/nothing-here', 404, undefined],
    ['/no/such/page', 404, undefined],
  ])('%s → %i', async (path, status, field) => {
    await expectProblem(path, status, field)
  })

  it('names every bad parameter at once', async () => {
    const body = await expectProblem('/ogc/collections/townships/items?limit=-5&bbox=x&offset=y', 400)
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['bbox', 'limit', 'offset'])
  })

  it('refuses a malformed JSON body with 400', async () => {
    const res = await fetch(`${app.url}/api/health`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
  })
})
