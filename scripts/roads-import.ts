/**
 * Imports the walking network from an OpenStreetMap .osm.pbf extract or a GeoJSON file of
 * lines into the database of DATABASE_URL, or the embedded one in DATA_DIR (stop the
 * server first: the embedded database has one owner). Prints progress to stderr and the
 * report (JSON) to stdout; writes in one transaction, or with --dry-run nothing at all.
 *
 *   npm run roads:import -- <file> [--dry-run] [--replace] [--source osm|survey|generated]
 *
 * Exit status: 0 done, 1 the file cannot be imported (the reason is printed), 2 bad arguments.
 */
import fs from 'node:fs'
import { parseArgs } from 'node:util'
import { loadConfig } from '../server/config'
import { openDatabase } from '../server/db/database'
import { HttpProblem } from '../server/http/problem'
import {
  decodeText,
  fileProblem,
  importRoads,
  readGeoJsonRoads,
  readOsmPbfRoads,
  requireWalkable,
  ROAD_SOURCES,
  sniffRoadsFormat,
  type ReadProgress,
  type RoadSource,
  type RoadsRead,
} from '../server/roads/roads-import'

function usage(message: string): never {
  console.error(`${message}\nusage: npm run roads:import -- <file.osm.pbf|file.geojson> [--dry-run] [--replace] [--source ${ROAD_SOURCES.join('|')}]`)
  process.exit(2)
}

function readArgs() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: { 'dry-run': { type: 'boolean', default: false }, replace: { type: 'boolean', default: false }, source: { type: 'string', default: 'survey' } },
    })
  } catch (error) {
    return usage((error as Error).message)
  }
}
const args = readArgs()
const [file, ...extra] = args.positionals
if (!file || extra.length) usage('give one network file')
if (!(ROAD_SOURCES as readonly string[]).includes(args.values.source!)) usage(`--source must be one of ${ROAD_SOURCES.join(', ')}`)
if (!fs.existsSync(file) || !fs.statSync(file).isFile()) usage(`${file} is not a file`)

const totalBytes = fs.statSync(file).size
let lastShown = 0
/** One progress line on stderr, at most a few a second. */
function showProgress({ bytes, ways }: ReadProgress, force = false) {
  const now = Date.now()
  if (!force && now - lastShown < 250) return
  lastShown = now
  const percent = totalBytes ? Math.floor((100 * bytes) / totalBytes) : 100
  process.stderr.write(`\rreading ${file}: ${percent}% of ${(totalBytes / 1024 / 1024).toFixed(1)} MB, ${ways.toLocaleString('en')} ways`)
}

/** Reads the file streaming (an .osm.pbf) or whole (GeoJSON), showing progress. @throws HttpProblem as the upload would answer. */
async function readFile(): Promise<RoadsRead> {
  if (totalBytes === 0) throw fileProblem('empty')
  const head = Buffer.alloc(Math.min(totalBytes, 64 * 1024))
  const fd = fs.openSync(file!, 'r')
  fs.readSync(fd, head, 0, head.length, 0)
  fs.closeSync(fd)
  const format = sniffRoadsFormat(head)
  if (format === null) throw fileProblem('not_a_road_network')
  let read: RoadsRead
  if (format === 'osm.pbf') {
    read = await readOsmPbfRoads(fs.createReadStream(file!, { highWaterMark: 1 << 20 }), { totalBytes, onProgress: showProgress })
  } else {
    const chunks: Buffer[] = []
    let bytes = 0
    for await (const chunk of fs.createReadStream(file!, { highWaterMark: 1 << 20 })) {
      chunks.push(chunk as Buffer)
      bytes += (chunk as Buffer).length
      showProgress({ bytes, total_bytes: totalBytes, ways: 0 })
    }
    read = readGeoJsonRoads(decodeText(Buffer.concat(chunks)), args.values.source as RoadSource)
  }
  showProgress({ bytes: totalBytes, total_bytes: totalBytes, ways: read.read }, true)
  process.stderr.write('\n')
  requireWalkable(read)
  return read
}

let read: RoadsRead
try {
  read = await readFile()
} catch (error) {
  process.stderr.write('\n')
  if (!(error instanceof HttpProblem)) throw error
  console.error(`${file}: ${error.errors.map((e) => e.reason).join('; ') || error.detail}`)
  process.exit(1)
}
console.error(`kept ${read.lines.length.toLocaleString('en')} of ${read.read.toLocaleString('en')} lines; skipped ${JSON.stringify(read.skipped)}`)

const config = loadConfig()
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
try {
  console.error(args.values['dry-run'] ? 'building the network to check it (dry run: nothing is written)…' : `writing the roads and the network in one transaction${args.values.replace ? ', replacing the stored roads' : ''}…`)
  const report = await importRoads(database.pool, read, { dryRun: args.values['dry-run']!, replace: args.values.replace!, user: { id: null, username: 'roads:import' } })
  console.log(JSON.stringify(report, null, 2))
  const n = report.network
  console.error(`${report.dry_run ? 'would make' : 'made'} ${n.edges.toLocaleString('en')} edges, ${n.nodes.toLocaleString('en')} nodes, ${n.components.toLocaleString('en')} components, ${n.total_km.toFixed(1)} km in ${report.ms} ms`)
} finally {
  await database.close()
}
