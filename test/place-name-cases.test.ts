import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { sql } from '../server/db/sql'
import { addDays, todayInChina } from '../server/place-names/cases.rules'
import { startTestApp } from './support/test-app'
import { createTestUser, type TestUser } from './support/users'
import { callApi, type Call } from './support/call'

let app: Awaited<ReturnType<typeof startTestApp>>
let editor: TestUser
let viewer: TestUser
beforeAll(async () => {
  app = await startTestApp({ poolSize: 2 })
  editor = await createTestUser(app.pool, ['placename_editor'], [], 'cases')
  viewer = await createTestUser(app.pool, ['viewer'], [], 'cases')
})
afterAll(async () => {
  await app.close()
})

const call = (method: string, path: string, user: TestUser | null, body?: unknown, headers: Record<string, string> = {}) =>
  callApi(app.url, method, path, user, body, headers)

const today = todayInChina()
/** The date `n` days before today (China). */
const ago = (n: number) => addDays(today, -n)

function expectProblem(res: Call, status: number, field: string, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  expect(res.body.type ?? 'about:blank').toBe('about:blank')
  expect(res.body.errors?.find((e: { field: string }) => e.field === field)?.code, JSON.stringify(res.body)).toBe(code)
}

let serial = 0
/** A new register record in 鲁山县's county town, standard unless said otherwise; a unique name each time. */
async function placeName(properties: Record<string, unknown> = {}): Promise<{ id: number; name: string }> {
  serial += 1
  const name = `琴台${'一二三四五六七八九'[serial % 9]}${'东西南北中'[Math.floor(serial / 9) % 5]}路`
  const res = await call('POST', '/ogc/collections/place_names/items', editor, {
    type: 'Feature',
    geometry: { type: 'LineString', coordinates: [[112.905, 33.738 + serial * 0.0001], [112.912, 33.739 + serial * 0.0001]] },
    properties: {
      code: null, name, category: 'street', sub_kind: '路', division_code: null, meaning: null, origin: null, history: null,
      description: null, aliases: [], former_names: [], status: 'standard', protected: false, protection_list: null, source: null,
      data_source: 'register', ...properties,
    },
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return { id: Number(res.body.id), name: res.body.properties.name }
}

/** A PDF in the file store (a case's attachment), uploaded as the web app does. */
async function pdf(title: string): Promise<number> {
  const res = await fetch(`${app.url}/api/files?purpose=document&name=${encodeURIComponent(`${title}.pdf`)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${editor.token}`, 'content-type': 'application/pdf' },
    body: Buffer.from(`%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n% ${title}`),
  })
  const body = await res.json()
  expect(res.status, JSON.stringify(body)).toBe(201)
  return body.id
}

const open = (body: Record<string, unknown>) =>
  call('POST', '/api/place-names/cases', editor, { applicant: '鲁山县民政局', proposal: '道路延伸，原名不能反映所在位置', applied_on: ago(40), ...body })
const step = (id: number, path: string, body: Record<string, unknown>, user: TestUser = editor) => call('POST', `/api/place-names/cases/${id}/${path}`, user, body)

async function reports(id: number, kinds = ['evaluation', 'expert_review', 'consultation'], on = ago(35)) {
  for (const kind of kinds) {
    const res = await step(id, 'reports', { kind, completed_on: on, summary: `${kind}：同意` })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
  }
}
const approve = (id: number, on: string) => step(id, 'approval', { approval_authority: '鲁山县人民政府', approved_on: on, document_number: '鲁政文〔2026〕12号' })

const Count = z.object({ n: z.number() })
const auditCount = (caseId: number) =>
  app.pool.oneFirst(sql.type(Count)`SELECT count(*)::int AS n FROM audit_log WHERE table_name = 'place_name_cases' AND record_id = ${String(caseId)}`)

