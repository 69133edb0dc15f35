import { describe, expect, it } from 'vitest'
import { blocking, describeViolations, runAxe } from '../support/axe'
import { focusMatches, screenshot, tabTo, waitForStillness } from '../support/browser'
import { e2eSession } from '../support/e2e-session'
import { seededAppId, webhookToReceiver } from '../support/shell-fixtures'

/** A page per webhook (issue 19), reached from the dashboard, its row and its badge, in Chromium. */
let ordersApp: number
let feedId: number
let shopId: number
let goneId: number

const session = e2eSession({
  // Orders numbered FAIL-… fail at the ERP feed's URL; the "gone" webhook's URL answers 410 Gone.
  respond: (request, req, res) => {
    const order = (request.json.order ?? {}) as { number?: string }
    res.statusCode = req.url?.includes('gone')
      ? 410
      : req.url?.includes('erp') && order.number?.startsWith('FAIL')
        ? 500
        : 200
    res.end()
  },
  prepare: async (shell, receiver) => {
    ordersApp = await seededAppId(shell, 'orders')
    const hook = (name: string, url?: string) =>
      webhookToReceiver(shell, receiver, {
        appId: ordersApp,
        name,
        events: ['order.created'],
        retrySchedule: [],
        ...(url ? { url } : {})
      })
    feedId = (await hook('ERP order feed', `${receiver.url}?erp=1`)).id
    shopId = (await hook('Shop sync')).id
    goneId = (await hook('Retired partner', `${receiver.url}?gone=1`)).id
    for (const number of ['SO-1', 'FAIL-1', 'SO-2'])
      await shell.call('entities.create', { type: 'order', data: { number } })
    await receiver.waitFor(7) // 3 orders to two webhooks, the first one to the gone webhook
  }
})

const text = (selector: string) => session.page.locator(selector).first().innerText()
const pageUrl = (id: number) => `${session.shell.baseUrl}/#/apps/${ordersApp}/webhooks/${id}`

/** The page shows this webhook: heading, health figures, settings and only its attempts. */
async function expectPageOf(name: string, figures: string, attempts: number): Promise<void> {
  await expect.poll(() => text('[data-test=webhook-name]')).toBe(name)
  await expect
    .poll(() => text('[data-test=history-day] [data-test=history-figures]'))
    .toContain(figures)
  await expect
    .poll(() => text('[data-test=history-week] [data-test=history-figures]'))
    .toContain(figures)
  expect(await text('[data-test=setting-url]')).toContain(session.receiver.url)
  expect(await text('[data-test=setting-events]')).toContain('order.created')
  const rows = session.page.locator('[data-test=log-table] tbody tr')
  await expect.poll(() => rows.count()).toBe(attempts)
  for (const row of await rows.all()) expect(await row.innerText()).toContain(name)
}

