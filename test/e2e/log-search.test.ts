import { describe, expect, it } from 'vitest'
import { blocking, describeViolations, runAxe } from '../support/axe'
import { focusMatches, screenshot, tabTo, waitForStillness } from '../support/browser'
import { e2eSession } from '../support/e2e-session'
import { ordersFeed } from '../support/shell-fixtures'

/**
 * Searching the delivery log in both views, with the keyboard alone: body text (inside words, in
 * any case, in the response too), a record's external id, the same search by message, kept when
 * switching views and in the URL; axe finds nothing critical or serious with results shown.
 */
let appId: number
let refusedOrder: { id: number; externalId: string }

const session = e2eSession({
  viewport: { width: 1280, height: 900 },
  // One order is refused with a reason in the response body.
  respond: (request, _req, res) => {
    const refused = request.body.includes('SO-13')
    res.statusCode = refused ? 422 : 200
    res.end(refused ? 'Unknown warehouse B7' : 'ok')
  },
  prepare: async (shell, receiver) => {
    const feed = await ordersFeed(shell, receiver, {
      numbers: ['SO-10 Tent', 'SO-11 Stove', 'SO-12 Lamp', 'SO-13 Tent XL']
    })
    appId = feed.appId
    refusedOrder = feed.orders[3]
  }
})

async function expectNoBlockingViolations(): Promise<void> {
  await waitForStillness(session.page)
  const violations = blocking(await runAxe(session.page))
  expect(violations, describeViolations(violations)).toEqual([])
}

/** The option the open field list has its keyboard focus on. */
const focusedOption = () =>
  session.page.locator('[role=listbox] [role=option][data-p-focused=true]').textContent()

/**
 * Chooses the search box's field by keyboard: its list opens on the current one. Each key waits
 * for the list to show its effect, so a loaded machine cannot drop one (the list places its focus
 * only once it has opened).
 */
async function searchIn(label: string, steps: number, key: 'ArrowDown' | 'ArrowUp') {
  await session.page.locator('#log-heading').focus()
  await tabTo(session.page, '[data-test=search-field] [role=combobox]')
  await session.page.keyboard.press('ArrowDown')
  const listbox = session.page.locator('[role=listbox]')
  await listbox.waitFor()
  await waitForStillness(session.page)
  await expect.poll(focusedOption).not.toBeNull()
  for (let step = 0; step < steps; step++) {
    const before = await focusedOption()
    await session.page.keyboard.press(key)
    await expect.poll(focusedOption).not.toBe(before)
  }
  expect(await focusedOption()).toContain(label)
  await session.page.keyboard.press('Enter')
  await listbox.waitFor({ state: 'detached' })
  await waitForStillness(session.page)
  await expect
    .poll(() => session.page.locator('[data-test=search-field]').textContent())
    .toContain(label)
}

/** Light and dark screenshots of the page as it is now. */
async function screenshots(name: string): Promise<void> {
  await screenshot(session.page, `${name}-light`)
  await session.page.emulateMedia({ colorScheme: 'dark' })
  await waitForStillness(session.page)
  await screenshot(session.page, `${name}-dark`)
  await session.page.emulateMedia({ colorScheme: 'light' })
  await waitForStillness(session.page)
}

const attempts = () => session.page.locator('[data-test=log-table] tbody tr')
const messages = () => session.page.locator('[data-test=message-table] [data-test=message-state]')
const searchBox = '[data-test=search-text]'

async function search(text: string): Promise<void> {
  await session.page.locator('#log-heading').focus()
  await tabTo(session.page, searchBox)
  await session.page.keyboard.press('Control+A')
  await session.page.keyboard.type(text)
  await session.page.keyboard.press('Enter')
}

describe('searching the delivery log in Chromium, by keyboard', () => {
  it('finds text inside words, in any case, in the request or the response body', async () => {
    await session.page.goto(`${session.shell.baseUrl}/#/apps/${appId}/logs`)
    await expect.poll(() => attempts().count()).toBe(4)

    await search('tent x')
    await expect.poll(() => session.page.url()).toContain('q=tent')
    await expect.poll(() => attempts().count()).toBe(1)
    // Past the range's date pickers, which open and close.
    await tabTo(session.page, '[data-test=open-log]')
    await session.page.keyboard.press('Enter')
    const drawer = session.page.locator('[data-test=log-detail]')
    await drawer.waitFor()
    expect(await drawer.textContent()).toContain('SO-13 Tent XL')
    await waitForStillness(session.page)
    await session.page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'detached' })
    expect(await focusMatches(session.page, '[data-test=open-log]')).toBe(true)

    await search('UNKNOWN WAREHOUSE')
    await expect.poll(() => session.page.url()).toContain('q=UNKNOWN')
    await expect.poll(() => attempts().count()).toBe(1)
    expect(await attempts().first().textContent()).toContain('422')
    await search('ent') // in every body
    await expect.poll(() => attempts().count()).toBe(4)
  })

  it('finds a record by its external id, chosen in the field list by keyboard', async () => {
    await searchIn('Record id', 2, 'ArrowDown')
    await session.page.keyboard.press('Tab')
    expect(await focusMatches(session.page, searchBox)).toBe(true)
    await session.page.keyboard.press('Control+A')
    await session.page.keyboard.type(refusedOrder.externalId)
    await session.page.keyboard.press('Enter')
    await expect.poll(() => session.page.url()).toContain('in=record')
    await expect.poll(() => attempts().count()).toBe(1)
    expect(await attempts().first().textContent()).toContain('422')
    await screenshots('38-log-search-record')
    await expectNoBlockingViolations()
  })

  it('searches by message too: the same search when switching views, kept in the URL', async () => {
    await searchIn('Body text', 2, 'ArrowUp')
    await search('tent')
    await expect.poll(() => attempts().count()).toBe(2)
    // The view switch: Tab to "By message", Space.
    await session.page.locator('#log-heading').focus()
    await tabTo(session.page, '[data-test=log-view] [aria-pressed=false]')
    await session.page.keyboard.press('Space')
    await expect.poll(() => session.page.url()).toContain('view=messages')
    expect(session.page.url()).toContain('q=tent')
    await expect.poll(() => messages().count()).toBe(2)
    expect(await session.page.locator(searchBox).inputValue()).toBe('tent')
    expect(await messages().allTextContents()).toEqual(['Failed', 'Delivered'])

    await search('warehouse b7')
    await expect.poll(() => messages().count()).toBe(1)
    await tabTo(session.page, '[data-test=toggle-attempts]')
    await session.page.keyboard.press('Enter')
    await expect.poll(() => session.page.locator('[data-test=open-log]').count()).toBe(1)
    await screenshots('39-log-search-by-message')
    await expectNoBlockingViolations()

    // A range before anything was sent: no delivery has an attempt in it.
    const url = new URL(session.page.url())
    url.hash = `${url.hash}&from=2020-01-01T00:00:00.000Z&to=2020-01-02T00:00:00.000Z`
    await session.page.goto(url.href)
    await expect
      .poll(() => session.page.locator('[data-test=message-table] tbody tr').first().textContent())
      .toContain('No deliveries match')
    await session.page.goBack()
    await expect.poll(() => messages().count()).toBe(1)
    expect(await session.page.locator(searchBox).inputValue()).toBe('warehouse b7')
  })

  it('had no page errors', () => {
    expect(session.pageErrors).toEqual([])
  })
})
