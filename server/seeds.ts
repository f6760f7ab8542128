import path from 'node:path'
import type { DatabasePool } from 'slonik'
import type { Logger } from 'pino'
import { insertCounties, insertTownships } from './areas/areas.queries'
import { insertBoundaryLines } from './boundaries/boundaries.queries'
import { readFeatureCollection, seedOnce } from './db/seed'

/**
 * Loads the city's base geography from `cityDataDir` on the first start, in one
 * transaction: all of it or none of it.
 */
export async function seedDatabase(pool: DatabasePool, cityDataDir: string, logger: Logger): Promise<void> {
  const file = (name: string) => path.join(cityDataDir, name)
  const loaded = await seedOnce(pool, 'base-geography', async (tx) => {
    const counties = await insertCounties(tx, await readFeatureCollection(file('counties.geojson')))
    const townships = await insertTownships(tx, await readFeatureCollection(file('townships.geojson')))
    const lines = await insertBoundaryLines(tx, await readFeatureCollection(file('boundary_lines.geojson')))
    logger.info({ counties, townships, lines, from: cityDataDir }, 'loaded the base geography')
  })
  if (!loaded) logger.debug('base geography already loaded')
}
