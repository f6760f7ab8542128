import { randomInt } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pino } from 'pino'
import { z } from 'zod'
import { sql } from '../server/db/sql'
import { collections } from '../server/app'
import { signCode } from '../server/signs/sign-code'
import { startTestApp } from './support/test-app'
import { createTestUser, type TestUser } from './support/users'
import { callApi } from './support/call'

// Write tests add townships to two neighbouring counties of 南阳 (西峡县, 内乡县), marked
// surveyed, so that the base-geography suites running beside them see the city unchanged.
const COUNTY_IN = '411323'
const COUNTY_OUT = '411325'
// The facility registers take only geometries within the city, so their samples lie in the
// city's own townships of 鲁山县; scoped users are scoped to one of each pair.
const HOME_IN = '410423'
const HOME_OUT = '410482'

/** A point in the middle of HOME_IN, far from its boundary, moved by up to ~1 km each time. */
function homePoint(): [number, number] {
  return [112.66 + randomInt(0, 100) / 10000, 33.77 + randomInt(0, 100) / 10000]
}

let app: Awaited<ReturnType<typeof startTestApp>>
beforeAll(async () => {
  app = await startTestApp({ poolSize: 8, logger: pino({ level: 'error' }) })
})
afterAll(async () => {
  await app.close()
})

const lastCode = new Map<string, number>()
/** A township code not used before in this run (the run's database is fresh). */
function newCode(county: string) {
  const next = (lastCode.get(county) ?? 0) + 1
  lastCode.set(county, next)
  return `${county}${String(next).padStart(3, '0')}`
}

/** A small square polygon around (lon, lat), about 1 km across. */
function square(lon: number, lat: number, size = 0.01) {
  return {
    type: 'Polygon',
    coordinates: [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]],
  }
}

function township(code: string, county = COUNTY_IN, name = '测试镇') {
  return {
    type: 'Feature',
    geometry: square(111.5 + randomInt(0, 1000) / 10000, 33.3 + randomInt(0, 1000) / 10000),
    properties: { code, name, kind: 'town', county_code: county, admin_code: county, geometry_source: 'surveyed' },
  }
}

const call = (method: string, path: string, user: TestUser | null, body?: unknown, headers: Record<string, string> = {}) =>
  callApi(app.url, method, path, user, body, headers)

/** Creates a township as `user` and returns its code and ETag. */
async function createTownship(user: TestUser, county = COUNTY_IN) {
  const code = newCode(county)
  const res = await call('POST', '/ogc/collections/townships/items', user, township(code, county))
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return { code, etag: res.etag! }
}

/** Valid properties of a new feature in each point register. */
const POINT_SAMPLES: Record<string, Record<string, unknown>> = {
  eldercare_facilities: {
    name: '测试日间照料中心', kind: 'day_care', ownership: 'public', beds: 10, nursing_beds: 4, embedded_beds: 0,
    services: ['day_care', 'home_visit'], medical_integration: false, grade: null, barrier_free: true,
    status: 'operating', opened_on: '2024-05-01', data_source: 'survey',
  },
  funeral_facilities: { name: '测试殡仪服务站', kind: 'service_station', capacity: 0, used: 0, status: 'operating', data_source: 'survey' },
  social_work_stations: {
    name: '测试社会工作站', tier: 'township_station', staff: 3, certified_workers: 1, has_premises: true, has_equipment: true,
    has_staff: true, has_services: true, has_procedures: false, has_rules: true, status: 'operating', data_source: 'survey',
  },
}

let communitySeq = 0
let markerSeq = 0
/** A community in a surveyed township of COUNTY_IN (created for the purpose). */
function community(code: string, townshipCode: string) {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [111.55, 33.35] },
    properties: { code, name: '测试社区', kind: 'community', township_code: townshipCode, population: 1000, population_60plus: 150, data_source: 'survey' },
  }
}

/**
 * For each writable collection: a new feature (with a fresh id) in COUNTY_IN (a facility:
 * in HOME_IN), made by `build`, and how to create one as `user` to edit.
 */
