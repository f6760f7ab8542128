import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { z } from 'zod'
import { checkTopology, geometryFromGeoJson } from '../server/boundaries/topology.queries'
import { numberingOrder, parseMarkerNumber } from '../server/boundaries/marker-number'
import { sql } from '../server/db/sql'
import { callApi, type Call } from './support/call'
import { startTestApp } from './support/test-app'
import { createTestUser, type TestUser } from './support/users'

let app: Awaited<ReturnType<typeof startTestApp>>
let admin: TestUser
beforeAll(async () => {
  app = await startTestApp({ poolSize: 3 })
  admin = await createTestUser(app.pool, ['admin'], [], 'badmin')
})
afterAll(async () => {
  await app.close()
})

const call = (method: string, p: string, user: TestUser | null, body?: unknown, headers: Record<string, string> = {}) => callApi(app.url, method, p, user, body, headers)

function expectProblem(res: Call, status: number, field: string | null, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  expect(res.type).toMatch(/problem\+json/)
  if (field) expect(res.body.errors?.find((e: { field: string }) => e.field === field)?.code, JSON.stringify(res.body)).toBe(code)
  else expect(res.body.code, JSON.stringify(res.body)).toBe(code)
}

/** An inspector attached to `units`. */
async function inspector(units: string[]): Promise<TestUser> {
  const user = await createTestUser(app.pool, ['boundary_inspector'], [], 'insp')
  const res = await call('PUT', `/api/boundaries/inspectors/${user.id}/units`, admin, { unit_codes: units })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return user
}

async function inspectionOf(round: number, lineId: string): Promise<number> {
  return app.pool.oneFirst(sql.type(z.object({ id: z.number() }))`SELECT id::int AS id FROM boundary_inspections WHERE round_number = ${round} AND line_id = ${lineId}`)
}

const Marker = z.object({ id: z.number(), number: z.string(), lon: z.number(), lat: z.number() })
async function markersOf(lineId: string) {
  return app.pool.any(sql.type(Marker)`
    SELECT id::int AS id, number, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM boundary_markers WHERE line_id = ${lineId} AND deleted_at IS NULL ORDER BY number`)
}

/**
 * The inverse geodesic problem on WGS 84 by Vincenty (1975): metres between two points,
 * written out here so that the server's displacement is checked against arithmetic of its own.
 */
function vincenty(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const a = 6378137
  const f = 1 / 298.257223563
  const b = a * (1 - f)
  const rad = Math.PI / 180
  const L = (lon2 - lon1) * rad
  const U1 = Math.atan((1 - f) * Math.tan(lat1 * rad))
  const U2 = Math.atan((1 - f) * Math.tan(lat2 * rad))
  const [sinU1, cosU1, sinU2, cosU2] = [Math.sin(U1), Math.cos(U1), Math.sin(U2), Math.cos(U2)]
  let lambda = L
  for (let i = 0; i < 200; i++) {
    const sinL = Math.sin(lambda)
    const cosL = Math.cos(lambda)
    const sinSigma = Math.sqrt((cosU2 * sinL) ** 2 + (cosU1 * sinU2 - sinU1 * cosU2 * cosL) ** 2)
    if (sinSigma === 0) return 0
    const cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosL
    const sigma = Math.atan2(sinSigma, cosSigma)
    const sinAlpha = (cosU1 * cosU2 * sinL) / sinSigma
    const cos2Alpha = 1 - sinAlpha ** 2
    const cos2SigmaM = cos2Alpha === 0 ? 0 : cosSigma - (2 * sinU1 * sinU2) / cos2Alpha
    const C = (f / 16) * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha))
    const next = L + (1 - C) * f * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM ** 2)))
    const converged = Math.abs(next - lambda) < 1e-13
    lambda = next
    if (converged) {
      const u2 = (cos2Alpha * (a * a - b * b)) / (b * b)
      const A = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)))
      const B = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)))
      const dSigma = B * sinSigma * (cos2SigmaM + (B / 4) * (cosSigma * (-1 + 2 * cos2SigmaM ** 2) - (B / 6) * cos2SigmaM * (-3 + 4 * sinSigma ** 2) * (-3 + 4 * cos2SigmaM ** 2)))
      return b * A * (sigma - dSigma)
    }
  }
  throw new Error('Vincenty did not converge')
}

