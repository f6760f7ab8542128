import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServerProcess, type ServerProcess } from './server-process'

const run = promisify(execFile)

/** The HTTP requests GDAL made, from its `CPL_DEBUG=ON` output. */
function fetchedUrls(stderr: string): URL[] {
  return [...stderr.matchAll(/HTTP: Fetch\((\S+)\)/g)].map((m) => new URL(m[1]!))
}

/** Field name → OGR type of each layer in `ogrinfo -so` output. */
function fieldTypes(stdout: string): Record<string, Record<string, string>> {
  const layers: Record<string, Record<string, string>> = {}
  let fields: Record<string, string> = {}
  for (const line of stdout.split('\n')) {
    const layer = /^Layer name: (\w+)/.exec(line)
    if (layer) layers[layer[1]!] = fields = {}
    const field = /^(\w+): (\w+(?:\(\w+\))?) \(/.exec(line)
    if (field && !/^(Layer|Geometry|Feature|Extent|FID|Data|INFO)/.test(field[1]!)) fields[field[1]!] = field[2]!
  }
  return layers
}

/** GDAL's version as major * 100 + minor (3.6.2 → 306). */
async function gdalVersion(): Promise<number> {
  const { stdout } = await run('ogrinfo', ['--version'])
  const [, major, minor] = /GDAL (\d+)\.(\d+)/.exec(stdout)!
  return Number(major) * 100 + Number(minor)
}

const GDAL_VERSION = await gdalVersion()

let server: ServerProcess
beforeAll(async () => {
  server = await startServerProcess()
})
afterAll(async () => {
  await server?.stop()
})

describe('GDAL reads the OGC API', () => {
  it('ogrinfo lists the three collections with their feature counts', async () => {
    const { stdout } = await run('ogrinfo', ['-ro', '-so', `OAPIF:${server.url}/ogc`, 'counties', 'townships', 'boundary_lines'])
    const counts = Object.fromEntries(
      [...stdout.matchAll(/Layer name: (\w+)[\s\S]*?Feature Count: (\d+)/g)].map((m) => [m[1], Number(m[2])]),
    )
    expect(counts).toEqual({ counties: 71, townships: 148, boundary_lines: 25 })
    expect(stdout).toContain('TITLE=乡级行政区 Township-level units')
  })

  it('ogr2ogr copies the townships page by page with their Chinese names intact', async () => {
    const out = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'ogr2ogr-')), 'townships.geojson')
    // 40 per page: the 148 townships take four pages, so the copy must follow the next links.
    await run('ogr2ogr', ['-f', 'GeoJSON', out, `OAPIF:${server.url}/ogc`, 'townships', '-oo', 'PAGE_SIZE=40'])
    const copied = JSON.parse(await fs.readFile(out, 'utf8')) as { features: { properties: { code: string; name: string } }[] }
    const api = (await (await fetch(`${server.url}/ogc/collections/townships/items?limit=1000`)).json()) as typeof copied
    const byCode = (c: typeof copied) => Object.fromEntries(c.features.map((f) => [f.properties.code, f.properties.name]))
    expect(copied.features).toHaveLength(148)
    expect(byCode(copied)).toEqual(byCode(api))
    expect(byCode(copied)['410423207']).toBe('昭平台库区乡')
  })

  it("ogr2ogr filters a register by its rule checks (rules_ok=false) and keeps the failed checks' ids", async () => {
    const out = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'ogr2ogr-')), 'cemeteries.geojson')
    await run('ogr2ogr', ['-f', 'GeoJSON', out, `OAPIF:${server.url}/ogc`, 'cemeteries', '-where', 'rules_ok = 0'])
    type Cemeteries = { features: { properties: { name: string; rules_failed: string; area_mu: number } }[] }
    const copied = JSON.parse(await fs.readFile(out, 'utf8')) as Cemeteries
    const api = (await (await fetch(`${server.url}/ogc/collections/cemeteries/items?rules_ok=false&limit=1000`)).json()) as Cemeteries
    expect(copied.features.length).toBe(api.features.length)
    expect(copied.features.length).toBeGreaterThan(0)
    expect(copied.features.every((f) => f.properties.rules_failed !== '')).toBe(true)
    expect(copied.features.map((f) => f.properties.name).sort()).toEqual(api.features.map((f) => f.properties.name).sort())
  })

  it('the OpenAPI document gives the limit of each items path where GDAL 3.8+ reads it', async () => {
    type Parameter = { $ref?: string; name?: string; schema?: { default?: number; maximum?: number } }
    const api = (await (await fetch(`${server.url}/ogc/api`)).json()) as {
      paths: Record<string, { get: { parameters: Parameter[] } }>
      components: { parameters: Record<string, Parameter> }
    }
    // GDAL 3.8+ looks only at a parameter whose $ref names `limit`, resolves it and reads schema/default and schema/maximum.
    const ref = api.paths['/collections/communities/items']!.get.parameters.find((p) => p.$ref?.includes('limit'))?.$ref
    expect(ref).toBe('#/components/parameters/limit')
    const limit = api.components.parameters[ref!.split('/').pop()!]!
    expect(limit.name).toBe('limit')
    expect(limit.schema).toMatchObject({ default: 100, maximum: 10_000 })
  })

  it.runIf(GDAL_VERSION >= 308)('GDAL 3.8+ copies the communities in pages of 1000 without PAGE_SIZE', async () => {
    const out = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'ogr2ogr-')), 'communities.geojson')
    const { stderr } = await run('ogr2ogr', ['-f', 'GeoJSON', out, `OAPIF:${server.url}/ogc`, 'communities', '--config', 'CPL_DEBUG', 'ON'])
    const pages = fetchedUrls(stderr).filter((u) => u.pathname.endsWith('/communities/items'))
    expect(pages.slice(1).every((u) => u.searchParams.get('limit') === '1000')).toBe(true)
    expect(pages.length).toBeLessThanOrEqual(4)
  })

  it('ogr2ogr with PAGE_SIZE set to the advertised maximum reads the 1629 communities in one page after the first request', async () => {
    // GDAL 3.6 and 3.7 never read the API document: without PAGE_SIZE they ask for 10 at a time (165 requests here).
    const out = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'ogr2ogr-')), 'communities.geojson')
    const { stderr } = await run(
      'ogr2ogr',
      ['-f', 'GeoJSON', out, `OAPIF:${server.url}/ogc`, 'communities', '-oo', 'PAGE_SIZE=10000', '--config', 'CPL_DEBUG', 'ON'],
      { maxBuffer: 16 * 1024 * 1024 },
    )
    const pages = fetchedUrls(stderr).filter((u) => u.pathname.endsWith('/communities/items'))
    expect(pages.slice(1).map((u) => u.searchParams.get('limit'))).toEqual(pages.slice(1).map(() => '10000'))
    expect(pages.length).toBe(2)
    const copied = JSON.parse(await fs.readFile(out, 'utf8')) as { features: unknown[] }
    expect(copied.features).toHaveLength(1629)
  })

  it('ogrinfo types the fields from the JSON Schema: a Real even where the first features are null, a StringList, no extra fields', async () => {
    const first = (await (await fetch(`${server.url}/ogc/collections/cemeteries/items?limit=10`)).json()) as {
      features: { properties: Record<string, unknown> }[]
    }
    expect(first.features.every((f) => f.properties.public_welfare_reserve_pct === null)).toBe(true)
    const layers = ['cemeteries', 'eldercare_facilities', 'counties']
    const { stdout, stderr } = await run('ogrinfo', ['-ro', '-so', `OAPIF:${server.url}/ogc`, ...layers, '--config', 'CPL_DEBUG', 'ON'])
    expect(stderr.match(/OAPIF: Using JSON schema/g)).toHaveLength(layers.length)
    const fields = fieldTypes(stdout)
    expect(fields.cemeteries).toMatchObject({ public_welfare_reserve_pct: 'Real', area_mu: 'Real', capacity: 'Integer', rules_ok: 'Integer(Boolean)' })
    expect(fields.eldercare_facilities).toMatchObject({ services: 'StringList', beds: 'Integer', name: 'String' })
    // Integer ids become the FID; string ids one `id` field, from the features as without a schema.
    const collections = (await (await fetch(`${server.url}/ogc/collections`)).json()) as { collections: { id: string }[] }
    for (const layer of layers) {
      const schema = (await (await fetch(`${server.url}/ogc/collections/${layer}/schema`)).json()) as { properties: Record<string, unknown> }
      const published = Object.keys(schema.properties).filter((n) => n !== 'id' && n !== 'geometry')
      expect(Object.keys(fields[layer]!).filter((n) => n !== 'id')).toEqual(published)
      expect(Object.keys(fields[layer]!)).not.toContain('geometry')
    }
    expect(collections.collections.map((c) => c.id)).toEqual(expect.arrayContaining(layers))
    const { stdout: guessed } = await run('ogrinfo', ['-ro', '-so', `OAPIF:${server.url}/ogc`, 'cemeteries', '-oo', 'IGNORE_SCHEMA=YES'])
    expect(fieldTypes(guessed).cemeteries!.public_welfare_reserve_pct).toBe('String')
  })

  it('ogr2ogr keeps the types in a GeoPackage, and the services as an array in GeoJSON', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ogr2ogr-'))
    const gpkg = path.join(dir, 'registers.gpkg')
    await run('ogr2ogr', ['-f', 'GPKG', gpkg, `OAPIF:${server.url}/ogc`, 'cemeteries', 'eldercare_facilities'])
    const fields = fieldTypes((await run('ogrinfo', ['-ro', '-so', gpkg, 'cemeteries', 'eldercare_facilities'])).stdout)
    expect(fields.cemeteries).toMatchObject({ public_welfare_reserve_pct: 'Real', green_coverage_pct: 'Real' })
    // A GeoPackage has no list type: GDAL writes a StringList there as text.
    expect(fields.eldercare_facilities).toMatchObject({ services: 'String', beds: 'Integer' })
    const geojson = path.join(dir, 'eldercare.geojson')
    await run('ogr2ogr', ['-f', 'GeoJSON', geojson, `OAPIF:${server.url}/ogc`, 'eldercare_facilities'])
    const copied = JSON.parse(await fs.readFile(geojson, 'utf8')) as { features: { properties: { services: unknown } }[] }
    expect(copied.features).toHaveLength(537)
    expect(copied.features.every((f) => Array.isArray(f.properties.services))).toBe(true)
  })
})

