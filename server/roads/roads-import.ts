import { once } from 'node:events'
import { OSMTransform } from 'osm-pbf-parser-node'
import type { CommonQueryMethods, DatabasePool } from 'slonik'
import { recordAudit } from '../auth/audit.queries'
import type { DataFeature } from '../db/seed'
import type { ErrorCode, ErrorParams } from '../http/error-codes'
import { textProblem } from '../http/input-guard'
import { fieldError, HttpProblem } from '../http/problem'
import { rebuildRoadGraph, summarizeRoadNetwork, type NetworkSummary } from './graph.queries'
import { countRoads, deleteAllRoads, insertRoads } from './roads.queries'

/** The road classes stored (OSM `highway` values people walk on; trunk only with foot=yes). */
export const ROAD_CLASSES = [
  'primary',
  'secondary',
  'tertiary',
  'unclassified',
  'residential',
  'living_street',
  'service',
  'pedestrian',
  'footway',
  'path',
  'steps',
  'track',
  'cycleway',
  'trunk',
] as const
export type RoadClass = (typeof ROAD_CLASSES)[number]

export const ROAD_SOURCES = ['generated', 'osm', 'survey'] as const
export type RoadSource = (typeof ROAD_SOURCES)[number]

/** Why a line of a network file is not imported. */
export const SKIP_REASONS = ['class', 'access', 'too_short', 'bad_geometry', 'not_a_line'] as const
export type SkipReason = (typeof SKIP_REASONS)[number]

/** A road read from a network file, checked: finite WGS 84 coordinates, at least two distinct positions. */
export type RoadLine = {
  name: string | null
  class: RoadClass
  walkable: boolean
  oneway: boolean
  osm_id: number | null
  data_source: RoadSource
  coordinates: [number, number][]
}

/** What a network file holds: its format, the roads kept, and how many lines were skipped and why. */
export type RoadsRead = {
  format: 'geojson' | 'osm.pbf'
  /** Lines considered: the parts of the GeoJSON features, or the OSM ways with a `highway` tag. */
  read: number
  lines: RoadLine[]
  skipped: Record<SkipReason, number>
  /** Names that were dropped (text the database cannot hold), the roads kept without one. */
  names_dropped: number
  /** OSM ways that refer to nodes missing from the extract, kept as their longest complete stretch. */
  incomplete: number
}

/** Progress of reading a file: bytes read of all, and OSM ways (or GeoJSON lines) read so far. */
export type ReadProgress = { bytes: number; total_bytes: number | null; ways: number }

/** The longest name stored, in characters. */
const MAX_NAME = 100

const FOOT_ALLOWED = new Set(['yes', 'designated', 'permissive'])
const NO_ACCESS = new Set(['private', 'no'])
const LINKED = new Set(['motorway', 'trunk', 'primary', 'secondary', 'tertiary'])

/** A 400 naming the `file` field with the code why it cannot be imported. */
export function fileProblem(code: ErrorCode, params?: ErrorParams): HttpProblem {
  return new HttpProblem(400, 'roads_file_invalid', {}, [fieldError('file', code, params)])
}

/**
 * The road class and walkability of an OSM way's tags or a GeoJSON feature's properties
 * (`class` or `highway`, `foot`, `access`, `walkable`), or why it is skipped: a class
 * nobody walks on (motorway, construction, …; trunk without foot=yes in OSM), or no
 * access on foot. `_link` roads count as their road. An explicit `walkable` (GeoJSON) is
 * kept as given.
 * @example classifyRoad({ highway: 'footway' }, 'osm') // { class: 'footway', walkable: true }
 * @example classifyRoad({ highway: 'motorway' }, 'osm') // 'class'
 */
export function classifyRoad(tags: Record<string, unknown>, format: RoadsRead['format']): { class: RoadClass; walkable: boolean } | SkipReason {
  const raw = typeof tags.class === 'string' ? tags.class : tags.highway
  if (typeof raw !== 'string') return 'class'
  const base = raw.endsWith('_link') && LINKED.has(raw.slice(0, -5)) ? raw.slice(0, -5) : raw
  if (!(ROAD_CLASSES as readonly string[]).includes(base)) return 'class'
  const foot = typeof tags.foot === 'string' ? tags.foot : undefined
  const access = typeof tags.access === 'string' ? tags.access : undefined
  const footAllowed = foot !== undefined && FOOT_ALLOWED.has(foot)
  if (foot === 'no' || (access !== undefined && NO_ACCESS.has(access) && !footAllowed)) return 'access'
  const walkableByClass = base !== 'trunk' || footAllowed
  if (format === 'osm.pbf' && !walkableByClass) return 'class'
  return { class: base as RoadClass, walkable: typeof tags.walkable === 'boolean' ? tags.walkable : walkableByClass }
}

