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
const MINIMUM_MU: Record<string, number> = { city: 200, county: 100, township: 50 }
const landMu = (f: Feature) => area(f.geometry) / (10_000 / 15)
/** The sphere's area differs from the spheroid's by a few tenths of a percent: too close to call by this arithmetic. */
const nearLandMinimum = (f: Feature) => Math.abs(landMu(f) / MINIMUM_MU[f.properties.level]! - 1) < 0.005
const ids = (list: string) => (list === '' ? [] : list.split(',').sort())

/**
 * Each rule written again in plain arithmetic over the served record (the cemetery's area
 * from its coordinates, not PostGIS): `undefined` where the rule does not apply.
 */
const EXPECTED: Record<string, Record<string, (f: Feature) => boolean | undefined>> = {
  eldercare_facilities: {
    street_centre_embedded_beds: ({ properties: p }) => (p.kind === 'street_centre' && p.status !== 'closed' ? p.embedded_beds >= 50 : undefined),
    nursing_bed_share: ({ properties: p }) =>
      ['institution', 'township_home', 'regional_centre'].includes(p.kind) && p.beds > 0 && p.status !== 'closed' ? p.nursing_beds >= 0.55 * p.beds : undefined,
  },
  social_work_stations: {
    six_haves: ({ properties: p }) =>
      p.status !== 'closed' ? p.has_premises && p.has_equipment && p.has_staff && p.has_services && p.has_procedures && p.has_rules : undefined,
  },
  cemeteries: {
    cemetery_land_minimum: (f) =>
      f.properties.kind === 'commercial' || f.properties.status === 'closed' ? undefined : landMu(f) >= MINIMUM_MU[f.properties.level]!,
    green_coverage: ({ properties: p }) => (p.status !== 'closed' ? p.green_coverage_pct >= 50 : undefined),
    commercial_reserve: ({ properties: p }) => (p.kind === 'commercial' && p.status !== 'closed' ? p.public_welfare_reserve_pct >= 30 : undefined),
  },
}

describe('rule checks', () => {
  it('are listed with their titles in both languages and the plan clause each comes from', async () => {
    const res = await fetch(`${app.url}/api/rule-checks`)
    const checks = (await res.json()) as { id: string; collection: string; title: Record<string, string>; clause: { ref: string; text: string } }[]
    expect(checks.map((c) => c.id).sort()).toEqual(Object.values(EXPECTED).flatMap((rules) => Object.keys(rules)).sort())
    for (const c of checks) {
      expect(c.title['zh-CN']).toMatch(/[\u4e00-\u9fff]/)
      expect(c.title.en).toMatch(/^[A-Z]/)
      expect(c.clause.ref).toMatch(/^(第.章第.节|专栏\d)/)
      expect(c.clause.text.length).toBeGreaterThan(10)
    }
  })

  for (const [collection, rules] of Object.entries(EXPECTED)) {
    it(`give every record of ${collection} the checks that apply and the ones it fails, as the rules say`, async () => {
      const features = await items(collection)
      expect(features.length).toBeGreaterThan(20)
      for (const f of features) {
        if (collection === 'cemeteries' && nearLandMinimum(f)) continue
        const outcomes = Object.entries(rules).map(([id, rule]) => [id, rule(f)] as const)
        const label = `${f.properties.name}`
        expect(ids(f.properties.rules_checked), label).toEqual(outcomes.filter(([, ok]) => ok !== undefined).map(([id]) => id).sort())
        expect(ids(f.properties.rules_failed), label).toEqual(outcomes.filter(([, ok]) => ok === false).map(([id]) => id).sort())
        expect(f.properties.rules_ok, label).toBe(f.properties.rules_failed === '')
      }
      // The sample leaves gaps: every rule finds something to report.
      for (const id of Object.keys(rules)) expect(features.filter((f) => ids(f.properties.rules_failed).includes(id)).length, id).toBeGreaterThan(0)
    })
  }

  it('filter by rules_ok', async () => {
    const all = await items('cemeteries')
    const failing = await items('cemeteries', '&rules_ok=false')
    expect(failing.length).toBe(all.filter((f) => f.properties.rules_failed !== '').length)
    expect(failing.length).toBeGreaterThan(0)
  })
})