describe('a rename case', () => {
  it('runs from application through reports and approval to filing and announcement, keeping the former name with its years', async () => {
    const place = await placeName()
    const application = await pdf('申请书')
    const opened = await open({ kind: 'renaming', place_name_id: place.id, proposed_name: '琴台大道', file_ids: [application] })
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
    expect(opened.body).toMatchObject({ status: 'applied', proposed_name: '琴台大道', proposed_spelling: 'Qintai Dadao', place_name: place.name, next_steps: expect.arrayContaining(['report', 'approval']) })
    expect(opened.body.missing_reports).toEqual(['evaluation', 'expert_review', 'consultation'])
    expect(opened.body.files).toEqual([expect.objectContaining({ step: 'application', id: application, contentType: 'application/pdf' })])
    const id = opened.body.id

    const report = await step(id, 'reports', { kind: 'evaluation', completed_on: ago(38), summary: '综合评估：符合命名原则', file_ids: [await pdf('综合评估报告')] })
    expect(report.body).toMatchObject({ status: 'reviewing', missing_reports: ['expert_review', 'consultation'] })
    await reports(id, ['expert_review', 'consultation'], ago(36))

    const approved = await approve(id, ago(30))
    expect(approved.status, JSON.stringify(approved.body)).toBe(200)
    expect(approved.body).toMatchObject({ status: 'approved', old_name: place.name, approved_on: ago(30), next_steps: ['filing', 'announcement'] })
    const record = await call('GET', `/ogc/collections/place_names/items/${place.id}`, null)
    expect(record.body.properties).toMatchObject({
      name: '琴台大道',
      roman_spelling: 'Qintai Dadao',
      former_names: [`${place.name}||${ago(30).slice(0, 4)}`],
      status: 'standard',
      source: '鲁山县人民政府 鲁政文〔2026〕12号',
    })

    const filed = await step(id, 'filing', { filed_on: ago(25), filed_with: '平顶山市民政局' })
    expect(filed.body).toMatchObject({ status: 'approved', next_steps: ['announcement'] })
    const announced = await step(id, 'announcement', { announced_on: ago(20), medium: '鲁山县人民政府网站', file_ids: [await pdf('公告')] })
    expect(announced.status, JSON.stringify(announced.body)).toBe(200)
    expect(announced.body).toMatchObject({ status: 'completed', next_steps: [], overdue: false })
    expect(announced.body.announcement).toMatchObject({
      standard_name: '琴台大道', roman_spelling: 'Qintai Dadao', former_name: place.name, county_code: '410423', county_name: '鲁山县',
      approval_authority: '鲁山县人民政府', approved_on: ago(30), document_number: '鲁政文〔2026〕12号',
    })
    expect(announced.body.announcement.township_name).toBeTruthy()
    expect(announced.body.announcement.location).toHaveLength(2)
    // Filed in 5 days, announced in 10: both within the 15 of arts. 13 and 14.
    expect(announced.body.deadlines.map((d: { step: string; late: boolean; due: string }) => [d.step, d.late, d.due])).toEqual([['filing', false, ago(15)], ['announcement', false, ago(15)]])
    expect(announced.body.files.map((f: { step: string }) => f.step).sort()).toEqual(['announcement', 'application', 'evaluation'])

    // Every step audited: the application, 3 reports, approval, filing, announcement; and the record's rename.
    expect(await auditCount(id)).toBe(7)
    const history = await call('GET', `/api/place-names/records/${place.id}/history`, viewer)
    expect(history.status).toBe(200)
    const entries = history.body.entries as { table_name: string; action: string; changes: Record<string, { old: unknown; new: unknown }> }[]
    expect(entries[0]).toMatchObject({ table_name: 'place_names', action: 'create' })
    const rename = entries.find((e) => e.table_name === 'place_names' && e.action === 'update')!
    expect(rename.changes.name).toEqual({ old: place.name, new: '琴台大道' })
    expect(entries.filter((e) => e.table_name === 'place_name_cases').map((e) => e.changes.step?.new ?? 'application')).toEqual([
      'application', 'report', 'report', 'report', 'approval', 'filing', 'announcement',
    ])
  })

  it('keeps the years of the old name when an earlier case approved it', async () => {
    const place = await placeName({ status: 'proposed' })
    const naming = await open({ kind: 'naming', place_name_id: place.id, applied_on: ago(60) })
    expect(naming.status, JSON.stringify(naming.body)).toBe(201)
    expect(naming.body.proposed_name).toBe(place.name)
    await reports(naming.body.id, undefined, ago(58))
    expect((await approve(naming.body.id, ago(55))).body.status).toBe('approved')
    expect((await call('GET', `/ogc/collections/place_names/items/${place.id}`, null)).body.properties.status).toBe('standard')
    await step(naming.body.id, 'filing', { filed_on: ago(50), filed_with: '平顶山市民政局' })
    await step(naming.body.id, 'announcement', { announced_on: ago(50), medium: '政府网站' })
    const rename = await open({ kind: 'renaming', place_name_id: place.id, proposed_name: '琴台新街', applied_on: ago(10) })
    await reports(rename.body.id, undefined, ago(9))
    await approve(rename.body.id, ago(8))
    const record = (await call('GET', `/ogc/collections/place_names/items/${place.id}`, null)).body.properties
    expect(record.former_names).toEqual([`${place.name}|${ago(55).slice(0, 4)}|${ago(8).slice(0, 4)}`])
    expect(record.roman_spelling).toBe('Qintai Xinjie')
  })
})

