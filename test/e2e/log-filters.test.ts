import { describe, expect, it } from 'vitest'
import {
  describeFocus,
  focusMatches,
  screenshot,
  tabTo,
  waitForStillness
} from '../support/browser'
import { blocking, describeViolations, runAxe } from '../support/axe'
import { e2eSession } from '../support/e2e-session'
import { ordersFeed } from '../support/shell-fixtures'

/**
 * The delivery log's filters say what they do: a date field filters only once a date is chosen,
 * every active filter is a chip that clears on its own, and a replay's progress follows every
 * delivery to its end. The receiver always fails, so every delivery exhausts its retries.
 */
let appId: number
let webhookId: number

const session = e2eSession({
  respond: (_request, _req, res) => {
    res.statusCode = 500
    res.end('still down')
  },
  viewport: { width: 1280, height: 800 },
  prepare: async (shell, receiver) => {
    const feed = await ordersFeed(shell, receiver, {
      name: 'Billing',
      numbers: ['SO-1', 'SO-2', 'SO-3']
    })
    appId = feed.appId
    webhookId = feed.webhook.id
  }
})

const rows = () => session.page.locator('[data-test=log-table] tbody tr:has([data-test=open-log])')
const chips = () => session.page.locator('[data-test=filter-chip]')
const url = () => session.page.url()

async function openLog(query = ''): Promise<void> {
  // A fresh page each time: a date picker an earlier test left open would survive a change of
  // the query alone (the view stays mounted), and its calendar is not what is under test here.
  await session.page.goto('about:blank')
  await session.page.goto(`${session.shell.baseUrl}/#/apps/${appId}/logs${query}`)
  await expect.poll(() => rows().count()).toBe(3)
  await waitForStillness(session.page)
}

