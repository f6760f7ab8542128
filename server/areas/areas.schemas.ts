import { z } from 'zod'
import { POPULATION_SOURCES } from './population-import'

/** Query of `POST /api/communities/population`: where the figures come from, and whether only to check them. */
export const PopulationImportQuery = z
  .object({
    source: z.enum(POPULATION_SOURCES),
    dry_run: z.enum(['true', 'false']).optional(),
  })
  .strict()