describe('the order of the steps', () => {
  it('refuses an announcement or filing before approval, an approval without its reports, a step twice', async () => {
    const place = await placeName()
    const { body } = await open({ kind: 'renaming', place_name_id: place.id, proposed_name: '琴台中路' })
    expectProblem(await step(body.id, 'announcement', { announced_on: ago(1), medium: '政府网站' }), 409, 'announced_on', 'step_out_of_order')
    expectProblem(await step(body.id, 'filing', { filed_on: ago(1), filed_with: '市民政局' }), 409, 'filed_on', 'step_out_of_order')
    const missing = await approve(body.id, ago(1))
    expectProblem(missing, 409, 'reports', 'reports_missing')
    expect(missing.body.errors[0].params.reports).toEqual(['evaluation', 'expert_review', 'consultation'])
    await reports(body.id, ['evaluation'])
    expectProblem(await step(body.id, 'reports', { kind: 'evaluation', completed_on: ago(1), summary: '再评估' }), 409, 'kind', 'taken')
    await reports(body.id, ['expert_review', 'consultation'])
    expect((await approve(body.id, ago(2))).status).toBe(200)
    expectProblem(await approve(body.id, ago(1)), 409, 'approved_on', 'step_out_of_order')
    expectProblem(await step(body.id, 'reports', { kind: 'risk_assessment', completed_on: ago(1), summary: '风险' }), 409, 'completed_on', 'step_out_of_order')
    expectProblem(await step(body.id, 'withdrawal', { withdrawn_on: ago(1), reason: '不再需要' }), 409, 'withdrawn_on', 'step_out_of_order')
    expect((await step(body.id, 'filing', { filed_on: ago(1), filed_with: '市民政局' })).status).toBe(200)
    expectProblem(await step(body.id, 'filing', { filed_on: ago(0), filed_with: '市民政局' }), 409, 'filed_on', 'step_done')
  })

  it('refuses a date before the step it follows, or after today', async () => {
    const place = await placeName()
    const { body } = await open({ kind: 'renaming', place_name_id: place.id, proposed_name: '琴台西路', applied_on: ago(20) })
    const early = await step(body.id, 'reports', { kind: 'evaluation', completed_on: ago(21), summary: '早于申请' })
    expectProblem(early, 400, 'completed_on', 'before_previous_step')
    expect(early.body.errors[0].params).toEqual({ other: 'applied_on', date: ago(20) })
    expectProblem(await step(body.id, 'reports', { kind: 'evaluation', completed_on: addDays(today, 1), summary: '明天' }), 400, 'completed_on', 'date_in_future')
    await reports(body.id, undefined, ago(10))
    const beforeReports = await approve(body.id, ago(12))
    expectProblem(beforeReports, 400, 'approved_on', 'before_previous_step')
    expect(beforeReports.body.errors[0].params.other).toMatch(/^reports\./)
    expect((await approve(body.id, ago(10))).status).toBe(200)
    expectProblem(await step(body.id, 'announcement', { announced_on: ago(11), medium: '政府网站' }), 400, 'announced_on', 'before_previous_step')
    expectProblem(await open({ kind: 'renaming', place_name_id: (await placeName()).id, proposed_name: '琴台后路', applied_on: addDays(today, 3) }), 400, 'applied_on', 'date_in_future')
  })

  it('needs a risk assessment for the name of an administrative division', async () => {
    const place = await placeName({ category: 'admin_division', sub_kind: '街道', name: '琴台街道' })
    const { body } = await open({ kind: 'renaming', place_name_id: place.id, proposed_name: '鲁阳街道' })
    expect(body.required_reports).toContain('risk_assessment')
    await reports(body.id)
    const missing = await approve(body.id, ago(1))
    expectProblem(missing, 409, 'reports', 'reports_missing')
    expect(missing.body.errors[0].params.reports).toEqual(['risk_assessment'])
    await reports(body.id, ['risk_assessment'])
    expect((await approve(body.id, ago(1))).body.proposed_spelling).toBe('Luyang Jiedao')
  })
})

