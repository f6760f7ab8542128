import { z } from 'zod'
import type { CommonQueryMethods, DatabasePool } from 'slonik'
import { DOCUMENT_POLICY, readFileBytes, storeFile } from '../files/files'
import { INT8_SAFE_MAX, issue } from '../http/fields'
import type { CjkFont } from '../http/pdf'
import { route, type RouteTable } from '../http/routes'
import { addArchiveFile, getInspectionDetail, lineArchive, listInspectors, listRounds, roundSummary, setInspectorUnits } from './boundaries.queries'
import { ArchiveBody, ChangeBody, ConfirmBody, DisputeBody, FindingBody, InspectorUnitsBody, StatusBody } from './boundaries.schemas'
import { confirmFindings, getLine, recordChange, recordDispute, recordFinding, setInspectionStatus, userUnits } from './inspections.queries'
import { renderReportHtml, renderReportPdf } from './report'
import { checkLineTopology, DEFAULT_TOLERANCE_M } from './topology.queries'
import { notFound } from '../http/problem'

const ids = { id: INT8_SAFE_MAX }

/** Tolerance of the topology check, in metres: digits with an optional fraction, 1–2000. */
const Tolerance = z.string().superRefine((text, ctx) => {
  if (!/^\d+(\.\d+)?$/.test(text)) return issue(ctx, 'wrong_type', { expected: 'number' })
  if (Number(text) < 1) issue(ctx, 'too_small', { minimum: 1 })
  else if (Number(text) > 2000) issue(ctx, 'too_big', { maximum: 2000 })
}).transform(Number)
const TopologyQuery = z.object({ tolerance_m: Tolerance.optional(), detail: z.enum(['full', 'generalised']).optional() }).strict()

/** The thumbnails (JPEG) of the findings' photos, by file id. */
async function thumbnailsOf(db: CommonQueryMethods, fileIds: number[]): Promise<Map<number, Buffer>> {
  const thumbnails = new Map<number, Buffer>()
  for (const id of new Set(fileIds)) {
    const thumbnail = await readFileBytes(db, id, 'thumbnail')
    if (thumbnail) thumbnails.set(id, thumbnail.bytes)
  }
  return thumbnails
}

const now = () => new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC'

async function reportPdf(db: CommonQueryMethods, id: number, font: CjkFont): Promise<{ bytes: Buffer; name: string }> {
  const detail = await getInspectionDetail(db, id)
  const photoIds = detail.markers.flatMap((m) => m.finding?.photo_ids.slice(0, 2) ?? [])
  const bytes = await renderReportPdf(detail, { font, thumbnails: await thumbnailsOf(db, photoIds), generatedAt: now() })
  return { bytes, name: `boundary-${detail.line.id}-round-${detail.inspection.round_number}.pdf` }
}

/**
 * `/api/boundaries`: the joint-inspection workflow (findings, changes, disputes, the two
 * sides' confirmations, status), rounds and their summaries, reports (PDF and HTML), the
 * topology check, lines' archives, and which units inspectors work for. The lines,
 * markers and inspections themselves are OGC collections.
 */
