import fs from 'node:fs'
import path from 'node:path'
import type { CommonQueryMethods, DatabasePool } from 'slonik'
import type { Logger } from 'pino'
import { insertCommunities, insertCounties, insertTownships } from './areas/areas.queries'
import { insertBoundaryLines, insertBoundaryMarkers, insertSampleRounds, SampleRounds } from './boundaries/boundaries.queries'
import { moveGeneratedPoints, readFeatureCollection, seedOnce, type DataFeature } from './db/seed'
import { sql } from './db/sql'
import { insertEldercareFacilities } from './eldercare/eldercare.queries'
import { insertCemeteries, insertFuneralFacilities } from './funeral/funeral.queries'
import { insertPlaceNames } from './place-names/place-names.queries'
import { insertSampleCases } from './place-names/cases.seed'
import { todayInChina } from './place-names/cases.rules'
import { fillSearchTerms } from './place-names/search.queries'
import { insertSampleSigns } from './signs/signs.seed'
import { rebuildRoadGraph } from './roads/graph.queries'
import { insertRoads } from './roads/roads.queries'
import { insertSocialWorkStations } from './social-work/social-work.queries'

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

  const samples = [
    ['communities', insertCommunities],
    ['eldercare_facilities', insertEldercareFacilities],
    ['social_work_stations', insertSocialWorkStations],
    ['funeral_facilities', insertFuneralFacilities],
    ['cemeteries', insertCemeteries],
    // The walking graph is built with its roads, so that no request has to wait for it.
    ['roads', async (tx: CommonQueryMethods, features: DataFeature[]) => {
      const n = await insertRoads(tx, features)
      await rebuildRoadGraph(tx)
      return n
    }],
    ['place_names', insertPlaceNames],
    // After the place names: each sign shows one of them.
    ['signs', insertSampleSigns],
    ['boundary_markers', insertBoundaryMarkers],
  ] as const
  let fresh = loaded
  for (const [name, insert] of samples) {
    const sample = file(`sample/${name}.geojson`)
    if (!fs.existsSync(sample)) continue
    const seeded = await seedOnce(pool, `sample-${name}`, async (tx) => {
      const n = await insert(tx, await readFeatureCollection(sample))
      logger.info({ [name]: n, generated: true }, `loaded the sample ${name} (generated)`)
    })
    fresh ||= seeded
  }

  // The sample naming cases go through the cases' own rules, dated back from the day they are seeded.
  const casesFile = file('sample/place_name_cases.json')
  if (fs.existsSync(casesFile)) {
    const seeded = await seedOnce(pool, 'sample-place_name_cases', async (tx) => {
      const n = await insertSampleCases(tx, casesFile, todayInChina())
      logger.info({ place_name_cases: n, generated: true }, 'loaded the sample place_name_cases (generated)')
    })
    fresh ||= seeded
  }

  const rounds = file('sample/boundary_rounds.json')
  if (fs.existsSync(rounds)) {
    const seeded = await seedOnce(pool, 'sample-boundary_rounds', async (tx) => {
      const n = await insertSampleRounds(tx, SampleRounds.parse(JSON.parse(await fs.promises.readFile(rounds, 'utf8'))))
      logger.info({ boundary_inspections: n, generated: true }, 'loaded the sample boundary inspection rounds (generated)')
    })
    fresh ||= seeded
  }

  // The second sample puts communities in built-up blocks and facilities at their own
  // addresses: a database seeded from the first moves its generated rows that nobody edited.
  const moves = [
    ['communities', { table: 'communities', rowKey: 'code', match: ['code'] }],
    ['eldercare_facilities', { table: 'eldercare_facilities', rowKey: 'id', match: ['name', 'kind'] }],
    ['social_work_stations', { table: 'social_work_stations', rowKey: 'id', match: ['name', 'tier'] }],
  ] as const
  const moved = await seedOnce(pool, 'sample-positions-2', async (tx) => {
    for (const [name, options] of moves) {
      const sample = file(`sample/${name}.geojson`)
      if (!fs.existsSync(sample)) continue
      const moved = await moveGeneratedPoints(tx, { ...options, match: [...options.match] }, await readFeatureCollection(sample))
      if (moved) logger.info({ [name]: moved, generated: true }, `moved the unedited sample ${name} to their new positions`)
    }
  })

  // The names of the samples written without their pinyin (all but the place names) get it now, not at the first search.
  const filled = await fillSearchTerms(pool)
  if (filled) logger.info({ filled }, 'filled the pinyin of the search terms')
  // Statistics for the planner, which otherwise guesses a freshly loaded table's size
  // (and, on the embedded database, where nothing vacuums, keeps guessing).
  if (fresh || moved || filled) await pool.query(sql.typeAlias('void')`ANALYZE`)
}