describe('a protected name', () => {
  it('is not renamed until its protection measures are recorded (条例 art. 10, 25)', async () => {
    const place = await placeName({ protected: true, protection_list: '千年古镇' })
    const { body } = await open({ kind: 'renaming', place_name_id: place.id, proposed_name: '琴台古街' })
    expect(body.next_steps).toContain('protection_measures')
    await reports(body.id)
    expectProblem(await approve(body.id, ago(1)), 409, 'protection_measures', 'protection_measures_required')
    expect((await call('GET', `/ogc/collections/place_names/items/${place.id}`, null)).body.properties.name).toBe(place.name)
    const measures = await step(body.id, 'protection-measures', { measures: '原名刻入新路牌，设地名文化标志，载入地名志', recorded_on: ago(2) })
    expect(measures.body).toMatchObject({ protection_recorded_on: ago(2), next_steps: expect.not.arrayContaining(['protection_measures']) })
    expect((await approve(body.id, ago(1))).status).toBe(200)
    expect((await call('GET', `/ogc/collections/place_names/items/${place.id}`, null)).body.properties).toMatchObject({ name: '琴台古街', protected: true })
  })

  it('is not renamed by a plain edit of the record: that needs a case; its other fields may be edited', async () => {
    const place = await placeName({ protected: true, protection_list: '千年古镇' })
    const read = await call('GET', `/ogc/collections/place_names/items/${place.id}`, null)
    const renamed = await call('PATCH', `/ogc/collections/place_names/items/${place.id}`, editor, { properties: { name: '琴台新街' } }, { 'if-match': read.etag! })
    expectProblem(renamed, 409, 'properties.name', 'protected_name_rename')
    const after = await call('GET', `/ogc/collections/place_names/items/${place.id}`, null)
    expect(after.body.properties.name).toBe(place.name)
    expect(after.etag).toBe(read.etag)
    const described = await call('PATCH', `/ogc/collections/place_names/items/${place.id}`, editor, { properties: { description: '古街' } }, { 'if-match': read.etag! })
    expect(described.status).toBe(200)
  })
})

