import fs from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createScratchDatabase } from '../support/scratch-database'
import { startServerProcess } from './server-process'

async function counts(url: string) {
  const result: Record<string, number> = {}
  for (const id of ['counties', 'townships', 'boundary_lines']) {
    const page = (await (await fetch(`${url}/ogc/collections/${id}/items?limit=1`)).json()) as { numberMatched: number }
    result[id] = page.numberMatched
  }
  return result
}

const BASE = { counties: 71, townships: 148, boundary_lines: 25 }

describe('start, stop and start again', () => {
  it('on the embedded database: loads the base geography once, stops cleanly on SIGTERM, keeps its data', async () => {
    const first = await startServerProcess({ LOG_LEVEL: 'info' })
    const health = (await (await fetch(`${first.url}/api/health`)).json()) as { status: string; database: { kind: string } }
    expect(health).toMatchObject({ status: 'ok', database: { kind: 'embedded' } })
    expect(await counts(first.url)).toEqual(BASE)
    expect(first.output()).toContain('loaded the base geography')
    // The first administrator's generated password: printed once, kept in a file only the owner reads.
    const printed = first.output().match(/user "admin", password (\S+)/)![1]!
    const file = path.join(first.dataDir, 'admin-password.txt')
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600)
    expect(await fs.readFile(file, 'utf8')).toBe(`admin\n${printed}\n`)
    const login = await fetch(`${first.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: printed }),
    })
    expect(login.status).toBe(200)
    expect(await first.stop({ keepData: true })).toBe(0)
    expect(first.output()).toContain('database closed')

    const second = await startServerProcess({ LOG_LEVEL: 'info', DATA_DIR: first.dataDir })
    expect(await counts(second.url)).toEqual(BASE)
    expect(await second.stop()).toBe(0)
    expect(second.output()).not.toContain('loaded the base geography')
    expect(second.output()).not.toContain('password')
  })

  // CI sets TEST_DATABASE_URL to the machine's PostgreSQL + PostGIS server.
  it.runIf(process.env.TEST_DATABASE_URL)('on a PostgreSQL server (DATABASE_URL): the same start works and health says postgres', async () => {
    const scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL!)
    try {
      const server = await startServerProcess({ DATABASE_URL: scratch.url })
      const health = (await (await fetch(`${server.url}/api/health`)).json()) as { status: string; database: { kind: string } }
      expect(health).toMatchObject({ status: 'ok', database: { kind: 'postgres' } })
      expect(await counts(server.url)).toEqual(BASE)
      expect(await server.stop()).toBe(0)
    } finally {
      await scratch.drop()
    }
  })
})
