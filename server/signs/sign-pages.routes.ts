import type { Request, Response } from 'express'
import { UniqueIntegrityConstraintViolationError, type DatabasePool } from 'slonik'
import { recordAudit } from '../auth/audit.queries'
import { diffFields } from '../auth/audit'
import { PHOTO_POLICY, storeFile } from '../files/files'
import { HttpProblem } from '../http/problem'
import { route, type RouteTable } from '../http/routes'
import type { City } from '../system/city'
import { renderReportForm, renderReportRefused, renderReportSent, type ReportError } from './report-page'
import { addressOverLimit, checkProof, FormError, makeProof, readReportForm, signOverLimit } from './report'
import { isSignCode } from './sign-code'
import { MAP_RADIUS_M, renderNotFound, renderSearch, renderSignPage, type PageContext, type PageLang } from './sign-page'
import { createWorkItem, getSignByCode, getWorkItem, mapLines, nearbyPlaces, recordScan, searchSigns, type Sign } from './signs.queries'
import { PageQuery, ReportFields, SearchQuery } from './signs.schemas'

/** Within how many metres of a sign the page lists named places, and how many. */
const NEARBY_M = 500
const NEARBY_COUNT = 8

/** What the public pages need from the configuration. */
export type SignPagesOptions = { city: Pick<City, 'name' | 'name_en'>; contact: string | null }

/** The storage errors of a photo, in the form's words. */
const PHOTO_ERRORS: Record<string, ReportError> = {
  file_too_large: 'too_large',
  image_too_large: 'image_too_large',
  file_empty: 'not_image',
  file_unreadable: 'not_image',
  file_type_not_allowed: 'not_image',
  file_type_mismatch: 'not_image',
}

/** An HTML answer: never stored by a shared cache, the page's language declared. */
function sendPage(res: Response, status: number, body: string, cache = 'no-store'): void {
  res.status(status).set('Cache-Control', cache).type('html').send(body)
}

/**
 * The public sign pages (`/s/…`), for anyone, server-rendered with inline CSS and no
 * script: the page a QR code opens (`/s/{code}`), its report form (`/s/{code}/report`) and
 * the name search (`/s?q=`). Errors are friendly HTML pages in the page's language.
 */
