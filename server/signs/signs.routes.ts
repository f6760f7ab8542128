import type { Request } from 'express'
import type { DatabasePool, DatabaseTransactionConnection } from 'slonik'
import { recordAudit } from '../auth/audit.queries'
import { diffFields } from '../auth/audit'
import { hasRole, inScope, type AuthUser } from '../auth/roles'
import { checkFileIds, readStoredFiles } from '../files/files'
import { parseBbox } from '../http/params'
import { badRequest, fieldError, HttpProblem, notFound } from '../http/problem'
import { route, type RouteTable } from '../http/routes'
import { LAYOUTS, MAX_PRINT_SIGNS, renderPrintSheet, type PerPage } from './print-sheet'
import { qrPng, qrSvg, signUrl } from './qr'
import { isSignCode } from './sign-code'
import {
  applyToSign,
  closeWorkItem,
  countSignStates,
  createWorkItem,
  getSignByCode,
  getSignSettings,
  getWorkItem,
  listInspections,
  listSignPoints,
  listWorkItems,
  nearestSigns,
  recordInspection,
  scanCounts,
  setSignSettings,
  signsForPrint,
  updateWorkItem,
  type Sign,
  type WorkItem,
} from './signs.queries'
import {
  CompleteBody,
  DEFAULT_ACTION,
  DismissBody,
  FOLLOW_UP_DAYS,
  InspectionBody,
  MergeBody,
  NearestQuery,
  NewWorkItemBody,
  PrintQuery,
  QueueQuery,
  SettingsBody,
  WorkItemPatch,
} from './signs.schemas'

/** An inspection recorded farther than this (plus the phone's accuracy) from the sign gets a warning: the wrong sign? */
export const FAR_FROM_SIGN_M = 50

/** What the sign routes need from the configuration. */
export type SignsOptions = {
  /** PUBLIC_BASE_URL, or null: QR codes then point at the address the request came to. */
  publicBaseUrl: string | null
}

/** The public base URL, or this server's own address as the request reached it. */
export function baseUrlOf(req: Request, options: SignsOptions): string {
  return options.publicBaseUrl ?? `${req.protocol}://${req.get('host')}`
}

/** A live sign by the code in the path. @throws 400 naming `code` for a malformed code, 404 for an unknown one. */
async function signOf(db: DatabasePool, code: string): Promise<Sign> {
  if (!isSignCode(code)) throw badRequest([fieldError('code', 'bad_sign_code')])
  const sign = await getSignByCode(db, code)
  if (!sign) throw notFound('unknown_sign', { code })
  return sign
}

function checkScope(user: AuthUser, sign: Sign): void {
  if (!inScope(user, [sign.county_code])) {
    throw new HttpProblem(403, 'outside_scope', { collection: 'signs', allowed: user.countyCodes, counties: [sign.county_code ?? 'none'] })
  }
}

/** A queue item as staff see it: a reporter's contact only for those who may act on it. */
function itemView(user: AuthUser, item: WorkItem) {
  return hasRole(user, 'placename_editor') ? item : { ...item, contact: item.contact ? '***' : null }
}

type Transaction = DatabaseTransactionConnection

async function activeItem(db: Transaction, id: number, field = 'id'): Promise<WorkItem> {
  const item = await getWorkItem(db, id, true)
  if (!item) throw field === 'id' ? notFound('unknown_work_item', { id }) : badRequest([fieldError(field, 'unknown_reference')])
  if (item.state !== 'open' && item.state !== 'assigned') throw new HttpProblem(409, 'conflict', {}, [fieldError(field === 'id' ? 'state' : field, 'work_item_closed', { state: item.state })])
  return item
}

const addDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)

/**
 * The staff side of the signs (`/api/signs/…`): the map's points, a sign's record with its
 * QR code, inspections, photos, scans and queue items; recording inspections; the repair
 * queue; print sheets; the nearest signs to a phone; the inspection period.
 */
