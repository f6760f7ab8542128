import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServerProcess, type ServerProcess } from './server-process'

const run = promisify(execFile)

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
})
