import { launchBrowser, waitForMapIdle, collectErrors, signIn } from './test/e2e/browser'
import { startServerProcess } from './test/e2e/server-process'

const server = await startServerProcess({ ADMIN_PASSWORD: 'shots-admin-pw' })
const browser = await launchBrowser()
try {
  for (const [name, viewport] of [['desktop', { width: 1400, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
    const page = await browser.newPage({ viewport })
    const errors = collectErrors(page)
    await page.goto(server.url)
    await waitForMapIdle(page)
    await page.click('#lang-toggle')
    await signIn(page, 'admin', 'shots-admin-pw')
    await page.waitForTimeout(1500)
    await page.click('#place-names-toggle')
    await page.waitForSelector('#place-names-panel[data-names]', { timeout: 60_000 })
    await page.click('#pn-import')
    const bad = 'name,category,lon,lat,former_names\nZhong Lu,street,113.3,33.74,\n某路,road,113.3,33.74,坏\n鄭路,street,200,33.74,\n'
    await page.setInputFiles('#pn-import-file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) })
    await page.click('#pn-import-check')
    await page.waitForSelector('#pn-import-errors')
    await page.screenshot({ path: `/tmp/shot-import-errors-${name}.png` })
    const good = 'name,category,lon,lat\n中兴路,street,113.30,33.74\n新华路,street,113.31,33.74\n新华路,street,113.32,33.74\n'
    await page.setInputFiles('#pn-import-file', { name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) })
    await page.click('#pn-import-check')
    await page.waitForSelector('#pn-import-run:not([hidden])')
    await page.locator('#pn-import-result').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `/tmp/shot-import-warnings-${name}.png` })
    console.log(name, 'errors:', errors)
    await page.close()
  }
} finally {
  await browser.close()
  await server.stop()
}