export function signsRoutes(db: DatabasePool, options: SignsOptions): RouteTable {
  /**
   * Changes an open or assigned queue item in one transaction: locked, checked against the
   * user's counties, changed by `change`, and the difference in the audit log.
   * @returns the item after the change.
   */
  const changeItem = (user: AuthUser, id: number, change: (tx: Transaction, before: WorkItem) => Promise<void>) =>
    db.transaction(async (tx) => {
      const before = await activeItem(tx, id)
      if (!inScope(user, [before.county_code])) {
        throw new HttpProblem(403, 'outside_scope', { collection: 'signs', allowed: user.countyCodes, counties: [before.county_code ?? 'none'] })
      }
      await change(tx, before)
      const after = (await getWorkItem(tx, before.id))!
      await recordAudit(tx, { user, action: 'update', table: 'sign_work_items', recordId: String(before.id), changes: diffFields(before, after) })
      return after
    })

  return {
    mount: '/api',
    routes: [
      route({
        method: 'get',
        path: '/signs/points',
        summary: 'Every live sign as [code, lon, lat, map state, name] for the staff map, with the count of each state',
        access: 'read',
        handler: async ({ res }) => {
          const [points, counts] = await Promise.all([listSignPoints(db), countSignStates(db)])
          res.json({ fields: ['code', 'lon', 'lat', 'state', 'name'], signs: points.map((p) => [p.code, p.lon, p.lat, p.state, p.name]), counts: Object.fromEntries(counts.map((c) => [c.state, c.n])) })
        },
      }),
      route({
        method: 'get',
        path: '/signs/nearest',
        summary: 'The live signs nearest a position (a phone’s), with their distance in metres',
        access: 'user',
        query: NearestQuery,
        handler: async ({ res, query }) => {
          res.json({ signs: await nearestSigns(db, query.lon, query.lat, query.limit ?? 10) })
        },
      }),
      route({
        method: 'get',
        path: '/signs/print',
        summary: 'A print-ready A4 sheet (HTML) of QR labels for the signs chosen by codes, county, street (place-name code) or a box; cut marks at each label',
        access: 'user',
        query: PrintQuery,
        handler: async ({ req, res, query }) => {
          const codes = query.codes?.split(',').map((c) => c.trim()).filter(Boolean)
          const bad = codes?.findIndex((c) => !isSignCode(c)) ?? -1
          if (bad >= 0) throw badRequest([fieldError(`codes.${bad}`, 'bad_sign_code')])
          const bbox = query.bbox ? parseBbox(query.bbox) : undefined
          if (!codes?.length && !query.county && !query.street && !bbox) throw badRequest([fieldError('codes', 'print_filter_required')])
          const signs = await signsForPrint(db, { codes, county: query.county, street: query.street, bbox }, MAX_PRINT_SIGNS + 1)
          if (signs.length > MAX_PRINT_SIGNS) throw badRequest([fieldError(codes ? 'codes' : query.county ? 'county' : query.street ? 'street' : 'bbox', 'too_many_signs', { count: `>${MAX_PRINT_SIGNS}`, max: MAX_PRINT_SIGNS })])
          const perPage = Number(query.per_page ?? 6) as PerPage
          res.set('Cache-Control', 'no-store')
          res.type('html').send(
            await renderPrintSheet(signs, { publicBaseUrl: baseUrlOf(req, options), baseUrlConfigured: options.publicBaseUrl !== null, perPage: LAYOUTS[perPage] ? perPage : 6, title: '地名标志二维码 QR labels of place-name signs' }),
          )
        },
      }),
      route({
        method: 'get',
        path: '/signs/settings',
        summary: 'The signs’ settings: the inspection period in months (a sign not inspected within it is overdue)',
        access: 'user',
        handler: async ({ res }) => {
          res.json(await getSignSettings(db))
        },
      }),
      route({
        method: 'put',
        path: '/signs/settings',
        summary: 'Changes the inspection period (1–120 months)',
        access: ['admin'],
        body: SettingsBody,
        handler: async ({ res, body, user }) => {
          const after = await db.transaction(async (tx) => {
            const before = await getSignSettings(tx)
            const next = await setSignSettings(tx, body)
            await recordAudit(tx, { user, action: 'update', table: 'sign_settings', recordId: '1', changes: diffFields(before, next) })
            return next
          })
          res.json(after)
        },
      }),
      route({
        method: 'get',
        path: '/signs/queue',
        summary: 'The repair queue: public reports, inspection follow-ups and other work, oldest first, filtered by state (active: open or assigned), source, county, sign and age',
        access: 'user',
        query: QueueQuery,
        handler: async ({ res, query, user }) => {
          const sign = query.sign ? await signOf(db, query.sign) : undefined
          const page = { limit: query.limit ?? 100, offset: query.offset ?? 0 }
          const { items, total } = await listWorkItems(db, { state: query.state, source: query.source, county: query.county, signId: sign?.id, olderThanDays: query.older_than_days }, page)
          res.json({ items: items.map((i) => itemView(user, i)), total, ...page })
        },
      }),
      route({
        method: 'post',
        path: '/signs/queue',
        summary: 'Adds other work on a sign to the queue (source "other")',
        access: ['placename_editor'],
        body: NewWorkItemBody,
        handler: async ({ res, body, user }) => {
          const sign = await signOf(db, body.sign)
          checkScope(user, sign)
          const item = await db.transaction(async (tx) => {
            const id = await createWorkItem(tx, { signId: sign.id, source: 'other', action: body.action, description: body.description, assignee: body.assignee, dueOn: body.due_on })
            const created = (await getWorkItem(tx, id))!
            await recordAudit(tx, { user, action: 'create', table: 'sign_work_items', recordId: String(id), changes: diffFields(null, created) })
            return created
          })
          res.status(201).json(item)
        },
      }),
      route({
        method: 'patch',
        path: '/signs/queue/:id',
        summary: 'Assigns a queue item, sets its action (repair, replace, remove) or due date',
        access: ['placename_editor'],
        integerParams: { id: Number.MAX_SAFE_INTEGER },
        body: WorkItemPatch,
        handler: async ({ res, body, user, params }) => {
          res.json(await changeItem(user, params.id as number, (tx, before) => updateWorkItem(tx, before.id, body)))
        },
      }),
      route({
        method: 'post',
        path: '/signs/queue/:id/complete',
        summary: 'Completes a queue item (who, when, a note, photos); a completed replacement updates the sign to the register’s name, a removal removes it',
        access: ['placename_editor'],
        integerParams: { id: Number.MAX_SAFE_INTEGER },
        body: CompleteBody,
        handler: async ({ res, body, user, params }) => {
          await checkFileIds(db, body.photo_ids, 'photo_ids')
          const item = await changeItem(user, params.id as number, async (tx, before) => {
            if (!before.action) throw badRequest([fieldError('action', 'required')])
            await closeWorkItem(tx, before.id, { state: 'done', byId: user.id, by: user.displayName || user.username, at: body.completed_at ?? null, note: body.note ?? null, photoIds: body.photo_ids })
            const signBefore = (await getSignByCode(tx, before.sign_code))!
            if (body.update_sign || before.action !== 'replace') await applyToSign(tx, signBefore.id, before.action as 'repair' | 'replace' | 'remove')
            const changed = diffFields(signBefore, (await getSignByCode(tx, before.sign_code))!)
            if (Object.keys(changed).length) await recordAudit(tx, { user, action: 'update', table: 'signs', recordId: String(signBefore.id), changes: changed })
          })
          res.json(item)
        },
      }),
      route({
        method: 'post',
        path: '/signs/queue/:id/merge',
        summary: 'Merges a queue item into another open item of the same sign (a second report of the same problem)',
        access: ['placename_editor'],
        integerParams: { id: Number.MAX_SAFE_INTEGER },
        body: MergeBody,
        handler: async ({ res, body, user, params }) => {
          const item = await changeItem(user, params.id as number, async (tx, before) => {
            if (body.into === before.id) throw badRequest([fieldError('into', 'merge_into_self')])
            const into = await activeItem(tx, body.into, 'into')
            if (into.sign_code !== before.sign_code) throw badRequest([fieldError('into', 'merge_other_sign')])
            await closeWorkItem(tx, before.id, { state: 'merged', into: into.id })
          })
          res.json(item)
        },
      }),
      route({
        method: 'post',
        path: '/signs/queue/:id/dismiss',
        summary: 'Dismisses a queue item with a reason',
        access: ['placename_editor'],
        integerParams: { id: Number.MAX_SAFE_INTEGER },
        body: DismissBody,
        handler: async ({ res, body, user, params }) => {
          res.json(await changeItem(user, params.id as number, (tx, before) => closeWorkItem(tx, before.id, { state: 'dismissed', reason: body.reason })))
        },
      }),
      route({
        method: 'get',
        path: '/signs/:code',
        summary: 'A sign with its place name, public URL, inspections, photos, queue items and scans per day (last 30 days)',
        access: 'user',
        handler: async ({ req, res, params, user }) => {
          const sign = await signOf(db, String(params.code))
          const [inspections, queue, scans, settings] = await Promise.all([
            listInspections(db, sign.id),
            listWorkItems(db, { signId: sign.id }, { limit: 100, offset: 0 }),
            scanCounts(db, sign.id, 30),
            getSignSettings(db),
          ])
          const photoIds = [...new Set([...inspections.flatMap((i) => i.photo_ids), ...queue.items.flatMap((w) => [...w.photo_ids, ...w.completion_photo_ids])])]
          res.json({
            sign,
            url: signUrl(baseUrlOf(req, options), sign.code),
            qr: { svg: `/api/signs/${sign.code}/qr.svg`, png: `/api/signs/${sign.code}/qr.png` },
            inspection_months: settings.inspection_months,
            inspections,
            work_items: queue.items.map((i) => itemView(user, i)),
            photos: await readStoredFiles(db, photoIds),
            scans,
          })
        },
      }),
      route({
        method: 'get',
        path: '/signs/:code/qr.svg',
        summary: 'The sign’s QR code (error correction H) as SVG: it encodes PUBLIC_BASE_URL/s/{code}',
        access: 'user',
        handler: async ({ req, res, params }) => {
          const sign = await signOf(db, String(params.code))
          res.set('Content-Disposition', `inline; filename="${sign.code}.svg"`)
          res.type('image/svg+xml').send(await qrSvg(signUrl(baseUrlOf(req, options), sign.code)))
        },
      }),
      route({
        method: 'get',
        path: '/signs/:code/qr.png',
        summary: 'The sign’s QR code (error correction H) as PNG, 10 pixels a module: it encodes PUBLIC_BASE_URL/s/{code}',
        access: 'user',
        handler: async ({ req, res, params }) => {
          const sign = await signOf(db, String(params.code))
          res.set('Content-Disposition', `inline; filename="${sign.code}.png"`)
          res.type('image/png').send(await qrPng(signUrl(baseUrlOf(req, options), sign.code)))
        },
      }),
      route({
        method: 'post',
        path: '/signs/:code/inspections',
        summary:
          'Records an inspection of a sign: condition, notes, photos (file ids), the phone’s position and GPS accuracy (or a photo’s EXIF position); measures the distance from the sign, warns when far, and queues a follow-up for any condition but intact',
        access: ['placename_editor'],
        body: InspectionBody,
        handler: async ({ res, body, user, params }) => {
          const sign = await signOf(db, String(params.code))
          if (sign.status === 'removed') throw new HttpProblem(409, 'conflict', {}, [fieldError('code', 'sign_removed')])
          checkScope(user, sign)
          await checkFileIds(db, body.photo_ids, 'photo_ids')
          let position = body.position
          let accuracy = body.accuracy_m ?? null
          if (!position) {
            const located = (await readStoredFiles(db, body.photo_ids)).find((f) => f.position)
            if (!located) throw badRequest([fieldError('position', 'position_required')])
            position = [located.position!.lon, located.position!.lat]
            accuracy = null
          }
          const answer = await db.transaction(async (tx) => {
            const inspection = await recordInspection(tx, {
              signId: sign.id,
              inspectorId: user.id,
              inspector: user.displayName || user.username,
              inspectedAt: body.inspected_at ?? null,
              condition: body.condition,
              notes: body.notes ?? null,
              photoIds: body.photo_ids,
              position: position!,
              accuracyM: accuracy,
              dataSource: 'register',
            })
            await recordAudit(tx, { user, action: 'create', table: 'sign_inspections', recordId: String(inspection.id), changes: diffFields(null, { sign: sign.code, ...inspection }) })
            let workItem: WorkItem | null = null
            if (body.condition !== 'intact') {
              const id = await createWorkItem(tx, {
                signId: sign.id,
                source: 'inspection',
                inspectionId: inspection.id,
                description: body.notes ?? null,
                photoIds: body.photo_ids,
                action: body.action ?? DEFAULT_ACTION[body.condition],
                assignee: body.assignee ?? null,
                dueOn: body.due_on ?? addDays(FOLLOW_UP_DAYS),
              })
              workItem = (await getWorkItem(tx, id))!
              await recordAudit(tx, { user, action: 'create', table: 'sign_work_items', recordId: String(id), changes: diffFields(null, workItem) })
            }
            return { inspection, workItem }
          })
          const far = answer.inspection.distance_m > FAR_FROM_SIGN_M + (accuracy ?? 0)
          res.status(201).json({
            inspection: answer.inspection,
            work_item: answer.workItem,
            warnings: far ? [{ field: 'position', code: 'far_from_sign', params: { distance_m: Math.round(answer.inspection.distance_m), limit_m: FAR_FROM_SIGN_M } }] : [],
          })
        },
      }),
    ],
  }
}
