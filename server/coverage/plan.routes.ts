import type { Response } from 'express'
import type { DatabasePool } from 'slonik'
import { INT4_MAX } from '../http/fields'
import { toCsv } from '../http/csv'
import { badRequest, fieldError, HttpProblem, type FieldError } from '../http/problem'
import { route, type RouteSpec } from '../http/routes'
import type { CoverageEngine } from './coverage-engine'
import { indicatorCsv, indicatorWorkbook } from './indicators-export'
import { INDICATORS, indicatorRows, ruleOf, type Indicator } from './indicators'
import { listIndicatorEntries, recordIndicatorEntry } from './indicators.queries'
import { evaluateUnitRules, type RulesAnswer } from './plan-check'
import { EntryBody, IndicatorQuery, IndicatorsQuery, RulesQuery } from './plan.schemas'
import { readUnitGeometries } from './unit-rules.queries'
import type { Texts } from './unit-rules'

/** The rules the indicator table is computed from (none of them needs the 15-minute circle). */
const INDICATOR_RULES = INDICATORS.map(ruleOf).filter((id): id is string => id !== null)

/** The answer without what the API does not send (each unit's outcome, the facts). */
const publicRules = ({ facts: _facts, rules, ...answer }: RulesAnswer) => ({ ...answer, rules: rules.map(({ outcomes: _outcomes, ...r }) => r) })

const figureText = (v: unknown) => (Array.isArray(v) ? v.join('、') : v === null || v === undefined ? '' : String(v))

/** The failing units of the rules, one line each: what the CSV and the GeoJSON's properties hold. */
function failingLines(answer: RulesAnswer) {
  return answer.rules.flatMap((r) =>
    r.failing.map((u) => ({
      rule_id: r.id,
      rule_zh: r.title['zh-CN'],
      rule_en: r.title.en,
      clause: r.clause.ref,
      level: u.level,
      code: u.code,
      name: u.name,
      within: u.within,
      reason_zh: u.reason?.['zh-CN'] ?? '',
      reason_en: u.reason?.en ?? '',
      figures: Object.entries(u.figures).map(([k, v]) => `${k}=${figureText(v)}`).join('; '),
      include_planned: answer.include_planned,
    })),
  )
}

function sendCsv(res: Response, name: string, text: string): void {
  res.type('text/csv; charset=utf-8').attachment(`${name}.csv`).send(text)
}

/** 404 for an indicator row that is not in the table, naming the path parameter. */
function indicatorOf(id: number): Indicator {
  const indicator = INDICATORS.find((i) => i.id === id)
  if (!indicator) throw new HttpProblem(404, 'unknown_indicator', { id, ids: INDICATORS.map((i) => i.id) }, [fieldError('id', 'unknown_indicator', { id, ids: INDICATORS.map((i) => i.id) })])
  return indicator
}

/** The field errors of an entry for this row: a value within the row's range, the second figure where (and only where) the row compares against one. */
export function entryErrors(indicator: Indicator, body: EntryBody): FieldError[] {
  const source = indicator.source
  if (source.type !== 'entered') return [fieldError('id', 'indicator_not_entered', { id: indicator.id, source: source.type })]
  const errors: FieldError[] = []
  const range = (field: string, value: number, min: number, max: number) => {
    if (value < min) errors.push(fieldError(field, 'too_small', { minimum: min }))
    else if (value > max) errors.push(fieldError(field, 'too_big', { maximum: max }))
  }
  range('value', body.value, source.min, source.max)
  if (source.comparison) {
    if (body.comparison_value === undefined) errors.push(fieldError('comparison_value', 'required'))
    else range('comparison_value', body.comparison_value, source.comparison.min, source.comparison.max)
  } else if (body.comparison_value !== undefined) {
    errors.push(fieldError('comparison_value', 'unknown_field', { allowed: ['value', 'source', 'department', 'as_of', 'note'] }))
  }
  return errors
}

/**
 * The plan's rules on units (`/api/coverage/rules`) and its indicator table
 * (`/api/indicators`), with their exports; entries of the table by administrators.
 */