/** Serials of the signs the role matrix makes (codes are unique). */
let signSerial = 80000

async function samplesFor(collectionId: string, admin: TestUser) {
  if (collectionId === 'townships') return { build: (code?: string) => township(code ?? newCode(COUNTY_IN)), target: () => createTownship(admin) }
  if (collectionId === 'communities') {
    const host = await createTownship(admin)
    const build = (code?: string) => community(code ?? `${host.code}${String(++communitySeq).padStart(3, '0')}`, host.code)
    const target = async () => {
      const res = await call('POST', '/ogc/collections/communities/items', admin, build())
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      return { code: String(res.body.id), etag: res.etag! }
    }
    return { build, target }
  }
  if (collectionId === 'cemeteries') {
    const build = () => ({
      type: 'Feature',
      geometry: square(...homePoint(), 0.004),
      properties: {
        name: '测试公墓', kind: 'rural_public', level: 'township', capacity: 2000, plots_used: 100, green_coverage_pct: 55,
        eco_burial_pct: 20, public_welfare_reserve_pct: null, status: 'operating', data_source: 'survey',
      },
    })
    const target = async () => {
      const res = await call('POST', '/ogc/collections/cemeteries/items', admin, build())
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      return { code: String(res.body.id), etag: res.etag! }
    }
    return { build: () => build(), target }
  }
  if (collectionId === 'roads') {
    // Not walkable: the graph, which is city-wide, stays as the other suites expect it.
    const build = () => {
      const [lon, lat] = homePoint()
      return { type: 'Feature', geometry: { type: 'LineString', coordinates: [[lon, lat], [lon + 0.001, lat + 0.0005]] }, properties: { name: '测试路', class: 'residential', walkable: false, oneway: false, data_source: 'survey' } }
    }
    const target = async () => {
      const res = await call('POST', '/ogc/collections/roads/items', admin, build())
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      return { code: String(res.body.id), etag: res.etag! }
    }
    return { build: () => build(), target }
  }
  if (collectionId === 'place_names') {
    // No code: a proposed name may have none yet, and codes are unique.
    const build = () => {
      const [lon, lat] = homePoint()
      return {
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: [[lon, lat], [lon + 0.001, lat + 0.0005]] },
        properties: {
          code: null, name: '测试路', category: 'street', sub_kind: '路', division_code: null, meaning: null, origin: null, history: null,
          description: null, aliases: [], former_names: [], status: 'proposed', protected: false, protection_list: null, source: null,
          data_source: 'register',
        },
      }
    }
    const target = async () => {
      const res = await call('POST', '/ogc/collections/place_names/items', admin, build())
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      return { code: String(res.body.id), etag: res.etag! }
    }
    return { build: () => build(), target }
  }
  if (collectionId === 'boundary_markers') {
    // At a sample marker's registered place in HOME_IN, which a plain write may not move:
    // every marker built here stands there, numbered 900 on along its line.
    const markers = (await call('GET', '/ogc/collections/boundary_markers/items?limit=1000', null)).body.features
    const host = markers.find((m: { properties: { county_code: string; kind: string } }) => m.properties.county_code === HOME_IN && m.properties.kind === 'single')
    const prefix = String(host.properties.number).slice(0, -4)
    const build = () => ({
      type: 'Feature',
      geometry: host.geometry,
      properties: {
        line_id: host.properties.line_id, number: `${prefix}${900 + (++markerSeq % 100)}Q`, kind: 'single', side_code: null,
        elevation_m: host.properties.elevation_m, reference_objects: ['电杆|45|18.5', '桥头|120|40', '石碑|300|25'],
        material: 'granite', erected_on: '2021-05-01', state: 'standing', data_source: 'survey',
      },
    })
    const target = async () => {
      const res = await call('POST', '/ogc/collections/boundary_markers/items', admin, build())
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      return { code: String(res.body.id), etag: res.etag! }
    }
    return { build: () => build(), target, lineId: String(host.properties.line_id), patch: { properties: { material: 'concrete' } } }
  }
  if (collectionId === 'signs') {
    // A new code for each sign (codes are unique), showing a sample place name.
    const placeNameId = await app.pool.oneFirst(sql.type(z.object({ id: z.coerce.number() }))`SELECT id FROM place_names WHERE code IS NOT NULL ORDER BY id LIMIT 1`)
    const build = () => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: homePoint() },
      properties: {
        code: signCode(HOME_IN, signSerial++), sign_type: 'residential_street', place_name_id: placeNameId, bearing: null, road_side: null,
        width_mm: null, height_mm: null, material: null, installer: null, installed_on: null, status: 'in_use', data_source: 'register',
      },
    })
    const target = async () => {
      const res = await call('POST', '/ogc/collections/signs/items', admin, build())
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      return { code: String(res.body.id), etag: res.etag! }
    }
    return { build: () => build(), target }
  }
  const properties = POINT_SAMPLES[collectionId]
  if (properties) {
    // Point registers find their county through the township their point lies in.
    const build = () => ({ type: 'Feature', geometry: { type: 'Point', coordinates: homePoint() }, properties })
    const target = async () => {
      const res = await call('POST', `/ogc/collections/${collectionId}/items`, admin, build())
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      return { code: String(res.body.id), etag: res.etag! }
    }
    return { build: () => build(), target }
  }
  throw new Error(`add a sample feature of ${collectionId} to the role matrix`)
}