/**
 * A line's positions as stored: [lon, lat] pairs (a height is dropped), repeated
 * consecutive positions removed; or why it cannot be: `bad_geometry` for a position that
 * is not two finite numbers within ±180/±90 or an edge of 180° of longitude or more (it
 * would run round the world), `too_short` for fewer than two distinct positions.
 * @example cleanLine([[113, 33], [113, 33], [113.1, 33]]) // [[113, 33], [113.1, 33]]
 */
export function cleanLine(positions: unknown): [number, number][] | 'bad_geometry' | 'too_short' {
  if (!Array.isArray(positions)) return 'bad_geometry'
  const out: [number, number][] = []
  for (const p of positions) {
    if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) return 'bad_geometry'
    const [lon, lat] = p as number[]
    if (Math.abs(lon!) > 180 || Math.abs(lat!) > 90) return 'bad_geometry'
    const last = out.at(-1)
    if (last && last[0] === lon && last[1] === lat) continue
    if (last && (Math.abs(last[0] - lon!) >= 180 || Math.abs(last[1] - lat!) >= 180)) return 'bad_geometry'
    out.push([lon!, lat!])
  }
  return out.length >= 2 ? out : 'too_short'
}

/** A name as stored: trimmed, at most MAX_NAME characters, null when empty; `dropped` when the database could not hold it. */
function cleanName(value: unknown): string | null | 'dropped' {
  if (typeof value !== 'string') return null
  if (textProblem(value)) return 'dropped'
  const name = [...value.trim()].slice(0, MAX_NAME).join('').trim()
  return name === '' ? null : name
}

const oneway = (value: unknown) => value === true || value === 'yes' || value === '1' || value === '-1' || value === 'true'

function emptyRead(format: RoadsRead['format']): RoadsRead {
  return { format, read: 0, lines: [], skipped: { class: 0, access: 0, too_short: 0, bad_geometry: 0, not_a_line: 0 }, names_dropped: 0, incomplete: 0 }
}

/** Adds one candidate line to what was read, or counts why it was skipped. */
function keepLine(
  into: RoadsRead,
  tags: Record<string, unknown>,
  positions: unknown,
  fields: { osm_id: number | null; data_source: RoadSource },
): void {
  into.read += 1
  const classified = classifyRoad(tags, into.format)
  if (typeof classified === 'string') {
    into.skipped[classified] += 1
    return
  }
  const coordinates = cleanLine(positions)
  if (typeof coordinates === 'string') {
    into.skipped[coordinates] += 1
    return
  }
  let name = cleanName(tags.name)
  if (name === 'dropped') {
    into.names_dropped += 1
    name = null
  }
  into.lines.push({ name, ...classified, oneway: oneway(tags.oneway), ...fields, coordinates })
}

/**
 * The format of a network file from its first bytes: an OSM PBF file starts with a 4-byte
 * big-endian length and a BlobHeader whose type is "OSMHeader"; a GeoJSON file is JSON
 * (an object, after any BOM and whitespace). Null for anything else.
 */
export function sniffRoadsFormat(bytes: Buffer): RoadsRead['format'] | null {
  if (bytes.length >= 8) {
    const length = bytes.readUInt32BE(0)
    if (length > 0 && length < 64 * 1024 && bytes.subarray(4, 4 + length).includes('OSMHeader')) return 'osm.pbf'
  }
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i += 1
  return bytes[i] === 0x7b ? 'geojson' : null
}

/**
 * Reads the roads of a GeoJSON FeatureCollection of LineString and MultiLineString
 * features (each part of a MultiLineString becomes a road). Properties: `name`, `class`
 * (or OSM's `highway`), `walkable`, `oneway`, `foot`, `access`, `osm_id`, `data_source`;
 * `source` is the data_source of features without a valid one of their own.
 * @throws HttpProblem 400 on `file` when the text is not JSON or not a FeatureCollection.
 */
