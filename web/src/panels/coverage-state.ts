import { getCoverage, type CoverageAnswer, type CoverageParams } from '../api/coverage'

/** The analysis the app starts with: the plan's 15-minute walk at 60 m a minute, in a straight line. */
export const DEFAULT_COVERAGE: CoverageParams = { mode: 'straight', minutes: 15, speed_m_per_min: 60, include_planned: false, scope: 'all' }

let latest: CoverageAnswer | null = null
let loading: Promise<CoverageAnswer> | null = null

/** Records the newest coverage answer (the coverage mode's), for the popups. */
export function setLatestCoverage(answer: CoverageAnswer): void {
  latest = answer
}

/** The newest coverage answer; without one, asks for the default analysis once. */
export function coverageAnswer(): Promise<CoverageAnswer> {
  if (latest) return Promise.resolve(latest)
  loading ??= getCoverage(DEFAULT_COVERAGE).then((answer) => {
    latest ??= answer
    return latest
  })
  loading.catch(() => (loading = null))
  return loading
}
