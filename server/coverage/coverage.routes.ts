import { Router } from 'express'
import { RULE_CHECKS } from './rule-checks'

/** `/api/rule-checks`: every rule check with its titles and the plan clause it comes from. */
export function coverageRouter(): Router {
  const router = Router()
  router.get('/rule-checks', (_req, res) => {
    res.json(RULE_CHECKS.map(({ id, collection, title, clause }) => ({ id, collection, title, clause })))
  })
  return router
}
