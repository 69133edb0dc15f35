import { describe, expect, it } from 'vitest'
import { blocking, describeViolations, runAxe } from '../support/axe'
import { focusMatches, screenshot, tabTo, waitForStillness } from '../support/browser'
import { e2eSession } from '../support/e2e-session'
import { ordersFeed } from '../support/shell-fixtures'

/**
 * Alerts as an operator meets them, in Chromium: the Orders app's alert settings set by keyboard
 * with errors shown inline, a failing webhook that rings the bell (and POSTs to the alert URL),
 * the alert opening that webhook's log, and reading it.
 */
let appId: number
let webhookId: number

const session = e2eSession({
  // The webhook's receiver is down; the alert URL on the same server answers.
  respond: (_request, req, res) => {
    res.statusCode = req.url === '/alerts' ? 200 : 500
    res.end()
  },
  prepare: async (shell, receiver) => {
    const feed = await ordersFeed(shell, receiver, { name: 'ERP order feed' })
    appId = feed.appId
    webhookId = feed.webhook.id
  }
})

const page = () => session.page
const alertUrl = () => session.receiver.url.replace(/\/hook$/, '/alerts')
const alertPosts = () => session.receiver.requests.filter((request) => request.json.type)

describe('alerts in Chromium', () => {
  it('sets the alert settings by keyboard, with errors shown inline', async () => {
    await page().goto(`${session.shell.baseUrl}/#/apps/${appId}/alerts`)
    await page().locator('[data-test=alert-settings] #alert-url').waitFor()
    await tabTo(page(), '#alert-url')
    await page().keyboard.type('ftp://alerts.example.com')
    await expect
      .poll(() => page().locator('[data-test=alert-error-url]').textContent())
      .toBe('URL scheme must be http or https, not ftp')
    expect(await page().locator('[data-test=alert-save]').isDisabled()).toBe(true)

    await page().keyboard.press('ControlOrMeta+a')
    await page().keyboard.type(alertUrl())
    await expect.poll(() => page().locator('[data-test=alert-error-url]').count()).toBe(0)
    await tabTo(page(), '#alert-quiet')
    await page().keyboard.press('ControlOrMeta+a')
    await page().keyboard.type('5000')
    await expect
      .poll(() => page().locator('[data-test=alert-error-quiet]').textContent())
      .toBe('Must be between 0 and 1440 minutes')
    await page().keyboard.press('ControlOrMeta+a')
    await page().keyboard.type('10')
    await expect.poll(() => page().locator('[data-test=alert-error-quiet]').count()).toBe(0)
    await tabTo(page(), '[data-test=alert-save]')
    await page().keyboard.press('Enter')

    await expect
      .poll(() => session.shell.call('alerts.settings', { appId }))
      .toMatchObject({ webhookUrl: alertUrl(), quietPeriodMinutes: 10, enabled: true })
    await page().locator('[data-test=alert-secret]').waitFor()
    const { secret } = await session.shell.call('alerts.revealSecret', { appId })
    expect(await page().locator('[data-test=alert-secret]').textContent()).toContain(
      secret.slice(-4)
    )
    session.receiver.secrets.push(secret)

    await waitForStillness(page())
    const violations = blocking(await runAxe(page()))
    expect(violations, describeViolations(violations)).toEqual([])
    await screenshot(page(), '60-alert-settings')
  })

  it('rings the bell for a failing webhook, opens its log from the alert and marks it read', async () => {
    await session.shell.call('entities.create', { type: 'order', data: { number: 'SO-9001' } })
    await session.shell.call('entities.create', { type: 'order', data: { number: 'SO-9002' } })
    // The core pushes the alert: the bell counts it without a reload.
    await expect.poll(() => page().locator('[data-test=alert-count]').textContent()).toBe('1')
    expect(await page().locator('[data-test=alert-bell]').getAttribute('aria-label')).toBe(
      'Alerts, 1 unread'
    )
    await expect.poll(() => alertPosts().length).toBe(1)
    const [posted] = alertPosts()
    expect(posted.standardSignatureValid).toBe(true)
    expect(posted.json).toMatchObject({ type: 'webhook.alert', kind: 'failing', state: 'raised' })
    expect(String(posted.json.text)).toContain('Webhook "ERP order feed" is failing (app Orders)')

    await page().locator('[data-test=alert-bell]').focus()
    await page().keyboard.press('Enter')
    await page().locator('[data-test=alert-panel]').waitFor()
    // The focus moves into the list; Mark all read comes first.
    await expect.poll(() => focusMatches(page(), '[data-test=alerts-mark-all]')).toBe(true)
    const alert = page().locator('[data-test=alert-panel] .alert-link')
    expect(await alert.count()).toBe(1)
    expect(await alert.textContent()).toContain('Webhook "ERP order feed" is failing')
    await waitForStillness(page())
    const violations = blocking(await runAxe(page()))
    expect(violations, describeViolations(violations)).toEqual([])
    await screenshot(page(), '61-alert-bell')

    await page().keyboard.press('Enter')
    await expect.poll(() => page().locator('[data-test=alert-count]').count()).toBe(0)
    expect(await page().locator('[data-test=alert-bell]').getAttribute('aria-label')).toBe(
      'Alerts, none unread'
    )
    await tabTo(page(), '[data-test=alert-panel] .alert-link')
    await page().keyboard.press('Enter')
    await expect.poll(() => page().url()).toContain(`/apps/${appId}/logs?webhookId=${webhookId}`)
    await expect.poll(() => page().locator('[data-test=alert-panel]').count()).toBe(0)
    expect(session.pageErrors).toEqual([])
  })
})
