import fs from 'node:fs'
import { describe, expect, it } from 'vitest'

type Road = { type: string; properties: { name: string | null; class: string; walkable: boolean; data_source: string }; geometry: { type: string; coordinates: number[][] } }
const roads = (JSON.parse(fs.readFileSync('data/pingdingshan/sample/roads.geojson', 'utf8')) as { features: Road[] }).features
const CLASSES = ['primary', 'secondary', 'tertiary', 'unclassified', 'residential', 'living_street', 'service', 'pedestrian', 'footway', 'path', 'steps', 'track', 'cycleway', 'trunk']

describe('the sample street network file', () => {
  it('holds generated walkable lines of the contract format, coordinates to 6 decimals', () => {
    expect(roads.length).toBeGreaterThan(5000)
    for (const r of roads) {
      expect(r.geometry.type).toBe('LineString')
      expect(r.properties.data_source).toBe('generated')
      expect(CLASSES).toContain(r.properties.class)
      expect(r.properties.name === null || /^[\u4e00-\u9fff]{2,10}$/.test(r.properties.name)).toBe(true)
      for (const [lon, lat] of r.geometry.coordinates) expect([Math.round(lon! * 1e6) / 1e6, Math.round(lat! * 1e6) / 1e6]).toEqual([lon, lat])
    }
  })

  it('joins at shared vertices into one network per town: the central city, 石龙区 and the six county towns', () => {
    const parent = new Map<string, string>()
    const find = (x: string): string => {
      let p = parent.get(x) ?? x
      if (p !== x) parent.set(x, (p = find(p)))
      else parent.set(x, x)
      return p
    }
    for (const r of roads) {
      const keys = r.geometry.coordinates.map((c) => c.join())
      for (let k = 1; k < keys.length; k++) parent.set(find(keys[k - 1]!), find(keys[k]!))
    }
    const sizes = new Map<string, number>()
    for (const x of [...parent.keys()]) sizes.set(find(x), (sizes.get(find(x)) ?? 0) + 1)
    expect(sizes.size).toBe(8)
  })
})
