import { z } from 'zod'
import { ROAD_SOURCES } from './roads-import'

/** Query of `POST /api/roads/import`: only check (dry run), replace the network or add to it, and the source of GeoJSON lines without their own. */
export const RoadsImportQuery = z
  .object({
    dry_run: z.enum(['true', 'false']).optional(),
    replace: z.enum(['true', 'false']).optional(),
    source: z.enum(ROAD_SOURCES).optional(),
  })
  .strict()
