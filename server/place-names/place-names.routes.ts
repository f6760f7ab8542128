import { route, type RouteTable } from '../http/routes'
import { SpellQuery } from './place-names.schemas'
import { RULES, romanize } from './romanize'

/**
 * The place-names workflow routes: so far the suggested Roman spelling of a name
 * (`GET /api/place-names/spell`), readable by whoever may read the data.
 */
export function placeNamesRoutes(): RouteTable {
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
    ],
  }
}
