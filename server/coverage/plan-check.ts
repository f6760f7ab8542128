import type { CommonQueryMethods } from 'slonik'
import type { CoverageEngine } from './coverage-engine'
import { coverageParameters, eldercareCoverage, OPERATING, WITH_PLANNED } from './eldercare-coverage'
import { readPlanFacts, type PlanFacts } from './unit-rules.queries'
import { UNIT_RULES, type CircleAnswer, type Texts, type UnitOutcome, type UnitRule } from './unit-rules'

/** A failing unit as the API gives it: its outcome, and its box [west, south, east, north] to zoom to. */
export type FailingUnit = Omit<UnitOutcome, 'passes'> & { bbox: [number, number, number, number] | null }

/** One rule's answer: pass or fail, the failing units with their figures, and the totals. */
export type RuleResult = {
  id: string
  title: Texts
  clause: { ref: string; text: string }
  checks: Texts
  passes: boolean
  totals: { units: number; passing: number; failing: number; not_measured: number }
  failing: FailingUnit[]
  /** Every unit's outcome, for the indicator table (not sent by the API). */
  outcomes: UnitOutcome[]
}

/** The answer of `GET /api/coverage/rules`: which statuses counted, how much of the data is generated, each rule. */
export type RulesAnswer = {
  include_planned: boolean
  statuses: readonly string[]
  /** Facility records read, and how many of them are generated sample data. */
  records: { total: number; generated: number }
  rules: RuleResult[]
  /** The facts read (not sent by the API): the indicator table counts from them too. */
  facts: PlanFacts
}

/** Each unit's box, by "level:code". */
function boxes(facts: PlanFacts): Map<string, [number, number, number, number]> {
  const out = new Map<string, [number, number, number, number]>([[`city:${facts.city.code}`, facts.city.bbox]])
  for (const k of facts.counties) out.set(`county:${k.code}`, k.bbox)
  for (const t of facts.townships) out.set(`township:${t.code}`, t.bbox)
  for (const c of facts.communities) out.set(`community:${c.code}`, [c.lon, c.lat, c.lon, c.lat])
  return out
}

/** A rule's outcomes as its answer. */
export function ruleResult(rule: UnitRule, outcomes: UnitOutcome[], bbox: Map<string, [number, number, number, number]> = new Map()): RuleResult {
  const failing = outcomes.filter((o) => o.passes === false)
  return {
    id: rule.id,
    title: rule.title,
    clause: rule.clause,
    checks: rule.checks,
    passes: failing.length === 0,
    totals: {
      units: outcomes.length,
      passing: outcomes.filter((o) => o.passes === true).length,
      failing: failing.length,
      not_measured: outcomes.filter((o) => o.passes === null).length,
    },
    failing: failing.map(({ passes: _passes, ...o }) => ({ ...o, bbox: bbox.get(`${o.level}:${o.code}`) ?? null })),
    outcomes,
  }
}

/**
 * Evaluates the unit rules (all, or those of `ids`) over the live data: closed facilities
 * never count, planned and building ones only with `includePlanned`. The 15-minute circle
 * comes from the coverage analysis with its default parameters (urban communities only).
 */
export async function evaluateUnitRules(
  db: CommonQueryMethods,
  engine: CoverageEngine,
  options: { ids?: readonly string[]; includePlanned: boolean },
): Promise<RulesAnswer> {
  const rules = options.ids ? UNIT_RULES.filter((r) => options.ids!.includes(r.id)) : UNIT_RULES
  const facts = await db.transaction((tx) => readPlanFacts(tx))
  const statuses = options.includePlanned ? WITH_PLANNED : OPERATING
  let circle: CircleAnswer | undefined
  if (rules.some((r) => r.usesCircle)) {
    const answer = await eldercareCoverage(engine, coverageParameters({ scope: 'community', include_planned: options.includePlanned }))
    circle = { parameters: answer.parameters, communities: answer.communities }
  }
  const ctx = { ...facts, counts: (s: string) => (statuses as readonly string[]).includes(s), includePlanned: options.includePlanned, circle }
  const bbox = boxes(facts)
  const records = [...facts.eldercare, ...facts.stations, ...facts.funeral, ...facts.cemeteries]
  return {
    include_planned: options.includePlanned,
    statuses,
    records: { total: records.length, generated: records.filter((r) => r.generated).length },
    rules: rules.map((rule) => ruleResult(rule, rule.evaluate(ctx), bbox)),
    facts,
  }
}