describe('deadlines', () => {
  it('flags a case whose filing or announcement is more than 15 days after approval, in the list, its count and its filter', async () => {
    const late = await placeName()
    const a = (await open({ kind: 'renaming', place_name_id: late.id, proposed_name: '琴台长街' })).body
    await reports(a.id)
    await approve(a.id, ago(16))
    const fresh = await placeName()
    const b = (await open({ kind: 'renaming', place_name_id: fresh.id, proposed_name: '琴台短街' })).body
    await reports(b.id)
    const bApproved = (await approve(b.id, ago(15))).body
    // Due on the 15th day after approval: on that day not yet overdue.
    expect(bApproved.deadlines).toEqual([
      expect.objectContaining({ step: 'filing', article: 13, due: today, overdue: false, days_left: 0 }),
      expect.objectContaining({ step: 'announcement', article: 14, due: today, overdue: false, days_left: 0 }),
    ])
    const overdue = await call('GET', '/api/place-names/cases?overdue=true&limit=500', viewer)
    expect(overdue.status).toBe(200)
    const ids = overdue.body.cases.map((c: { id: number }) => c.id)
    expect(ids).toContain(a.id)
    expect(ids).not.toContain(b.id)
    expect(overdue.body.cases.every((c: { overdue: boolean }) => c.overdue)).toBe(true)
    expect(overdue.body.overdue_total).toBe(overdue.body.total)
    const all = await call('GET', '/api/place-names/cases?limit=500', viewer)
    expect(all.body.overdue_total).toBe(overdue.body.total)
    // Overdue first.
    const firstNotOverdue = all.body.cases.findIndex((c: { overdue: boolean }) => !c.overdue)
    expect(all.body.cases.slice(firstNotOverdue).some((c: { overdue: boolean }) => c.overdue)).toBe(false)
    expect(all.body.cases.find((c: { id: number }) => c.id === a.id).deadlines[0]).toMatchObject({ due: ago(1), overdue: true, days_left: -1 })

    // Filed late: no longer overdue for filing, marked late; the announcement still overdue.
    const filed = (await step(a.id, 'filing', { filed_on: today, filed_with: '市民政局' })).body
    expect(filed.deadlines[0]).toMatchObject({ step: 'filing', late: true, overdue: false })
    expect(filed.deadlines[1]).toMatchObject({ step: 'announcement', overdue: true })
    const announced = (await step(a.id, 'announcement', { announced_on: today, medium: '政府网站' })).body
    expect(announced).toMatchObject({ status: 'completed', overdue: false })
    const after = await call('GET', '/api/place-names/cases?overdue=true&limit=500', viewer)
    expect(after.body.cases.map((c: { id: number }) => c.id)).not.toContain(a.id)
    const notOverdue = await call('GET', `/api/place-names/cases?overdue=false&place_name_id=${fresh.id}`, viewer)
    expect(notOverdue.body.cases.map((c: { id: number }) => c.id)).toEqual([b.id])
  })
})

