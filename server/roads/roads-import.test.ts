import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { HttpProblem } from '../http/problem'
import { componentsOf } from './graph.queries'
import { classifyRoad, cleanLine, readGeoJsonRoads, readRoadsFile, sniffRoadsFormat } from './roads-import'

const FIXTURES = path.join(import.meta.dirname, '../../test/fixtures/roads')
const pbf = () => fs.readFileSync(path.join(FIXTURES, 'tiny.osm.pbf'))

/** The field errors of a problem thrown by `run`. */
async function problemOf(run: () => unknown): Promise<{ status: number; code: string; errors: { field: string; code: string }[] }> {
  try {
    await run()
  } catch (error) {
    if (error instanceof HttpProblem) return { status: error.status, code: error.code, errors: error.errors }
    throw error
  }
  throw new Error('no problem was thrown')
}

const line = (properties: Record<string, unknown>, coordinates: unknown = [[113.2, 33.7], [113.21, 33.7]]) => ({
  type: 'Feature',
  properties,
  geometry: { type: 'LineString', coordinates },
})
const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features })

describe('classifyRoad', () => {
  it('keeps the classes people walk on and drops motorways, foot=no and private access', () => {
    expect(classifyRoad({ highway: 'footway' }, 'osm.pbf')).toEqual({ class: 'footway', walkable: true })
    expect(classifyRoad({ highway: 'primary_link' }, 'osm.pbf')).toEqual({ class: 'primary', walkable: true })
    expect(classifyRoad({ highway: 'motorway' }, 'osm.pbf')).toBe('class')
    expect(classifyRoad({ highway: 'construction' }, 'osm.pbf')).toBe('class')
    expect(classifyRoad({ highway: 'trunk' }, 'osm.pbf')).toBe('class')
    expect(classifyRoad({ highway: 'trunk', foot: 'yes' }, 'osm.pbf')).toEqual({ class: 'trunk', walkable: true })
    expect(classifyRoad({ highway: 'residential', foot: 'no' }, 'osm.pbf')).toBe('access')
    expect(classifyRoad({ highway: 'service', access: 'private' }, 'osm.pbf')).toBe('access')
    expect(classifyRoad({ highway: 'service', access: 'private', foot: 'yes' }, 'osm.pbf')).toEqual({ class: 'service', walkable: true })
  })

  it('keeps a GeoJSON line’s own walkable flag, and a trunk road as not walkable', () => {
    expect(classifyRoad({ class: 'trunk' }, 'geojson')).toEqual({ class: 'trunk', walkable: false })
    expect(classifyRoad({ class: 'residential', walkable: false }, 'geojson')).toEqual({ class: 'residential', walkable: false })
  })
})

describe('cleanLine', () => {
  it('drops repeated positions and heights, and refuses lines off the globe or of one point', () => {
    expect(cleanLine([[113, 33, 80], [113, 33], [113.1, 33]])).toEqual([[113, 33], [113.1, 33]])
    expect(cleanLine([[113, 33], [113, 33]])).toBe('too_short')
    expect(cleanLine([[113, 33]])).toBe('too_short')
    expect(cleanLine([[181, 33], [113, 33]])).toBe('bad_geometry')
    expect(cleanLine([[113, 91], [113, 33]])).toBe('bad_geometry')
    expect(cleanLine([[Number.NaN, 33], [113, 33]])).toBe('bad_geometry')
    expect(cleanLine([['113', 33], [113, 33]])).toBe('bad_geometry')
    expect(cleanLine([[-179, 0], [179, 0]])).toBe('bad_geometry')
    expect(cleanLine('x')).toBe('bad_geometry')
  })
})

describe('sniffRoadsFormat', () => {
  it('tells an .osm.pbf from GeoJSON by the bytes, and neither from anything else', () => {
    expect(sniffRoadsFormat(pbf())).toBe('osm.pbf')
    expect(sniffRoadsFormat(Buffer.from('\ufeff  {"type":"FeatureCollection"}'))).toBe('geojson')
    expect(sniffRoadsFormat(Buffer.from('code,name\n1,a'))).toBeNull()
    expect(sniffRoadsFormat(Buffer.from([0, 0, 0, 13, 1, 2, 3, 4, 5, 6, 7, 8]))).toBeNull()
  })
})

