/**
 * Generates the sample naming and renaming cases of 平顶山 into
 * data/pingdingshan/sample/place_name_cases.json. Deterministic: a rerun writes the same
 * file. Run it after generate-sample-place-names.ts, whose generated streets it renames.
 *
 *   npx tsx scripts/generate-sample-cases.ts
 *
 * Every case is generated (`data_source: "generated"`, applicants ending in （示例）) and
 * dated in days before the day the database is seeded, so that the sample always has cases
 * in each state and some past their deadlines:
 * - naming cases (命名) for unnamed local streets of the sample network, which become
 *   proposed place names;
 * - renaming cases (更名) of generated named streets, and abolition cases (销名);
 * - the approval's document number carries `{year}`, the year of the approval once dated;
 * - in each state: applied, reviewing, approved within the 15 days of arts. 13 and 14,
 *   approved and overdue (one filed, not announced), completed, rejected and withdrawn.
 */
import fs from 'node:fs'
import path from 'node:path'
import { StandardName } from '../server/place-names/place-names.schemas'
import { romanize } from '../server/place-names/romanize'
import { createRandom } from './prng'

const CITY_DIR = path.resolve('data/pingdingshan')
const OUT = path.join(CITY_DIR, 'sample/place_name_cases.json')

type Geometry = { type: string; coordinates: [number, number][] }
type Feature<P> = { properties: P; geometry: Geometry }
const read = <P>(file: string) => (JSON.parse(fs.readFileSync(path.join(CITY_DIR, file), 'utf8')) as { features: Feature<P>[] }).features

const names = read<{ code: string | null; name: string; category: string; data_source: string }>('sample/place_names.geojson')
const roads = read<{ name: string | null; class: string }>('sample/roads.geojson')
const random = createRandom(20261016)
const pick = <T>(list: readonly T[]): T => list[Math.floor(random.next() * list.length)]!

const taken = new Set(names.map((n) => n.properties.name))
const SPECIFICS = ['春华', '文昌', '兴业', '和顺', '康宁', '锦绣', '安居', '长乐', '金穗', '崇德', '育才', '明德', '瑞祥', '景和', '嘉禾', '永丰', '惠民', '怡园', '清源', '鹰城']
/** A two-character specific and 路 or 街 that no sample name has yet. */
function freshName(): string {
  for (;;) {
    const name = `${pick(SPECIFICS)}${pick(['路', '街'])}`
    if (!taken.has(name) && StandardName.safeParse(name).success) {
      taken.add(name)
      return name
    }
  }
}

// Unnamed local streets, in a stable order, spread over the network.
const unnamed = roads
  .filter((r) => r.properties.name === null && r.properties.class === 'residential' && r.geometry.type === 'LineString')
  .sort((a, b) => JSON.stringify(a.geometry.coordinates[0]).localeCompare(JSON.stringify(b.geometry.coordinates[0])))
const streets = names.filter((n) => n.properties.data_source === 'generated' && n.properties.category === 'street' && n.properties.code)
const every = <T>(list: T[], n: number) => Array.from({ length: n }, (_, i) => list[Math.floor(((i + 0.5) * list.length) / n)]!)

const APPLICANTS = ['新华区住房和城乡建设局（示例）', '卫东区人民政府（示例）', '湛河区自然资源局（示例）', '宝丰县民政局（示例）', '某房地产开发有限公司（示例）', '鲁山县交通运输局（示例）']
const AUTHORITIES = ['平顶山市人民政府', '鲁山县人民政府', '宝丰县人民政府', '新华区人民政府']
const REPORTS = ['evaluation', 'expert_review', 'consultation'] as const
const SUMMARY: Record<(typeof REPORTS)[number], string> = {
  evaluation: '综合评估：拟用名称符合地名命名原则，与周边地名协调（示例）',
  expert_review: '专家论证：专家组一致同意（示例）',
  consultation: '征求意见：公示期内收到意见若干，均已答复（示例）',
}

type Step = { step: string; days_ago: number; body: Record<string, unknown> }
type SampleCase = { state: string; kind: string; place: { code: string } | { proposed: number }; applied_days_ago: number; applicant: string; proposal: string; proposed_name: string | null; steps: Step[] }