/** A point `metres` from (lon, lat) towards `bearing` degrees, on a local tangent plane (close enough to aim; the distance is measured by vincenty). */
function offset(lon: number, lat: number, metres: number, bearing: number): [number, number] {
  const r = (bearing * Math.PI) / 180
  const mPerDegLat = 110_574
  const mPerDegLon = 111_320 * Math.cos((lat * Math.PI) / 180)
  return [lon + (metres * Math.sin(r)) / mPerDegLon, lat + (metres * Math.cos(r)) / mPerDegLat]
}

describe('the sample markers and rounds', () => {
  it('number every marker by the convention, numbered from the west (or north) end of its line, labelled generated', async () => {
    const rows = await app.pool.any(sql.type(z.object({ line_id: z.string(), number: z.string(), kind: z.string(), data_source: z.string(), lon: z.number(), lat: z.number(), line: z.record(z.unknown()) }))`
      SELECT m.line_id, m.number, m.kind, m.data_source, ST_X(m.geom) AS lon, ST_Y(m.geom) AS lat, ST_AsGeoJSON(l.geom)::json AS line
      FROM boundary_markers m JOIN boundary_lines l ON l.id = m.line_id WHERE m.data_source = 'generated' ORDER BY m.number`)
    expect(rows.length).toBeGreaterThan(200)
    expect(new Set(rows.map((r) => r.line_id)).size).toBe(25)
    expect(rows.filter((r) => r.kind === 'double').length).toBeGreaterThan(20)
    for (const r of rows) {
      const n = parseMarkerNumber(r.number)!
      expect(n, r.number).not.toBeNull()
      expect(n.lineCode).toBe(r.line_id.replace('-', ''))
    }
    // Sequence 001 is the marker nearest the line's first point in numbering order.
    for (const lineId of ['4104-4113', '410421-410425']) {
      const own = rows.filter((r) => r.line_id === lineId)
      const first = numberingOrder((own[0]!.line as { coordinates: number[][][] }).coordinates)[0]![0]!
      const nearest = [...own].sort((a, b) => vincenty(a.lon, a.lat, first[0]!, first[1]!) - vincenty(b.lon, b.lat, first[0]!, first[1]!))[0]!
      expect(parseMarkerNumber(nearest.number)!.sequence, lineId).toBe(1)
    }
  })

  it('have the 4th round with a mix of statuses across the 25 lines and the 5th opened', async () => {
    const four = (await call('GET', '/api/boundaries/rounds/4/summary', null)).body
    expect(four.lines).toHaveLength(25)
    expect(Object.values(four.lines_by_status as Record<string, number>).reduce((s, n) => s + n, 0)).toBe(25)
    expect(four.lines_by_status.archived).toBeGreaterThan(5)
    for (const status of ['in_field', 'agreed', 'report_filed', 'not_started']) expect(four.lines_by_status[status], status).toBeGreaterThan(0)
    expect(four.markers_by_finding.intact).toBeGreaterThan(100)
    expect(four.displaced.length).toBeGreaterThan(0)
    const five = (await call('GET', '/api/boundaries/rounds', null)).body.rounds.find((r: { number: number }) => r.number === 5)
    expect(five).toMatchObject({ status: 'open', lines: 25, data_source: 'generated' })
    expectProblem(await call('GET', '/api/boundaries/rounds/9/summary', null), 404, null, 'unknown_round')
  })
})