/** Attaches a boundary inspector to both sides of a line. */
async function attachToLine(user: TestUser, lineId: string) {
  await app.pool.query(sql.typeAlias('void')`
    INSERT INTO boundary_inspector_units (user_id, unit_code)
    SELECT ${user.id}, side FROM boundary_lines l, LATERAL (VALUES (l.left_code), (l.right_code)) v(side)
    WHERE l.id::text = ${lineId} ON CONFLICT DO NOTHING`)
}

async function auditEntries(recordId: string) {
  return app.pool.any(sql.type(z.object({ action: z.string(), username: z.string(), changes: z.record(z.unknown()) }))`
    SELECT action, username, changes FROM audit_log WHERE table_name = 'townships' AND record_id = ${recordId} ORDER BY id`)
}

describe('the role matrix of every write endpoint', () => {
  const writable = collections.filter((c) => c.write)

  it('covers every writable collection', () => {
    expect(writable.map((c) => c.id)).toEqual(
      expect.arrayContaining(['townships', 'communities', 'eldercare_facilities', 'social_work_stations']),
    )
  })

  it('allows each role exactly what its collections allow, and scoped users only inside their counties', async () => {
    const admin = await createTestUser(app.pool, ['admin'])
    const people: [string, TestUser | null][] = [
      ['anonymous', null],
      ...(await Promise.all(
        (['viewer', 'placename_editor', 'boundary_inspector', 'facility_editor'] as const).map(
          async (role) => [role, await createTestUser(app.pool, [role])] as [string, TestUser],
        ),
      )),
      ['admin', admin],
      ['admin scoped in', await createTestUser(app.pool, ['admin'], [COUNTY_IN, HOME_IN])],
      ['admin scoped out', await createTestUser(app.pool, ['admin'], [COUNTY_OUT, HOME_OUT])],
    ]
    for (const collection of writable) {
      const sample: Awaited<ReturnType<typeof samplesFor>> & { lineId?: string; patch?: object } = await samplesFor(collection.id, admin)
      // A boundary inspector writes the markers of the lines of the units they work for.
      if (sample.lineId) await attachToLine(people.find(([name]) => name === 'boundary_inspector')![1]!, sample.lineId)
      const expected = (name: string): number | 'ok' => {
        if (name === 'anonymous') return 401
        if (name === 'admin scoped out') return 403
        const role = name.replace(' scoped in', '')
        return role === 'admin' || collection.write!.roles.includes(role as never) ? 'ok' : 403
      }
      for (const [name, user] of people) {
        const want = expected(name)
        const target = await sample.target()
        const results = {
          create: await call('POST', `/ogc/collections/${collection.id}/items`, user, sample.build()),
          patch: await call('PATCH', `/ogc/collections/${collection.id}/items/${target.code}`, user, sample.patch ?? { properties: { name: '改名镇' } }, { 'if-match': target.etag }),
        }
        const afterPatch = results.patch.status === 200 ? results.patch.etag! : target.etag
        const replaced = await call('PUT', `/ogc/collections/${collection.id}/items/${target.code}`, user, sample.build(target.code), { 'if-match': afterPatch })
        const afterPut = replaced.status === 200 ? replaced.etag! : afterPatch
        const deleted = await call('DELETE', `/ogc/collections/${collection.id}/items/${target.code}`, user, undefined, { 'if-match': afterPut })
        const statuses = { create: results.create.status, patch: results.patch.status, put: replaced.status, delete: deleted.status }
        const wanted =
          want === 'ok' ? { create: 201, patch: 200, put: 200, delete: 204 } : { create: want, patch: want, put: want, delete: want }
        expect(statuses, `${name} on ${collection.id}`).toEqual(wanted)
      }
    }
  })

  it('refuses a scoped user who moves a record out of its county', async () => {
    const scoped = await createTestUser(app.pool, ['admin'], [COUNTY_IN])
    const { code, etag } = await createTownship(scoped)
    const res = await call('PATCH', `/ogc/collections/townships/items/${code}`, scoped, { properties: { county_code: COUNTY_OUT } }, { 'if-match': etag })
    expect(res.status).toBe(403)
    expect(res.body.detail).toContain(COUNTY_OUT)
    const unchanged = await call('GET', `/ogc/collections/townships/items/${code}`, null)
    expect(unchanged.body.properties.county_code).toBe(COUNTY_IN)
    expect(unchanged.etag).toBe(etag)
  })

  it('keeps the admin API to admins', async () => {
    const viewer = await createTestUser(app.pool, ['viewer'])
    const admin = await createTestUser(app.pool, ['admin'])
    expect((await call('GET', '/api/admin/users', null)).status).toBe(401)
    expect((await call('GET', '/api/admin/users', viewer)).status).toBe(403)
    expect((await call('GET', '/api/admin/audit', viewer)).status).toBe(403)
    const body = { username: `new-${randomInt(1e9)}`, password: 'long enough password', roles: ['viewer'] }
    expect((await call('POST', '/api/admin/users', viewer, body)).status).toBe(403)
    expect((await call('POST', '/api/admin/users', admin, body)).status).toBe(201)
  })
})

