import fs from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { collectErrors, launchBrowser, signIn, waitForMapIdle } from './browser'
import { startServerProcess, type ServerProcess } from './server-process'

const ARTIFACTS = path.resolve('test-results')
const DESKTOP = { width: 1400, height: 900 }
const PHONE = { width: 390, height: 844 }
const ADMIN_PASSWORD = 'e2e-plan-admin-password'

let server: ServerProcess
let browser: Browser

beforeAll(async () => {
  await fs.mkdir(ARTIFACTS, { recursive: true })
  server = await startServerProcess({ ADMIN_PASSWORD })
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

/** Opens the map and the plan mode, and waits for the rules to be listed. */
async function openPlan(viewport: { width: number; height: number }, lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport })
  const errors = collectErrors(page)
  if (lang === 'en') await page.addInitScript(() => localStorage.setItem('lang', 'en'))
  await page.goto(server.url)
  await waitForMapIdle(page)
  await page.waitForFunction(() => window.appMap!.querySourceFeatures('communities').length > 0)
  await page.click('#plan-toggle')
  await page.waitForSelector('.plan-rule[data-rule=nursing_bed_share]', { timeout: 60_000 })
  await idle(page)
  return { page, errors }
}

/** Waits for the map to draw what it has. */
const idle = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        window.appMap!.once('idle', () => resolve())
        window.appMap!.triggerRepaint()
      }),
  )

/** Fills row 2's entry form with `value` and a source, department and date, and sends it. */
async function enter(page: Page, value: string): Promise<void> {
  const form = page.locator('#plan-row-detail-2 form')
  await form.locator('input[name=value]').fill(value)
  await form.locator('input[name=source]').fill('平顶山市民政局 2023 年民政事业统计公报')
  await form.locator('input[name=department]').fill('社会救助科')
  await form.locator('input[name=as_of]').fill('2023-12-31')
  await form.locator('button[type=submit]').click()
}

