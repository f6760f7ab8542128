/**
 * Measures a first and a repeated visit of the web app in Chromium and prints the figures:
 *
 *   npm run bench:web                 # on a fresh embedded PostGIS, over the built app (dist/)
 *   DATABASE_URL=… npm run bench:web  # on a server (its base geography is loaded if missing)
 *
 * A cold visit is a new browser context (empty cache); a warm visit is another page in
 * the same context. For each it prints the number of requests, the bytes on the wire
 * (everything the server wrote to the browser's connections: headers and encoded bodies),
 * the bytes after decoding, and the time from navigation to the map's first `idle` with the counties drawn, and to the
 * `idle` once every layer is loaded (VERBOSE=1 also lists each request). Nothing is
 * asserted: compare the figures across changes.
 */
import type { Socket } from 'node:net'
import os from 'node:os'
import { startBenchServer } from './bench-server'
import type { BrowserContext } from 'playwright-core'
import { launchBrowser } from '../test/e2e/browser'

const ROUNDS = Number(process.env.ROUNDS ?? 3)

type Visit = { wire: number; decoded: number; requests: number; firstIdle: number; loadedIdle: number }

/**
 * Records, in the page, when the map is first idle with counties drawn (`firstIdle`), and
 * when it is first idle with the status line cleared, every layer loaded (`loadedIdle`).
 * A string, not a function: tsx would wrap a function's inner functions in a helper that
 * the page lacks.
 */
const WATCH_IDLE = `(() => {
  const attach = () => {
    const map = window.appMap
    if (!map) return void setTimeout(attach, 5)
    map.on('idle', () => {
      const now = performance.now()
      if (window.firstIdle === undefined && map.querySourceFeatures('counties').length > 0) window.firstIdle = now
      const status = document.querySelector('#status')?.textContent ?? ''
      if (window.firstIdle !== undefined && window.loadedIdle === undefined && status === '') window.loadedIdle = now
    })
  }
  attach()
})()`

/** Every connection the server has accepted, for the bytes it wrote to each. */
const sockets = new Set<Socket>()

async function visit(context: BrowserContext, url: string): Promise<Visit> {
  const before = new Map([...sockets].map((s) => [s, s.bytesWritten]))
  const page = await context.newPage()
  const sizes: Promise<{ decoded: number }>[] = []
  const onFinished = (request: import('playwright-core').Request) => {
    sizes.push(
      (async () => {
        const response = await request.response()
        const s = await request.sizes()
        const body = response ? await response.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0)
        if (process.env.VERBOSE) console.log(`  ${s.responseHeadersSize + s.responseBodySize}\t${body.byteLength}\t${request.timing().responseEnd.toFixed(0)} ms\t${request.url()}`)
        return { decoded: body.byteLength }
      })(),
    )
  }
  context.on('requestfinished', onFinished)
  await page.addInitScript(WATCH_IDLE)
  await page.goto(url)
  await page.waitForFunction(() => (window as unknown as { loadedIdle?: number }).loadedIdle !== undefined, undefined, {
    timeout: 120_000,
  })
  const { firstIdle, loadedIdle } = await page.evaluate(() => {
    const w = window as unknown as { firstIdle: number; loadedIdle: number }
    return { firstIdle: w.firstIdle, loadedIdle: w.loadedIdle }
  })
  context.off('requestfinished', onFinished)
  const all = await Promise.all(sizes)
  await page.close()
  return {
    wire: [...sockets].reduce((n, s) => n + s.bytesWritten - (before.get(s) ?? 0), 0),
    decoded: all.reduce((n, s) => n + s.decoded, 0),
    requests: all.length,
    firstIdle,
    loadedIdle,
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

const { url, kind, server, stop } = await startBenchServer()
server.on('connection', (socket) => sockets.add(socket))
const browser = await launchBrowser()

const cold: Visit[] = []
const warm: Visit[] = []
await visit(await browser.newContext(), url) // the server's and the browser's first run
for (let i = 0; i < ROUNDS; i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } })
  cold.push(await visit(context, url))
  warm.push(await visit(context, url))
  await context.close()
}

const kb = (n: number) => `${(n / 1000).toFixed(0)} kB`
console.log(
  `web app on ${kind} PostGIS, Chromium 1280×860, ${os.cpus().length} cores (load average ${os.loadavg()[0]!.toFixed(1)}); median of ${ROUNDS} visits`,
)
console.log(['visit', 'requests', 'on the wire', 'decoded', 'first idle', 'all layers idle'].join('\t'))
for (const [name, visits] of [['cold', cold], ['warm', warm]] as const) {
  console.log(
    [
      name,
      median(visits.map((v) => v.requests)),
      kb(median(visits.map((v) => v.wire))),
      kb(median(visits.map((v) => v.decoded))),
      `${median(visits.map((v) => v.firstIdle)).toFixed(0)} ms`,
      `${median(visits.map((v) => v.loadedIdle)).toFixed(0)} ms`,
    ].join('\t'),
  )
}
await browser.close()
await stop()
