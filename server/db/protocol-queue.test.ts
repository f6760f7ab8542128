import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createPool, ForeignKeyIntegrityConstraintViolationError, type DatabasePool } from 'slonik'
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded'
import { LOST_STATEMENT, MessageScanner } from './protocol-queue'
import { sql } from './sql'

let dir: string
let embedded: EmbeddedDatabase
let pools: DatabasePool[]
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'protocol-queue-'))
  embedded = await startEmbeddedDatabase({ dataDir: path.join(dir, 'pglite'), maxConnections: 20 })
  pools = await Promise.all(Array.from({ length: 4 }, () => createPool(embedded.url, { maximumPoolSize: 4 })))
  await pools[0]!.query(sql.typeAlias('void')`CREATE TABLE parent (id int PRIMARY KEY)`)
  await pools[0]!.query(sql.typeAlias('void')`CREATE TABLE child (id int, parent_id int REFERENCES parent (id))`)
  await pools[0]!.query(sql.typeAlias('void')`CREATE EXTENSION postgis`)
})
afterAll(async () => {
  for (const pool of pools ?? []) await pool.end()
  await embedded?.close()
  await fs.rm(dir, { recursive: true, force: true })
})

const N = z.object({ n: z.number() })

describe('MessageScanner', () => {
  const message = (type: string, body: number) => {
    const bytes = new Uint8Array(5 + body)
    bytes[0] = type.charCodeAt(0)
    new DataView(bytes.buffer).setInt32(1, 4 + body)
    bytes.fill(0x45, 5) // bodies full of 'E' bytes must not read as ErrorResponse
    return bytes
  }

  it('finds the message types across chunks that cut messages and headers anywhere', () => {
    const stream = new Uint8Array([...message('T', 20), ...message('D', 70_000), ...message('C', 9), ...message('Z', 1)])
    for (const cuts of [[3], [7, 30], [2, 5, 6, 70_010, 70_030], Array.from({ length: 100 }, (_, i) => i * 701 + 1)]) {
      const scanner = new MessageScanner()
      const types: number[] = []
      let start = 0
      for (const end of [...cuts, stream.length]) {
        types.push(...scanner.scan(stream.subarray(start, end)))
        start = end
      }
      expect(String.fromCharCode(...types), String(cuts)).toBe('TDCZ')
    }
  })
})

describe('the embedded socket shared by many clients', () => {
  it('gives each of 16 concurrent clients the rows of its own parameterised queries', async () => {
    const answers = await Promise.all(
      Array.from({ length: 320 }, (_, i) => pools[i % 4]!.oneFirst(sql.type(N)`SELECT ${i}::int + 0 AS n`)),
    )
    expect(answers).toEqual(Array.from({ length: 320 }, (_, i) => i))
  })

  it('keeps a connection usable after a failed statement in a transaction, while others query', async () => {
    const failing = pools[0]!.transaction(async (tx) => {
      await tx.query(sql.typeAlias('void')`INSERT INTO child VALUES (1, ${99}) RETURNING id`)
    })
    const others = Promise.all(Array.from({ length: 40 }, (_, i) => pools[1 + (i % 3)]!.oneFirst(sql.type(N)`SELECT ${i}::int AS n`)))
    await expect(failing).rejects.toBeInstanceOf(ForeignKeyIntegrityConstraintViolationError)
    expect(await others).toEqual(Array.from({ length: 40 }, (_, i) => i))
    const after = await Promise.all(pools.map((pool, i) => pool.oneFirst(sql.type(N)`SELECT ${i * 10}::int AS n`)))
    expect(after).toEqual([0, 10, 20, 30])
  })

  it('serves large results to concurrent clients (results arrive in many chunks)', async () => {
    const big = z.object({ s: z.string() })
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => pools[i % 4]!.oneFirst(sql.type(big)`SELECT repeat('E', ${500_000 + i}) AS s`)),
    )
    expect(results.map((r) => r.length)).toEqual([500_000, 500_001, 500_002, 500_003, 500_004, 500_005])
  })

  it('keeps other clients out of a transaction until it ends', async () => {
    await pools[0]!.query(sql.typeAlias('void')`CREATE TABLE counter (n int)`)
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        pools[i % 4]!.transaction(async (tx) => {
          const n = await tx.maybeOneFirst(sql.type(N)`SELECT max(n)::int AS n FROM counter`)
          await tx.query(sql.typeAlias('void')`INSERT INTO counter VALUES (${(n ?? 0) + 1})`)
        }),
      ),
    )
    // Each transaction saw the previous one's insert: 1..8, no duplicates.
    const values = await pools[0]!.manyFirst(sql.type(N)`SELECT n FROM counter ORDER BY n`)
    expect(values).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
  })
})

