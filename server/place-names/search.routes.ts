import type { DatabasePool } from 'slonik'
import { badRequest, fieldError } from '../http/problem'
import { route, type RouteTable } from '../http/routes'
import { clashWarnings, countyAtPoint, findClashes, SCOPES } from './duplicates'
import { DEFAULT_SEARCH_LIMIT, DuplicatesQuery, SearchQuery } from './search.schemas'
import { fillSearchTerms, hasUnfilledSearchTerms, readSearchText, searchNames } from './search.queries'

/**
 * The search box's routes: names as they are typed (`GET /api/place-names/search`) and the
 * duplicate and homophone check of a name (`GET /api/place-names/duplicates`).
 */
export function nameSearchRoutes(db: DatabasePool): RouteTable {
  return {
    mount: '/api',
    routes: [
      route({
        method: 'get',
        path: '/place-names/search',
        summary:
          'Finds place names, divisions, communities and facilities as they are typed: by Chinese characters (exact, prefix, inside), full pinyin with or without spaces, pinyin initials (zxl), aliases and former names (marked), ranked exact > prefix > substring > initials > former name, names in use first; each hit with its category, county and a point and extent to fly to',
        access: 'read',
        query: SearchQuery,
        handler: async ({ res, query }) => {
          const text = readSearchText(query.q)
          // Rows written without their pinyin (an import, an SQL update) get it before they are looked for.
          if (await hasUnfilledSearchTerms(db)) await fillSearchTerms(db)
          const hits = text ? await searchNames(db, text, query.limit ?? DEFAULT_SEARCH_LIMIT) : []
          res.json({ q: query.q, read_as: text?.kind ?? null, hits })
        },
      }),
      route({
        method: 'get',
        path: '/place-names/duplicates',
        summary:
          'Checks a proposed name (or a rename of `exclude`) against the register by the 2022 地名管理条例 art. 9: the same name or the same spelling (tones ignored) among live place names of its category, divisions within the data held, 村/居委会 within its county, streets and residential areas within its built-up area; warnings naming the clashing records, not errors',
        access: 'read',
        query: DuplicatesQuery,
        handler: async ({ res, query }) => {
          const scope = SCOPES[query.category] ?? null
          const countyCode = query.county_code ?? (query.at ? await countyAtPoint(db, query.at) : null)
          if (scope && scope !== 'held' && !query.county_code && !query.at) {
            throw badRequest([fieldError('county_code', 'required_when', { other: 'category', value: query.category })])
          }
          const found = await findClashes(db, { name: query.name, category: query.category, countyCode, exclude: query.exclude })
          res.json({ name: query.name, category: query.category, scope: found.scope, county_code: countyCode, warnings: clashWarnings('name', found.scope, found.clashes) })
        },
      }),
    ],
  }
}