export function planRoutes(db: DatabasePool, engine: CoverageEngine): RouteSpec[] {
  const table = async (includePlanned: boolean) => {
    const answer = await evaluateUnitRules(db, engine, { ids: INDICATOR_RULES, includePlanned })
    return { answer, rows: indicatorRows(answer, await listIndicatorEntries(db)) }
  }
  const meta = (answer: RulesAnswer) => ({ include_planned: answer.include_planned, statuses: answer.statuses, records: answer.records })
  return [
    route({
      method: 'get',
      path: '/coverage/rules',
      summary:
        'The plan’s rules on units (every street, township, county… has what the plan demands), each with its clause: passes or fails, the failing units with their figures, and totals; ?id= one rule; include_planned=true counts planned and building facilities (what-if); f=csv or geojson for the failing units',
      access: 'read',
      query: RulesQuery,
      handler: async ({ res, query }) => {
        const answer = await evaluateUnitRules(db, engine, { ids: query.id ? [query.id] : undefined, includePlanned: query.include_planned ?? false })
        const f = query.f ?? 'json'
        if (f === 'csv') {
          const lines = failingLines(answer)
          const columns = ['rule_id', 'rule_zh', 'rule_en', 'clause', 'level', 'code', 'name', 'within', 'reason_zh', 'reason_en', 'figures', 'include_planned'] as const
          return sendCsv(res, query.id ? `plan-gaps-${query.id}` : 'plan-gaps', toCsv(columns, lines.map((l) => columns.map((c) => l[c]))))
        }
        if (f === 'geojson') {
          const lines = failingLines(answer)
          const geometries = await readUnitGeometries(db, lines)
          const features = lines.map((l) => ({ type: 'Feature', properties: l, geometry: geometries.get(`${l.level}:${l.code}`) ?? null }))
          return res.type('application/geo+json').send(JSON.stringify({ type: 'FeatureCollection', features }))
        }
        res.json(publicRules(answer))
      },
    }),
    route({
      method: 'get',
      path: '/indicators',
      summary:
        'The plan’s indicator table (专栏1): all 13 rows with the baseline, the target, binding or expected, the current value (computed live from the map data, or the newest entry) and met / not met; f=csv or xlsx',
      access: 'read',
      query: IndicatorsQuery,
      handler: async ({ res, query }) => {
        const { answer, rows } = await table(query.include_planned ?? false)
        const f = query.f ?? 'json'
        const lang = query.lang ?? 'zh-CN'
        if (f === 'csv') return sendCsv(res, 'indicators', indicatorCsv(rows, lang))
        if (f === 'xlsx') {
          const generated = answer.records.generated > 0
          const texts: Record<'title' | 'footnote', Texts> = {
            title: { 'zh-CN': `专栏1 “十四五”时期民政事业发展主要指标（${answer.facts.city.name}）`, en: `Column 1: main indicators of the 14th Five-Year plan (${answer.facts.city.name})` },
            footnote: {
              'zh-CN': `导出时间 ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC；计算值${answer.include_planned ? '含规划、在建设施' : '只计运营中的设施'}${generated ? `；${answer.records.generated} 条设施记录为生成的示例数据` : ''}`,
              en: `Exported ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; computed values ${answer.include_planned ? 'include planned and building facilities' : 'count operating facilities only'}${generated ? `; ${answer.records.generated} facility records are generated sample data` : ''}`,
            },
          }
          const file = await indicatorWorkbook(rows, lang, { title: texts.title[lang], footnote: texts.footnote[lang] })
          return res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment('indicators.xlsx').send(file)
        }
        res.json({ ...meta(answer), indicators: rows })
      },
    }),
    route({
      method: 'get',
      path: '/indicators/:id',
      summary: 'One row of the indicator table with every entry made for it (the current first)',
      access: 'read',
      integerParams: { id: INT4_MAX },
      query: IndicatorQuery,
      handler: async ({ res, params, query }) => {
        const indicator = indicatorOf(Number(params.id))
        const { answer, rows } = await table(query.include_planned ?? false)
        res.json({ ...meta(answer), indicator: rows.find((r) => r.id === indicator.id), history: await listIndicatorEntries(db, indicator.id) })
      },
    }),
    route({
      method: 'post',
      path: '/indicators/:id/entries',
      summary:
        'Enters a figure for a row of the indicator table that is not computed from the map data: value (and comparison_value for rows 1 and 12), source, department, as_of (2020-01-01 to today); every entry is kept and audited',
      access: ['admin'],
      integerParams: { id: INT4_MAX },
      body: EntryBody,
      handler: async ({ res, params, body, user }) => {
        const indicator = indicatorOf(Number(params.id))
        const errors = entryErrors(indicator, body)
        if (errors.length) throw badRequest(errors)
        const entry = await recordIndicatorEntry(db, user, {
          indicator: indicator.id,
          value: body.value,
          comparison_value: body.comparison_value ?? null,
          source: body.source,
          department: body.department ?? null,
          as_of: body.as_of,
          note: body.note ?? null,
        })
        const { rows } = await table(false)
        res.status(201).location(`/api/indicators/${indicator.id}`).json({ entry, indicator: rows.find((r) => r.id === indicator.id) })
      },
    }),
  ]
}
