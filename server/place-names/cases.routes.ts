import type { DatabasePool } from 'slonik'
import type { z } from 'zod'
import { notFound } from '../http/problem'
import { route, type RouteSpec, type RouteTable } from '../http/routes'
import { caseDetail, caseView, openCase, takeStep, type StepBody } from './cases'
import { getCase, getPlaceNameFacts, listCases, listPlaceNameHistory } from './cases.queries'
import { todayInChina, type Step } from './cases.rules'
import { CaseApplication, CaseListQuery, ID_MAX, STEP_BODIES } from './cases.schemas'

/** Each step's path below a case, its body and what it does, for the route table. */
const STEP_ROUTES: { step: Step; path: string; summary: string }[] = [
  { step: 'report', path: 'reports', summary: 'Record a report before approval (综合评估 evaluation, 专家论证 expert_review, 征求意见 consultation, 风险评估 risk_assessment) with its files' },
  { step: 'protection_measures', path: 'protection-measures', summary: 'Record the protection measures of a protected name (条例 art. 10, 25), needed before its rename or abolition is approved' },
  { step: 'approval', path: 'approval', summary: 'Record the approval (批准机关, date, document number); needs every required report; changes the register record (a rename keeps the old name among the former names)' },
  { step: 'filing', path: 'filing', summary: 'Record the filing (备案), due within 15 days of approval (条例 art. 13)' },
  { step: 'announcement', path: 'announcement', summary: 'Record the announcement (公告), due within 15 days of approval (条例 art. 14); keeps the fields the 公告 carried' },
  { step: 'rejection', path: 'rejection', summary: 'Reject the case before approval, with a reason' },
  { step: 'withdrawal', path: 'withdrawal', summary: 'Withdraw the case before approval, with a reason' },
]

/**
 * `/api/place-names`: the naming, renaming and abolition cases (命名、更名、销名) and a
 * register record's history. Read by signed-in users; steps by `placename_editor`.
 */
export function placeNameCasesRoutes(db: DatabasePool): RouteTable {
  const steps: RouteSpec[] = STEP_ROUTES.map(({ step, path, summary }) =>
    route({
      method: 'post',
      path: `/cases/:id/${path}`,
      summary,
      access: ['placename_editor'],
      integerParams: { id: ID_MAX },
      body: STEP_BODIES[step] as z.ZodTypeAny,
      handler: async ({ res, user, params, body: input }) => {
        const today = todayInChina()
        const after = await takeStep(db, user, params.id as number, step, input as StepBody[typeof step], today)
        res.json(await caseDetail(db, after, today))
      },
    }),
  )
  return {
    mount: '/api/place-names',
    routes: [
      route({
        method: 'get',
        path: '/cases',
        summary: 'Naming, renaming and abolition cases, overdue first (filing or announcement more than 15 days after approval), with the number overdue in all; filter by status (or open), kind, overdue, place_name_id',
        access: 'user',
        query: CaseListQuery,
        handler: async ({ res, query }) => {
          const today = todayInChina()
          const limit = query.limit ?? 100
          const offset = query.offset ?? 0
          const page = await listCases(db, { status: query.status, kind: query.kind, overdue: query.overdue === undefined ? undefined : query.overdue === 'true', placeNameId: query.place_name_id, limit, offset }, today)
          res.json({ cases: page.cases.map((c) => caseView(c, today)), total: page.total, overdue_total: page.overdueTotal, today, limit, offset })
        },
      }),
      route({
        method: 'post',
        path: '/cases',
        summary: 'Open a case: the application (申请) for a new name, a rename or an abolition of a register record, with the applicant, the proposal and its files',
        access: ['placename_editor'],
        body: CaseApplication,
        handler: async ({ res, user, body }) => {
          const today = todayInChina()
          const id = await openCase(db, user, body, today)
          res.status(201).location(`/api/place-names/cases/${id}`).json(await caseDetail(db, (await getCase(db, id))!, today))
        },
      }),
      route({
        method: 'get',
        path: '/cases/:id',
        summary: 'A case with its reports, files, deadlines and the steps it may take next',
        access: 'user',
        integerParams: { id: ID_MAX },
        handler: async ({ res, params }) => {
          const row = await getCase(db, params.id as number)
          if (!row) throw notFound('unknown_case', { id: params.id! })
          res.json(await caseDetail(db, row, todayInChina()))
        },
      }),
      ...steps,
      route({
        method: 'get',
        path: '/records/:id/history',
        summary: "A register record's history, oldest first: every change of the record and every step of its cases, from the audit log",
        access: 'user',
        integerParams: { id: ID_MAX },
        handler: async ({ res, params }) => {
          const id = params.id as number
          if (!(await getPlaceNameFacts(db, id))) throw notFound('unknown_feature', { id, collection: 'place_names' })
          res.json({ place_name_id: id, entries: await listPlaceNameHistory(db, id) })
        },
      }),
    ],
  }
}
