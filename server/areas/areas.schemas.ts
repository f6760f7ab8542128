import { z } from 'zod'
import { POPULATION_SOURCES } from './population-import'

/** Query of `POST /api/communities/population`: where the figures come from, and whether only to check them. */
export const PopulationImportQuery = z
  .object({
    source: z.enum(POPULATION_SOURCES, { errorMap: () => ({ message: `is required: ${POPULATION_SOURCES.join(' or ')}` }) }),
    dry_run: z.enum(['true', 'false'], { errorMap: () => ({ message: 'must be true or false' }) }).optional(),
  })
  .strict()