describe('rejection, withdrawal, abolition', () => {
  it('rejects or withdraws a case with a reason, after which it takes no step and the name may have a new case', async () => {
    const place = await placeName()
    const first = (await open({ kind: 'renaming', place_name_id: place.id, proposed_name: '琴台外街' })).body
    expectProblem(await step(first.id, 'rejection', { decided_on: ago(1), reason: '' }), 400, 'reason', 'empty')
    expectProblem(await step(first.id, 'rejection', { decided_on: ago(1) }), 400, 'reason', 'required')
    const rejected = await step(first.id, 'rejection', { decided_on: ago(1), reason: '拟用名称与相邻县道路重名' })
    expect(rejected.body).toMatchObject({ status: 'rejected', closed_reason: '拟用名称与相邻县道路重名', closed_on: ago(1), next_steps: [] })
    await reports(first.id, ['evaluation'], ago(1)).catch(() => undefined)
    expectProblem(await approve(first.id, ago(1)), 409, 'approved_on', 'step_out_of_order')
    const second = (await open({ kind: 'renaming', place_name_id: place.id, proposed_name: '琴台内街' })).body
    const withdrawn = await step(second.id, 'withdrawal', { withdrawn_on: ago(0), reason: '申请单位撤回' })
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', closed_reason: '申请单位撤回' })
    expect((await call('GET', `/ogc/collections/place_names/items/${place.id}`, null)).body.properties.name).toBe(place.name)
  })

  it('abolishes a name on approval', async () => {
    const place = await placeName()
    const { body } = await open({ kind: 'abolition', place_name_id: place.id, proposal: '道路已拆除' })
    expect(body.proposed_name).toBeNull()
    await reports(body.id)
    expect((await approve(body.id, ago(3))).status).toBe(200)
    expect((await call('GET', `/ogc/collections/place_names/items/${place.id}`, null)).body.properties).toMatchObject({ status: 'abolished', name: place.name, former_names: [] })
    expectProblem(await open({ kind: 'renaming', place_name_id: place.id, proposed_name: '新名路' }), 409, 'place_name_id', 'wrong_status_for_case')
  })
})

describe('an application', () => {
  it('refuses bad input, naming the field', async () => {
    const place = await placeName()
    expectProblem(await open({ kind: 'renaming', place_name_id: place.id }), 400, 'proposed_name', 'required')
    expectProblem(await open({ kind: 'renaming', place_name_id: place.id, proposed_name: place.name }), 400, 'proposed_name', 'same_as_current')
    expectProblem(await open({ kind: 'renaming', place_name_id: place.id, proposed_name: 'Qintai Lu' }), 400, 'proposed_name', 'not_chinese_name')
    expectProblem(await open({ kind: 'renaming', place_name_id: place.id, proposed_name: '经5路' }), 400, 'proposed_name', 'digits_in_name')
    expectProblem(await open({ kind: 'renaming', place_name_id: place.id, proposed_name: '琴臺路' }), 400, 'proposed_name', 'traditional_character')
    expectProblem(await open({ kind: 'renaming', place_name_id: place.id, proposed_name: '㐀台路' }), 400, 'proposed_name', 'nonstandard_character')
    expectProblem(await open({ kind: 'renaming', place_name_id: place.id, proposed_name: '琴台路', proposed_spelling: 'Qíntái Lù' }), 400, 'proposed_spelling', 'tone_marks')
    expectProblem(await open({ kind: 'abolition', place_name_id: place.id, proposed_name: '琴台路' }), 400, 'proposed_name', 'not_applicable')
    expectProblem(await open({ kind: 'naming', place_name_id: place.id }), 409, 'place_name_id', 'wrong_status_for_case')
    expectProblem(await open({ kind: 'renaming', place_name_id: 9_000_000_000, proposed_name: '琴台路' }), 400, 'place_name_id', 'unknown_reference')
    expectProblem(await open({ kind: 'renaming', place_name_id: place.id, proposed_name: '琴台路', applied_on: '2026-02-30' }), 400, 'applied_on', 'not_on_calendar')
    expectProblem(await open({ kind: 'renaming', place_name_id: place.id, proposed_name: '琴台路', applicant: '' }), 400, 'applicant', 'empty')
    expectProblem(await open({ kind: 'renaming', place_name_id: place.id, proposed_name: '琴台路', file_ids: [9_000_000_000] }), 400, 'file_ids.0', 'unknown_file')
    expectProblem(await open({ kind: 'renaming', place_name_id: place.id, proposed_name: '琴台路', extra: 1 }), 400, 'extra', 'unknown_field')
    expectProblem(await open({ kind: 'merge', place_name_id: place.id }), 400, 'kind', 'not_one_of')
    // A report that is not the PDF it claims to be never reaches the case.
    const fake = await fetch(`${app.url}/api/files?purpose=document&name=${encodeURIComponent('评估报告.pdf')}`, {
      method: 'POST', headers: { authorization: `Bearer ${editor.token}` }, body: Buffer.from('not a pdf at all'),
    })
    expect(fake.status).toBe(415)
    expect((await fake.json()).code).toMatch(/^file_type_/)
    // Nothing was written by the refused ones.
    expect((await call('GET', `/api/place-names/cases?place_name_id=${place.id}`, viewer)).body.total).toBe(0)
    expect((await open({ kind: 'renaming', place_name_id: place.id, proposed_name: '琴台路' })).status).toBe(201)
    expectProblem(await open({ kind: 'abolition', place_name_id: place.id }), 409, 'place_name_id', 'case_open')
  })

  it('is for place-name editors in their counties; reading needs a signed-in user', async () => {
    const place = await placeName()
    const body = { kind: 'renaming', place_name_id: place.id, proposed_name: '琴台上街', applicant: '某单位', proposal: '理由', applied_on: ago(1) }
    expect((await call('POST', '/api/place-names/cases', viewer, body)).status).toBe(403)
    const elsewhere = await createTestUser(app.pool, ['placename_editor'], ['410425'], 'cases')
    const outside = await call('POST', '/api/place-names/cases', elsewhere, body)
    expect(outside.status).toBe(403)
    expect(outside.body.code).toBe('outside_scope')
    expect((await call('GET', '/api/place-names/cases', null)).status).toBe(401)
    expect((await call('GET', '/api/place-names/cases/9000000000', viewer)).body.code).toBe('unknown_case')
    expect((await call('GET', '/api/place-names/cases?overdue=maybe', viewer)).body.errors[0]).toMatchObject({ field: 'overdue', code: 'not_one_of' })
    expect((await call('GET', '/api/place-names/cases?limit=0', viewer)).body.errors[0]).toMatchObject({ field: 'limit', code: 'too_small' })
  })
})

