import fs from 'node:fs'
import path from 'node:path'
import type { Position } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../server/config'
import { startTestApp } from './support/test-app'
import { callApi } from './support/call'

let app: Awaited<ReturnType<typeof startTestApp>>
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(async () => {
  await app.close()
})

type Outline = { id: string; properties: Record<string, unknown>; geometry: { type: 'MultiPolygon'; coordinates: Position[][][] } }
const items = async (collection: string, query = ''): Promise<Outline[]> => {
  const res = await callApi(app.url, 'GET', `/ogc/collections/${collection}/items?limit=1000${query}`, null)
  expect(res.status).toBe(200)
  return res.body.features
}

/** The shipped full outlines, read independently of the database. */
const shipped = new Map(
  (
    JSON.parse(fs.readFileSync(path.join(loadConfig({}).cityDataDir, 'counties.geojson'), 'utf8')) as {
      features: { properties: { code: string }; geometry: { coordinates: Position[][][] } }[]
    }
  ).features.map((f) => [f.properties.code, f.geometry.coordinates]),
)

/** Planar distance in degrees from p to the segment a–b. */
function toSegment(p: Position, a: Position, b: Position): number {
  const [px, py] = p as [number, number]
  const [ax, ay] = a as [number, number]
  const [bx, by] = b as [number, number]
  const dx = bx - ax
  const dy = by - ay
  const t = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy))
}

describe('counties_generalised: the county outlines for small-scale maps', () => {
  it('has the same units with the same properties as counties', async () => {
    const [full, generalised] = await Promise.all([items('counties'), items('counties_generalised')])
    expect(generalised).toHaveLength(full.length)
    const byId = new Map(full.map((f) => [f.id, f]))
    for (const g of generalised) expect(g.properties, g.id).toEqual(byId.get(g.id)!.properties)
  })

  // 0.001° is the simplification's tolerance; a ring narrower than that may collapse or go,
  // leaving its vertices up to its own width away, hence twice the tolerance.
  it('keeps every shipped vertex within 0.002° of its outline, with at most half the vertices', async () => {
    const generalised = await items('counties_generalised')
    let fullVertices = 0
    let keptVertices = 0
    for (const g of generalised) {
      const rings = g.geometry.coordinates.flat()
      const segments = rings.flatMap((ring) => ring.slice(1).map((b, i) => [ring[i]!, b] as const))
      const vertices = shipped.get(g.id)!.flat(2)
      const worst = Math.max(...vertices.map((v) => Math.min(...segments.map(([a, b]) => toSegment(v, a, b)))))
      expect(worst, String(g.id)).toBeLessThan(0.002)
      fullVertices += vertices.length
      keptVertices += rings.flat().length
    }
    expect(keptVertices).toBeLessThan(fullVertices / 2)
  })

  it('answers a bbox query like counties does', async () => {
    const bbox = '&bbox=113.28,33.72,113.34,33.76'
    const [full, generalised] = await Promise.all([items('counties', bbox), items('counties_generalised', bbox)])
    expect(generalised.map((f) => f.id).sort()).toEqual(full.map((f) => f.id).sort())
  })
})