describe('the delivery log filters in Chromium', () => {
  it('does not filter when the From field is clicked, focused or left with Escape', async () => {
    await openLog()
    await session.page.locator('#log-from').click()
    await waitForStillness(session.page)
    expect(url()).not.toContain('from=')
    expect(await chips().count()).toBe(0)
    await screenshot(session.page, '60-log-from-open')
    // Anything in the open picker but a day (its time spinners: they used to invent today at
    // the time shown, filtering the log to this minute) leaves the log as it was.
    const panel = session.page.locator('.p-datepicker-panel')
    for (const button of await panel.locator('.p-datepicker-time-picker button').all())
      await button.click()
    await waitForStillness(session.page)
    expect(url()).not.toContain('from=')
    expect(await session.page.locator('#log-from').inputValue()).toBe('')
    await session.page.keyboard.press('Escape')
    await waitForStillness(session.page)
    expect(url()).not.toContain('from=')
    expect(await rows().count()).toBe(3)
    // Leaving the field by keyboard changes nothing either.
    await session.page.locator('#log-to').focus()
    await session.page.keyboard.press('Tab')
    await waitForStillness(session.page)
    expect(url()).not.toMatch(/from=|to=/)
    expect(await chips().count()).toBe(0)
    expect(await session.page.getByText('No delivery attempts match').count()).toBe(0)
  })

  it('filters from the midnight of a chosen day, then offers its time', async () => {
    await openLog()
    await session.page.locator('#log-from').click()
    const panel = session.page.locator('.p-datepicker-panel')
    await panel.waitFor()
    await panel.locator('.p-datepicker-day').getByText('1', { exact: true }).first().click()
    await expect.poll(url).toContain('from=')
    // Choosing a day closes the picker; opened again it offers the day's time.
    await panel.waitFor({ state: 'detached' })
    expect(await chips().allTextContents()).toEqual([
      expect.stringMatching(/^From: 1 .*, 00:00:00/)
    ])
    expect(await session.page.locator('#log-from').inputValue()).toMatch(
      /^1 \w{3} \d{4}, 00:00:00$/
    )
    await session.page.locator('#log-from').click()
    await panel.locator('.p-datepicker-time-picker').waitFor()
    await waitForStillness(session.page)
    await session.page.keyboard.press('Escape')
    await panel.waitFor({ state: 'detached' })
    await session.page.getByRole('button', { name: 'Clear From' }).click()
    await expect.poll(url).not.toContain('from=')
  })

  it('filters once a date is typed, shows it as a chip, and clears it with one click', async () => {
    await openLog()
    await session.page.locator('#log-from').fill('1 Jan 2020, 00:00')
    await session.page.keyboard.press('Enter')
    await expect.poll(url).toContain('from=2020')
    await expect
      .poll(() => chips().allTextContents())
      .toEqual([expect.stringContaining('From: 1 Jan 2020, 00:00:00')])
    expect(await rows().count()).toBe(3)
    const clear = session.page.getByRole('button', { name: 'Clear From' })
    await clear.click()
    await expect.poll(url).not.toContain('from=')
    expect(await chips().count()).toBe(0)
    expect(await session.page.locator('#log-from').inputValue()).toBe('')
  })

  it('shows every active filter as a chip that clears on its own, by keyboard', async () => {
    const from = new Date(Date.now() - 86_400_000).toISOString()
    const to = new Date(Date.now() + 86_400_000).toISOString()
    await openLog(
      `?status=failure&event=order.created&webhookId=${webhookId}&q=SO&in=text` +
        `&from=${from}&to=${to}`
    )
    const labels = await chips().allTextContents()
    expect(labels.map((label) => label.split(':')[0].trim())).toEqual([
      'Status',
      'Event',
      'Webhook',
      'Body text',
      'From',
      'To'
    ])
    expect(labels[2]).toContain('Billing')
    await screenshot(session.page, '61-log-filter-chips')
    expect(
      blocking(await runAxe(session.page)),
      describeViolations(await runAxe(session.page))
    ).toEqual([])

    const removeFrom = '[data-test=filter-chip][data-filter=from] button'
    await session.page.locator('#log-heading').focus()
    await tabTo(session.page, removeFrom, { max: 60 })
    expect(await session.page.locator(removeFrom).getAttribute('aria-label')).toMatch(
      /^Remove filter From: /
    )
    await session.page.keyboard.press('Enter')
    await expect.poll(url).not.toContain('from=')
    expect(url()).toContain('to=')
    expect(url()).toContain('status=failure')
    // The focus stays in the chips, on the next one, for the next removal.
    expect(await describeFocus(session.page)).toContain('Remove filter To')
    await session.page.keyboard.press('Space')
    await expect.poll(url).not.toContain('to=')
    await expect.poll(() => chips().count()).toBe(4)

    const removeStatus = '[data-test=filter-chip][data-filter=status] button'
    await session.page.locator(removeStatus).click()
    await expect.poll(url).not.toContain('status=')
    expect(await session.page.locator('[data-test=filter-status]').textContent()).toContain(
      'Any status'
    )
    await session.page.getByRole('button', { name: 'Clear all filters' }).click()
    await expect.poll(() => chips().count()).toBe(0)
    expect(url()).not.toMatch(/event=|webhookId=|q=/)
    expect(await focusMatches(session.page, '#log-heading')).toBe(true)
  })

  it('lays the chips out at 1024×700 and 1280×800 in both schemes, with no axe finding', async () => {
    const from = new Date(Date.now() - 86_400_000).toISOString()
    for (const viewport of [
      { width: 1024, height: 700 },
      { width: 1280, height: 800 }
    ])
      for (const scheme of ['light', 'dark'] as const) {
        await session.page.setViewportSize(viewport)
        await session.page.emulateMedia({ colorScheme: scheme })
        await session.page.goto(
          `${session.shell.baseUrl}/#/apps/${appId}/logs?view=messages&state=failed` +
            `&webhookId=${webhookId}&q=order&from=${from}`
        )
        await expect.poll(() => chips().count()).toBe(4)
        await expect
          .poll(() =>
            session.page.evaluate("document.documentElement.classList.contains('app-dark')")
          )
          .toBe(scheme === 'dark')
        await waitForStillness(session.page)
        // The message view has the same chips: its state stands where the status would.
        expect(await session.page.locator('[data-filter=state]').textContent()).toContain(
          'Failed (retries exhausted)'
        )
        await screenshot(session.page, `63-log-chips-${viewport.width}-${scheme}`)
        expect(describeViolations(blocking(await runAxe(session.page)))).toBe('')
      }
    await session.page.emulateMedia({ colorScheme: 'light' })
  })

  it('follows a replay whose deliveries fail again to its end', async () => {
    await session.shell.call('webhooks.update', { id: webhookId, retrySchedule: [1] })
    await openLog()
    await session.page.locator('[data-test=open-replay]').click()
    await expect
      .poll(() => session.page.locator('[data-test=scope-exhausted-count]').textContent())
      .toContain('3 that used up every retry')
    await session.page.locator('[data-test=start-replay]').click()
    const progress = session.page.locator('[data-test=replay-progress]')
    // Each delivery fails, waits its one-second retry, fails again and is done.
    await expect
      .poll(() => progress.textContent(), { timeout: 20_000 })
      .toContain('Finished: 0 delivered, 3 failed after every retry')
    expect(await progress.textContent()).not.toContain('waiting for a retry')
    await screenshot(session.page, '62-replay-finished')
    expect(session.pageErrors).toEqual([])
  })
})
