import type { DatabasePool } from 'slonik'
import { recordAudits } from '../auth/audit.queries'
import type { AuthUser } from '../auth/roles'
import { limitedBody } from '../http/input-guard'
import { badRequest, fieldError, HttpProblem } from '../http/problem'
import { route, type RouteTable } from '../http/routes'
import { listCommunityFigures, lockCommunityFigures, updateCommunityFigures } from './areas.queries'
import { PopulationImportQuery } from './areas.schemas'
import { asFieldError, importProblem, MAX_LISTED_ERRORS } from '../http/import-problem'
import {
  outOfScopeErrors,
  planPopulationUpdate,
  readPopulationCsv,
  unknownCodeErrors,
  validRows,
  type CommunityFigures,
  type PopulationSource,
  type ValidPopulationRow,
} from './population-import'

/** The largest population CSV taken, in bytes; a city has a few thousand communities (about 50 bytes a row). */
const MAX_CSV_BYTES = 5 * 1024 * 1024


/** @throws HttpProblem 403 naming the rows whose communities lie outside the counties a scoped user may edit. */
function checkScope(user: AuthUser, rows: ValidPopulationRow[], current: ReadonlyMap<string, CommunityFigures>) {
  const outside = outOfScopeErrors(user.countyCodes, rows, current)
  if (outside.length) {
    throw new HttpProblem(403, 'import_outside_scope', { count: outside.length }, outside.slice(0, MAX_LISTED_ERRORS).map(asFieldError))
  }
}

/** Checks the rows against the stored communities and writes the changed ones, with their audit entries, in one transaction. */
async function importPopulation(db: DatabasePool, user: AuthUser, rows: ValidPopulationRow[], source: PopulationSource) {
  const codes = rows.map((r) => r.code)
  return db.transaction(async (tx) => {
    const current = await lockCommunityFigures(tx, codes)
    const gone = unknownCodeErrors(rows, current)
    if (gone.length) {
      throw new HttpProblem(409, 'import_rows_gone', {}, gone.map(asFieldError))
    }
    checkScope(user, rows, current)
    const plan = planPopulationUpdate(rows, current, source)
    await updateCommunityFigures(tx, plan.updates, source)
    await recordAudits(tx, plan.updates.map((u) => ({ user, action: 'update', table: 'communities', recordId: u.code, changes: u.changes })))
    return plan
  })
}

/** `/api/communities`: workflows on communities and villages (the data itself is served by the OGC API). */
export function areasRoutes(db: DatabasePool): RouteTable {
  return {
    mount: '/api/communities',
    routes: [
      route({
        method: 'post',
        path: '/population',
        summary: 'Import population figures of communities from CSV (code,population,population_60plus)',
        access: ['admin'],
        query: PopulationImportQuery,
        body: 'text/csv',
        before: [limitedBody('text/csv', MAX_CSV_BYTES)],
        handler: async ({ req, res, user, query }) => {
          if (!req.is('text/csv')) {
            throw new HttpProblem(415, 'unsupported_media_type', { expected: 'text/csv' }, [fieldError('Content-Type', 'not_one_of', { options: ['text/csv'] })])
          }
          const { source } = query
          const dryRun = query.dry_run === 'true'
          const table = readPopulationCsv(typeof req.body === 'string' ? req.body : '')
          const current = await listCommunityFigures(db, table.rows.flatMap((r) => (r.code === null ? [] : [r.code])))
          const errors = [...table.errors, ...unknownCodeErrors(table.rows, current)]
          if (errors.length) throw importProblem(errors)
          const rows = validRows(table.rows)
          checkScope(user, rows, current)
          const plan = dryRun ? planPopulationUpdate(rows, current, source) : await importPopulation(db, user, rows, source)
          res.json({ rows: rows.length, updated: plan.updates.length, unchanged: plan.unchanged, ignored_columns: table.ignoredColumns, dry_run: dryRun })
        },
      }),
    ],
  }
}