describe('the edit protocol', () => {
  it('creates with 201, Location and ETag; the feature reads back with the same ETag', async () => {
    const admin = await createTestUser(app.pool, ['admin'])
    const code = newCode(COUNTY_IN)
    const res = await call('POST', '/ogc/collections/townships/items', admin, township(code, COUNTY_IN, '仓房镇'))
    expect(res.status).toBe(201)
    expect(res.location).toBe(`/ogc/collections/townships/items/${code}`)
    expect(res.etag).toBe('"1"')
    const read = await call('GET', res.location!, null)
    expect(read.etag).toBe('"1"')
    expect(read.body.properties).toMatchObject({ name: '仓房镇', county_name: '西峡县', geometry_source: 'surveyed' })
    expect(read.body.properties.area_km2).toBeGreaterThan(0.9)
    const audit = await auditEntries(code)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'create', username: admin.username })
    expect(audit[0]!.changes.name).toEqual({ old: null, new: '仓房镇' })
  })

  it('needs If-Match (428) and refuses a stale version (412) with the current one', async () => {
    const admin = await createTestUser(app.pool, ['admin'])
    const { code } = await createTownship(admin)
    const missing = await call('PATCH', `/ogc/collections/townships/items/${code}`, admin, { properties: { name: 'x' } })
    expect(missing.status).toBe(428)
    const stale = await call('PATCH', `/ogc/collections/townships/items/${code}`, admin, { properties: { name: 'x' } }, { 'if-match': '"7"' })
    expect(stale.status).toBe(412)
    expect(stale.body).toMatchObject({ current_version: 1, current_etag: '"1"' })
  })

  it('lets one of two clients editing the same version win; the other gets 412; the audit shows one change', async () => {
    const [alice, bob] = [await createTestUser(app.pool, ['admin']), await createTestUser(app.pool, ['admin'])]
    const { code, etag } = await createTownship(alice)
    const [a, b] = await Promise.all([
      call('PATCH', `/ogc/collections/townships/items/${code}`, alice, { properties: { name: '甲镇' } }, { 'if-match': etag }),
      call('PATCH', `/ogc/collections/townships/items/${code}`, bob, { properties: { name: '乙镇' } }, { 'if-match': etag }),
    ])
    expect([a.status, b.status].sort()).toEqual([200, 412])
    const winner = a.status === 200 ? a : b
    const updates = (await auditEntries(code)).filter((e) => e.action === 'update')
    expect(updates).toHaveLength(1)
    expect(updates[0]!.changes).toEqual({ name: { old: '测试镇', new: winner.body.properties.name } })
    expect(winner.etag).toBe('"2"')
  })

  it('lands 50 concurrent edits of different records by different users, each with one audit entry', async () => {
    const admin = await createTestUser(app.pool, ['admin'])
    const editors = await Promise.all(Array.from({ length: 50 }, () => createTestUser(app.pool, ['admin'])))
    const targets = []
    for (let i = 0; i < 50; i++) targets.push(await createTownship(admin))
    const results = await Promise.all(
      targets.map((t, i) =>
        call('PATCH', `/ogc/collections/townships/items/${t.code}`, editors[i]!, { properties: { name: `并发镇${i}` } }, { 'if-match': t.etag }),
      ),
    )
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200))
    for (const [i, t] of targets.entries()) {
      const updates = (await auditEntries(t.code)).filter((e) => e.action === 'update')
      expect(updates, t.code).toEqual([{ action: 'update', username: editors[i]!.username, changes: { name: { old: '测试镇', new: `并发镇${i}` } } }])
    }
  })

  it('deletes softly: the feature is gone from the API but kept in the table, with its audit entry', async () => {
    const admin = await createTestUser(app.pool, ['admin'])
    const { code, etag } = await createTownship(admin)
    expect((await call('DELETE', `/ogc/collections/townships/items/${code}`, admin, undefined, { 'if-match': etag })).status).toBe(204)
    expect((await call('GET', `/ogc/collections/townships/items/${code}`, null)).status).toBe(404)
    const kept = await app.pool.one(sql.type(z.object({ deleted: z.boolean(), name: z.string() }))`
      SELECT deleted_at IS NOT NULL AS deleted, name FROM townships WHERE code = ${code}`)
    expect(kept).toEqual({ deleted: true, name: '测试镇' })
    expect((await auditEntries(code)).map((e) => e.action)).toEqual(['create', 'delete'])
  })
})

