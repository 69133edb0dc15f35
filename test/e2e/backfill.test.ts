import { describe, expect, it } from 'vitest'
import type { BackfillDto } from '@shared/backfill'
import { blocking, describeViolations, runAxe } from '../support/axe'
import { markerOf } from '../support/backfill-rig'
import { focusMatches, screenshot, tabTo, waitForStillness } from '../support/browser'
import { e2eSession } from '../support/e2e-session'
import { splitWords, underFrozenColumn } from './geometry'
import type { ReceivedRequest } from '../support/receiver'
import { seededAppId, webhookToReceiver } from '../support/shell-fixtures'

/**
 * "Send current state…" (issue 23) as an operator uses it, in Chromium against the headless
 * shell: started from a manager row and from the webhook's page, followed by its progress, paused,
 * resumed, cancelled, refused, and by keyboard alone. The receiver verifies every signature; a
 * gate holds its answers while a test needs deliveries in flight (a closed gate keeps the
 * backfill at its window of queued rows, so Pause and Cancel land mid-way).
 */
const BRANDS = 60
let appId: number
let erpId: number
let shopId: number
let keyboardId: number
let retiredId: number

let openGate: () => void = () => {}
let gate: Promise<void> = Promise.resolve()
function closeGate(): void {
  gate = new Promise((resolve) => (openGate = resolve))
}

const session = e2eSession({
  respond: async (_request, _req, res) => {
    await gate
    res.end('ok')
  },
  prepare: async (shell, receiver) => {
    appId = await seededAppId(shell, 'products')
    const hook = async (name: string, events: string[], extra: object = {}) =>
      (
        await webhookToReceiver(shell, receiver, {
          appId,
          name,
          url: `${receiver.url}?hook=${encodeURIComponent(name)}`,
          events: events as never,
          retrySchedule: [],
          ...extra
        })
      ).id
    // Product creations are heard, not product updates: the dialog offers Product disabled.
    erpId = await hook('ERP brands', ['brand.updated', 'product.created'])
    shopId = await hook('Shop catalog', ['brand.updated', 'product.updated'], {
      filters: {
        'product.updated': { conditions: [{ field: 'status', op: 'eq', value: 'active' }] }
      }
    })
    keyboardId = await hook('Keyboard feed', ['brand.updated'])
    retiredId = await hook('Retired feed', ['brand.updated'])
    await shell.call('webhooks.update', { id: retiredId, active: false })
    for (let n = 0; n < BRANDS; n++)
      await shell.call('entities.create', { type: 'brand', data: { name: `Brand ${n}` } })
    for (const [n, status] of ['active', 'draft', 'active', 'draft'].entries())
      await shell.call('entities.create', {
        type: 'product',
        data: { name: `Product ${n}`, sku: `BF-${n}`, status }
      })
    // The ERP feed heard the four product creations: the log is settled before the page opens.
    await receiver.waitFor(4)
  }
})

const page = () => session.page
const managerUrl = () => `${session.shell.baseUrl}/#/apps/${appId}/webhooks`
const pageUrl = (id: number) => `${managerUrl()}/${id}`
const backfillOf = (id: number) => session.shell.call('backfills.get', { id })
/** The messages of one backfill the receiver got (each carries its marker). */
const messagesOf = (backfill: Pick<BackfillDto, 'externalId'>): ReceivedRequest[] =>
  session.receiver.requests.filter((request) => markerOf(request)?.id === backfill.externalId)
/** Live changes (no marker) whose body mentions `text`. */
const liveMessages = (text: string) =>
  session.receiver.requests.filter((request) => !markerOf(request) && request.body.includes(text))

/** The one open or last backfill of a webhook, through the API. */
async function newestOf(webhookId: number): Promise<BackfillDto> {
  const [newest] = await session.shell.call('backfills.list', { webhookId })
  if (!newest) throw new Error(`no backfill of webhook ${webhookId}`)
  return newest
}