describe('writing markers through the OGC API', () => {
  const marker = (properties: Record<string, unknown> = {}, coordinates = [113.3, 33.9]) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates },
    properties: {
      line_id: '410402-410403', number: '410402410403901Q', kind: 'single', side_code: null, elevation_m: 101.5,
      reference_objects: ['电杆|45|18.5', '大树|120|30', '机井|300|12'], material: 'granite', erected_on: '2024-05-01', state: 'standing', data_source: 'survey',
      ...properties,
    },
  })

  it('refuses numbers that break the convention or repeat on a line, naming the field', async () => {
    const editor = await inspector(['410402'])
    expectProblem(await call('POST', '/ogc/collections/boundary_markers/items', editor, marker({ number: '410402410403000Q' })), 400, 'properties.number', 'bad_marker_number')
    expectProblem(await call('POST', '/ogc/collections/boundary_markers/items', editor, marker({ number: '410402410411901Q' })), 400, 'properties.number', 'marker_number_wrong_line')
    expectProblem(await call('POST', '/ogc/collections/boundary_markers/items', editor, marker({ number: '410402410403901A' })), 400, 'properties.number', 'marker_letter_kind')
    expectProblem(await call('POST', '/ogc/collections/boundary_markers/items', editor, marker({ number: '410402410403902A', kind: 'double', side_code: '410403' })), 400, 'properties.side_code', 'marker_side_letter')
    expectProblem(await call('POST', '/ogc/collections/boundary_markers/items', editor, marker({ reference_objects: ['电杆|45|18.5', '大树|400|30', '机井|300|12'] })), 400, 'properties.reference_objects.1', 'bad_reference_object')
    expectProblem(await call('POST', '/ogc/collections/boundary_markers/items', editor, marker({ reference_objects: ['电杆|45|18.5'] })), 400, 'properties.reference_objects', 'too_few_items')
    expect((await call('POST', '/ogc/collections/boundary_markers/items', editor, marker())).status).toBe(201)
    expectProblem(await call('POST', '/ogc/collections/boundary_markers/items', editor, marker()), 409, 'properties.number', 'taken')
    // A pair at a sequence a single marker has: taken too.
    expectProblem(await call('POST', '/ogc/collections/boundary_markers/items', editor, marker({ number: '410402410403901A', kind: 'double', side_code: '410402' })), 409, 'properties.number', 'taken')
    // Both markers of a pair share the sequence.
    expect((await call('POST', '/ogc/collections/boundary_markers/items', editor, marker({ number: '410402410403903A', kind: 'double', side_code: '410402' }))).status).toBe(201)
    expect((await call('POST', '/ogc/collections/boundary_markers/items', editor, marker({ number: '410402410403903B', kind: 'double', side_code: '410403' }))).status).toBe(201)
    // An inspector of neither side may not add markers to the line.
    const other = await inspector(['4111'])
    expectProblem(await call('POST', '/ogc/collections/boundary_markers/items', other, marker({ number: '410402410403904Q' })), 403, null, 'not_a_side')
    expect(await app.pool.oneFirst(sql.type(z.object({ n: z.number() }))`SELECT count(*)::int AS n FROM boundary_markers WHERE number = '410402410403904Q'`)).toBe(0)
  })

  it('refuses to move a registered position or change its elevation by a plain edit, saying how', async () => {
    const editor = await inspector(['410402'])
    const [m] = await markersOf('410402-410411')
    const item = await call('GET', `/ogc/collections/boundary_markers/items/${m!.id}`, null)
    const moved = await call('PATCH', `/ogc/collections/boundary_markers/items/${m!.id}`, editor, { geometry: { type: 'Point', coordinates: [m!.lon + 0.001, m!.lat] } }, { 'if-match': item.etag!, 'content-type': 'application/merge-patch+json' })
    expectProblem(moved, 409, 'geometry', 'registered_position_locked')
    expect(moved.body.detail).toMatch(/agreed finding/)
    const raised = await call('PATCH', `/ogc/collections/boundary_markers/items/${m!.id}`, editor, { properties: { elevation_m: 999 } }, { 'if-match': item.etag!, 'content-type': 'application/merge-patch+json' })
    expectProblem(raised, 409, 'properties.elevation_m', 'registered_position_locked')
    const [after] = await markersOf('410402-410411')
    expect([after!.lon, after!.lat]).toEqual([m!.lon, m!.lat])
    // Other properties, and the geometry sent back as served, are fine.
    const ok = await call('PATCH', `/ogc/collections/boundary_markers/items/${m!.id}`, editor, { geometry: item.body.geometry, properties: { material: 'concrete' } }, { 'if-match': item.etag!, 'content-type': 'application/merge-patch+json' })
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
  })
})