describe('bad input gets a 4xx naming the field, and nothing is written', () => {
  let admin: TestUser
  beforeAll(async () => {
    admin = await createTestUser(app.pool, ['admin'])
  })

  const cases: [string, (code: string) => unknown, number, string][] = [
    ['a self-intersecting polygon', (code) => ({ ...township(code), geometry: { type: 'Polygon', coordinates: [[[111.5, 33.3], [111.6, 33.4], [111.6, 33.3], [111.5, 33.4], [111.5, 33.3]]] } }), 400, 'geometry'],
    ['latitude and longitude swapped', (code) => ({ ...township(code), geometry: square(33.3, 111.5) }), 400, 'geometry.coordinates.0.0'],
    ['a ring that does not close', (code) => ({ ...township(code), geometry: { type: 'Polygon', coordinates: [[[111.5, 33.3], [111.6, 33.3], [111.6, 33.4], [111.5, 33.45]]] } }), 400, 'geometry.coordinates.0'],
    ['a point for a polygon collection', (code) => ({ ...township(code), geometry: { type: 'Point', coordinates: [111.5, 33.3] } }), 400, 'geometry.type'],
    ['an unknown property', (code) => ({ ...township(code), properties: { ...township(code).properties, colour: 'red' } }), 400, 'properties.colour'],
    ['a missing property', (code) => ({ ...township(code), properties: { code, name: 'x' } }), 400, 'properties.kind'],
    ['a wrong-typed property', (code) => ({ ...township(code), properties: { ...township(code).properties, name: 42 } }), 400, 'properties.name'],
    ['an unknown kind', (code) => ({ ...township(code), properties: { ...township(code).properties, kind: 'village' } }), 400, 'properties.kind'],
    ['a county that does not exist', (code) => ({ ...township(code), properties: { ...township(code).properties, county_code: '999999' } }), 400, 'properties.county_code'],
    ['not a feature', () => ({ type: 'FeatureCollection', features: [] }), 400, 'type'],
  ]

  it.each(cases)('%s', async (_name, build, status, field) => {
    const code = newCode(COUNTY_IN)
    const res = await call('POST', '/ogc/collections/townships/items', admin, build(code))
    expect(res.status, JSON.stringify(res.body)).toBe(status)
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field)
    const written = await app.pool.oneFirst(sql.type(z.object({ n: z.number() }))`SELECT count(*)::int AS n FROM townships WHERE code = ${code}`)
    expect(written).toBe(0)
  })

  it('accepts positions with heights and stores them in 2D', async () => {
    const code = newCode(COUNTY_IN)
    const feature = township(code)
    feature.geometry.coordinates = [feature.geometry.coordinates[0]!.map(([x, y]) => [x!, y!, 120])]
    const res = await call('POST', '/ogc/collections/townships/items', admin, feature)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body.geometry.coordinates[0][0][0]).toHaveLength(2)
  })

  it('says where a polygon intersects itself', async () => {
    const res = await call('POST', '/ogc/collections/townships/items', admin, cases[0]![1](newCode(COUNTY_IN)))
    expect(res.body.errors[0].reason).toMatch(/Self-intersection\[111\.55 33\.35\]/)
  })

  it('refuses a duplicate code with 409 and writes to a read-only collection with 405', async () => {
    const { code } = await createTownship(admin)
    expect((await call('POST', '/ogc/collections/townships/items', admin, township(code))).status).toBe(409)
    expect((await call('POST', '/ogc/collections/counties/items', admin, township(code))).status).toBe(405)
  })

  it('refuses to change the id in a patch', async () => {
    const { code, etag } = await createTownship(admin)
    const res = await call('PATCH', `/ogc/collections/townships/items/${code}`, admin, { properties: { code: newCode(COUNTY_IN) } }, { 'if-match': etag })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].field).toBe('properties.code')
  })
})

