/**
 * Measures the place-names import (server/place-names/place-names-import.ts): a CSV of
 * generated street names on points in the central city, checked (dry run) and then
 * imported through `POST /api/place-names/import`, and prints the time of each and the
 * rows per second:
 *
 *   npm run bench:import                          # the embedded PGlite, 5,000 rows
 *   DATABASE_URL=postgres://… npm run bench:import -- --rows=20000
 *
 * Nothing is asserted: compare figures on the same machine.
 */
import { startBenchServer } from './bench-server'
import { createRandom } from './prng'
import { createTestUser } from '../test/support/users'

const option = (name: string) => process.argv.slice(2).find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const ROWS = Number(option('rows') ?? 5_000)
/** Characters of the 通用规范汉字表's first level that street names use. */
const CHARACTERS = [...'东西南北中新建兴华光明和平安康泰民生福寿丰裕长青松柏桂兰梅湖山河园林文化育才学府科技振工农商贸盛昌隆顺利吉祥瑞宁远']
const GENERICS = ['路', '街', '巷', '大道']

function csv(rows: number): string {
  const random = createRandom(20261202)
  const pick = <T>(list: readonly T[]) => list[Math.floor(random.next() * list.length)]!
  const lines = ['标准名称,类别,小类,经度,纬度']
  for (let i = 0; i < rows; i++) {
    const generic = pick(GENERICS)
    const name = `${pick(CHARACTERS)}${pick(CHARACTERS)}${random.next() < 0.4 ? pick(CHARACTERS) : ''}${generic}`
    lines.push(`${name},街路巷,${generic},${(113.2 + random.next() * 0.15).toFixed(6)},${(33.71 + random.next() * 0.06).toFixed(6)}`)
  }
  return `${lines.join('\n')}\n`
}

const server = await startBenchServer()
try {
  const editor = await createTestUser(server.pool, ['placename_editor'], [], 'bench-import')
  const body = csv(ROWS)
  console.log(`${server.kind}: ${ROWS.toLocaleString('en')} rows, ${(body.length / 1024).toFixed(0)} KB of CSV`)
  for (const dryRun of [true, false]) {
    const started = performance.now()
    const res = await fetch(`${server.url}/api/place-names/import?dry_run=${dryRun}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${editor.token}`, 'content-type': 'text/csv' },
      body,
    })
    const report = (await res.json()) as { created?: number; warnings?: unknown[]; code?: string }
    const ms = performance.now() - started
    if (!res.ok) throw new Error(`${res.status} ${report.code}`)
    console.log(
      `${dryRun ? 'check ' : 'import'}  ${(ms / 1000).toFixed(1)} s  ${Math.round((ROWS / ms) * 1000)} rows/s  created ${report.created}  with warnings ${report.warnings?.length}`,
    )
  }
} finally {
  await server.stop()
}
