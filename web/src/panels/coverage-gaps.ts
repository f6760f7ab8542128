import type { Feature, FeatureCollection, Point } from 'geojson'
import type { CoverageAnswer, CoverageUnit } from '../api/coverage'

/** An uncovered community (or village) as the gap list shows it. */
export type CommunityGap = {
  code: string
  name: string
  township: string
  population_60plus: number
  /** Metres to the nearest facility that counts, or null when none is within reach of the search. */
  distance_m: number | null
}

/** A township as the gap list shows it: its share of communities covered and what is left uncovered. */
export type TownshipGap = {
  code: string
  name: string
  county: string
  share: number
  uncovered: number
  total: number
  uncovered_60plus: number
}

export type GapSort<K extends string> = { key: K; descending: boolean }

const collator = new Intl.Collator('zh-CN', { numeric: true })

/**
 * Sorts rows by one column: numbers by value, text in Chinese order; nulls (no facility
 * within reach) count as farthest, ties keep their order. Returns a new array.
 * @example sortGaps([{ d: 1 }, { d: null }, { d: 3 }], { key: 'd', descending: false }) // d: 1, 3, null
 */
export function sortGaps<R extends Record<K, unknown>, K extends string>(rows: readonly R[], sort: GapSort<K>): R[] {
  const sign = sort.descending ? -1 : 1
  return [...rows].sort((a, b) => {
    const x = a[sort.key]
    const y = b[sort.key]
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1
    if (typeof x === 'number' && typeof y === 'number') return sign * (x - y)
    return sign * collator.compare(String(x), String(y))
  })
}

/** The uncovered communities of an answer, with their townships' names (`townshipName` of a code). */
export function communityGaps(answer: CoverageAnswer, townshipName: (code: string) => string): CommunityGap[] {
  return answer.communities
    .filter((c) => !c.covered)
    .map((c) => ({ code: c.code, name: c.name, township: townshipName(c.township_code), population_60plus: c.population_60plus, distance_m: c.distance_m }))
}

/** The townships of an answer that have communities in scope, with their counties' names. */
export function townshipGaps(answer: CoverageAnswer, countyName: (code: string) => string): TownshipGap[] {
  const countyOf = new Map(answer.communities.map((c) => [c.township_code, c.county_code]))
  return answer.units
    .filter((u) => u.level === 'township' && u.communities.total > 0)
    .map((u) => ({
      code: u.code,
      name: u.name,
      county: countyName(countyOf.get(u.code) ?? ''),
      share: u.share_covered,
      uncovered: u.communities.uncovered,
      total: u.communities.total,
      uncovered_60plus: u.population_60plus.uncovered,
    }))
}

/**
 * The communities' points (from the OGC API) joined by `code` with their coverage: each
 * keeps its name and gets `covered`, `population_60plus`, `distance_m` and the township's
 * name. Communities the answer leaves out (outside the scope) are left out.
 */
export function coveredCommunities(points: readonly Feature[], answer: CoverageAnswer, townshipName: (code: string) => string): FeatureCollection<Point> {
  const byCode = new Map(answer.communities.map((c) => [c.code, c]))
  const features: Feature<Point>[] = []
  for (const point of points) {
    const c = byCode.get(String(point.properties?.code))
    if (!c || point.geometry?.type !== 'Point') continue
    features.push({
      type: 'Feature',
      id: point.id,
      geometry: point.geometry,
      properties: {
        code: c.code,
        name: c.name,
        kind: c.kind,
        township_code: c.township_code,
        township_name: townshipName(c.township_code),
        population: c.population,
        population_60plus: c.population_60plus,
        covered: c.covered,
        distance_m: c.distance_m,
      },
    })
  }
  return { type: 'FeatureCollection', features }
}

/**
 * The townships with their coverage for the choropleth: each keeps its properties and gets
 * `share` (0..1), `uncovered` and `total` where it has communities in scope, none where it has none.
 */
export function townshipChoropleth(townships: readonly Feature[], units: readonly CoverageUnit[]): FeatureCollection {
  const byCode = new Map(units.filter((u) => u.level === 'township').map((u) => [u.code, u]))
  return {
    type: 'FeatureCollection',
    features: townships.map((t) => {
      const unit = byCode.get(String(t.properties?.code))
      const covered = unit && unit.communities.total > 0
      return {
        type: 'Feature',
        id: t.id,
        geometry: t.geometry,
        properties: {
          ...t.properties,
          ...(covered ? { share: unit.share_covered, uncovered: unit.communities.uncovered, total: unit.communities.total } : {}),
        },
      }
    }),
  }
}