describe('findings and the two-party confirmation', () => {
  it('computes the displacement on the ellipsoid, as an independent geodesic computation does', async () => {
    const a = await inspector(['4104'])
    const id = await inspectionOf(5, '4104-4113')
    const markers = await markersOf('4104-4113')
    for (const [i, [metres, bearing]] of [[3.2, 10], [37.5, 135], [480, 250], [150, 90]].entries()) {
      const m = markers[i]!
      const at = offset(m.lon, m.lat, metres!, bearing!)
      const res = await call('POST', `/api/boundaries/inspections/${id}/findings`, a, { marker_id: m.id, condition: 'displaced', measured: { type: 'Point', coordinates: at }, accuracy_m: 4.5 })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      const expected = vincenty(m.lon, m.lat, at[0], at[1])
      expect(Math.abs(res.body.displacement_m - expected), `${metres} m`).toBeLessThan(0.001)
      expect(Math.abs(expected - metres!) / metres!).toBeLessThan(0.01)
    }
  })

  it('refuses bad findings with a 4xx naming the field, and saves nothing of them', async () => {
    const a = await inspector(['4104'])
    const id = await inspectionOf(5, '4104-4113')
    const [m] = await markersOf('4104-4113')
    const [otherLine] = await markersOf('4104-4110')
    const version = async () => (await call('GET', `/api/boundaries/inspections/${id}`, null)).body.inspection.findings_version
    const before = await version()
    const post = (body: Record<string, unknown>, user = a) => call('POST', `/api/boundaries/inspections/${id}/findings`, user, body)
    expectProblem(await post({ marker_id: m!.id, condition: 'displaced', measured: { type: 'Point', coordinates: offset(m!.lon, m!.lat, 300_000, 45) } }), 400, 'measured', 'too_far_from_marker')
    expectProblem(await post({ marker_id: m!.id, condition: 'displaced', measured: { type: 'Point', coordinates: [m!.lon, m!.lat] }, accuracy_m: -2 }), 400, 'accuracy_m', 'too_small')
    expectProblem(await post({ marker_id: m!.id, condition: 'displaced' }), 400, 'measured', 'required_when')
    expectProblem(await post({ marker_id: otherLine!.id, condition: 'intact' }), 400, 'marker_id', 'marker_not_on_line')
    expectProblem(await post({ marker_id: m!.id, condition: 'intact', photo_ids: [987654321] }), 400, 'photo_ids.0', 'unknown_file')
    expectProblem(await post({ marker_id: m!.id, condition: 'broken' }), 400, 'condition', 'not_one_of')
    expectProblem(await post({ marker_id: m!.id, condition: 'intact', repaired_by: '4111', repairs: '描红' }), 400, 'repaired_by', 'not_one_of')
    const stranger = await inspector(['4111'])
    expectProblem(await post({ marker_id: m!.id, condition: 'intact' }, stranger), 403, null, 'not_a_side')
    expect(await version()).toBe(before)
  })

  it('counts as agreed only when both sides confirm the current version; a later change reopens it and says what changed', async () => {
    const ours = await inspector(['4104'])
    const theirs = await inspector(['4110'])
    const stranger = await inspector(['4111'])
    const id = await inspectionOf(5, '4104-4110')
    const markers = await markersOf('4104-4110')
    for (const m of markers.slice(0, 3)) {
      expect((await call('POST', `/api/boundaries/inspections/${id}/findings`, ours, { marker_id: m.id, condition: 'intact' })).status).toBe(201)
    }
    const detail = (await call('GET', `/api/boundaries/inspections/${id}`, null)).body
    expect(detail.inspection.status).toBe('in_field')
    const v = detail.inspection.findings_version
    expectProblem(await call('POST', `/api/boundaries/inspections/${id}/confirmations`, stranger, { version: v }), 403, null, 'not_a_side')
    const first = await call('POST', `/api/boundaries/inspections/${id}/confirmations`, ours, { version: v })
    expect(first.status, JSON.stringify(first.body)).toBe(200)
    expect(first.body.agreed).toBe(false)
    expect(first.body.status).toBe('in_field')
    expect(first.body.sides.map((s: { side_code: string; current: boolean }) => [s.side_code, s.current])).toEqual([['4104', true], ['4110', false]])
    const second = await call('POST', `/api/boundaries/inspections/${id}/confirmations`, theirs, { version: v })
    expect(second.body).toMatchObject({ agreed: true, status: 'agreed', findings_version: v })
    expect(second.body.sides.every((s: { confirmation: { findings_version: number } }) => s.confirmation.findings_version === v)).toBe(true)

    // The other side records a change along the line: the findings are open again.
    const change = await call('POST', `/api/boundaries/inspections/${id}/changes`, theirs, { kind: 'road', note: '新修乡道穿越界线', geometry: { type: 'LineString', coordinates: [[markers[0]!.lon, markers[0]!.lat], [markers[0]!.lon + 0.003, markers[0]!.lat + 0.002]] } })
    expect(change.status, JSON.stringify(change.body)).toBe(201)
    const reopened = (await call('GET', `/api/boundaries/inspections/${id}`, null)).body
    expect(reopened.inspection.status).toBe('in_field')
    expect(reopened.confirmations.agreed).toBe(false)
    for (const side of reopened.confirmations.sides) {
      expect(side.confirmation.findings_version).toBe(v)
      expect(side.current).toBe(false)
      expect(side.changes_since).toEqual([expect.objectContaining({ kind: 'change', findings_version: v + 1, side_code: '4110', summary: expect.objectContaining({ kind: 'road' }) })])
    }
    // Confirming the version that was current is refused: it no longer is.
    expectProblem(await call('POST', `/api/boundaries/inspections/${id}/confirmations`, ours, { version: v }), 409, 'version', 'stale_findings')
    expect((await call('POST', `/api/boundaries/inspections/${id}/confirmations`, ours, { version: v + 1 })).body.agreed).toBe(false)
    expect((await call('POST', `/api/boundaries/inspections/${id}/confirmations`, theirs, { version: v + 1 })).body.agreed).toBe(true)
    // The neighbouring city's account is scoped to the lines it shares.
    const elsewhere = await inspectionOf(5, '4104-4111')
    const [m] = await markersOf('4104-4111')
    expectProblem(await call('POST', `/api/boundaries/inspections/${elsewhere}/findings`, theirs, { marker_id: m!.id, condition: 'intact' }), 403, null, 'not_a_side')
  })

  it('moves a registered position only through an agreed finding', async () => {
    const ours = await inspector(['4104'])
    const theirs = await inspector(['4117'])
    const id = await inspectionOf(5, '4104-4117')
    const [m] = await markersOf('4104-4117')
    const at = offset(m!.lon, m!.lat, 25, 60).map((x) => Math.round(x * 1e7) / 1e7) as [number, number]
    const res = await call('POST', `/api/boundaries/inspections/${id}/findings`, ours, { marker_id: m!.id, condition: 'rebuilt', measured: { type: 'Point', coordinates: at }, register_measured: true, repairs: '原桩损毁，重新埋设', repaired_by: '4104' })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const v = res.body.findings_version
    await call('POST', `/api/boundaries/inspections/${id}/confirmations`, ours, { version: v })
    let [now] = await markersOf('4104-4117')
    expect([now!.lon, now!.lat]).toEqual([m!.lon, m!.lat])
    expect((await call('POST', `/api/boundaries/inspections/${id}/confirmations`, theirs, { version: v })).body.agreed).toBe(true)
    ;[now] = await markersOf('4104-4117')
    expect(now!.lon).toBeCloseTo(at[0], 9)
    expect(now!.lat).toBeCloseTo(at[1], 9)
    const history = await app.pool.oneFirst(sql.type(z.object({ n: z.number() }))`SELECT count(*)::int AS n FROM boundary_marker_registrations WHERE marker_id = ${m!.id}`)
    expect(history).toBe(1)
  })
})

