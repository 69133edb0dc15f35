import { describe, expect, it } from 'vitest'
import { blocking, describeViolations, runAxe } from '../support/axe'
import { focusMatches, screenshot, tabTo, waitForStillness } from '../support/browser'
import { e2eSession } from '../support/e2e-session'
import { seededAppId } from '../support/shell-fixtures'

/** Narrowing a webhook to changes of chosen fields, in Chromium, by keyboard. */
let appId: number
let webhookId: number

const session = e2eSession({
  viewport: { width: 1280, height: 900 },
  prepare: async (shell, receiver) => {
    appId = await seededAppId(shell, 'products')
    webhookId = (
      await shell.call('webhooks.create', {
        appId,
        name: 'Price watch',
        url: receiver.url,
        events: ['product.updated']
      })
    ).id
  }
})

/** The webhook dialog is long: more Tab stops than the helper's default. */
const DIALOG_TAB_STOPS = 60

async function openDialog(): Promise<void> {
  await session.page.goto(`${session.shell.baseUrl}/#/apps/${appId}/webhooks`)
  await session.row('Price watch').locator('[data-test=edit-webhook]').click()
  await session.page
    .locator('[data-test="filter-product.updated"]')
    .waitFor({ timeout: 5_000 })
    .catch((error: Error) => {
      throw new Error(`${error.message}\npage errors: ${session.pageErrors.join('\n')}`)
    })
  // The dialog puts the focus on its first field once it has faded in; on a slow machine that
  // comes late and would pull the keyboard back to the top mid-way. Start only after it.
  await waitForStillness(session.page)
  await expect
    .poll(() => session.page.evaluate(() => document.activeElement?.tagName ?? ''))
    .toBe('INPUT')
}

describe('field-level subscriptions in Chromium', () => {
  it('narrows product.updated to price or status while active, by keyboard', async () => {
    await openDialog()
    await tabTo(session.page, '[data-test=watch-price]', { max: DIALOG_TAB_STOPS })
    await session.page.keyboard.press('Space')
    await tabTo(session.page, '[data-test=watch-status]', { max: DIALOG_TAB_STOPS })
    await session.page.keyboard.press('Space')
    await tabTo(session.page, '[data-test=add-condition]', { max: DIALOG_TAB_STOPS })
    await session.page.keyboard.press('Enter')
    await session.page.locator('[data-test=condition]').waitFor()
    // The new condition (Status equals draft) takes the focus at its field: on to its value.
    await expect.poll(() => focusMatches(session.page, '[data-test=condition-field]')).toBe(true)
    await tabTo(session.page, '[data-test=condition-value]', { max: 5 })
    await session.page.keyboard.press('ArrowDown')
    await expect
      .poll(() => session.page.locator('[data-test=condition-value]').inputValue())
      .toBe('active')
    await waitForStillness(session.page)
    await screenshot(session.page, 'field-subscriptions-dialog')

    const violations = await runAxe(session.page)
    expect(describeViolations(blocking(violations))).toBe('')

    await tabTo(session.page, '[data-test=save-webhook]', { max: DIALOG_TAB_STOPS })
    await session.page.keyboard.press('Enter')
    await expect
      .poll(async () => (await session.shell.call('webhooks.get', { id: webhookId })).filters)
      .toEqual({
        'product.updated': {
          fields: ['price', 'status'],
          conditions: [{ field: 'status', op: 'eq', value: 'active' }]
        }
      })
  })

  it('shows the narrowing on the manager row', async () => {
    const narrowing = session.row('Price watch').locator('[data-test=narrowing]')
    await expect
      .poll(() => narrowing.textContent())
      .toContain('only when Price or Status changed; Status equals active')
    await screenshot(session.page, 'field-subscriptions-manager')
  })

  it('delivers only matching saves, and the log says why', async () => {
    const product = await session.shell.call('entities.create', {
      type: 'product',
      data: { name: 'Tarp', sku: 'TARP', price: 40, status: 'active' }
    })
    await session.shell.call('entities.update', {
      type: 'product',
      id: product.id,
      data: { name: 'Tarp XL' }
    })
    await session.shell.call('entities.update', {
      type: 'product',
      id: product.id,
      data: { price: 45 }
    })
    const [request] = await session.receiver.waitFor(1)
    expect((request.json.revision as { changes: unknown[] }).changes).toEqual([
      { field: 'price', old: 40, new: 45 }
    ])
    // Narrowing is decided inside each save: the name-only change queued no delivery at all.
    const messages = await session.shell.call('logs.messages', { appId })
    expect(messages.items.map((message) => message.event)).toEqual(['product.updated'])
    expect(session.receiver.requests).toHaveLength(1)
    await session.page.goto(`${session.shell.baseUrl}/#/apps/${appId}/logs`)
    const open = session.page.locator('[data-test=open-log]')
    await expect.poll(() => open.count()).toBe(1)
    await open.first().click()
    const why = session.page.getByRole('dialog').locator('[data-test=log-matched]')
    await expect.poll(() => why.textContent()).toBe('Price changed, which this webhook watches.')
    await screenshot(session.page, 'field-subscriptions-log-why')
    expect(session.pageErrors).toEqual([])
  })
})
