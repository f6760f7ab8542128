import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp } from './support/test-app'
import { area } from '@turf/turf'
import type { Geometry } from 'geojson'

let app: Awaited<ReturnType<typeof startTestApp>>
beforeAll(async () => {
  app = await startTestApp({ poolSize: 2 })
})
afterAll(async () => {
  await app.close()
})

type Feature = { id: number; geometry: Geometry; properties: Record<string, any> }
const items = async (collection: string, query = '') =>
  ((await (await fetch(`${app.url}/ogc/collections/${collection}/items?limit=1000&data_source=generated${query}`)).json()) as { features: Feature[] }).features

const MINIMUM_MU: Record<string, number> = { township: 50, county: 100, city: 200 }

describe('the sample funeral facilities and cemeteries', () => {
  it("plan a public columbarium where the plan names one", async () => {
    const columbaria = await items('funeral_facilities', '&kind=columbarium')
    expect(columbaria.map((f) => f.properties.name.replace('公益性骨灰堂（规划，示例）', '')).sort()).toEqual(
      ['平顶山市', '宝丰县', '叶县', '舞钢市', '鲁山县', '新华区', '郏县'].sort(),
    )
    expect(columbaria.every((f) => f.properties.status === 'planned')).toBe(true)
  })

  it('measure each cemetery from its polygon, in m² and 亩 (1 亩 = 666.67 m²)', async () => {
    const cemeteries = await items('cemeteries')
    expect(cemeteries.length).toBeGreaterThan(30)
    for (const c of cemeteries) {
      // Independent arithmetic on the served polygon, not PostGIS.
      const m2 = area(c.geometry)
      expect(Math.abs(c.properties.area_m2 - m2) / m2, c.properties.name).toBeLessThan(0.005)
      expect(c.properties.area_mu).toBeCloseTo(c.properties.area_m2 / (10_000 / 15), 0)
    }
  })

  it('leave cemeteries below their minimum land and commercial ones below the 30% reserve, for the rule checks', async () => {
    const cemeteries = await items('cemeteries')
    expect(cemeteries.filter((c) => c.properties.area_mu < MINIMUM_MU[c.properties.level]!).length).toBeGreaterThan(0)
    expect(cemeteries.filter((c) => c.properties.kind === 'commercial' && c.properties.public_welfare_reserve_pct < 30).length).toBeGreaterThan(0)
  })
})
