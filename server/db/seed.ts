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

const MovedRow = z.object({ moved: z.number() })

/**
 * Moves the generated rows of a point table that nobody has edited (`data_source =
 * 'generated'`, version 1, not deleted) to the positions a newer sample file gives them,
 * matched on `match` (the n-th generated row with those values to the n-th feature with
 * them, rows by `rowKey`, features in file order). Rows a user edited or deleted keep
 * theirs; version and audit log are left as they are, as for the first load of the
 * sample, while the table's change counter notes the update.
 * @returns how many rows moved (0 where they already stand there, as on a fresh database).
 */
export async function moveGeneratedPoints(
  db: CommonQueryMethods,
  options: { table: string; rowKey: string; match: string[] },
  features: DataFeature[],
): Promise<number> {
  const table = sql.identifier([options.table])
  const rowKey = sql.identifier([options.rowKey])
  const columns = options.match.map((c) => sql.identifier([c]))
  const fromFile = options.match.map((c) => sql.fragment`f->'properties'->>${c}`)
  const joined = options.match.map((c, k) => sql.fragment`r.${columns[k]!}::text = i.${sql.identifier([`k${k}`])}`)
  return db.oneFirst(sql.type(MovedRow)`
    WITH incoming AS (
      SELECT ${sql.join(fromFile.map((f, k) => sql.fragment`${f} AS ${sql.identifier([`k${k}`])}`), sql.fragment`, `)},
             row_number() OVER (PARTITION BY ${sql.join(fromFile, sql.fragment`, `)} ORDER BY n) AS occurrence,
             ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326) AS geom
      FROM jsonb_array_elements(${sql.jsonb(features as never)}) WITH ORDINALITY AS e(f, n)
    ), present AS (
      SELECT r.${rowKey} AS row_key, r.version, r.deleted_at, r.geom, ${sql.join(columns.map((c) => sql.fragment`r.${c}`), sql.fragment`, `)},
             row_number() OVER (PARTITION BY ${sql.join(columns.map((c) => sql.fragment`r.${c}`), sql.fragment`, `)} ORDER BY r.${rowKey}) AS occurrence
      FROM ${table} r WHERE r.data_source = 'generated'
    ), moved AS (
      UPDATE ${table} t SET geom = i.geom
      FROM present r JOIN incoming i ON ${sql.join(joined, sql.fragment` AND `)} AND r.occurrence = i.occurrence
      WHERE t.${rowKey} = r.row_key AND r.version = 1 AND r.deleted_at IS NULL AND NOT ST_Equals(r.geom, i.geom)
      RETURNING 1
    )
    SELECT count(*)::int AS moved FROM moved`)
}