describe('the report', () => {
  it('is a PDF whose Chinese text, the displaced marker and its displacement pdftotext reads', async () => {
    const a = await inspector(['410421'])
    const id = await inspectionOf(5, '410421-410425')
    const [m] = await markersOf('410421-410425')
    const res = await call('POST', `/api/boundaries/inspections/${id}/findings`, a, { marker_id: m!.id, condition: 'displaced', measured: { type: 'Point', coordinates: offset(m!.lon, m!.lat, 18, 200) }, accuracy_m: 5, note: '修路时被推移' })
    expect(res.status).toBe(201)
    const pdf = await fetch(`${app.url}/api/boundaries/inspections/${id}/report.pdf`)
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'))
    const file = path.join(dir, 'report.pdf')
    fs.writeFileSync(file, Buffer.from(await pdf.arrayBuffer()))
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    fs.rmSync(dir, { recursive: true, force: true })
    expect(text).toContain('宝丰县—郏县线第5轮联合检查报告')
    expect(text).toContain(m!.number)
    expect(text).toContain(`位移 ${res.body.displacement_m.toFixed(2)} 米`)
    expect(text).toContain('修路时被推移')
    expect(text).toContain('负责人（签字）')
    const html = await fetch(`${app.url}/api/boundaries/inspections/${id}/report.html`)
    expect(await html.text()).toContain(m!.number)
  })
})