describe('the plan’s rules and indicator table in the browser', () => {
  it('lists every rule with its clause; a click on a failing unit takes the map there and outlines it on the gaps layer', async () => {
    const { page, errors } = await openPlan(DESKTOP)
    expect(await page.locator('.plan-rule').count()).toBe(14)
    expect(await page.locator('.plan-rule.fail').count()).toBe(14)
    await expect(page.locator('.plan-rule[data-rule=street_comprehensive_centre] .plan-clause').textContent()).resolves.toContain('第四章第二节')
    await expect(page.locator('.plan-sample').first().textContent()).resolves.toMatch(/示例数据/)
    // The first failing rule is on the map: its units shaded.
    const shaded = await page.evaluate(() => window.appMap!.querySourceFeatures('plan-gaps').length)
    expect(shaded).toBeGreaterThan(0)
    await page.screenshot({ path: path.join(ARTIFACTS, 'plan-rules-desktop.png') })

    const rule = page.locator('.plan-rule[data-rule=township_social_work_station]')
    await rule.locator('.plan-show').click()
    await rule.locator('.plan-expand').click()
    const unit = rule.locator('.plan-unit').nth(3)
    const code = await unit.getAttribute('data-code')
    const bbox = await page.evaluate(async (code) => {
      const answer = await (await fetch('/api/coverage/rules?id=township_social_work_station')).json()
      return answer.rules[0].failing.find((u: { code: string }) => u.code === code).bbox as [number, number, number, number]
    }, code)
    await unit.click()
    await page.waitForFunction(() => !window.appMap!.isMoving())
    await idle(page)
    const view = await page.evaluate(() => ({ center: window.appMap!.getCenter(), zoom: window.appMap!.getZoom(), bounds: window.appMap!.getBounds().toArray() }))
    // The whole township is in view, and the view is not much larger than the township.
    expect(view.bounds[0][0]).toBeLessThanOrEqual(bbox[0])
    expect(view.bounds[1][0]).toBeGreaterThanOrEqual(bbox[2])
    expect(view.bounds[0][1]).toBeLessThanOrEqual(bbox[1])
    expect(view.bounds[1][1]).toBeGreaterThanOrEqual(bbox[3])
    expect(view.zoom).toBeGreaterThan(9.5)
    expect(await page.evaluate(() => document.body.dataset.planPicked)).toBe(`township_social_work_station:${code}`)
    const outlined = await page.evaluate((code) => window.appMap!.queryRenderedFeatures({ layers: ['plan-gaps-picked-line'] }).filter((f) => f.properties.code === code).length, code)
    expect(outlined).toBeGreaterThan(0)
    await expect(page.locator(`.plan-unit.picked[data-code="${code}"]`).count()).resolves.toBe(1)
    await expect(page.locator('#plan-legend').textContent()).resolves.toContain('乡镇（街道）有社会工作站')
    await page.screenshot({ path: path.join(ARTIFACTS, 'plan-unit-zoomed-desktop.png') })
    expect(errors).toEqual([])
    await page.close()
  })

  it('shows the indicator table: 13 rows with bars, binding rows marked, computed rows linked to their rules; it prints on A4 landscape', async () => {
    const { page, errors } = await openPlan(DESKTOP)
    await page.click('#plan-open-dashboard')
    await page.waitForSelector('tr.plan-indicator[data-row="13"]')
    expect(await page.locator('tr.plan-indicator').count()).toBe(13)
    expect(await page.locator('tr.plan-indicator .plan-bar').count()).toBeGreaterThanOrEqual(9)
    expect(await page.locator('tr.plan-indicator .plan-bar-fill').count()).toBeGreaterThanOrEqual(5)
    expect(await page.locator('tr.plan-indicator.binding').count()).toBe(4)
    expect(await page.locator('tr.plan-indicator[data-row="9"]').textContent()).toContain('未纳入系统')
    expect(await page.locator('tr.plan-indicator[data-row="4"] .plan-status-badge').textContent()).toBe('未达到')
    await page.screenshot({ path: path.join(ARTIFACTS, 'plan-dashboard-desktop.png') })

    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true })
    const text = pdf.toString('latin1')
    const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])])
    expect(boxes.length).toBeGreaterThanOrEqual(1)
    for (const [w, h] of boxes) {
      // A4 landscape: 297 × 210 mm = 842 × 595 pt.
      expect(Math.round(w!)).toBe(842)
      expect(Math.round(h!)).toBe(595)
    }
    expect(boxes.length).toBeLessThanOrEqual(2)
    await page.emulateMedia({ media: 'print' })
    await page.setViewportSize({ width: 1123, height: 794 })
    await page.screenshot({ path: path.join(ARTIFACTS, 'plan-dashboard-print.png'), fullPage: true })
    expect(await page.locator('#map').isVisible()).toBe(false)
    await page.emulateMedia({ media: 'screen' })
    await page.setViewportSize(DESKTOP)

    // From a computed row to its rule and its gaps on the map.
    await page.click('tr.plan-indicator[data-row="5"] .plan-rule-link')
    await page.waitForSelector('#plan-dashboard', { state: 'hidden' })
    await expect(page.locator('.plan-rule[data-rule=township_comprehensive_function].shown .plan-units').count()).resolves.toBe(1)
    expect(errors).toEqual([])
    await page.close()
  })

  it('an administrator enters a value with its source and date, is told what is wrong with a bad one, and sees the history', async () => {
    const page = await browser.newPage({ viewport: DESKTOP })
    const errors = collectErrors(page)
    await page.goto(server.url)
    await waitForMapIdle(page)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.waitForSelector('#sign-out', { state: 'attached' })
    await page.click('#plan-toggle')
    await page.click('#plan-open-dashboard')
    await page.waitForSelector('tr.plan-indicator[data-row="2"]')
    await page.click('tr.plan-indicator[data-row="2"] .plan-history-toggle')
    const form = page.locator('#plan-row-detail-2 form')
    await form.waitFor()
    await page.waitForFunction(() => document.getElementById('plan-row-detail-2')?.textContent?.includes('尚无填报记录'))
    await enter(page, '120')
    await page.waitForSelector('#plan-row-detail-2 .plan-field-error')
    expect(await page.locator('#plan-row-detail-2 .plan-field-error').first().textContent()).toBe('不能大于 100')
    await page.screenshot({ path: path.join(ARTIFACTS, 'plan-entry-error-desktop.png') })
    await enter(page, '72.5')
    await page.waitForSelector('#plan-row-detail-2 .plan-saved')
    await page.waitForSelector('#plan-row-detail-2 .plan-history tbody tr')
    expect(await page.locator('#plan-row-detail-2 .plan-history tbody tr').first().textContent()).toContain('72.5')
    expect(await page.locator('#plan-row-detail-2 .plan-history tbody tr').first().textContent()).toContain('admin')
    expect(await page.locator('tr.plan-indicator[data-row="2"] .plan-current').textContent()).toBe('72.5%')
    expect(await page.locator('tr.plan-indicator[data-row="2"] .plan-status-badge').textContent()).toBe('未达到')
    await page.screenshot({ path: path.join(ARTIFACTS, 'plan-entry-history-desktop.png') })
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([])
    await page.close()
  })

  it('works on a phone, in Chinese and in English', async () => {
    const { page, errors } = await openPlan(PHONE)
    await page.screenshot({ path: path.join(ARTIFACTS, 'plan-rules-phone.png') })
    const rule = page.locator('.plan-rule[data-rule=county_guidance_centre]')
    await rule.locator('.plan-expand').click()
    await rule.locator('.plan-unit').first().click()
    await page.waitForFunction(() => !window.appMap!.isMoving())
    await idle(page)
    await page.screenshot({ path: path.join(ARTIFACTS, 'plan-unit-zoomed-phone.png') })
    await page.locator('#plan-panel .sheet-toggle').click()
    await page.click('#plan-open-dashboard')
    await page.waitForSelector('tr.plan-indicator[data-row="13"]')
    const width = await page.evaluate(() => document.getElementById('plan-dashboard')!.scrollWidth)
    expect(width).toBeLessThanOrEqual(PHONE.width)
    await page.screenshot({ path: path.join(ARTIFACTS, 'plan-dashboard-phone.png') })
    expect(errors).toEqual([])
    await page.close()

    const en = await openPlan(PHONE, 'en')
    await expect(en.page.locator('.plan-rule[data-rule=total_beds] h3').textContent()).resolves.toBe('The city has at least 34,600 eldercare beds')
    await en.page.click('#plan-open-dashboard')
    await en.page.waitForSelector('tr.plan-indicator[data-row="13"]')
    expect(await en.page.locator('tr.plan-indicator[data-row="4"] .plan-kind').textContent()).toBe('Binding')
    await en.page.screenshot({ path: path.join(ARTIFACTS, 'plan-dashboard-phone-en.png') })
    expect(en.errors).toEqual([])
    await en.page.close()
  })
})