async function stillScreenshot(name: string): Promise<void> {
  await page().mouse.move(0, 0)
  await waitForStillness(page())
  await screenshot(page(), name)
}

async function expectNoBlockingAxe(): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page().emulateMedia({ colorScheme: scheme })
    await expect
      .poll(() => page().evaluate("document.documentElement.classList.contains('app-dark')"))
      .toBe(scheme === 'dark')
    await waitForStillness(page())
    expect(describeViolations(blocking(await runAxe(page())))).toBe('')
  }
  await page().emulateMedia({ colorScheme: 'light' })
}

/** Waits for the row's compact progress to show this state (its tag's words). */
async function rowState(name: string, label: string): Promise<void> {
  await expect
    .poll(() =>
      session
        .row(name)
        .locator('[data-test=backfill-state]')
        .first()
        .innerText()
        .catch(() => '')
    )
    .toBe(label)
}

/** "More" on the row, then "Send current state…"; resolves once the dialog is open. */
async function openFromRow(name: string): Promise<void> {
  await session.row(name).locator('[data-test=more-actions]').click()
  await page().getByRole('menuitem', { name: 'Send current state…' }).click()
  await page().locator('[data-test=backfill-dialog]').waitFor()
}

/** Whether the focus is on this `data-test` element of the row. */
const rowFocused = (name: string, test: string) =>
  session
    .row(name)
    .locator(`[data-test=${test}]`)
    .evaluate((element) => element === document.activeElement)

const rowCounts = (name: string) =>
  session.row(name).locator('[data-test=backfill-counts]').innerText()

