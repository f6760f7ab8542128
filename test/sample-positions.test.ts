import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { CommonQueryMethods, DatabasePool } from 'slonik'
import { sql } from '../server/db/sql'
import { moveGeneratedPoints, readFeatureCollection, type DataFeature } from '../server/db/seed'
import { openTestPool } from './support/test-app'

let pool: DatabasePool
beforeAll(async () => {
  pool = await openTestPool(1)
})
afterAll(async () => {
  await pool.end()
})

class Rollback extends Error {}
/** Runs `body` in a transaction that is then rolled back, so the shared database keeps its rows. */
async function inRollback(body: (tx: CommonQueryMethods) => Promise<void>) {
  await expect(
    pool.transaction(async (tx) => {
      await body(tx)
      throw new Rollback()
    }),
  ).rejects.toBeInstanceOf(Rollback)
}
const point = (lon: number, lat: number, properties: Record<string, unknown>): DataFeature => ({
  type: 'Feature',
  properties,
  geometry: { type: 'Point', coordinates: [lon, lat] },
})
const Position = z.object({ key: z.string(), lon: z.number(), lat: z.number(), version: z.number() })

describe('moving the unedited sample rows to the second sample positions', () => {
  it('moves a generated community nobody edited and leaves an edited one where its user put it', async () => {
    await inRollback(async (tx) => {
      await tx.query(sql.type(z.object({}))`
        INSERT INTO communities (code, name, kind, township_code, population, population_60plus, data_source, geom, version)
        VALUES ('410402001990', '移位测试社区', 'community', '410402001', 100, 20, 'generated', ST_SetSRID(ST_MakePoint(113.30, 33.74), 4326), 1),
               ('410402001991', '已编辑测试社区', 'community', '410402001', 100, 20, 'generated', ST_SetSRID(ST_MakePoint(113.30, 33.75), 4326), 2)`)
      const features = [
        point(113.301, 33.741, { code: '410402001990' }),
        point(113.302, 33.752, { code: '410402001991' }),
      ]
      const options = { table: 'communities', rowKey: 'code', match: ['code'] }
      expect(await moveGeneratedPoints(tx, options, features)).toBe(1)
      const rows = await tx.any(sql.type(Position)`
        SELECT code AS key, ST_X(geom) AS lon, ST_Y(geom) AS lat, version FROM communities
        WHERE code IN ('410402001990', '410402001991') ORDER BY code`)
      expect(rows).toEqual([
        { key: '410402001990', lon: 113.301, lat: 33.741, version: 1 },
        { key: '410402001991', lon: 113.3, lat: 33.75, version: 2 },
      ])
      // Once there, nothing more moves.
      expect(await moveGeneratedPoints(tx, options, features)).toBe(0)
    })
  })

  it('matches facilities of the same name and kind in file order, and skips deleted ones', async () => {
    await inRollback(async (tx) => {
      const ids = await tx.manyFirst(sql.type(z.object({ id: z.number() }))`
        INSERT INTO social_work_stations (name, tier, staff, certified_workers, has_premises, has_equipment, has_staff,
                                          has_services, has_procedures, has_rules, status, data_source, geom, deleted_at)
        SELECT '同名测试社会工作室（示例）', 'community_room', 1, 0, true, true, true, true, true, true, 'operating', 'generated',
               ST_SetSRID(ST_MakePoint(113.2 + k / 100.0, 33.7), 4326), CASE WHEN k = 3 THEN now() END
        FROM generate_series(1, 3) k ORDER BY k
        RETURNING id::int`)
      const p = { name: '同名测试社会工作室（示例）', tier: 'community_room' }
      const features = [point(113.5, 33.5, p), point(113.6, 33.6, p), point(113.7, 33.7, p)]
      expect(await moveGeneratedPoints(tx, { table: 'social_work_stations', rowKey: 'id', match: ['name', 'tier'] }, features)).toBe(2)
      const rows = await tx.any(sql.type(Position)`
        SELECT id::text AS key, ST_X(geom) AS lon, ST_Y(geom) AS lat, version FROM social_work_stations
        WHERE id = ANY(${sql.array(ids, 'int8')}) ORDER BY id`)
      expect(rows.map((r) => [r.lon, r.lat])).toEqual([[113.5, 33.5], [113.6, 33.6], [113.23, 33.7]])
    })
  })

  it('finds nothing to move on a database seeded from the current sample files', async () => {
    const dir = path.resolve('data/pingdingshan/sample')
    await inRollback(async (tx) => {
      const moved = {
        communities: await moveGeneratedPoints(tx, { table: 'communities', rowKey: 'code', match: ['code'] }, await readFeatureCollection(path.join(dir, 'communities.geojson'))),
        eldercare: await moveGeneratedPoints(tx, { table: 'eldercare_facilities', rowKey: 'id', match: ['name', 'kind'] }, await readFeatureCollection(path.join(dir, 'eldercare_facilities.geojson'))),
        social: await moveGeneratedPoints(tx, { table: 'social_work_stations', rowKey: 'id', match: ['name', 'tier'] }, await readFeatureCollection(path.join(dir, 'social_work_stations.geojson'))),
      }
      expect(moved).toEqual({ communities: 0, eldercare: 0, social: 0 })
    })
  })
})
