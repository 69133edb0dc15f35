import { describe, expect, it } from 'vitest'
import { blocking, describeViolations, runAxe } from '../support/axe'
import { screenshot } from '../support/browser'
import { e2eSession } from '../support/e2e-session'

/** Narrowing a webhook to changes of chosen fields, in Chromium, by keyboard. */
let appId: number
let webhookId: number

const session = e2eSession({
  viewport: { width: 1280, height: 900 },
  prepare: async (shell, receiver) => {
    appId = (await shell.call('apps.list', {})).find((app) => app.key === 'products')!.id
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

const focusMatches = (selector: string) =>
  session.page.evaluate((css) => document.activeElement?.matches(css) ?? false, selector)

async function tabTo(selector: string, max = 60, key = 'Tab'): Promise<void> {
  for (let i = 0; i < max; i++) {
    await session.page.keyboard.press(key)
    if (await focusMatches(selector)) return
  }
  throw new Error(`${key} never reached ${selector}`)
}

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
  await session.page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== 'running')
  )
  await expect
    .poll(() => session.page.evaluate(() => document.activeElement?.tagName ?? ''))
    .toBe('INPUT')
}

describe('field-level subscriptions in Chromium', () => {
  it('narrows product.updated to price or status while active, by keyboard', async () => {
    await openDialog()
    await tabTo('[data-test=watch-price]')
    await session.page.keyboard.press('Space')
    await tabTo('[data-test=watch-status]')
    await session.page.keyboard.press('Space')
    await tabTo('[data-test=add-condition]')
    await session.page.keyboard.press('Enter')
    await session.page.locator('[data-test=condition]').waitFor()
    // The new condition (Status equals draft) takes the focus at its field: on to its value.
    await expect.poll(() => focusMatches('[data-test=condition-field]')).toBe(true)
    await tabTo('[data-test=condition-value]', 5)
    await session.page.keyboard.press('ArrowDown')
    await expect
      .poll(() => session.page.locator('[data-test=condition-value]').inputValue())
      .toBe('active')
    await screenshot(session.page, 'field-subscriptions-dialog')

    const violations = await runAxe(session.page)
    expect(describeViolations(blocking(violations))).toBe('')

    await tabTo('[data-test=save-webhook]')
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
    await new Promise((resolve) => setTimeout(resolve, 300))
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
