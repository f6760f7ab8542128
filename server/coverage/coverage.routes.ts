import type { Response } from 'express'
import type { DatabasePool } from 'slonik'
import type { Logger } from 'pino'
import { toCsv } from '../http/csv'
import { fieldError, badRequest } from '../http/problem'
import { route, type RouteTable } from '../http/routes'
import { measureCityFit } from '../ogc/ogc.write.queries'
import { outsideCityReason } from '../ogc/outside-city-reason'
import { CoverageEngine } from './coverage-engine'
import { pointsNotInCity } from './coverage.queries'
import { CoverageBody, CoverageQuery, FormatQuery, LIMITS, SuggestBody, type Format } from './coverage.schemas'
import { coverageParameters, eldercareCoverage, facilitySet, type CoverageParameters } from './eldercare-coverage'
import { planRoutes } from './plan.routes'
import { RULE_CHECKS } from './rule-checks'
import { suggestSites } from './suggest'

/**
 * `/api/rule-checks` and the coverage analyses: the 15-minute eldercare circle
 * (`/api/coverage/eldercare`) and site suggestions (`/api/coverage/suggest`). Analyses are
 * reads: anyone who may read the data may run them.
 */
export function coverageRoutes(db: DatabasePool, logger: Logger): RouteTable {
  const engine = new CoverageEngine(db, logger)

  const analyse = async (res: Response, p: CoverageParameters, geometry: boolean, f: Format) => {
    const answer = await eldercareCoverage(engine, p)
    if (f === 'csv') return sendCsv(res, 'eldercare-coverage', communityCsv(answer.communities))
    if (f === 'geojson') return sendGeoJson(res, communityFeatures(answer.communities))
    let coverage = null
    if (geometry) {
      const kinds = p.scope === 'community' ? p.kinds.community : p.scope === 'village' ? p.kinds.village : [...new Set([...p.kinds.community, ...p.kinds.village])]
      const area = await engine.coverageArea(facilitySet(p), kinds, p.trials, answer.parameters.budget_m)
      coverage = {
        type: 'FeatureCollection',
        features: area ? [{ type: 'Feature', properties: { mode: p.mode, budget_m: answer.parameters.budget_m }, geometry: area }] : [],
      }
    }
    res.json({ ...answer, communities: answer.communities.map(({ lon: _lon, lat: _lat, ...c }) => c), ...(coverage ? { coverage } : {}) })
  }

  return {
    mount: '/api',
    routes: [
      route({
        method: 'get',
        path: '/rule-checks',
        summary: 'The plan’s rules each register record is checked against, with their clauses',
        access: 'public',
        handler: ({ res }) => {
          res.json(RULE_CHECKS.map(({ id, collection, title, clause }) => ({ id, collection, title, clause })))
        },
      }),
      route({
        method: 'get',
        path: '/coverage/eldercare',
        summary:
          'The 15-minute community eldercare circle: each community’s walk to its nearest eldercare facility, straight-line or over the walking network, rolled up by township, county and city',
        access: 'read',
        query: CoverageQuery,
        handler: async ({ res, query }) => {
          await analyse(res, coverageParameters(query), query.geometry ?? false, query.f ?? 'json')
        },
      }),
      route({
        method: 'post',
        path: '/coverage/eldercare',
        summary: 'The same analysis with what-if facilities given in the body (not saved), answered with the difference to the operating facilities',
        access: 'read',
        query: FormatQuery,
        body: CoverageBody,
        handler: async ({ res, query, body }) => {
          await checkWithinCity(db, (body.facilities ?? []).map((f, i) => [`facilities.${i}.geometry`, f.geometry]))
          await analyse(res, coverageParameters(body), body.geometry ?? false, query.f ?? 'json')
        },
      }),
      route({
        method: 'post',
        path: '/coverage/suggest',
        summary:
          'Suggests up to 50 sites for new community eldercare facilities covering the most uncovered 60+ population (greedy, within 1 − 1/e of the optimum without a capacity; or exact by MILP)',
        access: 'read',
        query: FormatQuery,
        body: SuggestBody,
        handler: async ({ res, query, body }) => {
          if (body.method === 'exact' && body.capacity !== undefined) throw badRequest([fieldError('method', 'exact_without_capacity')])
          await checkWithinCity(db, (body.candidates ?? []).map((g, i) => [`candidates.${i}`, g]))
          const answer = await suggestSites(engine, coverageParameters(body), {
            n: body.n,
            capacity: body.capacity ?? null,
            candidates: body.candidates?.map((g) => ({ lon: g.coordinates[0]!, lat: g.coordinates[1]! })) ?? null,
            method: body.method ?? 'greedy',
            timeLimit: body.time_limit_s ?? LIMITS.timeLimit.default,
          })
          const f = query.f ?? 'json'
          if (f === 'csv') {
            return sendCsv(res, 'eldercare-site-suggestions', toCsv(
              ['rank', 'longitude', 'latitude', 'candidate', 'gain_communities', 'gain_population_60plus', 'cumulative_population_60plus', 'share_60plus_covered'],
              answer.sites.map((s) => [s.rank, s.geometry.coordinates[0], s.geometry.coordinates[1], s.candidate, s.gain.communities, s.gain.population_60plus, s.cumulative.population_60plus, s.cumulative.share_60plus_covered]),
            ))
          }
          if (f === 'geojson') return sendGeoJson(res, answer.sites.map(({ geometry, ...properties }) => ({ type: 'Feature', properties, geometry })))
          res.json(answer)
        },
      }),
      ...planRoutes(db, engine),
    ],
  }
}

/** Refuses points outside the city's own counties, naming the field of each (the first 20 of them). */
async function checkWithinCity(db: DatabasePool, points: [string, { type: 'Point'; coordinates: number[] }][]) {
  const errors = []
  const outside = await pointsNotInCity(db, points.map(([, g]) => ({ lon: g.coordinates[0]!, lat: g.coordinates[1]! })))
  for (const k of outside) {
    if (errors.length === 20) break
    const [field, geometry] = points[k]!
    // Near the outline (generalised) counts as inside: outsideCityReason decides.
    const reason = outsideCityReason(await measureCityFit(db, geometry))
    if (reason) errors.push(fieldError(field, reason.code, reason.params))
  }
  if (errors.length) throw badRequest(errors)
}

type CommunityLine = Awaited<ReturnType<typeof eldercareCoverage>>['communities'][number]

function communityCsv(lines: CommunityLine[]): string {
  const columns = ['code', 'name', 'kind', 'township_code', 'county_code', 'population', 'population_60plus', 'covered', 'distance_m', 'facility_id', 'nearest_facility_id', 'longitude', 'latitude'] as const
  return toCsv(columns, lines.map((c) => columns.map((k) => (k === 'longitude' ? c.lon : k === 'latitude' ? c.lat : c[k]))))
}

function communityFeatures(lines: CommunityLine[]) {
  return lines.map(({ lon, lat, ...properties }) => ({ type: 'Feature', id: properties.code, properties, geometry: { type: 'Point', coordinates: [lon, lat] } }))
}

function sendCsv(res: Response, name: string, text: string): void {
  res.type('text/csv; charset=utf-8').attachment(`${name}.csv`).send(text)
}

function sendGeoJson(res: Response, features: unknown[]): void {
  res.type('application/geo+json').send(JSON.stringify({ type: 'FeatureCollection', features }))
}
