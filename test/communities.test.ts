import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { sql } from '../server/db/sql'
import { startTestApp } from './support/test-app'
import { createTestUser } from './support/users'

let app: Awaited<ReturnType<typeof startTestApp>>
beforeAll(async () => {
  app = await startTestApp({ poolSize: 2 })
})
afterAll(async () => {
  await app.close()
})

describe('the sample communities and villages', () => {
  it('follow the plan: 117 urban communities in the city districts, 4.99 million people, about 19% aged 60+', async () => {
    const row = await app.pool.one(sql.type(z.object({ urban: z.number(), people: z.number(), old: z.number(), generated: z.number(), n: z.number() }))`
      SELECT count(*) FILTER (WHERE m.kind = 'community' AND s.county_code IN ('410402', '410403', '410404', '410411'))::int AS urban,
             sum(m.population)::int AS people, sum(m.population_60plus)::int AS old,
             count(*) FILTER (WHERE m.data_source = 'generated')::int AS generated, count(*)::int AS n
      FROM communities m JOIN townships s ON s.code = m.township_code WHERE s.code LIKE '4104%'`)
    expect(row.urban).toBe(117)
    expect(row.people).toBe(4_990_000)
    expect(row.old / row.people).toBeGreaterThan(0.17)
    expect(row.old / row.people).toBeLessThan(0.22)
    expect(row.generated).toBe(row.n)
  })

  it('lie inside their townships, and every township has some', async () => {
    const row = await app.pool.one(sql.type(z.object({ outside: z.number(), empty: z.number() }))`
      SELECT (SELECT count(*) FROM communities m JOIN townships s ON s.code = m.township_code
              WHERE m.data_source = 'generated' AND NOT ST_Intersects(s.geom, m.geom))::int AS outside,
             (SELECT count(*) FROM townships s WHERE s.code LIKE '4104%'
              AND NOT EXISTS (SELECT 1 FROM communities m WHERE m.township_code = s.code))::int AS empty`)
    expect(row).toEqual({ outside: 0, empty: 0 })
  })

  it('stand in built-up blocks: in the city districts most urban communities have another within 900 m, none two within 250 m', async () => {
    const row = await app.pool.one(sql.type(z.object({ urban: z.number(), with_neighbour: z.number(), crowded: z.number() }))`
      SELECT count(*)::int AS urban,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM communities o WHERE o.code <> m.code AND o.data_source = 'generated'
                                            AND ST_DWithin(o.geom::geography, m.geom::geography, 900)))::int AS with_neighbour,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM communities o WHERE o.code <> m.code AND o.data_source = 'generated'
                                            AND ST_DWithin(o.geom::geography, m.geom::geography, 250)))::int AS crowded
      FROM communities m JOIN townships s ON s.code = m.township_code
      WHERE m.data_source = 'generated' AND m.kind = 'community' AND s.county_code IN ('410402', '410403', '410404', '410411')`)
    expect(row.urban).toBe(117)
    expect(row.with_neighbour / row.urban).toBeGreaterThan(0.9)
    expect(row.crowded).toBe(0)
  })

  it('add up to the township and county totals the API publishes', async () => {
    const counties = await (await fetch(`${app.url}/ogc/collections/counties/items?is_home=true`)).json()
    const total = counties.features.reduce((a: number, f: { properties: { population: number } }) => a + f.properties.population, 0)
    expect(total).toBe(4_990_000)
    const lushan = counties.features.find((f: { id: string }) => f.id === '410423').properties
    const townships = await (await fetch(`${app.url}/ogc/collections/townships/items?county_code=410423`)).json()
    expect(townships.features.reduce((a: number, f: { properties: { population_60plus: number } }) => a + f.properties.population_60plus, 0)).toBe(
      lushan.population_60plus,
    )
  })
})

describe('the communities collection', () => {
  it('is published and filterable by township and county', async () => {
    const page = await (await fetch(`${app.url}/ogc/collections/communities/items?county_code=410404&kind=community`)).json()
    expect(page.numberMatched).toBeGreaterThan(0)
    expect(page.features.every((f: { properties: { data_source: string } }) => f.properties.data_source === 'generated')).toBe(true)
  })

  it('refuses more people aged 60+ than people, naming the field', async () => {
    const admin = await createTestUser(app.pool, ['admin'])
    const res = await fetch(`${app.url}/ogc/collections/communities/items`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/geo+json' },
      body: JSON.stringify({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [113.3, 33.74] },
        properties: { code: '410402001901', name: '测试社区', kind: 'community', township_code: '410402001', population: 100, population_60plus: 120, data_source: 'survey' },
      }),
    })
    expect(res.status).toBe(400)
    expect((await res.json()).errors).toEqual([
      { field: 'properties.population_60plus', code: 'exceeds', params: { other: 'population' }, reason: 'cannot exceed population' },
    ])
  })
})