describe('sending the current state to a webhook, in Chromium', () => {
  it('opens the dialog from a row with the webhook’s own types, and explains the marker', async () => {
    await page().goto(managerUrl())
    await page().locator('tbody tr:not(.p-datatable-empty-message)').first().waitFor()
    await session.row('ERP brands').locator('[data-test=more-actions]').click()
    await page().getByRole('menuitem', { name: 'Send current state…' }).waitFor()
    await stillScreenshot('backfill-row-menu')
    expect(describeViolations(blocking(await runAxe(page())))).toBe('')
    await page().getByRole('menuitem', { name: 'Send current state…' }).click()
    const dialog = page().locator('[data-test=backfill-dialog]')
    await dialog.waitFor()
    expect(await dialog.locator('#backfill-type-brand').isChecked()).toBe(true)
    expect(await dialog.locator('#backfill-type-product').isDisabled()).toBe(true)
    expect(await dialog.locator('#backfill-type-product-why').innerText()).toContain(
      'no product.updated'
    )
    expect(await dialog.locator('[data-test=backfill-explanation]').innerText()).toMatch(
      /<type>\.updated messages whose body ends with a backfill key/
    )
    // This webhook has no conditions: that choice is not offered.
    expect(await dialog.locator('#backfill-match-conditions').count()).toBe(0)
    expect(await dialog.locator('a').count()).toBe(0)
    await stillScreenshot('backfill-dialog')
    await expectNoBlockingAxe()
    await page().keyboard.press('Escape')
    await expect.poll(() => dialog.count()).toBe(0)
  })

  it('starts from the row, shows progress, pauses (nothing more is sent), is refused a second one, resumes and finishes', async () => {
    closeGate()
    const heard = session.receiver.requests.length
    await openFromRow('ERP brands')
    await page().locator('[data-test=start-backfill]').click()
    await expect.poll(() => page().locator('[data-test=backfill-dialog]').count()).toBe(0)
    await rowState('ERP brands', 'Sending')
    // The window of rows is on the wire (the gate holds the answers): progress shows it.
    await expect
      .poll(() => rowCounts('ERP brands'))
      .toMatch(/^Current state: \d+ of 60 sent · 0 delivered/)
    const started = await newestOf(erpId)
    expect(started).toMatchObject({ state: 'running', total: BRANDS, types: ['brand'] })
    await stillScreenshot('backfill-row-running')

    await session.row('ERP brands').locator('[data-test=backfill-pause]').click()
    await rowState('ERP brands', 'Paused')
    expect((await backfillOf(started.id)).state).toBe('paused')
    // What was queued before the pause finishes once the receiver answers; nothing more is fed.
    openGate()
    await expect
      .poll(async () => {
        const now = await backfillOf(started.id)
        return now.delivered === now.fed && messagesOf(now).length === now.fed
      })
      .toBe(true)
    const paused = await backfillOf(started.id)
    expect(paused.fed).toBeLessThan(BRANDS)
    await expect
      .poll(() => rowCounts('ERP brands'))
      .toBe(`Current state: ${paused.fed} of 60 sent · ${paused.fed} delivered · 0 failed`)
    // A live change goes through the same worker and feeder pass: once it arrived, a paused
    // backfill would have sent more by now if it were still feeding. The brand renamed is one
    // the backfill already sent, so its new name must not come again as a backfill message.
    const sentBrand = (messagesOf(started)[0].json.brand as { id: number }).id
    await session.shell.call('entities.update', {
      type: 'brand',
      id: sentBrand,
      data: { name: 'Renamed brand' }
    })
    await expect.poll(() => liveMessages('Renamed brand').length).toBeGreaterThan(0)
    expect(messagesOf(started)).toHaveLength(paused.fed)
    expect((await backfillOf(started.id)).fed).toBe(paused.fed)
    await stillScreenshot('backfill-row-paused')

    // A second one while this one is paused: the core refuses, the dialog says why.
    await openFromRow('ERP brands')
    await page().locator('[data-test=start-backfill]').click()
    await expect
      .poll(() => page().locator('[data-test=backfill-refused]').innerText())
      .toContain('already has a backfill paused')
    await stillScreenshot('backfill-dialog-refused')
    await page().locator('[data-test=close-backfill]').click()
    expect(await session.shell.call('backfills.list', { webhookId: erpId })).toHaveLength(1)

    await session.row('ERP brands').locator('[data-test=backfill-pause]').click()
    await rowState('ERP brands', 'Finished')
    await expect
      .poll(() => rowCounts('ERP brands'))
      .toBe('Current state: 60 of 60 sent · 60 delivered · 0 failed')
    const finished = await backfillOf(started.id)
    expect(finished).toMatchObject({ state: 'finished', fed: 60, delivered: 60, failed: 0 })

    // One message per brand, each its current state, marked, signed, to this webhook only.
    const messages = messagesOf(started)
    expect(messages).toHaveLength(BRANDS)
    const ids = messages.map((request) => (request.json.brand as { id: number }).id)
    expect(new Set(ids).size).toBe(BRANDS)
    for (const request of messages) {
      expect(request.json.event).toBe('brand.updated')
      expect(markerOf(request)).toEqual({ id: started.externalId, started_at: expect.any(String) })
      expect(request.standardSignatureValid).toBe(true)
      expect(request.headers.host).toBe(`127.0.0.1:${session.receiver.port}`)
    }
    expect(messages.filter((request) => request.body.includes('Renamed brand'))).toEqual([])
    expect(
      session.receiver.requests
        .slice(heard)
        .filter((request) => markerOf(request))
        .every((request) => markerOf(request)!.id === started.externalId)
    ).toBe(true)
  })

  it('starts from the webhook page with its conditions, and cancels after a confirmation', async () => {
    closeGate()
    await page().goto(pageUrl(shopId))
    await page().locator('[data-test=page-backfill]').click()
    const dialog = page().locator('[data-test=backfill-dialog]')
    await dialog.waitFor()
    expect(await dialog.locator('#backfill-type-brand').isChecked()).toBe(true)
    expect(await dialog.locator('#backfill-type-product').isChecked()).toBe(true)
    expect(await dialog.locator('[data-test=backfill-conditions]').allInnerTexts()).toEqual([
      'Brand: no conditions, every record',
      'Product: Status equals active'
    ])
    await dialog.locator('label[for=backfill-match-conditions]').click()
    await stillScreenshot('backfill-dialog-conditions')
    await dialog.locator('[data-test=start-backfill]').click()
    const panel = page().locator('[data-test=backfill-panel]')
    await expect.poll(() => panel.locator('[data-test=backfill-state]').innerText()).toBe('Sending')
    // Every brand (no conditions on brand.updated) and the two active products.
    await expect
      .poll(() => panel.locator('[data-test=backfill-status]').innerText())
      .toMatch(/^Sending the current state: \d+ of 62 sent/)
    expect(await panel.locator('[data-test=backfill-selection]').innerText()).toContain(
      'Brand, product records matching its conditions'
    )
    await stillScreenshot('backfill-page-running')
    const running = await newestOf(shopId)

    await panel.locator('[data-test=backfill-cancel]').click()
    const confirm = page().locator('.p-confirmdialog')
    await confirm.waitFor()
    expect(await confirm.innerText()).toContain('not sent yet will not be sent')
    await waitForStillness(page())
    // "Keep sending" has the focus: Enter right away cancels nothing.
    expect(await focusMatches(page(), '.p-confirmdialog-reject-button')).toBe(true)
    await stillScreenshot('backfill-cancel-question')
    await page().locator('[data-test=confirm-cancel-backfill]').click()
    await expect
      .poll(() => panel.locator('[data-test=backfill-state]').innerText())
      .toBe('Cancelled')
    const cancelled = await backfillOf(running.id)
    expect(cancelled.state).toBe('cancelled')
    expect(cancelled.fed).toBeLessThan(62)
    openGate()
    // Rows already on the wire finish; the ones still queued were dropped. A live save after
    // them shows nothing of the backfill is left to come.
    const product = (await session.shell.call('entities.list', { type: 'product' })).items[0]
    await session.shell.call('entities.update', {
      type: 'product',
      id: product.id,
      data: { name: 'Repriced product', status: 'active' }
    })
    await expect.poll(() => liveMessages('Repriced product').length).toBeGreaterThan(0)
    expect(messagesOf(cancelled).length).toBeLessThanOrEqual(cancelled.fed)
    // The rows that were on the wire when it was cancelled are counted once they finish.
    await expect
      .poll(async () =>
        (await panel.locator('[data-test=backfill-status]').innerText()).includes(
          `· ${messagesOf(cancelled).length} delivered ·`
        )
      )
      .toBe(true)
    expect(messagesOf(cancelled).length).toBeGreaterThan(0)
    expect((await backfillOf(running.id)).state).toBe('cancelled')
    await expect.poll(() => focusMatches(page(), '[data-test=backfill-dismiss]')).toBe(true)
    await stillScreenshot('backfill-page-cancelled')
    await expectNoBlockingAxe()
    await page().locator('[data-test=backfill-dismiss]').click()
    await expect.poll(() => panel.count()).toBe(0)
    await expect.poll(() => focusMatches(page(), '[data-test=page-backfill]')).toBe(true)
  })

  it('shows the core’s refusal for a webhook that is turned off', async () => {
    await page().goto(managerUrl())
    await openFromRow('Retired feed')
    await page().locator('[data-test=start-backfill]').click()
    await expect
      .poll(() => page().locator('[data-test=backfill-refused]').innerText())
      .toContain('is turned off')
    expect(await session.shell.call('backfills.list', { webhookId: retiredId })).toEqual([])
    await page().keyboard.press('Escape')
  })

  it('is started, paused, resumed and dismissed by keyboard alone, with a search', async () => {
    closeGate()
    await page().goto(managerUrl())
    await session.row('Keyboard feed').locator('[data-test=select-webhook] input').focus()
    await tabTo(page(), '[data-test=more-actions]')
    expect(await rowFocused('Keyboard feed', 'more-actions')).toBe(true)
    await page().keyboard.press('Enter')
    await expect.poll(() => focusMatches(page(), '.p-menu-list')).toBe(true)
    // The second item: "Delivery log", then "Send current state…".
    await page().keyboard.press('ArrowDown')
    await page().keyboard.press('ArrowDown')
    await page().keyboard.press('Enter')
    await page().locator('[data-test=backfill-dialog]').waitFor()
    await waitForStillness(page())
    await tabTo(page(), '#backfill-match-all')
    await page().keyboard.press('ArrowDown')
    await tabTo(page(), '[data-test=backfill-search]')
    // "Brand 1" and "Brand 10" to "Brand 19".
    await page().keyboard.type('Brand 1')
    await page().keyboard.press('Enter')
    await expect.poll(() => page().locator('[data-test=backfill-dialog]').count()).toBe(0)
    // Back on the row's button it was opened from.
    await expect.poll(() => rowFocused('Keyboard feed', 'more-actions')).toBe(true)
    await rowState('Keyboard feed', 'Sending')
    const started = await newestOf(keyboardId)
    expect(started).toMatchObject({ match: 'search', search: 'Brand 1', total: 11 })

    await tabTo(page(), '[data-test=backfill-pause]', { key: 'Shift+Tab' })
    await page().keyboard.press('Enter')
    await rowState('Keyboard feed', 'Paused')
    // The same button, now Resume, keeps the focus.
    expect(await focusMatches(page(), '[data-test=backfill-pause]')).toBe(true)
    await page().keyboard.press('Enter')
    await rowState('Keyboard feed', 'Sending')
    openGate()
    await rowState('Keyboard feed', 'Finished')
    // Pause is gone with the end: the focus is on the result's Dismiss.
    await expect.poll(() => focusMatches(page(), '[data-test=backfill-dismiss]')).toBe(true)
    expect(messagesOf(started)).toHaveLength(11)
    await page().keyboard.press('Enter')
    await expect
      .poll(() => session.row('Keyboard feed').locator('[data-test=backfill-progress]').count())
      .toBe(0)
    expect(await rowFocused('Keyboard feed', 'more-actions')).toBe(true)
  })

  it('fits a row’s progress at 1024×700, follows one started elsewhere, and keeps the last result on the page', async () => {
    await page().setViewportSize({ width: 1024, height: 700 })
    await page().goto(managerUrl())
    // Started through the API (a script, another window): the row follows its pushes.
    closeGate()
    const elsewhere = await session.shell.call('backfills.start', {
      webhookId: keyboardId,
      types: ['brand']
    })
    await rowState('Keyboard feed', 'Sending')
    const table = page().locator('[data-test=webhook-table]')
    expect(await underFrozenColumn(table)).toEqual([])
    expect(await splitWords(page().locator('[data-test=backfill-progress]'))).toEqual([])
    const container = await table
      .locator('.p-datatable-table-container')
      .evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth }))
    expect(container.scroll).toBeLessThanOrEqual(container.client)
    await stillScreenshot('backfill-row-1024')
    await session.shell.call('backfills.cancel', { id: elsewhere.id })
    openGate()
    await rowState('Keyboard feed', 'Cancelled')

    await page().reload()
    await page().locator('tbody tr:not(.p-datatable-empty-message)').first().waitFor()
    // A reload forgets what ended before: the rows show no result, the page still does.
    expect(await page().locator('[data-test=backfill-progress]').count()).toBe(0)
    await stillScreenshot('backfill-manager-1024')
    await page().goto(pageUrl(erpId))
    const panel = page().locator('[data-test=backfill-panel]')
    await expect
      .poll(() => panel.locator('[data-test=backfill-status]').innerText())
      .toMatch(/^Finished .*: 60 records delivered, 0 failed after every retry$/)
    await stillScreenshot('backfill-page-finished-1024')
    await expectNoBlockingAxe()
    await page().setViewportSize({ width: 1280, height: 800 })
  })

  it('had no page errors', () => {
    expect(session.pageErrors).toEqual([])
  })
})
