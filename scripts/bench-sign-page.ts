/**
 * Measures the public sign page (`/s/{code}`, what a QR code opens) on a phone on a weak
 * network and prints the figures:
 *
 *   npm run bench:sign-page                 # on a fresh embedded PostGIS with the sample signs
 *   DATABASE_URL=… npm run bench:sign-page  # on a server (seeded if empty)
 *
 * Chromium (Debian's, headless, as the browser tests use it) at 390×844, with the network
 * throttled through the DevTools protocol (`Network.emulateNetworkConditions`) to Chrome
 * DevTools' "Slow 4G" preset — 562.5 ms round trip, 1.44 Mbit/s down, 675 kbit/s up (its
 * figures: 150 ms × 3.75, 1.6 Mbit/s × 0.9, 750 kbit/s × 0.9) — and, as Lighthouse's
 * mobile run does, the CPU slowed 4×. Each visit is a new browser context (an empty
 * cache and no open connection). It prints, as the median of ROUNDS visits (default 5),
 * the bytes transferred (every response's encoded length with its headers, from the
 * protocol's `loadingFinished`), the number of requests, and the Largest Contentful Paint
 * (PerformanceObserver) with the element it was, and First Contentful Paint. Nothing is
 * asserted; the budget is under 60 KB and an LCP under 1.5 s (docs/benchmarks.md).
 */
import { z } from 'zod'
import { sql } from '../server/db/sql'
import { launchBrowser } from '../test/e2e/browser'
import { startBenchServer } from './bench-server'

const ROUNDS = Number(process.env.ROUNDS ?? 5)
const SLOW_4G = { offline: false, latency: 150 * 3.75, downloadThroughput: (1.6 * 1000 * 1000 * 0.9) / 8, uploadThroughput: (750 * 1000 * 0.9) / 8 }
const CPU_SLOWDOWN = Number(process.env.CPU_SLOWDOWN ?? 4)

const RECORD_PAINTS = `(() => {
  window.__lcp = { time: 0, element: '' }
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__lcp = { time: e.startTime, element: e.element ? e.element.tagName.toLowerCase() + (e.element.className ? '.' + e.element.className : '') : '' }
  }).observe({ type: 'largest-contentful-paint', buffered: true })
})()`

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const bench = await startBenchServer()
try {
  // A street sign of the central city, with the most streets around it: the largest map.
  const code = await bench.pool.oneFirst(sql.type(z.object({ code: z.string() }))`
    SELECT s.code FROM signs s WHERE s.status = 'in_use' AND s.sign_type = 'residential_street' AND left(s.code, 6) = '410402'
    ORDER BY (SELECT count(*) FROM roads r WHERE ST_DWithin(r.geom::geography, s.geom::geography, 250)) DESC, s.id LIMIT 1`)
  const url = `${bench.url}/s/${code}`
  const browser = await launchBrowser()
  const visits: { bytes: number; requests: number; lcp: number; fcp: number; ttfb: number; element: string }[] = []
  for (let round = 0; round <= ROUNDS; round++) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true })
    const page = await context.newPage()
    await page.addInitScript(RECORD_PAINTS)
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN })
    let bytes = 0
    let requests = 0
    cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
      bytes += e.encodedDataLength
      requests += 1
    })
    await page.goto(url, { waitUntil: 'load' })
    await page.waitForTimeout(1500)
    const paints = (await page.evaluate(() => ({
      lcp: (window as unknown as { __lcp: { time: number; element: string } }).__lcp,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0,
      ttfb: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.responseStart ?? 0,
    }))) as { lcp: { time: number; element: string }; fcp: number; ttfb: number }
    await context.close()
    // The first visit warms up the server (its first queries plan and cache).
    if (round > 0) visits.push({ bytes, requests, lcp: paints.lcp.time, fcp: paints.fcp, ttfb: paints.ttfb, element: paints.lcp.element })
  }
  await browser.close()
  const elements = [...new Set(visits.map((v) => v.element))].join(', ')
  console.log(`sign page ${url} (${bench.kind} database), ${ROUNDS} cold visits at 390×844, Slow 4G, CPU ${CPU_SLOWDOWN}× slower:`)
  console.log(`  transferred   ${(median(visits.map((v) => v.bytes)) / 1024).toFixed(1)} KB in ${median(visits.map((v) => v.requests))} request(s) (budget 60 KB)`)
  console.log(`  LCP           ${Math.round(median(visits.map((v) => v.lcp)))} ms, element ${elements} (budget 1,500 ms)`)
  console.log(`  FCP           ${Math.round(median(visits.map((v) => v.fcp)))} ms`)
  console.log(`  first byte    ${Math.round(median(visits.map((v) => v.ttfb)))} ms (the HTML's response start)`)
  console.log(`  LCP each      ${visits.map((v) => Math.round(v.lcp)).join(', ')} ms`)
} finally {
  await bench.stop()
}