describe("a webhook's own page in Chromium", () => {
  it('is reached from the dashboard, and shows every section with that webhook’s data', async () => {
    await session.page.goto(`${session.shell.baseUrl}/#/`)
    await session.page
      .locator('[data-test=webhook-page-link]', { hasText: 'ERP order feed' })
      .click()
    await expect.poll(() => session.page.url()).toBe(pageUrl(feedId))
    await expectPageOf('ERP order feed', '2 of 3 attempts succeeded, 1 failed', 3)
    expect(
      await session.page.locator('[data-test=history-day] [data-test=history-bar]').count()
    ).toBe(24)
    expect(
      await session.page.locator('[data-test=history-week] [data-test=history-bar]').count()
    ).toBe(7)
    expect(await text('[data-test=setting-state]')).toContain('On')
    expect(await text('[data-test=setting-retries]')).toContain('No retries')
    expect(await session.page.locator('text=test sends are listed').count()).toBe(1)
    expect(await session.page.locator('[data-test=disabled-reason]').count()).toBe(0)
  })

  it('follows the route from one webhook page to another, and from the badge', async () => {
    // Same component, another id: everything on screen must change with it.
    await session.page.evaluate(
      (hash) => (location.hash = hash),
      `#/apps/${ordersApp}/webhooks/${shopId}`
    )
    await expectPageOf('Shop sync', '3 of 3 attempts succeeded, 0 failed', 3)

    await session.page.goto(`${session.shell.baseUrl}/#/apps/${ordersApp}/webhooks`)
    await session.row('ERP order feed').locator('[data-test=health-link]').click()
    await expect.poll(() => session.page.url()).toBe(pageUrl(feedId))
    await expectPageOf('ERP order feed', '2 of 3', 3)
  })

  it('is reached from the manager row by keyboard, and its actions work by keyboard', async () => {
    await session.page.goto(`${session.shell.baseUrl}/#/apps/${ordersApp}/webhooks`)
    await session.row('Shop sync').locator('[data-test=select-webhook] input').focus()
    await tabTo(session.page, '[data-test=webhook-page-link]')
    await session.page.keyboard.press('Enter')
    await expect.poll(() => text('[data-test=webhook-name]')).toBe('Shop sync')

    // Test send: logged with the attempts, not counted in health.
    await tabTo(session.page, '[data-test=page-test]')
    await session.page.keyboard.press('Enter')
    const rows = session.page.locator('[data-test=log-table] tbody tr')
    await expect.poll(() => rows.count()).toBe(4)
    expect(await rows.first().innerText()).toContain('test')
    expect(await text('[data-test=history-day] [data-test=history-figures]')).toContain('3 of 3')

    // The newest attempt's drawer opens with Enter and closes back onto its button.
    await tabTo(session.page, '[data-test=open-log]')
    await session.page.keyboard.press('Enter')
    await session.page.locator('.p-drawer').waitFor()
    await waitForStillness(session.page)
    await session.page.keyboard.press('Escape')
    await expect.poll(() => focusMatches(session.page, '[data-test=open-log]')).toBe(true)
  })

  it('rotates the secret with the validity chosen, pauses and turns on, edits', async () => {
    await session.page.goto(pageUrl(feedId))
    await expect.poll(() => text('[data-test=webhook-name]')).toBe('ERP order feed')
    await session.page.locator('[data-test=page-rotate]').click()
    await session.page.locator('[data-test=rotate-window]').click()
    await session.page.getByRole('option', { name: '1 hour' }).click()
    await expect.poll(() => text('[data-test=rotate-explanation]')).toContain('for 1 hour')
    await session.page.locator('[data-test=confirm-rotate]').click()
    const secret = await session.page.locator('[data-test=new-secret]').innerText()
    expect(secret).toMatch(/^whsec_/)
    const rotated = await session.shell.call('webhooks.get', { id: feedId })
    const window = Date.parse(rotated.previousSecretExpiresAt!) - Date.now()
    expect(window).toBeGreaterThan(0.9 * 3_600_000)
    expect(window).toBeLessThanOrEqual(3_600_000)
    expect(rotated.secretHint).toBe(secret.slice(-4))
    session.receiver.secrets.push(secret)
    await session.page.locator('[data-test=rotate-done]').click()
    await expect.poll(() => text('[data-test=setting-secret]')).toContain(secret.slice(-4))
    expect(await text('[data-test=previous-secret]')).toContain('previous secret stays valid')

    await session.page.locator('[data-test=page-toggle]').click()
    await expect.poll(() => text('[data-test=setting-state]')).toContain('Off')
    expect((await session.shell.call('webhooks.get', { id: feedId })).active).toBe(false)
    await session.page.locator('[data-test=page-toggle]').click()
    await expect.poll(() => text('[data-test=setting-state]')).toContain('On')

    await session.page.locator('[data-test=edit-webhook]').click()
    await session.page.locator('#webhook-name').fill('ERP order feed (EU)')
    await session.page.locator('[data-test=save-webhook]').click()
    await expect.poll(() => text('[data-test=webhook-name]')).toBe('ERP order feed (EU)')
    await session.page.keyboard.press('Escape')
    await expect.poll(() => session.page.locator('[data-test=webhook-form]').count()).toBe(0)

    await session.page.locator('[data-test=page-replay]').click()
    await expect.poll(() => session.page.locator('[data-test=start-replay]').count()).toBe(1)
    await session.page.keyboard.press('Escape')
  })

  it('shows why and when a webhook was disabled', async () => {
    await session.page.goto(pageUrl(goneId))
    await expect.poll(() => text('[data-test=webhook-name]')).toBe('Retired partner')
    const notice = await text('[data-test=disabled-reason]')
    expect(notice).toContain('410')
    expect(notice).toMatch(/Disabled \d+ \w+ \d{4}/)
    expect(await text('[data-test=setting-state]')).toContain('Disabled')
  })

  it('says so for an unknown webhook, and deleting one goes back to the manager', async () => {
    await session.page.goto(pageUrl(99_999))
    await expect.poll(() => text('[data-test=webhook-missing]')).toContain('No webhook 99999')

    await session.page.goto(pageUrl(goneId))
    await expect.poll(() => text('[data-test=webhook-name]')).toBe('Retired partner')
    await session.page.locator('[data-test=page-delete]').click()
    await session.page.getByRole('button', { name: 'Delete', exact: true }).last().click()
    await expect
      .poll(() => session.page.url())
      .toBe(`${session.shell.baseUrl}/#/apps/${ordersApp}/webhooks`)
    await expect.poll(() => session.row('Retired partner').count()).toBe(0)
    await session.page.goto(pageUrl(goneId))
    await expect.poll(() => text('[data-test=webhook-missing]')).toContain(`No webhook ${goneId}`)
  })

  for (const [width, height] of [
    [1280, 800],
    [1024, 700]
  ])
    it(`has no critical or serious axe violation at ${width}×${height}, light and dark`, async () => {
      await session.page.setViewportSize({ width, height })
      await session.page.goto(pageUrl(feedId))
      await expect
        .poll(() => session.page.locator('[data-test=log-table] tbody tr').count())
        .toBe(3)
      for (const scheme of ['light', 'dark'] as const) {
        await session.page.emulateMedia({ colorScheme: scheme })
        await expect
          .poll(() =>
            session.page.evaluate("document.documentElement.classList.contains('app-dark')")
          )
          .toBe(scheme === 'dark')
        // No bar's tooltip left open by the pointer of the tests before.
        await session.page.mouse.move(0, 0)
        await waitForStillness(session.page)
        await screenshot(session.page, `webhook-page-${width}x${height}-${scheme}`)
        expect(describeViolations(blocking(await runAxe(session.page)))).toBe('')
      }
      await session.page.emulateMedia({ colorScheme: 'light' })
    })

  it('had no page errors', () => {
    expect(session.pageErrors).toEqual([])
  })
})
