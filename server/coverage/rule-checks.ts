import type { FragmentSqlToken } from 'slonik'
import { sql } from '../db/sql'
import { M2_PER_MU } from '../geo/area-units'
import type { CollectionDescriptor } from '../ogc/collection'
import { MEETS_SIX_HAVES } from '../social-work/social-work.collection'

/**
 * One check of a register's record against a rule of the plan. `appliesTo` and `passes`
 * are SQL over the record (alias `t`); a record fails when the check applies and it does
 * not pass.
 */
export type RuleCheck = {
  /** Stable id, as listed in a feature's `rules_failed` / `rules_checked`. */
  id: string
  collection: string
  title: { 'zh-CN': string; en: string }
  /** Where the plan says it: chapter and section (or column), and its words. */
  clause: { ref: string; text: string }
  appliesTo: FragmentSqlToken
  passes: FragmentSqlToken
}

/** The kinds the plan counts as 养老机构 (institutions), whose nursing-type bed share 专栏1 指标4 measures. */
export const INSTITUTION_KINDS = ['institution', 'township_home', 'regional_centre'] as const
const NOT_CLOSED = sql.fragment`t.status <> 'closed'`

/** Every rule check, the one place where they are written. */
export const RULE_CHECKS: readonly RuleCheck[] = [
  {
    id: 'street_centre_embedded_beds',
    collection: 'eldercare_facilities',
    title: { 'zh-CN': '街道综合养老服务中心嵌入式床位不少于 50 张', en: 'A street centre has at least 50 embedded beds' },
    clause: { ref: '第四章第二节', text: '到 2025 年，实现每个街道有 1 处综合养老服务设施，嵌入式养老床位不少于 50 张' },
    appliesTo: sql.fragment`t.kind = 'street_centre' AND ${NOT_CLOSED}`,
    passes: sql.fragment`t.embedded_beds >= 50`,
  },
  {
    id: 'nursing_bed_share',
    collection: 'eldercare_facilities',
    title: { 'zh-CN': '护理型床位占比不低于 55%', en: 'Nursing-type beds are at least 55% of beds' },
    clause: { ref: '专栏1 指标4（约束性）', text: '到 2025 年底，养老机构护理型床位占比达到 55% 以上' },
    appliesTo: sql.fragment`t.kind = ANY(${sql.array([...INSTITUTION_KINDS], 'text')}) AND t.beds > 0 AND ${NOT_CLOSED}`,
    passes: sql.fragment`t.nursing_beds >= 0.55 * t.beds`,
  },
  {
    id: 'six_haves',
    collection: 'social_work_stations',
    title: { 'zh-CN': '达到“六有”标准', en: 'Meets the six-haves (六有) standard' },
    clause: { ref: '第八章第三节', text: '按照“有场地、有设施、有人员、有服务、有流程、有制度”的标准，实施县级社会工作指导中心、乡镇（街道）社会工作站和村（社区）社会工作室项目' },
    appliesTo: NOT_CLOSED,
    passes: MEETS_SIX_HAVES,
  },
  {
    id: 'cemetery_land_minimum',
    collection: 'cemeteries',
    title: {
      'zh-CN': '公益性公墓占地不少于本级最低面积（乡镇级 50 亩、县级 100 亩、市级 200 亩）',
      en: 'A public-welfare cemetery has its level’s minimum land (township 50 mu, county 100, city 200)',
    },
    clause: { ref: '第九章第二节', text: '乡镇级公益性公墓占地面积不少于50亩、县级公益性公墓占地面积不少于100亩、市级公益性公墓占地面积不少于200亩' },
    appliesTo: sql.fragment`t.kind IN ('urban_public', 'rural_public') AND ${NOT_CLOSED}`,
    // ::geography: the area in m² on the spheroid, whatever the latitude; rounded to 0.1 亩 as
    // the record shows it, so that a cemetery shown at the minimum passes.
    passes: sql.fragment`round((ST_Area(t.geom::geography) / ${M2_PER_MU})::numeric, 1) >= CASE t.level WHEN 'city' THEN 200 WHEN 'county' THEN 100 ELSE 50 END`,
  },
  {
    id: 'green_coverage',
    collection: 'cemeteries',
    title: { 'zh-CN': '公墓绿化率不低于 50%', en: 'Green coverage is at least 50%' },
    clause: { ref: '第九章第二节', text: '公墓绿化率不得低于50%' },
    appliesTo: NOT_CLOSED,
    passes: sql.fragment`t.green_coverage_pct >= 50`,
  },
  {
    id: 'commercial_reserve',
    collection: 'cemeteries',
    title: { 'zh-CN': '经营性公墓公益性预留墓位不少于 30%', en: 'A commercial cemetery reserves at least 30% of plots for public welfare' },
    clause: { ref: '第九章第二节', text: '经营性公墓要在未开发建设、未销售的区域内至少划出 30%的墓位用于公益事业' },
    appliesTo: sql.fragment`t.kind = 'commercial' AND ${NOT_CLOSED}`,
    passes: sql.fragment`t.public_welfare_reserve_pct >= 30`,
  },
]

/** The ids of `checks` for which `pick` holds, as a comma-separated list ('' for none). */
function idList(checks: readonly RuleCheck[], pick: (check: RuleCheck) => FragmentSqlToken): FragmentSqlToken {
  // array_to_string skips the NULLs that CASE gives where the check is not picked.
  const items = checks.map((c) => sql.fragment`CASE WHEN ${pick(c)} THEN ${c.id} END`)
  return sql.fragment`array_to_string(ARRAY[${sql.join(items, sql.fragment`, `)}]::text[], ',')`
}

const fails = (c: RuleCheck) => sql.fragment`COALESCE((${c.appliesTo}) AND NOT (${c.passes}), FALSE)`

/**
 * The collection with its rule checks published as properties: `rules_checked` and
 * `rules_failed` (comma-separated check ids) and `rules_ok` (filterable). A collection
 * without checks comes back as it is.
 */
export function withRuleChecks(collection: CollectionDescriptor): CollectionDescriptor {
  const checks = RULE_CHECKS.filter((c) => c.collection === collection.id)
  if (checks.length === 0) return collection
  const anyFails = sql.join(checks.map(fails), sql.fragment` OR `)
  return {
    ...collection,
    properties: {
      ...collection.properties,
      rules_checked: {
        type: 'string',
        title: '已检查规则 Rule checks applied',
        description: 'Comma-separated ids of the plan rule checks that apply to this record (GET /api/rule-checks lists them)',
        expression: idList(checks, (c) => sql.fragment`COALESCE(${c.appliesTo}, FALSE)`),
      },
      rules_failed: {
        type: 'string',
        title: '未通过规则 Rule checks failed',
        description: 'Comma-separated ids of the plan rule checks this record fails; empty when it passes all',
        expression: idList(checks, fails),
      },
      rules_ok: { type: 'boolean', title: '规则检查通过 Passes every rule check', filterable: true, expression: sql.fragment`NOT (${anyFails})` },
    },
  }
}
