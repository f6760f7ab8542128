import type { DatabasePool } from 'slonik'
import { limitedBody } from '../http/input-guard'
import { route, type RouteTable } from '../http/routes'
import { csvTemplate, importPlaceNames, readPlaceNamesFile } from './place-names-import'
import { PlaceNamesImportQuery, SpellQuery } from './place-names.schemas'
import { RULES, romanize } from './romanize'

/** The largest file of place names taken, in bytes: a city's 23,000 census records as GeoJSON points are about 15 MB. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024

/**
 * The place-names workflow routes: the suggested Roman spelling of a name
 * (`GET /api/place-names/spell`), readable by whoever may read the data, and the import of
 * a file of names for place-name staff.
 */
export function placeNamesRoutes(db: DatabasePool): RouteTable {
  return {
    mount: '/api',
    routes: [
      route({
        method: 'get',
        path: '/place-names/spell',
        summary:
          'Suggests the Roman (Hanyu Pinyin) spelling of a Chinese place name by the 1984 spelling rules and GB/T 16159-2012, with its parts and the clause each step follows; category is inferred from the generic when not given',
        access: 'read',
        query: SpellQuery,
        handler: ({ res, query }) => {
          const answer = romanize(query.name, query.category)
          res.json({
            name: query.name,
            category: answer.category,
            spelling: answer.spelling,
            parts: answer.parts,
            rules: answer.rules.map((id) => ({ id, text: RULES[id] })),
          })
        },
      }),
      route({
        method: 'post',
        path: '/place-names/import',
        summary:
          'Import place names from a CSV of points (name, category, lon, lat and other register columns, by name or Chinese title) or a GeoJSON FeatureCollection (the body), all or nothing, each checked and audited as a create; dry_run=true checks and reports only. The report lists each row\'s duplicate and homophone warnings, clashes within the file named by row',
        access: ['placename_editor'],
        query: PlaceNamesImportQuery,
        body: 'application/octet-stream',
        before: [limitedBody('application/octet-stream', MAX_IMPORT_BYTES)],
        handler: async ({ req, res, user, query }) => {
          const started = Date.now()
          const file = readPlaceNamesFile(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), query.source ?? 'register')
          const report = await importPlaceNames(db, file, { user, dryRun: query.dry_run === 'true' })
          res.json({ ...report, ms: Date.now() - started })
        },
      }),
      route({
        method: 'get',
        path: '/place-names/import/template',
        summary: 'The header row of a CSV for the import, by the Chinese titles of the columns (标准名称,类别,…,经度,纬度,…), as a file to fill in',
        access: ['placename_editor'],
        handler: ({ res }) => {
          res.type('text/csv; charset=utf-8').attachment('place-names-template.csv').send(csvTemplate())
        },
      }),
    ],
  }
}