describe('the sample cases', () => {
  it('have cases in each state, some overdue, all labelled generated, with the renamed streets keeping their former names', async () => {
    const rows = await app.pool.any(sql.type(z.object({ status: z.string(), kind: z.string(), n: z.number() }))`
      SELECT status, kind, count(*)::int AS n FROM place_name_cases WHERE data_source = 'generated' GROUP BY status, kind`)
    const statuses = new Set(rows.map((r) => r.status))
    for (const status of ['applied', 'reviewing', 'approved', 'completed', 'rejected', 'withdrawn']) expect(statuses, status).toContain(status)
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(['naming', 'renaming', 'abolition']))
    const listed = await call('GET', '/api/place-names/cases?overdue=true&limit=500', viewer)
    const generated = listed.body.cases.filter((c: { data_source: string }) => c.data_source === 'generated')
    expect(generated.length).toBeGreaterThanOrEqual(3)
    expect(generated.every((c: { applicant: string }) => c.applicant.endsWith('（示例）'))).toBe(true)
    const renamed = await app.pool.any(sql.type(z.object({ old_name: z.string(), former_names: z.array(z.string()), name: z.string(), proposed_name: z.string() }))`
      SELECT c.old_name, p.former_names, p.name, c.proposed_name FROM place_name_cases c JOIN place_names p ON p.id = c.place_name_id
      WHERE c.data_source = 'generated' AND c.kind = 'renaming' AND c.status = 'completed'`)
    expect(renamed.length).toBeGreaterThan(0)
    for (const r of renamed) {
      expect(r.name).toBe(r.proposed_name)
      expect(r.former_names.some((f) => f.startsWith(`${r.old_name}|`))).toBe(true)
    }
    const history = await app.pool.oneFirst(sql.type(Count)`
      SELECT count(*)::int AS n FROM audit_log WHERE table_name = 'place_name_cases' AND username = '示例数据（生成）'`)
    expect(history).toBeGreaterThan(17)
  })
})
