import fs from 'node:fs/promises'
import { z } from 'zod'
import type { CommonQueryMethods, DatabasePool } from 'slonik'
import { sql } from './sql'

const SeedRow = z.object({ name: z.string() })

/**
 * Loads a named data set once per database: the first caller records it in `seed_runs`
 * and runs `load` in the same transaction; later callers (or a concurrent process, once
 * the first commits) find the record and skip it. Rows a user later edits or deletes are
 * never reloaded.
 * @returns true when this call loaded the data set.
 */
export async function seedOnce(
  pool: DatabasePool,
  name: string,
  load: (tx: CommonQueryMethods) => Promise<void>,
): Promise<boolean> {
  return pool.transaction(async (tx) => {
    const inserted = await tx.maybeOne(sql.type(SeedRow)`
      INSERT INTO seed_runs (name) VALUES (${name}) ON CONFLICT (name) DO NOTHING RETURNING name`)
    if (!inserted) return false
    await load(tx)
    return true
  })
}

const FeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.object({ type: z.literal('Feature'), properties: z.record(z.unknown()), geometry: z.unknown() })),
})

/** A GeoJSON feature as read from a data file. */
export type DataFeature = z.infer<typeof FeatureCollection>['features'][number]

/** Reads a GeoJSON FeatureCollection file. @throws when the file is not one. */
export async function readFeatureCollection(file: string): Promise<DataFeature[]> {
  const parsed = FeatureCollection.safeParse(JSON.parse(await fs.readFile(file, 'utf8')))
  if (!parsed.success) throw new Error(`${file} is not a GeoJSON FeatureCollection: ${parsed.error.message}`)
  return parsed.data.features
}
