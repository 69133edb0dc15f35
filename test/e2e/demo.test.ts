import { describe, expect, it } from 'vitest'
import { blocking, describeViolations, runAxe } from '../support/axe'
import { screenshot } from '../support/browser'
import { e2eSession } from '../support/e2e-session'

/** The demo as an evaluator meets it: the dashboard fills up, and the receiver page says why. */
const session = e2eSession({ demoArgs: ['--interval', '300'] })

describe('the demo in Chromium', () => {
  it('fills the dashboard with delivered and failed attempts and shows the demo panel', async () => {
    const { page } = session
    const panel = page.locator('[data-test=demo-panel]')
    await expect.poll(() => panel.isVisible()).toBe(true)
    await expect.poll(() => panel.textContent()).toContain('Activity simulator: running')
    // Both counters move without a reload: the chart follows the pushed attempts.
    const count = (label: string) =>
      page.locator('.stat', { hasText: label }).locator('.value').textContent().then(Number)
    await expect.poll(() => count('Successful attempts'), { timeout: 30_000 }).toBeGreaterThan(5)
    await expect.poll(() => count('Failed attempts'), { timeout: 30_000 }).toBeGreaterThan(0)
    await expect
      .poll(() => page.locator('tbody tr', { hasText: 'Legacy stock feed' }).textContent(), {
        timeout: 30_000
      })
      .toMatch(/Disabled/)
    expect(blocking(await runAxe(page)), describeViolations(await runAxe(page))).toEqual([])
    await screenshot(page, 'demo-dashboard')
  })

  it('pauses and resumes the simulator from the keyboard', async () => {
    const { page, shell } = session
    const toggle = page.locator('[data-test=demo-toggle]')
    await toggle.focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => toggle.textContent()).toContain('Resume simulator')
    expect((await shell.call('demo.status', {})).simulator).toBe('paused')
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toContain('Resume simulator')
    await page.keyboard.press('Enter')
    await expect.poll(() => toggle.textContent()).toContain('Pause simulator')
    expect((await shell.call('demo.status', {})).simulator).toBe('running')
  })

  it('links to the receiver page, which lists what arrived with a verified verdict', async () => {
    const { page, browser, shell } = session
    const link = page.locator('[data-test=demo-receiver-link]')
    const href = await link.getAttribute('href')
    expect(href).toBe((await shell.call('demo.status', {})).receiverPageUrl)
    expect(await link.getAttribute('target')).toBe('_blank')
    const receiverPage = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    try {
      await receiverPage.goto(href!)
      await expect
        .poll(() => receiverPage.locator('tbody tr').count(), { timeout: 15_000 })
        .toBeGreaterThan(3)
      expect(await receiverPage.locator('tbody').textContent()).toMatch(/Verified/i)
      await screenshot(receiverPage, 'demo-receiver-page')
    } finally {
      await receiverPage.close()
    }
  })

  it('shows a product log entry with the revision that caused it', async () => {
    const { page, shell } = session
    const products = (await shell.call('apps.list', {})).find((app) => app.key === 'products')!
    await page.goto(`${shell.baseUrl}/#/apps/${products.id}/logs?event=product.updated`)
    const open = page.locator('[data-test=open-log]').first()
    // The simulator picks its changes at random: a product update may take a while on a busy
    // machine. Only a bound on a hang, as for the counters above.
    await open.waitFor({ timeout: 60_000 })
    await open.focus()
    await page.keyboard.press('Enter')
    const revision = page.getByRole('dialog').locator('[data-test=log-revision]')
    await revision.waitFor()
    expect(await revision.textContent()).toMatch(/updated by (Ana Ruiz|Ben Okafor|Chloé Martin)/)
    await screenshot(page, 'demo-log-detail')
    expect(session.pageErrors).toEqual([])
  })
})
