import fs from 'node:fs'
import path from 'node:path'
import type { DatabasePool } from 'slonik'
import type { Logger } from 'pino'
import { insertCommunities, insertCounties, insertTownships } from './areas/areas.queries'
import { insertBoundaryLines } from './boundaries/boundaries.queries'
import { readFeatureCollection, seedOnce } from './db/seed'

/**
 * Loads the city's base geography from `cityDataDir` on the first start, in one
 * transaction: all of it or none of it; then its generated sample data, where the city
 * ships any (`sample/`), each data set once.
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

  const communities = file('sample/communities.geojson')
  if (fs.existsSync(communities)) {
    await seedOnce(pool, 'sample-communities', async (tx) => {
      const n = await insertCommunities(tx, await readFeatureCollection(communities))
      logger.info({ communities: n, generated: true }, 'loaded the sample communities and villages (generated figures)')
    })
  }
}
