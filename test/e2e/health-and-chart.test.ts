import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createKnex } from '../../src/main/core/db/knex-factory'
import { blocking, describeViolations, runAxe } from '../support/axe'
import { screenshot, waitForStillness } from '../support/browser'
import { e2eSession } from '../support/e2e-session'
import { insertAttempts } from '../support/log-rows'
import { seededAppId, webhookToReceiver } from '../support/shell-fixtures'

/**
 * Health and the dashboard chart say only what the evidence says: a webhook without attempts is
 * "No deliveries yet", a state shows the figures it rests on, the chart names what it counts
 * (attempts, test sends left out as in health) and one failure beside thousands of successes
 * stays visible.
 */
const HOUR = 3_600_000
let busyId: number

const session = e2eSession({
  prepare: async (shell, receiver) => {
    const appId = await seededAppId(shell, 'products')
    const quiet = await webhookToReceiver(shell, receiver, {
      appId,
      name: 'Quiet hook',
      events: ['product.deleted']
    })
    busyId = (
      await webhookToReceiver(shell, receiver, {
        appId,
        name: 'Busy hook',
        events: ['product.deleted']
      })
    ).id
    // A test send: logged, yet no evidence about real deliveries, and not on the chart.
    await shell.call('webhooks.test', { id: quiet.id })
    // Two thousand successful attempts three hours ago, one failure this hour: written into the
    // shell's database through the worker's write path, so the rollup trigger counts them.
    const db = createKnex(join(shell.dataDir, 'pim.sqlite'))
    try {
      const now = Date.now()
      await insertAttempts(db, [
        ...Array.from({ length: 2000 }, (_, n) => ({
          appId,
          webhookId: busyId,
          createdAt: now - 3 * HOUR + n
        })),
        { appId, webhookId: busyId, responseStatus: 500, createdAt: now - 60_000 }
      ])
    } finally {
      await db.destroy()
    }
  }
})

/** Strongly red pixels (the failed bars' #ef4444) above the legend, in the chart's canvas. */
const redPixelsInPlot = () =>
  session.page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-test=delivery-chart] canvas')!
    const context = canvas.getContext('2d')!
    // The legend (with its red box) is drawn at the bottom: read the plot above it only.
    const height = Math.floor(canvas.height * 0.85)
    const { data } = context.getImageData(0, 0, canvas.width, height)
    let red = 0
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] > 200 && data[i + 1] < 110 && data[i + 2] < 110 && data[i + 3] > 200) red++
    }
    return red
  })

describe('health and the delivery chart in Chromium', () => {
  it('shows a webhook without attempts as "No deliveries yet", and a state with its figures', async () => {
    await session.page.goto(`${session.shell.baseUrl}/#/`)
    const quiet = session.row('Quiet hook')
    await expect
      .poll(() => quiet.locator('[data-test=webhook-status]').textContent())
      .toBe('No deliveries yet')
    expect(await quiet.locator('.health').getAttribute('aria-label')).toContain(
      'No deliveries yet. No delivery attempt is logged yet'
    )
    // Neutral, not the green of a healthy webhook.
    expect(await quiet.locator('[data-test=webhook-status]').getAttribute('class')).toContain(
      'p-tag-secondary'
    )

    const busy = session.row('Busy hook')
    await expect
      .poll(() => busy.locator('[data-test=webhook-status]').textContent())
      .toBe('Degraded')
    expect(await busy.locator('[data-test=webhook-health-facts]').textContent()).toContain(
      '2000 of 2001 attempts succeeded in 24 h'
    )
    const name = await busy.locator('.health').getAttribute('aria-label')
    expect(name).toContain('Degraded. An attempt failed.')
    expect(name).toContain('Test sends are not counted.')
  })

  it('says the bars count attempts without test sends, and keeps one failure visible', async () => {
    const caption = session.page.locator('[data-test=delivery-chart-caption]')
    await expect.poll(() => caption.textContent()).toContain('Test sends are not counted (1 in')
    const delivered = session.page.locator('.stat', { hasText: 'Successful attempts' })
    expect(await delivered.locator('.value').textContent()).toBe('2000')
    const failed = session.page.locator('.stat', { hasText: 'Failed attempts' })
    expect(await failed.locator('.value').textContent()).toBe('1')
    // 2000 of 2001 is not "100.0 %".
    const rate = session.page.locator('.stat', { hasText: 'Attempt success rate' })
    expect(await rate.locator('.value').textContent()).toBe('99.9 %')
    const headers = await session.page
      .locator('[data-test=delivery-chart-table] thead th')
      .allTextContents()
    expect(headers).toEqual(['Hour', 'Successful attempts', 'Failed attempts'])
    expect(
      await session.page.locator('[data-test=delivery-chart] canvas').getAttribute('aria-label')
    ).toContain('2000 successful attempts, 1 failed attempts')

    // Drawn to scale, 1 of 2000 is a tenth of a pixel: nothing red would show.
    await waitForStillness(session.page)
    expect(await redPixelsInPlot()).toBeGreaterThanOrEqual(12)
  })

  it('looks right at 1280×800 and 1024×700 in both schemes, with no serious axe finding', async () => {
    for (const [width, height] of [
      [1280, 800],
      [1024, 700]
    ]) {
      await session.page.setViewportSize({ width, height })
      for (const scheme of ['light', 'dark'] as const) {
        await session.page.emulateMedia({ colorScheme: scheme })
        await expect
          .poll(() =>
            session.page.evaluate("document.documentElement.classList.contains('app-dark')")
          )
          .toBe(scheme === 'dark')
        await waitForStillness(session.page)
        expect(await redPixelsInPlot()).toBeGreaterThanOrEqual(12)
        // The health figures are in view, not cut off by the table's edge.
        const table = await session.page.locator('.p-datatable-table-container').boundingBox()
        for (const facts of await session.page.locator('[data-test=webhook-health-facts]').all()) {
          const box = (await facts.boundingBox())!
          expect(box.x + box.width).toBeLessThanOrEqual(table!.x + table!.width)
        }
        await screenshot(session.page, `40-health-chart-${width}x${height}-${scheme}`)
        expect(describeViolations(blocking(await runAxe(session.page)))).toBe('')
      }
    }
    await session.page.emulateMedia({ colorScheme: 'light' })
    expect(session.pageErrors).toEqual([])
  })
})
