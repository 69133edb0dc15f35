import { describe, expect, it } from 'vitest'
import { screenshot } from '../support/browser'
import { e2eSession } from '../support/e2e-session'
import { ordersFeed } from '../support/shell-fixtures'

/** The delivery controls of a webhook as an operator sees and uses them, in Chromium. */
let appId: number
let failingId: number
let healthy = false

const session = e2eSession({
  respond: (_request, _req, res) => {
    res.statusCode = healthy ? 200 : 500
    res.end(healthy ? 'ok' : 'down for maintenance')
  },
  viewport: { width: 1400, height: 900 },
  prepare: async (shell, receiver) => {
    const feed = await ordersFeed(shell, receiver, { name: 'ERP order feed' })
    appId = feed.appId
    failingId = feed.webhook.id
  }
})

describe('delivery controls in Chromium', () => {
  it('shows a failing streak on the webhook before it gets disabled', async () => {
    await session.shell.call('entities.create', { type: 'order', data: { number: 'SO-1001' } })
    await session.receiver.waitFor(1)
    await session.page.goto(`${session.shell.baseUrl}/#/apps/${appId}/webhooks`)
    await expect
      .poll(() => session.row('ERP order feed').locator('[data-test=webhook-status]').textContent())
      .toBe('Failing ×1')
    await session.row('ERP order feed').locator('[data-test=edit-webhook]').click()
    await expect
      .poll(() => session.page.locator('[data-test=failing-warning]').textContent())
      .toContain('1 delivery in a row')
    await screenshot(session.page, '20-failing-streak')
  })

  it('edits the retry schedule with a preset and a validated custom list', async () => {
    await session.page.locator('[data-test=retry-preset]').click()
    await session.page.getByRole('option', { name: 'Custom…' }).click()
    await session.page.locator('[data-test=retry-custom]').fill('30s, soon')
    await expect
      .poll(() => session.page.locator('[data-test=retry-error]').textContent())
      .toContain('"soon"')
    await session.page.locator('[data-test=retry-custom]').fill('30s, 5m, 1h')
    await expect.poll(() => session.page.locator('[data-test=retry-error]').count()).toBe(0)
    await screenshot(session.page, '21-retry-schedule')
    await session.page.locator('[data-test=save-webhook]').click()
    await expect
      .poll(async () => (await session.shell.call('webhooks.get', { id: failingId })).retrySchedule)
      .toEqual([30, 300, 3600])
    // Back to no retries, so the replay below is a single attempt per delivery.
    await session.shell.call('webhooks.update', { id: failingId, retrySchedule: [] })
  })

  it('replays the failed deliveries of a webhook from the log viewer, with progress', async () => {
    await session.shell.call('entities.create', { type: 'order', data: { number: 'SO-1002' } })
    await session.receiver.waitFor(2)
    await session.page.goto(`${session.shell.baseUrl}/#/apps/${appId}/logs?webhookId=${failingId}`)
    await expect.poll(() => session.page.locator('[data-test=log-table] tbody tr').count()).toBe(2)
    healthy = true
    await session.page.locator('[data-test=open-replay]').click()
    // The dialog counts what it would send before anything is sent.
    await expect
      .poll(() => session.page.locator('[data-test=scope-exhausted-count]').textContent())
      .toContain('2 that used up every retry')
    await session.page.locator('[data-test=start-replay]').click()
    await expect
      .poll(() => session.page.locator('[data-test=replay-progress]').textContent())
      .toContain('Finished: 2 delivered, 0 failed after every retry')
    await screenshot(session.page, '22-replay-progress')
    await session.page.locator('[data-test=close-replay]').click()
    await expect.poll(() => session.page.locator('[data-test=log-table] tbody tr').count()).toBe(4)
    const replayed = session.receiver.requests
      .slice(2)
      .map((request) => request.headers['webhook-id'])
    const original = session.receiver.requests
      .slice(0, 2)
      .map((request) => request.headers['webhook-id'])
    expect(replayed.sort()).toEqual(original.sort())
    await session.page.goto(`${session.shell.baseUrl}/#/apps/${appId}/webhooks`)
    // Delivering again, but two successes after two failures are no recovery yet (that takes
    // three in a row): still failing, and the line under the badge says why.
    await expect
      .poll(() => session.row('ERP order feed').locator('[data-test=webhook-status]').textContent())
      .toBe('Failing')
    const facts = await session
      .row('ERP order feed')
      .locator('[data-test=webhook-health-facts]')
      .textContent()
    expect(facts).toContain('2 of 4 attempts succeeded in 24 h')
    expect(facts).toContain('last 2 attempts succeeded')
  })

  it('edits delivery settings, including the private-network guard', async () => {
    await session.page.getByRole('link', { name: 'Settings' }).click()
    await session.page.locator('[data-test=delivery-settings]').waitFor()
    await session.page.locator('#setting-autoDisableAfterFailures').fill('25')
    await session.page.locator('label[for=setting-guard]').click()
    await session.page.getByRole('button', { name: 'Save delivery settings' }).click()
    await expect
      .poll(async () => (await session.shell.call('settings.get', {})).autoDisableAfterFailures)
      .toBe(25)
    expect((await session.shell.call('settings.get', {})).blockPrivateNetworks).toBe(true)
    await screenshot(session.page, '23-delivery-settings')
    // With the guard on, the loopback receiver is refused and the log says why.
    const test = await session.shell.call('webhooks.test', { id: failingId })
    expect(test.log.errorClass).toBe('blocked_address')
  })

  it('points out an out-of-range setting instead of clamping it, and saves nothing', async () => {
    const before = await session.shell.call('settings.get', {})
    await session.page.locator('#setting-connectTimeoutMs').fill('5')
    await session.page.locator('#setting-connectTimeoutMs').blur()
    await expect
      .poll(() => session.page.locator('[data-test=setting-error-connectTimeoutMs]').textContent())
      .toMatch(/Must be between 100 and 60.?000 ms/)
    expect(await session.page.locator('#setting-connectTimeoutMs').inputValue()).toContain('5')
    expect(await session.page.locator('[data-test=settings-blocked]').textContent()).toContain(
      'Fix the'
    )
    expect(
      await session.page.getByRole('button', { name: 'Save delivery settings' }).isDisabled()
    ).toBe(true)
    expect((await session.shell.call('settings.get', {})).connectTimeoutMs).toBe(
      before.connectTimeoutMs
    )
    await session.page.locator('#setting-connectTimeoutMs').fill(String(before.connectTimeoutMs))
    await session.page.locator('#setting-connectTimeoutMs').blur()
    await expect.poll(() => session.page.locator('[data-test=settings-blocked]').count()).toBe(0)
  })

  it('asks before rotating a secret; Cancel keeps it', async () => {
    const current = () => session.shell.call('webhooks.revealSecret', { id: failingId })
    const { secret } = await current()
    await session.page.goto(`${session.shell.baseUrl}/#/apps/${appId}/webhooks`)
    await session.row('ERP order feed').locator('[data-test=edit-webhook]').click()
    await session.page.locator('[data-test=rotate-secret]').click()
    const question = session.page.getByRole('alertdialog')
    await expect.poll(() => question.textContent()).toContain('Rotate the signing secret?')
    await screenshot(session.page, '24-rotate-confirmation')
    await question.getByRole('button', { name: 'Cancel' }).click()
    expect((await current()).secret).toBe(secret)
    await session.page.locator('[data-test=rotate-secret]').click()
    await session.page.locator('[data-test=confirm-rotate]').click()
    await expect.poll(async () => (await current()).secret).not.toBe(secret)
    // The dialog shows the new secret when revealed, fetched only on request.
    await session.page.locator('[data-test=reveal-secret]').click()
    await expect
      .poll(() => session.page.locator('[data-test=secret-value]').inputValue())
      .toBe((await current()).secret)
  })

  it('raised no page errors along the way', () => {
    expect(session.pageErrors.join('\n')).toBe('')
  })
})
