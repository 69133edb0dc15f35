import { describe, expect, it } from 'vitest'
import { blocking, describeViolations, runAxe } from '../support/axe'
import { focusMatches, screenshot, tabTo, waitForStillness } from '../support/browser'
import { e2eSession } from '../support/e2e-session'
import { seededAppId, webhookToReceiver } from '../support/shell-fixtures'

/** Custom headers (issue 21): added by keyboard, shown masked, sent, revealed in the cURL. */
let appId: number
let webhookId: number

const API_KEY = 'Bearer sk_live_7e1f0c9a2b44abcd'

const session = e2eSession({
  viewport: { width: 1280, height: 900 },
  prepare: async (shell, receiver) => {
    appId = await seededAppId(shell, 'products')
    webhookId = (
      await webhookToReceiver(shell, receiver, {
        appId,
        name: 'Keyed feed',
        events: ['brand.created']
      })
    ).id
  }
})

const text = (selector: string) => session.page.locator(selector).first().innerText()
/** The webhook dialog is long: more Tab stops than the helper's default. */
const DIALOG_TAB_STOPS = 60

describe('custom webhook headers in Chromium', () => {
  it('adds a plain and a secret header by keyboard, masked everywhere until revealed', async () => {
    const { page } = session
    await page.goto(`${session.shell.baseUrl}/#/apps/${appId}/webhooks`)
    await session.row('Keyed feed').locator('[data-test=edit-webhook]').click()
    await page.locator('[data-test=headers-editor]').waitFor()
    // The dialog focuses its first field once it has faded in: start after that.
    await waitForStillness(page)
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.tagName ?? ''))
      .toBe('INPUT')

    await tabTo(page, '[data-test=add-header]', { max: DIALOG_TAB_STOPS })
    await page.keyboard.press('Enter')
    // The new row's name takes the focus.
    await expect.poll(() => focusMatches(page, '[data-test=header-name]')).toBe(true)
    await page.keyboard.type('X-Tenant')
    await page.keyboard.press('Tab')
    await page.keyboard.type('tenant-42')

    await tabTo(page, '[data-test=add-header]', { max: 10 })
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('[data-test=header-row]').count()).toBe(2)
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Header 2 name')
    await page.keyboard.type('Authorization')
    await page.keyboard.press('Tab')
    await page.keyboard.type(API_KEY)
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('checkbox')
    await page.keyboard.press('Space')
    await expect
      .poll(() => page.locator('[data-test=header-value]').nth(1).getAttribute('type'))
      .toBe('password')

    // A reserved name is refused as it is typed, before anything is sent.
    await tabTo(page, '[data-test=add-header]', { max: 10 })
    await page.keyboard.press('Enter')
    await page.keyboard.type('Webhook-Id')
    await page.keyboard.press('Tab')
    await expect
      .poll(() => text('[data-test=headers-editor] .error:not(:empty)'))
      .toContain('is set by the app')
    await waitForStillness(page)
    await screenshot(page, 'webhook-headers-dialog')
    expect(describeViolations(blocking(await runAxe(page)))).toBe('')
    await tabTo(page, '[data-test=remove-header][aria-label^="Remove header 3"]', { max: 10 })
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('[data-test=header-row]').count()).toBe(2)

    await tabTo(page, '[data-test=save-webhook]', { max: DIALOG_TAB_STOPS })
    await page.keyboard.press('Enter')
    await expect
      .poll(async () => (await session.shell.call('webhooks.get', { id: webhookId })).headers)
      .toEqual([
        { name: 'X-Tenant', value: 'tenant-42', secret: false, hint: null },
        { name: 'Authorization', value: null, secret: true, hint: 'abcd' }
      ])

    // The webhook's page lists them, the secret masked.
    await page.goto(`${session.shell.baseUrl}/#/apps/${appId}/webhooks/${webhookId}`)
    await expect.poll(() => text('[data-test=setting-headers]')).toContain('X-Tenant: tenant-42')
    const listed = await text('[data-test=setting-headers]')
    expect(listed).toContain('Authorization: ••••abcd')
    expect(listed).not.toContain('sk_live')

    // A test send carries both; its log detail shows the secret masked, the cURL too.
    await page.locator('[data-test=page-test]').click()
    const [request] = await session.receiver.waitFor(1)
    expect(request.headers['x-tenant']).toBe('tenant-42')
    expect(request.headers.authorization).toBe(API_KEY)
    expect(request.standardSignatureValid).toBe(true)
    await expect.poll(() => page.locator('[data-test=log-table] tbody tr').count()).toBe(1)
    await page.locator('[data-test=open-log]').first().click()
    await page.locator('[data-test=log-detail]').waitFor()
    const sent = await page.getByRole('region', { name: 'Headers sent' }).innerText()
    expect(sent).toContain('Authorization: ••••abcd')
    expect(sent).toContain('X-Tenant: tenant-42')
    expect(await text('[data-test=curl-command]')).toContain("'Authorization: ••••abcd'")
    expect(await text('[data-test=curl-command]')).not.toContain('sk_live')

    await page.locator('[data-test=reveal-headers]').click()
    await expect
      .poll(() => text('[data-test=curl-command]'))
      .toContain(`'Authorization: ${API_KEY}'`)
    expect(await page.getByRole('region', { name: 'Headers sent' }).innerText()).not.toContain(
      'sk_live'
    )
    await waitForStillness(page)
    await screenshot(page, 'webhook-headers-log-detail')
    expect(describeViolations(blocking(await runAxe(page)))).toBe('')
    expect(session.pageErrors).toEqual([])
  })
})
