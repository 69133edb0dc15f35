import type { WebhookDto } from '@shared/dto'
import { describe, expect, it } from 'vitest'
import { blocking, describeViolations, runAxe } from '../support/axe'
import { focusMatches, screenshot, tabTo, waitForStillness } from '../support/browser'
import { e2eSession } from '../support/e2e-session'
import type { ReceivedRequest } from '../support/receiver'
import { seededAppId, webhookToReceiver } from '../support/shell-fixtures'

/**
 * A webhook's flow controls as an operator uses them (issue 21), in Chromium: the form's rate
 * limit and order per record by keyboard, the hold (queue, resume in creation order, discard
 * with a confirmation and log entries) on the manager and the webhook's page, axe on each.
 */
let ordersApp: number
let held: WebhookDto
let mirror: WebhookDto
let throttled: WebhookDto

const session = e2eSession({
  viewport: { width: 1280, height: 800 },
  prepare: async (shell, receiver) => {
    ordersApp = await seededAppId(shell, 'orders')
    const hook = (name: string, fields: Record<string, unknown>) =>
      webhookToReceiver(shell, receiver, {
        appId: ordersApp,
        name,
        events: ['order.created'],
        retrySchedule: [],
        ...fields
      })
    held = await hook('Held ERP', {})
    // Not held, on the same event: what it gets shows the worker sent while the ERP was held.
    mirror = await hook('Shop mirror', {})
    // One delivery a minute: a burst of customers leaves all but the first waiting their turn.
    throttled = await hook('Throttled CRM', { events: ['customer.created'], ratePerSecond: 1 / 60 })
  }
})

const page = () => session.page
const text = (selector: string) => page().locator(selector).first().innerText()
const managerUrl = () => `${session.shell.baseUrl}/#/apps/${ordersApp}/webhooks`
const pageUrl = (id: number) => `${session.shell.baseUrl}/#/apps/${ordersApp}/webhooks/${id}`

/** The order numbers a webhook's deliveries carried, in the order the receiver got them. */
function ordersTo(webhook: WebhookDto): string[] {
  return session.receiver.requests
    .filter((request: ReceivedRequest) =>
      JSON.stringify(request.json.webhook).includes(webhook.externalId)
    )
    .map((request) => String((request.json.order as { number?: string } | undefined)?.number))
}

async function saveOrders(...numbers: string[]): Promise<void> {
  for (const number of numbers)
    await session.shell.call('entities.create', { type: 'order', data: { number } })
}

async function expectNoBlockingViolations(): Promise<void> {
  await waitForStillness(page())
  const violations = blocking(await runAxe(page()))
  expect(violations, describeViolations(violations)).toEqual([])
}