describe('readRoadsFile: OpenStreetMap .osm.pbf', () => {
  it('keeps footways, residential roads and trunk roads with foot=yes; drops motorways, foot=no, private access and a way cut by the extract', async () => {
    const read = await readRoadsFile(pbf())
    expect(read.format).toBe('osm.pbf')
    expect(read.read).toBe(8) // every way with a highway tag; the building is not a line of the network
    expect(read.lines.map((l) => [l.osm_id, l.class, l.name, l.oneway])).toEqual([
      [101, 'footway', '园中步道', false],
      [102, 'residential', '建设路', true],
      [105, 'trunk', null, false],
    ])
    expect(read.skipped).toEqual({ class: 2, access: 2, too_short: 1, bad_geometry: 0, not_a_line: 0 })
    expect(read.incomplete).toBe(1)
    expect(read.lines[0]!.coordinates).toEqual([[113.2, 33.7], [113.21, 33.7], [113.22, 33.7]])
    expect(read.lines.every((l) => l.data_source === 'osm' && l.walkable)).toBe(true)
  })

  it('refuses a file cut short, naming the file', async () => {
    const problem = await problemOf(() => readRoadsFile(pbf().subarray(0, 300)))
    expect(problem).toMatchObject({ status: 400, code: 'roads_file_invalid', errors: [{ field: 'file', code: 'damaged_road_network' }] })
  })

  it('refuses a file whose data blocks are garbage', async () => {
    const bytes = Buffer.from(pbf())
    for (let i = 40; i < bytes.length; i += 1) bytes[i] = (i * 37) & 0xff
    const problem = await problemOf(() => readRoadsFile(bytes))
    expect(problem.errors[0]).toMatchObject({ field: 'file', code: 'damaged_road_network' })
  })
})

describe('readRoadsFile: GeoJSON', () => {
  it('reads LineStrings and each part of a MultiLineString, counting what it skips and why', async () => {
    const text = collection(
      line({ name: ' 中兴路 ', class: 'residential' }),
      line({ highway: 'footway', data_source: 'generated', osm_id: 7 }),
      { type: 'Feature', properties: { class: 'path' }, geometry: { type: 'MultiLineString', coordinates: [[[113.3, 33.7], [113.31, 33.7]], [[113.3, 33.8], [113.3, 33.8]]] } },
      line({ class: 'motorway' }),
      line({ class: 'service', access: 'private' }),
      line({ class: 'footway' }, [[200, 33.7], [113.2, 33.7]]),
      { type: 'Feature', properties: { class: 'footway' }, geometry: { type: 'Point', coordinates: [113.2, 33.7] } },
      { type: 'Feature', properties: null, geometry: null },
    )
    const read = await readRoadsFile(Buffer.from(text), 'survey')
    expect(read.format).toBe('geojson')
    expect(read.read).toBe(9)
    expect(read.lines.map((l) => [l.name, l.class, l.data_source, l.osm_id])).toEqual([
      ['中兴路', 'residential', 'survey', null],
      [null, 'footway', 'generated', 7],
      [null, 'path', 'survey', null],
    ])
    expect(read.skipped).toEqual({ class: 1, access: 1, too_short: 1, bad_geometry: 1, not_a_line: 2 })
  })

  it('cuts a name to 100 characters and drops one the database cannot hold', () => {
    const read = readGeoJsonRoads(collection(line({ class: 'path', name: '路'.repeat(120) }), line({ class: 'path', name: 'a\u0000b' })))
    expect([...read.lines[0]!.name!].length).toBe(100)
    expect(read.lines[1]!.name).toBeNull()
    expect(read.names_dropped).toBe(1)
  })

  it('refuses a file that is not a network, is damaged JSON, is empty or has no walkable line, naming the file', async () => {
    const cases: [Buffer, string][] = [
      [Buffer.from('code,population\n1,2'), 'not_a_road_network'],
      [Buffer.from('{"type":"Feature","geometry":null}'), 'not_a_road_network'],
      [Buffer.from('{"type":"FeatureCollection","features":['), 'damaged_road_network'],
      [Buffer.alloc(0), 'empty'],
      [Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), 'invalid_unicode'],
      [Buffer.from(collection(line({ class: 'motorway' }), line({ class: 'trunk' }))), 'no_walkable_ways'],
      [Buffer.from(collection()), 'no_walkable_ways'],
    ]
    for (const [bytes, code] of cases) {
      const problem = await problemOf(() => readRoadsFile(bytes))
      expect(problem, code).toMatchObject({ status: 400, code: 'roads_file_invalid', errors: [{ field: 'file', code }] })
    }
  })
})

describe('componentsOf', () => {
  it('counts the connected components of an edge list and the edges of the largest', () => {
    expect(componentsOf([])).toEqual({ components: 0, largestEdges: 0 })
    expect(componentsOf([{ source: 1, target: 2 }, { source: 3, target: 4 }, { source: 2, target: 5 }, { source: 5, target: 1 }])).toEqual({ components: 2, largestEdges: 3 })
    const chain = Array.from({ length: 10_000 }, (_, i) => ({ source: i, target: i + 1 }))
    expect(componentsOf(chain.reverse())).toEqual({ components: 1, largestEdges: 10_000 })
  })
})