export function boundariesRoutes(db: DatabasePool, font: CjkFont): RouteTable {
  const inspector = ['boundary_inspector'] as const
  return {
    mount: '/api/boundaries',
    routes: [
      route({
        method: 'get',
        path: '/rounds',
        summary: 'The joint-inspection rounds, newest first, with how many lines each covers',
        access: 'read',
        handler: async ({ res }) => res.json({ rounds: await listRounds(db) }),
      }),
      route({
        method: 'get',
        path: '/rounds/:n/summary',
        summary: "A round's summary for the city: lines by status (with each line's inspection), markers by finding, displaced markers with their displacement in metres, open disputes",
        access: 'read',
        integerParams: { n: 99 },
        handler: async ({ res, params }) => res.json(await roundSummary(db, params.n as number)),
      }),
      route({
        method: 'get',
        path: '/inspections/:id',
        summary: "One inspection: its line, each marker with its finding, changes, disputes, each side's confirmation of which version (and what changed since), the teams, the line's archive and history",
        access: 'read',
        integerParams: ids,
        handler: async ({ res, params }) => res.json(await getInspectionDetail(db, params.id as number)),
      }),
      route({
        method: 'post',
        path: '/inspections/:id/findings',
        summary: "Records one marker's finding (replacing an earlier one); a measured position gets its displacement from the registered one in metres on the ellipsoid. Reopens agreed findings.",
        access: inspector,
        integerParams: ids,
        body: FindingBody,
        handler: async ({ res, params, user, body }) => res.status(201).json(await db.transaction((tx) => recordFinding(tx, params.id as number, user, body))),
      }),
      route({
        method: 'post',
        path: '/inspections/:id/changes',
        summary: 'Records a change along the line (a new road, construction across it, a river shift) as sketched geometry with a note and photos. Reopens agreed findings.',
        access: inspector,
        integerParams: ids,
        body: ChangeBody,
        handler: async ({ res, params, user, body }) => res.status(201).json(await db.transaction((tx) => recordChange(tx, params.id as number, user, body))),
      }),
      route({
        method: 'post',
        path: '/inspections/:id/disputes',
        summary: 'Records a dispute raised: what, where, since when, its status and documents. Reopens agreed findings.',
        access: inspector,
        integerParams: ids,
        body: DisputeBody,
        handler: async ({ res, params, user, body }) => res.status(201).json(await db.transaction((tx) => recordDispute(tx, params.id as number, user, body))),
      }),
      route({
        method: 'post',
        path: '/inspections/:id/confirmations',
        summary: "The caller's side confirms the current version of the findings; the answer says which side confirmed which version and whether they are agreed (both sides, the current version)",
        access: inspector,
        integerParams: ids,
        body: ConfirmBody,
        handler: async ({ res, params, user, body }) => res.json(await db.transaction((tx) => confirmFindings(tx, params.id as number, user, body))),
      }),
      route({
        method: 'post',
        path: '/inspections/:id/status',
        summary: 'Moves an inspection by hand: planned (with a date), in the field, report filed (once agreed: the report PDF is stored in the line archive), archived',
        access: inspector,
        integerParams: ids,
        body: StatusBody,
        handler: async ({ res, params, user, body }) => {
          const id = params.id as number
          // The PDF is made before the transaction, which must stay short.
          const pdf = body.status === 'report_filed' ? await reportPdf(db, id, font) : null
          const inspection = await db.transaction(async (tx) => {
            const file = pdf ? await storeFile(tx, pdf.bytes, { policy: DOCUMENT_POLICY, field: 'report', name: pdf.name, userId: user.id }) : null
            return setInspectionStatus(tx, id, user, body, file?.id ?? null)
          })
          res.json(inspection)
        },
      }),
      route({
        method: 'get',
        path: '/inspections/:id/report.pdf',
        summary: "The inspection's report as a PDF (Chinese text, a CJK font): the line map, each marker's finding with photos and displacement, changes, disputes, confirmations, signatures",
        access: 'read',
        integerParams: ids,
        handler: async ({ res, params }) => {
          const { bytes, name } = await reportPdf(db, params.id as number, font)
          res.type('application/pdf').attachment(name).send(bytes)
        },
      }),
      route({
        method: 'get',
        path: '/inspections/:id/report.html',
        summary: "The inspection's report as a printable HTML page",
        access: 'read',
        integerParams: ids,
        handler: async ({ res, params }) => res.type('text/html; charset=utf-8').send(renderReportHtml(await getInspectionDetail(db, params.id as number), now())),
      }),
      route({
        method: 'get',
        path: '/lines/:id/topology',
        summary:
          "Checks a line against its two sides' outlines: stretches farther than tolerance_m (default 100) from the shared edge with the distance, gaps and overlaps between the sides with their area (m²) and location",
        access: 'read',
        query: TopologyQuery,
        handler: async ({ res, params, query }) =>
          res.json(await checkLineTopology(db, String(params.id), { toleranceM: query.tolerance_m ?? DEFAULT_TOLERANCE_M, detail: query.detail ?? 'full' })),
      }),
      route({
        method: 'get',
        path: '/lines/:id/files',
        summary: "The line's archive: agreement scans, inspection record forms, photos, reports",
        access: 'read',
        handler: async ({ res, params }) => {
          if (!(await getLine(db, String(params.id)))) throw notFound('unknown_line', { id: String(params.id) })
          res.json({ files: await lineArchive(db, String(params.id)) })
        },
      }),
      route({
        method: 'post',
        path: '/lines/:id/files',
        summary: "Adds a stored file (POST /api/files first) to the line's archive, its type checked for the kind; an agreement (协议书) also sets the line's agreement reference and date",
        access: inspector,
        body: ArchiveBody,
        handler: async ({ res, params, user, body }) => res.status(201).json({ files: await db.transaction((tx) => addArchiveFile(tx, String(params.id), user, body)) }),
      }),
      route({
        method: 'get',
        path: '/me',
        summary: 'The units (sides of lines) the signed-in user works for as a boundary inspector',
        access: 'user',
        handler: async ({ res, user }) => res.json({ unit_codes: await userUnits(db, user.id) }),
      }),
      route({
        method: 'get',
        path: '/inspectors',
        summary: 'Every boundary inspector with the units (sides) they work for',
        access: ['admin'],
        handler: async ({ res }) => res.json({ inspectors: await listInspectors(db) }),
      }),
      route({
        method: 'put',
        path: '/inspectors/:userId/units',
        summary: "Sets the units an inspector works for (codes of lines' sides); a neighbouring city's code scopes its team to the lines it shares",
        access: ['admin'],
        integerParams: { userId: INT8_SAFE_MAX },
        body: InspectorUnitsBody,
        handler: async ({ res, params, user, body }) => res.json(await db.transaction((tx) => setInspectorUnits(tx, user, params.userId as number, body.unit_codes))),
      }),
    ],
  }
}
