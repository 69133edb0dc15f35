import { describe, expect, it } from 'vitest'
import { blocking, describeViolations, runAxe } from '../support/axe'
import { screenshot, waitForStillness } from '../support/browser'
import { e2eSession } from '../support/e2e-session'
import { ordersFeed } from '../support/shell-fixtures'

/**
 * What a logged attempt keeps after the fact (issue 19): a receiver that answers 410 Gone
 * disables its webhook, which the operator then deletes. The log still names the webhook, marks
 * the attempt that disabled it, shows what the receiver answered with (headers included) and
 * says why it cannot be redelivered: its webhook is gone, not "a test send".
 */
let appId: number

const session = e2eSession({
  respond: (_request, _req, res) => {
    res.statusCode = 410
    res.setHeader('Retry-After', '30')
    res.setHeader('X-Receiver-Note', 'endpoint retired')
    res.end('gone')
  },
  viewport: { width: 1280, height: 800 },
  prepare: async (shell, receiver) => {
    const feed = await ordersFeed(shell, receiver, { name: 'Legacy ERP', numbers: ['SO-410'] })
    appId = feed.appId
    // The attempt is recorded with the worker's next commit; the note comes with it.
    for (let tries = 0; tries < 200; tries++) {
      const [logged] = (await shell.call('logs.list', { appId })).items
      if (logged?.disabledWebhook) break
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    await shell.call('webhooks.bulk', { ids: [feed.webhook.id], action: 'delete' })
  }
})

const drawer = () => session.page.getByRole('dialog')

async function auditAndShoot(name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await session.page.emulateMedia({ colorScheme: scheme })
    await expect
      .poll(() => session.page.evaluate("document.documentElement.classList.contains('app-dark')"))
      .toBe(scheme === 'dark')
    await waitForStillness(session.page)
    expect(describeViolations(blocking(await runAxe(session.page)))).toBe('')
    const { width, height } = session.page.viewportSize()!
    await screenshot(session.page, `${name}-${width}x${height}-${scheme}`)
  }
  await session.page.emulateMedia({ colorScheme: 'light' })
}

describe('a deleted webhook in the delivery log, in Chromium', () => {
  it('names the deleted webhook in its row and marks the attempt that disabled it', async () => {
    await session.page.goto(`${session.shell.baseUrl}/#/apps/${appId}/logs`)
    const row = session.row('order.created')
    await expect
      .poll(() => row.locator('[data-test=log-webhook]').textContent())
      .toBe('Legacy ERP (deleted)')
    const marker = row.locator('[data-test=log-disabled-marker]')
    expect(await marker.textContent()).toContain('disabled it')
    expect(await marker.getAttribute('title')).toContain('410 Gone')
  })

  it('opens the attempt by keyboard: its webhook, the disable note, the response headers and why it cannot be redelivered', async () => {
    await session.page.locator('[data-test=open-log]').first().focus()
    await session.page.keyboard.press('Enter')
    await drawer().waitFor()
    const detail = drawer().locator('[data-test=log-detail]')
    expect(await detail.locator('[data-test=log-detail-webhook]').textContent()).toContain(
      'Legacy ERP (deleted)'
    )
    expect(await detail.locator('[data-test=log-disabled-note]').textContent()).toContain(
      'This attempt disabled the webhook. The receiver answered 410 Gone'
    )
    const headers = await detail.locator('[data-test=log-response-headers] pre').textContent()
    expect(headers).toContain('retry-after: 30')
    expect(headers).toContain('x-receiver-note: endpoint retired')

    const redeliver = detail.locator('[data-test=redeliver]')
    expect(await redeliver.isDisabled()).toBe(true)
    const refusal = detail.locator('[data-test=redeliver-refusal]')
    expect(await refusal.textContent()).toContain('Its webhook was deleted')
    expect(await refusal.textContent()).not.toContain('Test sends')
    // A screen reader hears the reason with the disabled button.
    expect(await redeliver.getAttribute('aria-describedby')).toBe(await refusal.getAttribute('id'))
    await auditAndShoot('40-log-deleted-webhook-drawer')
    await detail.locator('[data-test=log-response-headers]').scrollIntoViewIfNeeded()
    await auditAndShoot('42-log-response-headers')

    await session.page.setViewportSize({ width: 1024, height: 700 })
    await auditAndShoot('40-log-deleted-webhook-drawer')
    await session.page.keyboard.press('Escape')
    await drawer().waitFor({ state: 'detached' })
    await auditAndShoot('41-log-deleted-webhook-row')
    await session.page.setViewportSize({ width: 1280, height: 800 })
    await auditAndShoot('41-log-deleted-webhook-row')
  })

  it('logged no page errors', () => {
    expect(session.pageErrors).toEqual([])
  })
})