describe('the topology check', () => {
  // Two hand-made 1 km squares side by side near 113.3° E 33.7° N, in metres on a local
  // plane: B's west edge lies 20 m east of A's east edge from y 200 to 400 m (a gap of
  // 20 × 200 = 4,000 m²) and 10 m west of it from y 600 to 800 m (an overlap of 2,000 m²).
  const lon0 = 113.3
  const lat0 = 33.7
  const mLat = 110_574 + 1_110 * Math.sin((lat0 * Math.PI) / 180) ** 2
  const mLon = 111_320 * Math.cos((lat0 * Math.PI) / 180)
  const xy = (x: number, y: number) => [lon0 + x / mLon, lat0 + y / mLat]
  const ring = (points: [number, number][]) => ({ type: 'Polygon', coordinates: [[...points, points[0]!].map(([x, y]) => xy(x, y))] })
  const sideA = ring([[0, 0], [1000, 0], [1000, 1000], [0, 1000]])
  const sideB = ring([[1000, 0], [2000, 0], [2000, 1000], [1000, 1000], [1000, 800], [990, 800], [990, 600], [1000, 600], [1000, 400], [1020, 400], [1020, 200], [1000, 200]])
  const line = { type: 'LineString', coordinates: [xy(1000, 0), xy(1000, 1000)] }

  it('finds the gap and the overlap with their areas and places', async () => {
    const result = await checkTopology(app.pool, { line: geometryFromGeoJson(line), sideA: geometryFromGeoJson(sideA), sideB: geometryFromGeoJson(sideB), toleranceM: 30 })
    expect(result.gaps).toHaveLength(1)
    expect(result.overlaps).toHaveLength(1)
    expect(result.gaps[0]!.area_m2).toBeGreaterThan(4000 * 0.98)
    expect(result.gaps[0]!.area_m2).toBeLessThan(4000 * 1.02)
    expect(result.overlaps[0]!.area_m2).toBeGreaterThan(2000 * 0.98)
    expect(result.overlaps[0]!.area_m2).toBeLessThan(2000 * 1.02)
    // The gap lies between x 1000 and 1020 m, y 200 and 400 m; the overlap between x 990 and 1000, y 600 and 800.
    const [gx, gy] = [(result.gaps[0]!.at[0] - lon0) * mLon, (result.gaps[0]!.at[1] - lat0) * mLat]
    expect(gx).toBeGreaterThan(999)
    expect(gx).toBeLessThan(1021)
    expect(gy).toBeGreaterThan(199)
    expect(gy).toBeLessThan(401)
    const [ox, oy] = [(result.overlaps[0]!.at[0] - lon0) * mLon, (result.overlaps[0]!.at[1] - lat0) * mLat]
    expect(ox).toBeGreaterThan(989)
    expect(ox).toBeLessThan(1001)
    expect(oy).toBeGreaterThan(599)
    expect(oy).toBeLessThan(801)
    // Within a 30 m tolerance the line never leaves the shared edge.
    expect(result.off_edge).toEqual([])
  })

  it('reports where the line leaves the shared edge by more than the tolerance, with the distance', async () => {
    const result = await checkTopology(app.pool, { line: geometryFromGeoJson(line), sideA: geometryFromGeoJson(sideA), sideB: geometryFromGeoJson(sideB), toleranceM: 5 })
    expect(result.off_edge).toHaveLength(2)
    const [gap, overlap] = result.off_edge
    expect(gap!.max_distance_m).toBeGreaterThan(19.5)
    expect(gap!.max_distance_m).toBeLessThan(20.5)
    expect(gap!.from_km).toBeGreaterThanOrEqual(0.2)
    expect(gap!.to_km).toBeLessThanOrEqual(0.4)
    expect(overlap!.max_distance_m).toBeGreaterThan(9.5)
    expect(overlap!.max_distance_m).toBeLessThan(10.5)
    expect(overlap!.from_km).toBeGreaterThanOrEqual(0.6)
  })

  // On the embedded database this check once lost its statement ("portal does not exist"):
  // GEOS's floating overlay of the real outlines fell back through a C++ exception.
  it('finds the shipped lines on the shared edge of their sides, and the generalised outlines parting by up to about 110 m', async () => {
    const answer = await call('GET', '/api/boundaries/lines/410402-410403/topology?tolerance_m=5', null)
    expect(answer.status, JSON.stringify(answer.body)).toBe(200)
    expect(answer.body.off_edge).toEqual([])
    const generalised = (await call('GET', '/api/boundaries/lines/410421-410425/topology?detail=generalised&tolerance_m=30', null)).body
    expect(generalised.off_edge.length).toBeGreaterThan(0)
    expect(Math.max(...generalised.off_edge.map((s: { max_distance_m: number }) => s.max_distance_m))).toBeLessThan(200)
    expectProblem(await call('GET', '/api/boundaries/lines/410402-410403/topology?tolerance_m=-3', null), 400, 'tolerance_m', 'wrong_type')
    expectProblem(await call('GET', '/api/boundaries/lines/nope/topology', null), 404, null, 'unknown_line')
  })
})