describe('flow controls in Chromium', () => {
  it('sets a rate limit and order per record in the form by keyboard, keeps and clears them', async () => {
    await page().goto(managerUrl())
    await page().locator('[data-test=webhook-table] tbody tr').first().waitFor()
    await page().evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await tabTo(page(), '[data-test=add-webhook]')
    await page().keyboard.press('Enter')
    await page().locator('[data-test=webhook-form]').waitFor()
    await waitForStillness(page())
    await expect.poll(() => focusMatches(page(), '#webhook-url')).toBe(true)
    await page().keyboard.type(`${session.receiver.url}?via=form`)
    await page().keyboard.press('Tab')
    await page().keyboard.type('Paced brands')
    await page().keyboard.press('Tab')
    expect(await focusMatches(page(), '#webhook-events')).toBe(true)
    await page().keyboard.press('ArrowDown')
    await expect.poll(() => focusMatches(page(), '.p-multiselect-filter')).toBe(true)
    await page().keyboard.type('brand.created')
    await page().keyboard.press('ArrowDown')
    await page().keyboard.press('Enter')
    await page().keyboard.press('Escape')
    await expect.poll(() => focusMatches(page(), '#webhook-events')).toBe(true)

    await tabTo(page(), '#webhook-rate')
    await page().keyboard.type('2')
    expect(await text('[data-test=rate-hint]')).toContain('At most 2 per second')
    await tabTo(page(), '#webhook-ordered')
    await page().keyboard.press('Space')
    await expect.poll(() => page().locator('#webhook-ordered').isChecked()).toBe(true)
    await page().locator('[data-test=flow-controls]').scrollIntoViewIfNeeded()
    await waitForStillness(page())
    await screenshot(page(), 'flow-form')
    await tabTo(page(), '[data-test=save-webhook]')
    await page().keyboard.press('Space')
    await page().locator('[data-test=secret-value]').waitFor()
    const created = (await session.shell.call('webhooks.list', { appId: ordersApp })).find(
      (webhook) => webhook.name === 'Paced brands'
    )!
    expect(created).toMatchObject({ ratePerSecond: 2, maxInFlight: null, orderedPerRecord: true })
    await page().keyboard.press('Escape')
    await page().locator('[data-test=webhook-form]').waitFor({ state: 'detached' })

    // Reopened, the form shows what was saved; cleared, the limit is saved as unlimited.
    await session.row('Paced brands').locator('[data-test=edit-webhook]').click()
    await page().locator('[data-test=webhook-form]').waitFor()
    expect(await page().locator('#webhook-rate').inputValue()).toBe('2')
    expect(await page().locator('#webhook-in-flight').inputValue()).toBe('')
    expect(await page().locator('#webhook-ordered').isChecked()).toBe(true)
    await page().locator('#webhook-rate').fill('')
    await page().locator('[data-test=save-webhook]').click()
    await page().locator('[data-test=webhook-form]').waitFor({ state: 'detached' })
    await expect
      .poll(
        async () => (await session.shell.call('webhooks.get', { id: created.id })).ratePerSecond
      )
      .toBeNull()
    expect((await session.shell.call('webhooks.get', { id: created.id })).orderedPerRecord).toBe(
      true
    )

    // Out of range: the field says why, Save sends nothing and puts the focus on it.
    await session.row('Paced brands').locator('[data-test=edit-webhook]').click()
    await page().locator('[data-test=webhook-form]').waitFor()
    expect(await text('[data-test=rate-hint]')).toContain('as fast as the receiver answers')
    await page().locator('#webhook-rate').fill('5000')
    await page().locator('#webhook-rate').press('Tab')
    await expect.poll(() => text('[data-test=rate-error]')).toBe('Must be at most 1000 per second')
    await page().locator('#webhook-in-flight').fill('2.5')
    await page().locator('[data-test=save-webhook]').click()
    await expect.poll(() => focusMatches(page(), '#webhook-rate')).toBe(true)
    expect(await text('[data-test=in-flight-error]')).toBe('Must be a whole number of requests')
    expect(await page().locator('#webhook-rate').getAttribute('aria-describedby')).toBe(
      'webhook-rate-help'
    )
    expect((await session.shell.call('webhooks.get', { id: created.id })).ratePerSecond).toBeNull()
    await page().keyboard.press('Escape')
    await page().getByRole('alertdialog').getByRole('button', { name: 'Discard' }).click()
    await page().locator('[data-test=webhook-form]').waitFor({ state: 'detached' })
  })

  it('holds a webhook: saves queue for it, the manager and its page say how many and since when', async () => {
    await page().goto(managerUrl())
    await session.row('Held ERP').locator('[data-test=hold-webhook]').click()
    await expect
      .poll(() => session.row('Held ERP').locator('[data-test=webhook-flow-state]').innerText())
      .toContain('On hold')
    await expect
      .poll(() =>
        focusMatches(page(), `[data-webhook-row="${held.id}"] [data-test=resume-webhook]`)
      )
      .toBe(true)
    expect((await session.shell.call('webhooks.get', { id: held.id })).heldSince).not.toBeNull()

    await saveOrders('SO-1', 'SO-2', 'SO-3')
    for (const name of ['Ada', 'Bob', 'Cy'])
      await session.shell.call('entities.create', { type: 'customer', data: { name } })
    // The worker sent these three to the mirror meanwhile; none went to the held webhook.
    await expect.poll(() => ordersTo(mirror)).toEqual(['SO-1', 'SO-2', 'SO-3'])
    expect(ordersTo(held)).toEqual([])

    await page().reload()
    await expect
      .poll(() => session.row('Held ERP').locator('[data-test=webhook-flow-detail]').innerText())
      .toMatch(/^3 waiting since /)
    await expect
      .poll(() =>
        session.row('Throttled CRM').locator('[data-test=webhook-flow-state]').innerText()
      )
      .toMatch(/Rate limited\s+2 waiting/)
    expect(
      await session
        .row('Throttled CRM')
        .locator('[data-test=webhook-flow-state]')
        .getAttribute('aria-label')
    ).toContain('1 per minute')
    // A held webhook's row offers Resume and Discard held…, the others Hold.
    expect(await session.row('Held ERP').locator('[data-test=resume-webhook]').count()).toBe(1)
    expect(await session.row('Held ERP').locator('[data-test=discard-held]').count()).toBe(1)
    expect(await session.row('Shop mirror').locator('[data-test=hold-webhook]').count()).toBe(1)
    await waitForStillness(page())
    await screenshot(page(), 'flow-manager')
    await expectNoBlockingViolations()

    await page().goto(pageUrl(held.id))
    await expect
      .poll(() => text('[data-test=hold-text]'))
      .toMatch(/^On hold since .*: 3 deliveries waiting \(oldest queued .*\)\.$/)
    expect(await text('[data-test=page-discard-held]')).toBe('Discard 3 held deliveries…')
    expect(await text('[data-test=setting-state]')).toContain('On hold')
    expect(await page().locator('[data-test=page-hold]').count()).toBe(0)
    await waitForStillness(page())
    await screenshot(page(), 'flow-page-hold-panel')
    await expectNoBlockingViolations()
  })

  it('resumes: the held deliveries go out in the order they were created', async () => {
    await page().locator('[data-test=page-resume]').focus()
    await page().keyboard.press('Enter')
    await expect.poll(() => ordersTo(held)).toEqual(['SO-1', 'SO-2', 'SO-3'])
    await expect.poll(() => focusMatches(page(), '[data-test=page-hold]')).toBe(true)
    await expect.poll(() => page().locator('[data-test=hold-panel]').count()).toBe(0)
    expect((await session.shell.call('webhooks.get', { id: held.id })).heldSince).toBeNull()
  })

  it('discards held deliveries after a keyboard confirmation, each logged, none sent', async () => {
    await page().locator('[data-test=page-hold]').click()
    await page().locator('[data-test=hold-panel]').waitFor()
    // Hold is gone with the hold: the focus moved to Resume, not to the document.
    await expect.poll(() => focusMatches(page(), '[data-test=page-resume]')).toBe(true)
    await saveOrders('SO-4', 'SO-5')
    await expect.poll(() => ordersTo(mirror)).toHaveLength(5)
    await page().reload()
    await expect
      .poll(() => text('[data-test=page-discard-held]'))
      .toBe('Discard 2 held deliveries…')

    await page().locator('[data-test=page-resume]').focus()
    await tabTo(page(), '[data-test=page-discard-held]')
    await page().keyboard.press('Enter')
    const question = page().getByRole('alertdialog')
    await expect.poll(() => question.innerText()).toContain('Discard 2 held deliveries?')
    expect(await question.innerText()).toContain('logged as discarded')
    expect(await question.innerText()).toContain('redelivered from the delivery log')
    await waitForStillness(page())
    // Cancel has the focus: Enter right away discards nothing.
    expect(await focusMatches(page(), '.p-confirmdialog-reject-button')).toBe(true)
    await screenshot(page(), 'flow-discard-dialog')
    await expectNoBlockingViolations()
    await tabTo(page(), '.p-confirmdialog-accept-button', { max: 3 })
    await page().keyboard.press('Enter')
    await expect
      .poll(() => page().locator('.p-toast-message').allInnerTexts())
      .toContainEqual(expect.stringContaining('2 held deliveries discarded'))
    await expect.poll(() => text('[data-test=hold-text]')).toContain('no deliveries waiting')
    // The focus went back to the page (the discard button is gone with what it discarded).
    expect(await focusMatches(page(), 'body')).toBe(false)

    // The webhook's log shows both, as discarded; redeliverable from there.
    const discarded = page().locator('[data-test=log-table] tbody tr', {
      hasText: 'discarded on hold'
    })
    await expect.poll(() => discarded.count()).toBe(2)
    const logs = await session.shell.call('logs.list', { appId: ordersApp, webhookId: held.id })
    expect(logs.items.filter((log) => log.errorClass === 'discarded')).toHaveLength(2)
    await discarded.first().click()
    await expect.poll(() => text('[data-test=log-error]')).toContain('Discarded while on hold')
    expect(await text('[data-test=log-detail]')).toContain('discarded before any attempt')
    await screenshot(page(), 'flow-discarded-log')
    await page().keyboard.press('Escape')

    // Resumed, a new save goes out; the discarded two never do.
    await page().locator('[data-test=page-resume]').click()
    await page().locator('[data-test=hold-panel]').waitFor({ state: 'detached' })
    await saveOrders('SO-6')
    await expect.poll(() => ordersTo(held)).toEqual(['SO-1', 'SO-2', 'SO-3', 'SO-6'])
  })

  it('shows the limits and ordering in the webhook’s settings', async () => {
    await page().goto(pageUrl(throttled.id))
    await expect.poll(() => text('[data-test=setting-limits]')).toBe('1 per minute')
    expect(await text('[data-test=setting-order]')).toContain('Any order')
  })

  it('raised no page errors along the way', () => {
    expect(session.pageErrors.join('\n')).toBe('')
  })
})