describe('a statement that PGlite loses (a C++ exception inside PostGIS)', () => {
  // GEOS throws a TopologyException for a self-intersecting polygon; PostgreSQL reports it
  // as an error, PGlite ends the statement with neither its result nor an error.
  const bowTie = 'POLYGON((0 0,10 10,10 0,0 10,0 0))'
  const square = 'POLYGON((0 0,1 0,1 1,0 1,0 0))'
  const Area = z.object({ area: z.number().nullable() })
  const lost = expect.objectContaining({ message: expect.stringContaining(LOST_STATEMENT) })

  it('fails a parameterised statement with an error, and the connection answers the next one', async () => {
    const pool = pools[0]!
    await expect(pool.any(sql.type(Area)`SELECT ST_Area(ST_Difference(${bowTie}::geometry, ${square}::geometry)) AS area`)).rejects.toEqual(lost)
    // Rows sent before the loss do not pass for the whole result.
    await expect(pool.any(sql.type(Area)`SELECT ${1}::float8 AS area UNION ALL SELECT ST_Area(ST_Difference(${bowTie}::geometry, ${square}::geometry))`)).rejects.toEqual(lost)
    expect(await pool.oneFirst(sql.type(Area)`SELECT ST_Area(ST_Difference(${square}::geometry, ${'POLYGON((0 0,1 0,1 0.5,0 0.5,0 0))'}::geometry)) AS area`)).toBe(0.5)
    expect(await Promise.all(pools.map((p, i) => p.oneFirst(sql.type(N)`SELECT ${i}::int AS n`)))).toEqual([0, 1, 2, 3])
  })

  it('fails a simple query (no parameters) with an error instead of leaving the client waiting', async () => {
    const pool = pools[1]!
    await expect(pool.any(sql.type(Area)`SELECT ST_Area(ST_Difference('POLYGON((0 0,10 10,10 0,0 10,0 0))'::geometry, 'POLYGON((0 0,1 0,1 1,0 1,0 0))'::geometry)) AS area`)).rejects.toEqual(lost)
    expect(await pool.oneFirst(sql.type(N)`SELECT 7 AS n`)).toBe(7)
  })

  it('fails the transaction it happens in: nothing written before it is committed', async () => {
    await pools[0]!.query(sql.typeAlias('void')`CREATE TABLE kept (n int)`)
    for (const [i, pool] of pools.slice(0, 2).entries()) {
      await expect(
        pool.transaction(async (tx) => {
          await tx.query(sql.typeAlias('void')`INSERT INTO kept VALUES (${i})`)
          if (i === 0) await tx.any(sql.type(Area)`SELECT ST_Area(ST_Difference(${bowTie}::geometry, ${square}::geometry)) AS area`)
          else await tx.any(sql.type(Area)`SELECT ST_Area(ST_Difference('POLYGON((0 0,10 10,10 0,0 10,0 0))'::geometry, 'POLYGON((0 0,1 0,1 1,0 1,0 0))'::geometry)) AS area`)
        }),
      ).rejects.toEqual(lost)
    }
    expect(await pools[2]!.anyFirst(sql.type(N)`SELECT n FROM kept`)).toEqual([])
  })
})
