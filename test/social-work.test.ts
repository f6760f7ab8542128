import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp } from './support/test-app'

let app: Awaited<ReturnType<typeof startTestApp>>
beforeAll(async () => {
  app = await startTestApp({ poolSize: 2 })
})
afterAll(async () => {
  await app.close()
})

type Page = { numberMatched: number; features: { properties: Record<string, unknown> }[] }
const get = async (query: string) => (await (await fetch(`${app.url}/ogc/collections/social_work_stations/items?limit=1000&${query}`)).json()) as Page

describe('the sample social-work stations', () => {
  it('have guidance centres in some counties and stations in part of the townships, labelled as generated', async () => {
    const centres = await get('tier=guidance_centre&data_source=generated')
    const stations = await get('tier=township_station&data_source=generated')
    expect(centres.numberMatched).toBe(6) // of 10 county-level units: a gap against one per county
    expect(stations.numberMatched).toBeGreaterThan(60)
    expect(stations.numberMatched).toBeLessThan(148) // a gap against 100% township coverage
  })

  it('derive "meets the 六有 standard" from the six checks, and filter by it', async () => {
    const all = await get('data_source=generated')
    for (const { properties: p } of all.features) {
      const six = p.has_premises && p.has_equipment && p.has_staff && p.has_services && p.has_procedures && p.has_rules
      expect(p.meets_standard).toBe(Boolean(six))
    }
    const failing = await get('data_source=generated&meets_standard=false')
    expect(failing.numberMatched).toBeGreaterThan(0)
    expect(failing.features.every((f) => f.properties.meets_standard === false)).toBe(true)
  })
})
