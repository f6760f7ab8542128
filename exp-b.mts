import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
const pg = await PGlite.create({ extensions: { postgis } })
await pg.exec('CREATE EXTENSION postgis')
const q=async(s:string)=>{ try { console.log(s, (await pg.query(s)).rows) } catch(e:any) { console.log('ERR', s, e.message) } }
await q(`select ST_DWithin('SRID=4326;POINT(0 0)'::geometry,'SRID=4326;POINT(0 0.001)'::geometry,0.002) d`)
await q(`select ST_Intersects('POLYGON((0 0,1 0,1 1,0 1,0 0))'::geometry,'POLYGON((1 0,2 0,2 1,1 1,1 0))'::geometry) d`)
await q(`select ST_AsText(ST_Intersection(ST_Boundary('POLYGON((0 0,1 0,1 1,0 1,0 0))'::geometry),ST_Boundary('POLYGON((1 0,2 0,2 1,1 1,1 0))'::geometry))) d`)
await q(`select ST_AsText(ST_Union(g)) from (values ('POLYGON((0 0,1 0,1 1,0 1,0 0))'::geometry),('POLYGON((1 0,2 0,2 1,1 1,1 0))'::geometry)) v(g)`)
await q(`select ST_AsText(ST_SharedPaths(ST_Boundary('POLYGON((0 0,1 0,1 1,0 1,0 0))'::geometry),ST_Boundary('POLYGON((1 0,2 0,2 1,1 1,1 0))'::geometry))) d`)
await q(`select ST_AsText(ST_VoronoiPolygons('MULTIPOINT(0 0,1 1,2 0)'::geometry))`)
await q(`select ST_AsText(ST_GeneratePoints('POLYGON((0 0,1 0,1 1,0 1,0 0))'::geometry, 3, 42))`)
