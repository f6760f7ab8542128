import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson'
import { request } from './client'

/** How reach is measured: a straight line, or along the walking network. */
export type CoverageMode = 'straight' | 'network'

/** Which communities count: all, urban communities (社区) only, or villages (行政村) only. */
export type CoverageScope = 'all' | 'community' | 'village'

/** What the planner sets for an analysis. */
export type CoverageParams = {
  mode: CoverageMode
  minutes: number
  speed_m_per_min: number
  include_planned: boolean
  scope: CoverageScope
}

/** A facility that is only tried out (a what-if), not saved. */
export type TrialFacility = { kind: string; geometry: Point }

/** Counts of communities or people: all, those in reach, those not. */
export type Tally = { total: number; covered: number; uncovered: number }

/** The figures of the city, of a county or of a township. */
export type CoverageFigures = {
  communities: Tally
  population: Tally
  population_60plus: Tally
  /** Share of communities covered, 0..1. */
  share_covered: number
}

export type CoverageUnit = CoverageFigures & { level: 'township' | 'county' | 'city'; code: string; name: string }

export type CoverageCommunity = {
  code: string
  name: string
  kind: 'community' | 'village'
  township_code: string
  county_code: string
  population: number
  population_60plus: number
  covered: boolean
  /** Metres to the nearest facility that counts, or null when none is within 7,200 m. */
  distance_m: number | null
  facility_id: number | string | null
}

/** What is newly covered in a what-if (planned or trial facilities). */
export type CoverageDifference = {
  communities: number
  population: number
  population_60plus: number
  units: { level: 'township' | 'county' | 'city'; code: string; name: string; communities: number; population: number; population_60plus: number }[]
}

/** The answer of `/api/coverage/eldercare`. */
export type CoverageAnswer = {
  parameters: CoverageParams & {
    budget_m: number
    kinds: { community: string[]; village: string[] }
    statuses: string[]
    what_if_facilities: number
  }
  summary: CoverageFigures
  units: CoverageUnit[]
  communities: CoverageCommunity[]
  coverage?: FeatureCollection<Polygon | MultiPolygon>
  difference?: CoverageDifference
  computation: { recomputed: number; full: boolean; ms: number }
}

/** A suggested site of `/api/coverage/suggest`. */
export type SuggestedSite = {
  rank: number
  geometry: Point
  /** The candidate it stands on: a community's code, or the index of a given candidate. */
  candidate: string | number
  gain: { communities: number; population_60plus: number }
  cumulative: { population_60plus: number; share_60plus_covered: number }
}

export type SuggestAnswer = {
  method: 'greedy' | 'exact'
  guarantee?: unknown
  sites: SuggestedSite[]
  baseline: CoverageFigures
}

/**
 * The coverage of the communities by eldercare facilities: a GET for the register as it
 * is, a POST when trial facilities are added. `geometry` asks for the covered area's
 * polygons too. Rejects with an ApiError (problem+json) or, when `signal` aborts, an AbortError.
 */
export async function getCoverage(
  params: CoverageParams,
  options: { facilities?: TrialFacility[]; geometry?: boolean; signal?: AbortSignal } = {},
): Promise<CoverageAnswer> {
  const geometry = options.geometry ?? false
  if (options.facilities?.length) {
    const body = { ...params, geometry, facilities: options.facilities }
    return (await request<CoverageAnswer>('POST', '/api/coverage/eldercare', { body, signal: options.signal })).body
  }
  const query = new URLSearchParams({
    mode: params.mode,
    minutes: String(params.minutes),
    speed_m_per_min: String(params.speed_m_per_min),
    include_planned: String(params.include_planned),
    scope: params.scope,
    geometry: String(geometry),
  })
  return (await request<CoverageAnswer>('GET', `/api/coverage/eldercare?${query}`, { signal: options.signal })).body
}

/** `n` suggested sites for new facilities, each with what it adds, best first. */
export async function suggestSites(params: CoverageParams & { n: number }, signal?: AbortSignal): Promise<SuggestAnswer> {
  return (await request<SuggestAnswer>('POST', '/api/coverage/suggest', { body: params, signal })).body
}
