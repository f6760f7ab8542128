import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabasePool } from 'slonik'
import { openPool } from '../../server/db/pool'
import { makeProof, REPORT_LIMITS } from '../../server/signs/report'
import { createScratchDatabase } from '../support/scratch-database'
import { startServerProcess, type ServerProcess } from './server-process'

/**
 * The public report form's limits hold across server processes: two real servers on one
 * PostgreSQL database (the embedded database has one owner, so this needs a server:
 * TEST_DATABASE_URL, or the machine's PostgreSQL at 127.0.0.1:5432).
 */
const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>
let a: ServerProcess
let b: ServerProcess
let pool: DatabasePool
let code: string

beforeAll(async () => {
  scratch = await createScratchDatabase(SERVER_URL)
  const env = { DATABASE_URL: scratch.url, TRUST_PROXY: 'true', ADMIN_PASSWORD: 'rate-limit-admin' }
  // One after the other: the first migrates and seeds, the second finds it done.
  a = await startServerProcess(env)
  b = await startServerProcess(env)
  pool = await openPool(scratch.url, 2)
  const res = await fetch(`${a.url}/ogc/collections/signs/items?limit=1&status=in_use`)
  code = ((await res.json()) as { features: { properties: { code: string } }[] }).features[0]!.properties.code
})
afterAll(async () => {
  await pool?.end()
  await a?.stop()
  await b?.stop()
  await scratch?.drop()
})

/** Sends a report to a server from an address, with a proof made 10 s ago (as a person who took their time). */
async function report(server: ServerProcess, address: string): Promise<{ status: number; text: string }> {
  const proof = await makeProof(pool, code, Date.now() - 10_000)
  const form = new FormData()
  for (const [k, v] of Object.entries({ problem: 'damaged', description: `from ${address}`, contact: '', lang: 'zh', website: '', ...proof })) form.append(k, v)
  const res = await fetch(`${server.url}/s/${code}/report`, { method: 'POST', body: form, headers: { 'x-forwarded-for': address } })
  return { status: res.status, text: await res.text() }
}

describe('the report limits across two server processes on one database', () => {
  it('hold per address: a flood split between the processes is stopped at the limit', async () => {
    const statuses: number[] = []
    for (let i = 0; i < REPORT_LIMITS.addressPerHour.max + 2; i++) statuses.push((await report(i % 2 ? b : a, '203.0.113.7')).status)
    const max = REPORT_LIMITS.addressPerHour.max
    expect(statuses).toEqual([...Array(max).fill(201), 429, 429])
    // Each process took part of the flood; neither alone saw more than the limit.
    expect(Math.ceil(statuses.length / 2)).toBeLessThanOrEqual(max)
    const refused = await report(b, '203.0.113.7')
    expect(refused.status).toBe(429)
    expect(refused.text).toContain('提交次数过多')
  })

  it('hold per sign: reports from many addresses, split between the processes, stop at the sign’s daily limit', async () => {
    const max = REPORT_LIMITS.signPerDay.max
    const already = REPORT_LIMITS.addressPerHour.max // the first test's reports counted for this sign too
    const statuses: number[] = []
    for (let i = 0; i < max - already + 2; i++) statuses.push((await report(i % 2 ? a : b, `198.51.100.${i + 1}`)).status)
    expect(statuses.slice(0, max - already).every((s) => s === 201), String(statuses)).toBe(true)
    expect(statuses.slice(max - already)).toEqual([429, 429])
  })
})
