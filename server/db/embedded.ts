import fs from 'node:fs/promises'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { postgis } from '@electric-sql/pglite-postgis'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { ProtocolQueue } from './protocol-queue'

/** A running embedded PostGIS, reachable as an ordinary PostgreSQL server on loopback. */
export type EmbeddedDatabase = {
  /** postgres:// URL of the loopback socket. */
  url: string
  /** Stops accepting connections, flushes and closes the database. */
  close: () => Promise<void>
}

/**
 * Starts PGlite with PostGIS and pg_trgm, persisted in `dataDir`, and serves it on a
 * loopback port chosen by the OS.
 *
 * The socket multiplexes `maxConnections` clients onto PGlite's single session, a whole
 * query at a time: while one client holds a transaction, the others wait, so callers
 * keep transactions short.
 */
export async function startEmbeddedDatabase(options: {
  dataDir: string
  maxConnections: number
}): Promise<EmbeddedDatabase> {
  await fs.mkdir(path.dirname(options.dataDir), { recursive: true })
  const db = await PGlite.create({ dataDir: options.dataDir, extensions: { postgis, pg_trgm } })
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: 0,
    maxConnections: options.maxConnections,
  })
  // Replace the server's per-message queue (see ProtocolQueue for why); the handlers it
  // creates for each connection take the queue from this field.
  ;(server as unknown as { queryQueue: ProtocolQueue }).queryQueue = new ProtocolQueue(db)
  await server.start()
  const [host, port] = server.getServerConn().split(':')
  return {
    url: `postgres://postgres@${host}:${port}/postgres`,
    close: async () => {
      await server.stop()
      await db.close()
    },
  }
}