/** The steps of a case up to `state`, dated `days` days apart back from `approvedAgo`. */
function steps(state: string, approvedAgo: number, serial: number): Step[] {
  const out: Step[] = []
  const reports = state === 'applied' ? 0 : state === 'reviewing' ? 1 + (serial % 2) : 3
  REPORTS.slice(0, reports).forEach((kind, i) => out.push({ step: 'report', days_ago: approvedAgo + 12 - i * 3, body: { kind, summary: SUMMARY[kind] } }))
  if (state === 'rejected') out.push({ step: 'rejection', days_ago: approvedAgo + 2, body: { reason: '拟用名称与邻近县城道路名称重名，不予批准（示例）' } })
  if (state === 'withdrawn') out.push({ step: 'withdrawal', days_ago: approvedAgo + 2, body: { reason: '申请单位撤回申请（示例）' } })
  if (['approved', 'overdue', 'overdue_filed', 'completed'].includes(state)) {
    out.push({ step: 'approval', days_ago: approvedAgo, body: { approval_authority: AUTHORITIES[serial % AUTHORITIES.length], document_number: `平政地〔{year}〕${10 + serial}号（示例）` } })
  }
  if (state === 'overdue_filed' || state === 'completed') out.push({ step: 'filing', days_ago: approvedAgo - 6, body: { filed_with: '平顶山市民政局（示例）' } })
  if (state === 'completed') out.push({ step: 'announcement', days_ago: approvedAgo - 9, body: { medium: '平顶山市人民政府网站（示例）' } })
  return out
}

// [state, kind, days before seeding of the approval (or of the step that would come there)]
const PLAN: [string, string, number][] = [
  ['applied', 'renaming', 6], ['applied', 'naming', 3], ['applied', 'abolition', 8],
  ['reviewing', 'renaming', 4], ['reviewing', 'naming', 2], ['reviewing', 'renaming', 9],
  ['approved', 'renaming', 4], ['approved', 'naming', 11],
  ['overdue', 'renaming', 24], ['overdue', 'naming', 40], ['overdue_filed', 'renaming', 31],
  ['completed', 'renaming', 60], ['completed', 'renaming', 120], ['completed', 'naming', 90], ['completed', 'abolition', 75],
  ['rejected', 'renaming', 50], ['withdrawn', 'naming', 20],
]

const proposed: { type: 'Feature'; properties: Record<string, unknown>; geometry: Geometry }[] = []
const renamed = every(streets, PLAN.filter(([, k]) => k !== 'naming').length)
const roadsToName = every(unnamed, PLAN.filter(([, k]) => k === 'naming').length)
const cases: SampleCase[] = PLAN.map(([state, kind, approvedAgo], serial) => {
  const applied = approvedAgo + 20 + (serial % 5)
  let place: SampleCase['place']
  let proposedName: string | null = null
  if (kind === 'naming') {
    const name = freshName()
    proposed.push({
      type: 'Feature',
      properties: { code: null, name, roman_spelling: romanize(name, 'street').spelling, category: 'street', sub_kind: name.slice(-1), status: 'proposed', source: '示例命名申请（生成）', data_source: 'generated', aliases: [], former_names: [], protected: false },
      geometry: roadsToName.shift()!.geometry,
    })
    place = { proposed: proposed.length - 1 }
    proposedName = name
  } else {
    place = { code: renamed.shift()!.properties.code! }
    if (kind === 'renaming') proposedName = freshName()
  }
  const proposal = kind === 'abolition' ? '道路因片区改造已拆除，申请销名（示例案件，生成）' : kind === 'naming' ? '新建道路，申请命名（示例案件，生成）' : '道路延伸后原名不能反映方位，申请更名（示例案件，生成）'
  return { state, kind, place, applied_days_ago: applied, applicant: APPLICANTS[serial % APPLICANTS.length]!, proposal, proposed_name: proposedName, steps: steps(state, approvedAgo, serial) }
})

fs.writeFileSync(
  OUT,
  `${JSON.stringify({ generated: true, note: 'Generated sample cases (示例，生成): dates are days before the day the database is seeded', proposed_names: proposed, cases }, null, 1)}\n`,
)
console.log(`wrote ${cases.length} cases and ${proposed.length} proposed names to ${path.relative(process.cwd(), OUT)}`)