export function readGeoJsonRoads(text: string, source: RoadSource = 'survey'): RoadsRead {
  let value: unknown
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (error) {
    throw fileProblem('damaged_road_network', { format: 'GeoJSON', problem: String((error as Error).message).slice(0, 120) })
  }
  const collection = value as { type?: unknown; features?: unknown }
  if (!collection || typeof collection !== 'object' || collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw fileProblem('not_a_road_network')
  }
  const into = emptyRead('geojson')
  for (const feature of collection.features as unknown[]) {
    const f = (feature && typeof feature === 'object' ? feature : {}) as { properties?: unknown; geometry?: { type?: unknown; coordinates?: unknown } | null }
    const properties = (f.properties && typeof f.properties === 'object' && !Array.isArray(f.properties) ? f.properties : {}) as Record<string, unknown>
    const dataSource = (ROAD_SOURCES as readonly unknown[]).includes(properties.data_source) ? (properties.data_source as RoadSource) : source
    const osmId = Number.isSafeInteger(properties.osm_id) && (properties.osm_id as number) > 0 ? (properties.osm_id as number) : null
    const geometry = f.geometry
    const parts =
      geometry?.type === 'LineString' ? [geometry.coordinates] : geometry?.type === 'MultiLineString' && Array.isArray(geometry.coordinates) ? (geometry.coordinates as unknown[]) : null
    if (!parts) {
      into.read += 1
      into.skipped.not_a_line += 1
      continue
    }
    for (const part of parts) keepLine(into, properties, part, { osm_id: osmId, data_source: dataSource })
  }
  return into
}

/** OSM node coordinates by id, packed: a city extract has millions of nodes. */
class NodeStore {
  private index = new Map<number, number>()
  private coords = new Float64Array(1 << 16)
  set(id: number, lon: number, lat: number) {
    const at = this.index.size * 2
    if (at + 2 > this.coords.length) {
      const grown = new Float64Array(this.coords.length * 2)
      grown.set(this.coords)
      this.coords = grown
    }
    this.coords[at] = lon
    this.coords[at + 1] = lat
    this.index.set(id, at)
  }
  get(id: number): [number, number] | undefined {
    const at = this.index.get(id)
    return at === undefined ? undefined : [this.coords[at]!, this.coords[at + 1]!]
  }
}

type OsmItem = { type?: string; id?: number; lat?: number; lon?: number; refs?: number[]; tags?: Record<string, string> }

/**
 * Reads the walkable ways of an OpenStreetMap `.osm.pbf` extract, streaming: nodes are
 * kept by id (an extract lists them before the ways), then each way with a `highway` tag
 * is classified (classifyRoad) and built from its nodes' coordinates. A way whose nodes
 * are partly missing from the extract keeps its longest run of present nodes.
 * @throws HttpProblem 400 on `file` when the data is damaged or cut short.
 */
export async function readOsmPbfRoads(
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
  options: { totalBytes?: number | null; onProgress?: (progress: ReadProgress) => void } = {},
): Promise<RoadsRead> {
  const into = emptyRead('osm.pbf')
  const nodes = new NodeStore()
  let ways = 0
  let bytes = 0
  const transform = new OSMTransform({ withTags: { node: false, way: ['highway', 'name', 'foot', 'access', 'oneway'], relation: false }, withInfo: false })
  const handle = (items: OsmItem[]) => {
    for (const item of items) {
      if (item.type === 'node') nodes.set(item.id!, item.lon!, item.lat!)
      else if (item.type === 'way') {
        ways += 1
        const tags = item.tags ?? {}
        if (typeof tags.highway !== 'string') continue
        const refs = item.refs ?? []
        let best: [number, number][] = []
        let run: [number, number][] = []
        for (const ref of refs) {
          const at = nodes.get(ref)
          if (at) run.push(at)
          else run = []
          if (run.length > best.length) best = run
        }
        if (best.length < refs.length) into.incomplete += 1
        keepLine(into, tags, best, { osm_id: item.id ?? null, data_source: 'osm' })
      }
    }
  }
  const damaged = (error: unknown) => fileProblem('damaged_road_network', { format: 'OSM PBF', problem: String((error as Error)?.message ?? error).slice(0, 120) })
  const ended = new Promise<void>((resolve, reject) => {
    transform.on('end', resolve)
    transform.on('error', (error) => reject(damaged(error)))
  })
  // Unhandled otherwise when the end is never reached: the error is the one `ended` rejects with.
  ended.catch(() => undefined)
  transform.on('data', handle)
  try {
    for await (const chunk of chunks) {
      bytes += chunk.length
      // The parser throws from write() on damaged data.
      if (!transform.write(chunk)) await Promise.race([once(transform, 'drain'), ended])
      options.onProgress?.({ bytes, total_bytes: options.totalBytes ?? null, ways })
    }
    transform.end()
  } catch (error) {
    transform.destroy()
    throw error instanceof HttpProblem ? error : damaged(error)
  }
  await ended
  // The parser waits for the rest of a block that never came: the file was cut short.
  const state = transform as unknown as { buffer: Buffer | null; offset: number }
  if (state.buffer && state.buffer.length - state.offset > 0) throw fileProblem('damaged_road_network', { format: 'OSM PBF', problem: 'the file ends inside a block' })
  return into
}

