import { createSqlTag } from 'slonik'
import { z } from 'zod'

/**
 * The project's sql tag: slonik's, with the aliases used for statements that return
 * nothing of interest. Typed queries use `sql.type(Row)` with a zod schema at module scope.
 */
export const sql = createSqlTag({
  typeAliases: {
    void: z.object({}).passthrough(),
  },
})
