import { route, type RouteTable } from '../http/routes'
import { RULE_CHECKS } from './rule-checks'

/** `/api/rule-checks`: every rule check with its titles and the plan clause it comes from. */
export function coverageRoutes(): RouteTable {
  return {
    mount: '/api',
    routes: [
      route({
        method: 'get',
        path: '/rule-checks',
        summary: 'The plan’s rules each register record is checked against, with their clauses',
        access: 'public',
        handler: ({ res }) => {
          res.json(RULE_CHECKS.map(({ id, collection, title, clause }) => ({ id, collection, title, clause })))
        },
      }),
    ],
  }
}