/**
 * Reads a network file of either format, sniffed from its bytes.
 * @throws HttpProblem 400 on `file`: empty, neither format, damaged, or no walkable road.
 */
export async function readRoadsFile(bytes: Buffer, source: RoadSource = 'survey'): Promise<RoadsRead> {
  if (bytes.length === 0) throw fileProblem('empty')
  const format = sniffRoadsFormat(bytes)
  if (format === null) throw fileProblem('not_a_road_network')
  const chunks = function* () {
    for (let at = 0; at < bytes.length; at += 1 << 20) yield bytes.subarray(at, at + (1 << 20))
  }
  const read = format === 'osm.pbf' ? await readOsmPbfRoads(chunks(), { totalBytes: bytes.length }) : readGeoJsonRoads(decodeText(bytes), source)
  requireWalkable(read)
  return read
}

/** The text of a GeoJSON file. @throws HttpProblem 400 on `file` when it is not UTF-8. */
export function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw fileProblem('invalid_unicode')
  }
}

/** @throws HttpProblem 400 on `file` when no walkable road was read. */
export function requireWalkable(read: RoadsRead): void {
  if (!read.lines.some((l) => l.walkable)) {
    const skipped = Object.entries(read.skipped).filter(([, n]) => n > 0).map(([reason, n]) => `${reason}: ${n}`)
    throw fileProblem('no_walkable_ways', { read: read.read, skipped: skipped.length ? skipped : ['none'] })
  }
}

/** The roads as GeoJSON features, as insertRoads takes them. */
export function roadFeatures(lines: readonly RoadLine[]): DataFeature[] {
  return lines.map(({ coordinates, ...properties }) => ({ type: 'Feature', properties, geometry: { type: 'LineString', coordinates } }))
}

/** What an import did, or in a dry run would do. */
export type RoadsImportReport = {
  dry_run: boolean
  replace: boolean
  format: RoadsRead['format']
  read: number
  kept: number
  skipped: Record<SkipReason, number>
  names_dropped: number
  incomplete: number
  /** Live roads removed first (replace). */
  removed: number
  inserted: number
  /** The network after the import (in a dry run, as it would be). */
  network: NetworkSummary
  ms: number
}

class DryRunRollback extends Error {
  constructor(readonly report: RoadsImportReport) {
    super('dry run')
  }
}

/**
 * Imports roads in one transaction: with `replace`, every stored road is deleted first
 * (hard delete: a replaced network is not kept), else the roads are added; then the graph
 * is rebuilt in the same transaction, so it never lags the roads, and the import is
 * audited. A dry run does all of it and rolls it back, so the report says exactly what the
 * network would be and nothing is written. `user` is who the audit entry names (a user
 * id null: the command line).
 */
export async function importRoads(
  db: DatabasePool | CommonQueryMethods,
  read: RoadsRead,
  options: { dryRun: boolean; replace: boolean; user?: { id: number | null; username: string } },
): Promise<RoadsImportReport> {
  const started = Date.now()
  try {
    return await db.transaction(async (tx) => {
      const before = await countRoads(tx)
      const removed = options.replace ? await deleteAllRoads(tx) : 0
      const inserted = await insertRoads(tx, roadFeatures(read.lines))
      const generation = await rebuildRoadGraph(tx)
      const network = await summarizeRoadNetwork(tx, generation)
      const report: RoadsImportReport = {
        dry_run: options.dryRun,
        replace: options.replace,
        format: read.format,
        read: read.read,
        kept: read.lines.length,
        skipped: read.skipped,
        names_dropped: read.names_dropped,
        incomplete: read.incomplete,
        removed,
        inserted,
        network,
        ms: Date.now() - started,
      }
      if (options.dryRun) throw new DryRunRollback(report)
      if (options.user) {
        await recordAudit(tx, {
          user: options.user,
          action: options.replace ? 'update' : 'create',
          table: 'roads',
          recordId: `import:${read.format}`,
          changes: { roads: { old: before, new: before - removed + inserted }, replace: { old: null, new: options.replace } },
        })
      }
      return report
    })
  } catch (error) {
    if (error instanceof DryRunRollback) return { ...error.report, ms: Date.now() - started }
    throw error
  }
}