export function signPagesRoutes(db: DatabasePool, options: SignPagesOptions): RouteTable {
  const context = (lang: unknown): PageContext => ({ lang: (lang === 'en' ? 'en' : 'zh') as PageLang, city: options.city, contact: options.contact })

  /** The sign of a path, or null after answering with the not-found page (or a redirect to the upper-case code). */
  async function signOrAnswer(req: Request, res: Response, ctx: PageContext, code: string): Promise<Sign | null> {
    if (!isSignCode(code)) {
      const upper = code.toUpperCase()
      if (upper !== code && isSignCode(upper)) {
        res.redirect(301, req.originalUrl.replace(`/s/${encodeURIComponent(code)}`, `/s/${upper}`))
        return null
      }
      sendPage(res, 404, renderNotFound(ctx, code, true))
      return null
    }
    const sign = await getSignByCode(db, code)
    if (!sign) sendPage(res, 404, renderNotFound(ctx, code, false))
    return sign
  }

  async function reportAnswer(req: Request, res: Response, ctx: PageContext, code: string): Promise<void> {
    const sign = await signOrAnswer(req, res, ctx, code)
    if (!sign) return
    if (sign.status === 'removed') return sendPage(res, 410, renderReportRefused(ctx, sign.code, 'removed'))
    // Every attempt from an address counts, before its body is read.
    if (await addressOverLimit(db, req.ip ?? 'unknown')) {
      res.set('Retry-After', '3600').set('Connection', 'close')
      return sendPage(res, 429, renderReportRefused(ctx, sign.code, 'too_many'))
    }
    let form
    try {
      form = await readReportForm(req)
    } catch (error) {
      if (!(error instanceof FormError)) throw error
      res.set('Connection', 'close')
      return sendPage(res, error.reason === 'too_large' ? 413 : 400, renderReportForm(ctx, sign, await makeProof(db, sign.code), { error: error.reason === 'too_large' ? 'too_large' : 'invalid' }))
    }
    const parsed = ReportFields.safeParse(form.fields)
    const values = { problem: form.fields.problem, description: form.fields.description, contact: form.fields.contact }
    const again = async (status: number, error: ReportError) => sendPage(res, status, renderReportForm(ctx, sign, await makeProof(db, sign.code), { error, values }))
    if (!parsed.success) return again(400, parsed.error.issues.some((i) => ['t', 'n', 'p'].includes(String(i.path[0]))) ? 'bad_proof' : 'invalid')
    const fields = parsed.data
    // A bot that fills in every field is thanked, and nothing is stored.
    if (fields.website) return sendPage(res, 200, renderReportSent(ctx, sign))
    const proofError = await checkProof(db, sign.code, { t: fields.t, n: fields.n, p: fields.p })
    if (proofError) return again(400, proofError)
    if (await signOverLimit(db, sign.id)) return again(429, 'too_many')
    try {
      await db.transaction(async (tx) => {
        const photo = form.photo ? await storeFile(tx, form.photo, { policy: PHOTO_POLICY, field: 'photo', userId: null }) : null
        const id = await createWorkItem(tx, {
          signId: sign.id,
          source: 'public',
          problem: fields.problem,
          description: fields.description.trim() || null,
          contact: fields.contact.trim() || null,
          photoIds: photo ? [photo.id] : [],
          reportNonce: fields.n,
        })
        const created = (await getWorkItem(tx, id))!
        await recordAudit(tx, { user: { id: null, username: '(public)' }, action: 'create', table: 'sign_work_items', recordId: String(id), changes: diffFields(null, created) })
      })
    } catch (error) {
      if (error instanceof UniqueIntegrityConstraintViolationError) return again(409, 'replayed')
      const code = error instanceof HttpProblem ? (error.errors[0]?.code ?? error.code) : undefined
      if (code && PHOTO_ERRORS[code]) return again(error instanceof HttpProblem ? error.status : 400, PHOTO_ERRORS[code]!)
      throw error
    }
    sendPage(res, 201, renderReportSent(ctx, sign))
  }

  return {
    mount: '/s',
    routes: [
      route({
        method: 'get',
        path: '/',
        summary: 'The public search of place-name signs by name (HTML)',
        access: 'public',
        query: SearchQuery,
        handler: async ({ res, query }) => {
          const ctx = context(query.lang)
          const q = [...(query.q ?? '').trim()].slice(0, 50).join('')
          sendPage(res, 200, renderSearch(ctx, q, q ? await searchSigns(db, q, 50) : []), 'no-cache')
        },
      }),
      route({
        method: 'get',
        path: '/:code',
        summary:
          'The public page of a sign (HTML, what its QR code opens): the standard name, its spelling, the area, 含义/来历/沿革, a small map drawn by the server, nearby names and the report link; counts the scan',
        access: 'public',
        query: PageQuery,
        handler: async ({ req, res, query, params }) => {
          const ctx = context(query.lang)
          const sign = await signOrAnswer(req, res, ctx, String(params.code))
          if (!sign) return
          const [nearby, lines] = await Promise.all([nearbyPlaces(db, sign, NEARBY_M, NEARBY_COUNT), mapLines(db, sign.id, MAP_RADIUS_M)])
          if (req.method === 'GET') await recordScan(db, sign.id)
          // Revalidated on every visit (Express's ETag of the body): an edit of the name shows at once,
          // an unchanged page costs a 304.
          sendPage(res, 200, renderSignPage(ctx, { sign, nearby, lines }), 'no-cache')
        },
      }),
      route({
        method: 'get',
        path: '/:code/report',
        summary: 'The public report form of a sign (HTML; works without JavaScript)',
        access: 'public',
        query: PageQuery,
        handler: async ({ req, res, query, params }) => {
          const ctx = context(query.lang)
          const sign = await signOrAnswer(req, res, ctx, String(params.code))
          if (!sign) return
          if (sign.status === 'removed') return sendPage(res, 410, renderReportRefused(ctx, sign.code, 'removed'))
          sendPage(res, 200, renderReportForm(ctx, sign, await makeProof(db, sign.code)))
        },
      }),
      route({
        method: 'post',
        path: '/:code/report',
        summary:
          'Sends a public report of a problem with a sign (multipart/form-data: problem, description, photo, contact and the form’s time proof); rate-limited per address and per sign across all server processes',
        access: 'public',
        query: PageQuery,
        handler: async ({ req, res, query, params }) => {
          await reportAnswer(req, res, context(query.lang), String(params.code))
        },
      }),
    ],
  }
}