describe('OWSLib reads the OGC API', () => {
  type Seen = {
    landing_rels: string[]
    openapi: string
    conformance: string[]
    feature_collections: string[]
    collections: Record<
      string,
      { numberMatched: number; features: number; distinct_ids: number; pages: number; queryables: string[]; schema_properties: Record<string, string | undefined>; schema_roles: Record<string, string> }
    >
  }
  let seen: Seen
  beforeAll(async () => {
    const { stdout } = await run('/usr/bin/python3', ['test/e2e/owslib-check.py', `${server.url}/ogc`, '100'], { maxBuffer: 16 * 1024 * 1024 })
    seen = JSON.parse(stdout) as Seen
  }, 120_000)

  it('reads the landing page, the OpenAPI document and the conformance classes', () => {
    expect(seen.landing_rels).toEqual(expect.arrayContaining(['self', 'service-desc', 'conformance', 'data']))
    expect(seen.openapi).toMatch(/^3\.0/)
    expect(seen.conformance).toEqual(
      expect.arrayContaining(['http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core', 'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson']),
    )
  })

  it('pages every collection to its end, 100 at a time, and gets numberMatched features once each', async () => {
    const listed = (await (await fetch(`${server.url}/ogc/collections`)).json()) as { collections: { id: string }[] }
    expect(seen.feature_collections).toEqual(listed.collections.map((c) => c.id))
    for (const [id, c] of Object.entries(seen.collections)) {
      expect({ id, features: c.features, distinct: c.distinct_ids, pages: c.pages }).toEqual({
        id,
        features: c.numberMatched,
        distinct: c.numberMatched,
        pages: Math.max(1, Math.ceil(c.numberMatched / 100)),
      })
    }
    expect(seen.collections.communities).toMatchObject({ numberMatched: 1629, pages: 17 })
  })

  it('reads the queryables and the schema of each collection', () => {
    expect(seen.collections.cemeteries!.queryables).toEqual(expect.arrayContaining(['rules_ok', 'kind', 'county_code']))
    expect(seen.collections.cemeteries!.schema_properties).toMatchObject({ public_welfare_reserve_pct: 'number', rules_ok: 'boolean' })
    expect(seen.collections.eldercare_facilities!.schema_properties.services).toBe('array')
    for (const c of Object.values(seen.collections)) expect(c.schema_roles).toEqual({ id: 'id', geometry: 'primary-geometry' })
  })
})
