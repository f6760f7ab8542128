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

const generated = sql.fragment`data_source = 'generated'`

describe('the sample eldercare facilities', () => {
  it("match the plan's baseline: 105 institutions (1 public, 30 private, 74 township homes) with 11,133 beds", async () => {
    const rows = await app.pool.any(sql.type(z.object({ kind: z.string(), ownership: z.string(), n: z.number(), beds: z.number() }))`
      SELECT kind, CASE WHEN ownership = 'public_private' THEN 'private' ELSE ownership END AS ownership,
             count(*)::int AS n, sum(beds)::int AS beds
      FROM eldercare_facilities WHERE ${generated} AND status = 'operating' AND kind IN ('institution', 'township_home')
      GROUP BY 1, 2 ORDER BY 1, 2`)
    expect(rows.map((r) => [r.kind, r.ownership, r.n])).toEqual([
      ['institution', 'private', 30],
      ['institution', 'public', 1],
      ['township_home', 'public', 74],
    ])
    expect(rows.reduce((a, r) => a + r.beds, 0)).toBe(11_133)
  })

  it('have 139 operating urban community facilities, planned ones beside them, and gaps for the analyses', async () => {
    const row = await app.pool.one(sql.type(z.object({ community: z.number(), planned: z.number(), small_centres: z.number(), nursing_share: z.number() }))`
      SELECT count(*) FILTER (WHERE status = 'operating' AND kind IN ('street_centre', 'day_care', 'home_care_station', 'embedded'))::int AS community,
             count(*) FILTER (WHERE status IN ('planned', 'under_construction'))::int AS planned,
             count(*) FILTER (WHERE status = 'operating' AND kind = 'street_centre' AND embedded_beds < 50)::int AS small_centres,
             (sum(nursing_beds) FILTER (WHERE kind IN ('institution', 'township_home'))::float8
               / sum(beds) FILTER (WHERE kind IN ('institution', 'township_home')))::float8 AS nursing_share
      FROM eldercare_facilities WHERE ${generated}`)
    expect(row.community).toBe(139)
    expect(row.planned).toBeGreaterThan(0)
    expect(row.small_centres).toBeGreaterThan(0)
    expect(row.nursing_share).toBeLessThan(0.55)
  })

  it("cover the plan's share of urban communities within a 15-minute walk (900 m straight): 64.9%, give or take", async () => {
    // 第一章第一节: community eldercare facility coverage 64.9%; 15 min at 60 m/min.
    const share = await app.pool.oneFirst(sql.type(z.object({ share: z.number() }))`
      SELECT (count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM eldercare_facilities f
                WHERE f.data_source = 'generated' AND f.deleted_at IS NULL AND f.status = 'operating'
                  AND f.kind IN ('street_centre', 'day_care', 'home_care_station', 'embedded', 'regional_centre')
                  AND ST_DWithin(f.geom::geography, m.geom::geography, 900)))::float8 / count(*))::float8 AS share
      FROM communities m WHERE m.data_source = 'generated' AND m.kind = 'community' AND m.deleted_at IS NULL`)
    expect(share).toBeGreaterThan(0.62)
    expect(share).toBeLessThan(0.68)
  })

  it("stand at their own addresses: never on a community's point, never two on one spot, community ones 60–400 m from the nearest community", async () => {
    const row = await app.pool.one(sql.type(z.object({ on_community: z.number(), shared: z.number(), nearest_min: z.number(), nearest_max: z.number() }))`
      SELECT (SELECT count(*) FROM eldercare_facilities f JOIN communities m ON ST_Equals(f.geom, m.geom)
              WHERE f.${generated} AND m.data_source = 'generated')::int AS on_community,
             (SELECT count(*) FROM eldercare_facilities a JOIN eldercare_facilities b ON a.id < b.id AND ST_Equals(a.geom, b.geom)
              WHERE a.data_source = 'generated' AND b.data_source = 'generated')::int AS shared,
             min(d)::float8 AS nearest_min, max(d)::float8 AS nearest_max
      FROM (SELECT (SELECT min(ST_Distance(f.geom::geography, m.geom::geography)) FROM communities m
                    WHERE m.data_source = 'generated' AND ST_DWithin(f.geom::geography, m.geom::geography, 1000)) AS d
            FROM eldercare_facilities f
            WHERE f.${generated} AND f.kind IN ('street_centre', 'day_care', 'home_care_station', 'embedded') AND f.status = 'operating') x`)
    expect(row.on_community).toBe(0)
    expect(row.shared).toBe(0)
    expect(row.nearest_min).toBeGreaterThanOrEqual(30)
    expect(row.nearest_max).toBeLessThanOrEqual(400)
  })

  it('lie inside the city', async () => {
    const outside = await app.pool.oneFirst(sql.type(z.object({ n: z.number() }))`
      SELECT count(*)::int AS n FROM eldercare_facilities f
      WHERE ${generated} AND NOT EXISTS (SELECT 1 FROM counties c WHERE c.is_home AND ST_Intersects(c.geom, f.geom))`)
    expect(outside).toBe(0)
  })
})

describe('the eldercare_facilities collection', () => {
  it('filters by kind, status and county, and says where each facility is', async () => {
    const page = await (await fetch(`${app.url}/ogc/collections/eldercare_facilities/items?kind=township_home&county_code=410423&status=operating`)).json()
    expect(page.numberMatched).toBeGreaterThan(0)
    expect(page.features.every((f: { properties: { county_code: string; kind: string } }) => f.properties.county_code === '410423' && f.properties.kind === 'township_home')).toBe(true)
  })

  it('refuses an unknown kind, negative beds and more nursing beds than beds, naming each field', async () => {
    const editor = await createTestUser(app.pool, ['facility_editor'])
    const post = async (changes: Record<string, unknown>) => {
      const res = await fetch(`${app.url}/ogc/collections/eldercare_facilities/items`, {
        method: 'POST',
        headers: { authorization: `Bearer ${editor.token}`, 'content-type': 'application/geo+json' },
        body: JSON.stringify({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [113.3, 33.74] },
          properties: {
            name: '测试', kind: 'day_care', ownership: 'public', beds: 10, nursing_beds: 5, embedded_beds: 0, services: ['day_care'],
            medical_integration: false, grade: null, barrier_free: false, status: 'operating', opened_on: null, data_source: 'survey',
            ...changes,
          },
        }),
      })
      expect(res.status).toBe(400)
      return (await res.json()).errors.map((e: { field: string }) => e.field).sort()
    }
    expect(await post({ kind: 'nursing_palace', embedded_beds: -1 })).toEqual(['properties.embedded_beds', 'properties.kind'])
    expect(await post({ nursing_beds: 20 })).toEqual(['properties.nursing_beds'])
  })
})
