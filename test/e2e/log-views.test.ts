import { describe, expect, it } from 'vitest'
import { screenshot } from '../support/browser'
import { e2eSession } from '../support/e2e-session'
import { ordersFeed } from '../support/shell-fixtures'

/**
 * A receiver that breaks and recovers, as the webhook manager, the dashboard and both views of
 * the delivery log show it, driven by keyboard where an operator would use one.
 */
let appId: number
let webhookId: number
let healthy = false

const session = e2eSession({
  respond: (_request, _req, res) => {
    res.statusCode = healthy ? 200 : 500
    res.end(healthy ? 'ok' : 'upstream down')
  },
  viewport: { width: 1280, height: 800 },
  prepare: async (shell, receiver) => {
    const feed = await ordersFeed(shell, receiver, {
      name: 'Warehouse system with a long name that must stay readable in full on the dashboard',
      retrySchedule: [3600],
      numbers: ['SO-1', 'SO-2']
    })
    appId = feed.appId
    webhookId = feed.webhook.id
  }
})

const focusedTestId = () =>
  session.page.evaluate<string | undefined>(
    "document.activeElement?.getAttribute('data-test') ?? document.activeElement?.tagName"
  )

describe('webhook health and the delivery log in Chromium', () => {
  it('shows a switched-on webhook whose receiver answers 500 as failing, with its waiting retries', async () => {
    await session.page.goto(`${session.shell.baseUrl}/#/apps/${appId}/webhooks`)
    const hook = session.row('Warehouse system')
    await expect
      .poll(() => hook.locator('[data-test=webhook-status]').textContent())
      .toBe('Failing')
    const facts = await hook.locator('[data-test=webhook-health-facts]').textContent()
    expect(facts).toContain('0 of 2 attempts succeeded in 24 h')
    expect(facts).toContain('2 retries waiting')
    expect(facts).toContain('no success yet')
    await screenshot(session.page, '30-health-failing-manager')

    await session.page.goto(`${session.shell.baseUrl}/#/`)
    const dashboardRow = session.row('Warehouse system')
    await expect
      .poll(() => dashboardRow.locator('[data-test=webhook-status]').textContent())
      .toBe('Failing')
    // The full name is there to read, not clamped away.
    expect(await dashboardRow.locator('[data-test=webhook-page-link]').textContent()).toContain(
      'in full on the dashboard'
    )
    await screenshot(session.page, '31-health-failing-dashboard')
  })

  it('lists one row per message, expands it to its attempts and opens one by keyboard', async () => {
    await session.page.goto(`${session.shell.baseUrl}/#/apps/${appId}/logs`)
    await session.page.locator('[data-test=log-view]').getByText('By message').click()
    await expect.poll(() => session.page.url()).toContain('view=messages')
    const messages = session.page.locator('[data-test=message-table] tbody tr')
    await expect.poll(() => messages.count()).toBe(2)
    expect(await messages.locator('[data-test=message-state]').allTextContents()).toEqual([
      'Retrying',
      'Retrying'
    ])
    const toggle = messages.first().locator('[data-test=toggle-attempts]')
    expect(await toggle.getAttribute('aria-expanded')).toBe('false')
    await toggle.click()
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true')
    const details = session.page.locator('[data-test=open-log]')
    await expect.poll(() => details.count()).toBe(1)
    expect(await session.page.locator('[data-test^=message-attempts-]').textContent()).toContain(
      'Attempt 1'
    )
    await screenshot(session.page, '32-log-by-message')

    await details.first().focus()
    await session.page.keyboard.press('Enter')
    const drawer = session.page.getByRole('dialog')
    await drawer.waitFor()
    expect(await drawer.textContent()).toContain('upstream down')
    await session.page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'detached' })
    expect(await focusedTestId()).toBe('open-log') // focus came back to the button that opened it
  })

  it('keeps the filters in the URL and follows Back and Forward', async () => {
    await session.page.locator('[data-test=filter-state]').click()
    await session.page.getByRole('option', { name: 'Delivered' }).click()
    await expect.poll(() => session.page.url()).toContain('state=succeeded')
    await expect
      .poll(() => session.page.locator('[data-test=message-table] tbody tr').first().textContent())
      .toContain('No deliveries match')
    await session.page.goBack()
    await expect.poll(() => session.page.url()).not.toContain('state=')
    await expect
      .poll(() =>
        session.page.locator('[data-test=message-table] [data-test=message-state]').count()
      )
      .toBe(2)
    await session.page.goBack()
    await expect.poll(() => session.page.locator('[data-test=log-table]').count()).toBe(1)
    await session.page.goForward()
    await session.page.goForward()
    await expect.poll(() => session.page.url()).toContain('state=succeeded')
    expect(await session.page.locator('[data-test=filter-state]').textContent()).toContain(
      'Delivered'
    )
  })

  it('replays every failed delivery, pending retries included, and they arrive now', async () => {
    await session.page.goto(`${session.shell.baseUrl}/#/apps/${appId}/logs?view=messages`)
    healthy = true
    await session.page.locator('[data-test=open-replay]').click()
    await expect
      .poll(() => session.page.locator('[data-test=scope-failed-count]').textContent())
      .toContain('2: 2 waiting for a retry')
    await screenshot(session.page, '33-replay-scopes')
    await session.page.locator('[data-test=start-replay]').click()
    await expect
      .poll(() => session.page.locator('[data-test=replay-progress]').textContent())
      .toContain('Finished: 2 delivered, 0 failed after every retry')
    await session.page.locator('[data-test=close-replay]').click()
    expect(await focusedTestId()).toBe('open-replay')
    await expect
      .poll(() => session.page.locator('[data-test=message-state]').allTextContents())
      .toEqual(['Delivered', 'Delivered'])
    const ids = session.receiver.requests.map((request) => request.headers['webhook-id'])
    expect(new Set(ids).size).toBe(2)
    expect(
      (await session.shell.call('webhooks.get', { id: webhookId })).health.pendingRetries
    ).toBe(0)
  })

  it('opens an attempt from the attempt view with the keyboard alone', async () => {
    await session.page.goto(`${session.shell.baseUrl}/#/apps/${appId}/logs`)
    await expect.poll(() => session.page.locator('[data-test=log-table] tbody tr').count()).toBe(4)
    await session.page.locator('[data-test=filter-webhook]').focus()
    let reached = false
    for (let press = 0; press < 20 && !reached; press += 1) {
      await session.page.keyboard.press('Tab')
      reached = (await focusedTestId()) === 'open-log'
    }
    expect(reached).toBe(true)
    await session.page.keyboard.press('Enter')
    // The drawer, not the date pickers of the range that Tab passed through (their panels fade).
    const drawer = session.page.locator('[data-test=log-detail]')
    await drawer.waitFor()
    await screenshot(session.page, '34-log-drawer-by-keyboard')
    await session.page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'detached' })
    expect(await focusedTestId()).toBe('open-log')
  })

  it('raised no page errors along the way', () => {
    expect(session.pageErrors.join('\n')).toBe('')
  })
})
