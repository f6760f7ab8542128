import { openDatabase } from './server/db/database'
import { sql } from './server/db/sql'
import { z } from 'zod'
const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: '/tmp/cov-data' })
const n = Number(process.argv[2])
const R = z.object({ n: z.number() })
const variants: Record<string, any> = {


  utm_buffer_union_lines: sql.type(R)`SELECT ST_NPoints(ST_Transform(ST_Buffer(ST_Union(ST_Transform(geom, 32649)), 120, 'quad_segs=2'), 4326)) n FROM (SELECT geom FROM road_edges ORDER BY id LIMIT ${n}) e`,
}
for (const [name, q] of Object.entries(variants)) { const t = performance.now(); try { const r = await db.pool.one(q); console.log(name, r.n, Math.round(performance.now() - t)) } catch (e) { console.log(name, 'ERR', String(e).slice(0, 200)) } }
await db.close()