describe('the audit log view', () => {
  it('filters by user, table and date', async () => {
    const admin = await createTestUser(app.pool, ['admin'])
    const editor = await createTestUser(app.pool, ['admin'])
    const { code } = await createTownship(editor)
    const today = new Date().toISOString().slice(0, 10)
    const mine = await call('GET', `/api/admin/audit?username=${editor.username}&table=townships&from=${today}&to=${today}`, admin)
    expect(mine.status).toBe(200)
    expect(mine.body.total).toBe(1)
    expect(mine.body.entries[0]).toMatchObject({ username: editor.username, action: 'create', table_name: 'townships', record_id: code })
    const yesterday = await call('GET', `/api/admin/audit?username=${editor.username}&to=2000-01-01`, admin)
    expect(yesterday.body.total).toBe(0)
    const bad = await call('GET', '/api/admin/audit?from=yesterday&to=2024-02-30&limit=0', admin)
    expect(bad.status).toBe(400)
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['from', 'to'])
  })

  it('is append-only', async () => {
    await expect(app.pool.query(sql.typeAlias('void')`UPDATE audit_log SET username = 'someone else'`)).rejects.toThrow(/append-only/)
    await expect(app.pool.query(sql.typeAlias('void')`DELETE FROM audit_log`)).rejects.toThrow(/append-only/)
  })
})
