import { describe, expect, it } from 'vitest'
import {
  describeFocus,
  focusMatches,
  screenshot,
  tabTo,
  waitForStillness
} from '../support/browser'
import { e2eSession } from '../support/e2e-session'
import { seededAppId } from '../support/shell-fixtures'

/**
 * The operator's main tasks with the keyboard alone, in Chromium: no click, only Tab, Enter,
 * Space, Escape, arrow keys and typing. Focus must always be somewhere visible and useful, never
 * dropped on <body> when a dialog or drawer closes.
 */
let productsAppId: number
let supplierAppId: number

const session = e2eSession({
  viewport: { width: 1024, height: 700 },
  prepare: async (shell, receiver) => {
    await shell.call('account.update', { name: 'Acme Outdoor' })
    productsAppId = await seededAppId(shell, 'products')
    supplierAppId = (await shell.call('apps.create', { name: 'Supplier portal' })).id
    await shell.call('webhooks.create', {
      appId: productsAppId,
      name: 'Shop sync',
      url: receiver.url,
      events: ['product.created']
    })
    await shell.call('entities.create', {
      type: 'product',
      data: { name: 'Trail Jacket', sku: 'TJ' }
    })
    await receiver.waitFor(1)
  }
})

/** Loads a screen and starts keyboard navigation from the top of the document. */
/** A webhook row, not the table's "no webhooks" line, which shows while the list loads. */
const WEBHOOK_ROW = '[data-test=webhook-table] tbody tr:not(.p-datatable-empty-message)'

async function open(hash: string, ready: string, { fresh = false } = {}): Promise<void> {
  // A hash change keeps the document and where sequential focus navigation starts from; a count
  // of keys from the top needs a new document.
  if (fresh) await session.page.goto('about:blank')
  await session.page.goto(`${session.shell.baseUrl}/#${hash}`)
  await session.page.locator(ready).first().waitFor()
  await session.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
}

describe('keyboard only, in Chromium', () => {
  it('offers a skip link as the first Tab stop, visible on focus, that jumps to the content', async () => {
    await open('/', '[data-test=delivery-chart]')
    const link = session.page.locator('[data-test=skip-link]')
    const hidden = await link.boundingBox()
    expect(hidden!.y + hidden!.height).toBeLessThanOrEqual(0) // off screen until focused
    await session.page.keyboard.press('Tab')
    expect(await focusMatches(session.page, '[data-test=skip-link]')).toBe(true)
    const shown = await link.boundingBox()
    expect(shown!.y).toBeGreaterThanOrEqual(0)
    expect(await link.textContent()).toBe('Skip to main content')
    await screenshot(session.page, 'kb-01-skip-link')
    await session.page.keyboard.press('Enter')
    expect(await focusMatches(session.page, 'main#main .page')).toBe(true)
    // The next Tab stop is inside the session.page, past the whole sidebar.
    await session.page.keyboard.press('Tab')
    expect(await focusMatches(session.page, 'main *')).toBe(true)
  })

  it('has a banner, navigation and main landmark on every screen', async () => {
    for (const [hash, ready] of [
      ['/', '[data-test=delivery-chart]'],
      [`/apps/${productsAppId}/webhooks`, WEBHOOK_ROW]
    ]) {
      await open(hash, ready)
      expect(await session.page.getByRole('banner').count(), hash).toBe(1)
      expect(await session.page.getByRole('main').count(), hash).toBe(1)
      expect(await session.page.getByRole('navigation').count(), hash).toBeGreaterThanOrEqual(1)
    }
  })

  it("reaches the page's main action and the first table row in a few keys", async () => {
    // Past the sidebar and the Products app's twelve section links: at most four keys after
    // "Skip to main content" to "Add webhook".
    await open(`/apps/${productsAppId}/webhooks`, WEBHOOK_ROW, {
      fresh: true
    })
    await session.page.keyboard.press('Tab')
    await session.page.keyboard.press('Enter')
    await tabTo(session.page, '[data-test=add-webhook]', { max: 4 })

    // Three keys to the table's first row: Tab, Tab, Enter.
    await open(`/apps/${productsAppId}/webhooks`, WEBHOOK_ROW, {
      fresh: true
    })
    await session.page.keyboard.press('Tab')
    await session.page.keyboard.press('Tab')
    expect(await describeFocus(session.page)).toContain('Skip to table')
    await screenshot(session.page, 'kb-01b-skip-to-table')
    await session.page.keyboard.press('Enter')
    expect(await focusMatches(session.page, '[data-test=webhook-table] tbody tr:first-child')).toBe(
      true
    )
    // The next Tab is the row's first control.
    await session.page.keyboard.press('Tab')
    expect(await describeFocus(session.page)).toContain('Select Shop sync')

    // The log too: its first entry opens after Tab, Tab, Enter, then Tab to its button.
    await open(`/apps/${productsAppId}/logs`, '[data-test=open-log]', { fresh: true })
    await session.page.keyboard.press('Tab')
    await session.page.keyboard.press('Tab')
    await session.page.keyboard.press('Enter')
    await tabTo(session.page, '[data-test=open-log]', { max: 2 })
  })

  it('creates a webhook from the manager with the keyboard alone', async () => {
    await open(`/apps/${productsAppId}/webhooks`, WEBHOOK_ROW)
    await tabTo(session.page, '[data-test=add-webhook]')
    await session.page.keyboard.press('Enter')
    await session.page.locator('[data-test=webhook-form]').waitFor()
    // The dialog focuses its first field again when its opening transition ends; typing before
    // that (a loaded machine) would send keystrokes back into the URL field.
    await waitForStillness(session.page)
    await expect.poll(() => focusMatches(session.page, '#webhook-url')).toBe(true)
    await session.page.keyboard.type(`${session.receiver.url}?via=keyboard`)
    await session.page.keyboard.press('Tab')
    expect(await focusMatches(session.page, '#webhook-name')).toBe(true)
    await session.page.keyboard.type('Keyboard hook')

    // The event picker: arrow down opens it with the search box focused, arrows move through the
    // options, Enter toggles one, Escape closes it and puts focus back on the picker.
    await session.page.keyboard.press('Tab')
    expect(await focusMatches(session.page, '#webhook-events')).toBe(true)
    await session.page.keyboard.press('ArrowDown')
    await expect.poll(() => focusMatches(session.page, '.p-multiselect-filter')).toBe(true)
    await session.page.keyboard.type('product.updated')
    await session.page.keyboard.press('ArrowDown')
    await session.page.keyboard.press('Enter')
    await expect
      .poll(() =>
        session.page.getByRole('option', { name: 'product.updated' }).getAttribute('aria-selected')
      )
      .toBe('true')
    await session.page.keyboard.press('Escape')
    await expect.poll(() => focusMatches(session.page, '#webhook-events')).toBe(true)

    await tabTo(session.page, '[data-test=save-webhook]')
    await screenshot(session.page, 'kb-02-webhook-dialog')
    await session.page.keyboard.press('Space')
    await session.page.locator('[data-test=secret-value]').waitFor()
    // The "Webhook created" toast covers none of the dialog's buttons.
    const toast = await session.page.locator('.p-toast-message').first().boundingBox()
    expect(toast).not.toBeNull()
    for (const button of await session.page.locator('.p-dialog button').all()) {
      const box = (await button.boundingBox())!
      const overlaps =
        box.x < toast!.x + toast!.width &&
        toast!.x < box.x + box.width &&
        box.y < toast!.y + toast!.height &&
        toast!.y < box.y + box.height
      expect(overlaps, `toast covers ${await button.getAttribute('aria-label')}`).toBe(false)
    }
    await screenshot(session.page, 'kb-03-webhook-created-toast')

    const saved = await session.shell.call('webhooks.list', { appId: productsAppId })
    expect(saved.find((webhook) => webhook.name === 'Keyboard hook')).toMatchObject({
      url: `${session.receiver.url}?via=keyboard`,
      events: ['product.updated'],
      active: true
    })

    // The dialog stays open in edit mode; closing it puts focus on the new webhook's row, from
    // where Tab reaches its controls.
    await session.page.keyboard.press('Escape')
    await session.page.locator('[data-test=webhook-form]').waitFor({ state: 'detached' })
    await expect
      .poll(() =>
        session.page.evaluate(() => {
          const focused = document.activeElement!
          return `${focused.tagName} ${focused.closest('[data-test=webhook-table]') ? 'in table' : ''} ${focused.textContent}`
        })
      )
      .toMatch(/^TR in table .*Keyboard hook/)
    await screenshot(session.page, 'kb-03b-new-row-focused')
    await session.page.keyboard.press('Tab')
    expect(await describeFocus(session.page)).toContain('Select Keyboard hook')
  })

  it('renames an app from the sidebar with the keyboard, and focus returns to the button', async () => {
    await open('/', '[data-test=delivery-chart]')
    await tabTo(session.page, '[data-test=rename-app][aria-label="Rename Supplier portal"]')
    // Shown while it has keyboard focus, not only on hover.
    expect(
      await session.page.evaluate(
        () => getComputedStyle(document.activeElement!.parentElement!).opacity
      )
    ).toBe('1')
    await session.page.keyboard.press('Enter')
    await expect.poll(() => focusMatches(session.page, '#app-name')).toBe(true)
    await session.page.keyboard.press('Control+A')
    await session.page.keyboard.type('Supplier hub')
    await session.page.keyboard.press('Enter')
    await expect
      .poll(async () =>
        (await session.shell.call('apps.list', {})).find((app) => app.id === supplierAppId)
      )
      .toMatchObject({ name: 'Supplier hub' })
    await expect.poll(() => describeFocus(session.page)).toContain('Rename Supplier hub')
  })

  it('deletes an app from the sidebar: the confirmation focuses Cancel first', async () => {
    await open('/', '[data-test=delivery-chart]')
    await tabTo(session.page, '[data-test=delete-app]')
    expect(await describeFocus(session.page)).toContain('Delete Supplier hub')
    await session.page.keyboard.press('Enter')
    await session.page.locator('.p-confirmdialog').waitFor()
    await expect.poll(() => describeFocus(session.page)).toContain('Cancel')
    await screenshot(session.page, 'kb-04-delete-confirmation')
    // Enter right away keeps the app.
    await session.page.keyboard.press('Enter')
    await session.page.locator('.p-confirmdialog').waitFor({ state: 'detached' })
    await expect.poll(() => describeFocus(session.page)).toContain('Delete Supplier hub')
    expect(
      (await session.shell.call('apps.list', {})).some((app) => app.id === supplierAppId)
    ).toBe(true)

    await session.page.keyboard.press('Enter')
    await expect.poll(() => describeFocus(session.page)).toContain('Cancel')
    await session.page.keyboard.press('Tab')
    expect(await describeFocus(session.page)).toContain('Delete')
    await session.page.keyboard.press('Enter')
    await expect
      .poll(async () =>
        (await session.shell.call('apps.list', {})).some((app) => app.id === supplierAppId)
      )
      .toBe(false)
    // The button went with the app: focus lands on the page's heading, not on <body>.
    await expect.poll(() => describeFocus(session.page)).toMatch(/^H1 /)
  })

  it('opens a log entry with the keyboard and gets focus back when the drawer closes', async () => {
    await open(`/apps/${productsAppId}/logs`, '[data-test=open-log]')
    await tabTo(session.page, '[data-test=open-log]', { max: 60 })
    const opener = await describeFocus(session.page)
    await session.page.keyboard.press('Enter')
    await session.page.locator('[data-test=log-detail]').waitFor()
    // The payload scrolls: it is a Tab stop of its own.
    await tabTo(session.page, '[data-test=log-payload]')
    await screenshot(session.page, 'kb-05-log-drawer')
    await session.page.keyboard.press('Escape')
    await session.page.locator('[data-test=log-detail]').waitFor({ state: 'detached' })
    await expect.poll(() => describeFocus(session.page)).toBe(opener)
  })

  it('switches to the dark scheme in Settings, remembered before the app starts', async () => {
    await open('/settings', '[data-test=color-scheme]')
    await tabTo(session.page, '[data-test=color-scheme] button[aria-pressed=false]:nth-child(3)')
    expect(await describeFocus(session.page)).toContain('Dark')
    await session.page.keyboard.press('Space')
    await expect
      .poll(() =>
        session.page.evaluate(() => document.documentElement.classList.contains('app-dark'))
      )
      .toBe(true)
    expect(await session.page.evaluate(() => localStorage.getItem('pim-color-scheme'))).toBe('dark')
    // On the next start the class is set by the first script, before the app has rendered.
    await session.page.reload({ waitUntil: 'domcontentloaded' })
    expect(
      await session.page.evaluate(() => ({
        dark: document.documentElement.classList.contains('app-dark'),
        background: getComputedStyle(document.documentElement).backgroundColor
      }))
    ).toEqual({ dark: true, background: 'rgb(9, 9, 11)' })
    await session.page.locator('[data-test=color-scheme]').waitFor()
    await screenshot(session.page, 'kb-06-settings-dark')
    await tabTo(session.page, '[data-test=color-scheme] button:first-child')
    await session.page.keyboard.press('Enter') // back to System, which is light in this browser
    await expect
      .poll(() =>
        session.page.evaluate(() => document.documentElement.classList.contains('app-dark'))
      )
      .toBe(false)
    expect(await session.page.evaluate(() => localStorage.getItem('pim-color-scheme'))).toBeNull()
  })

  it('says why Save is disabled and asks before leaving Settings with unsaved changes', async () => {
    await open('/settings', '#account-name')
    await tabTo(session.page, '#account-name')
    await session.page.keyboard.press('Control+A')
    await session.page.keyboard.press('Backspace')
    expect(await session.page.locator('[data-test=save-disabled-reason]').textContent()).toContain(
      'Correct the fields'
    )
    await session.page.keyboard.type('Acme Mountain')
    expect(await session.page.locator('[data-test=save-disabled-reason]').count()).toBe(0)

    // Leave through the sidebar's Dashboard link: the question focuses "Keep editing".
    await tabTo(session.page, 'header a[href="#/"]', { key: 'Shift+Tab' })
    await session.page.keyboard.press('Enter')
    await session.page.locator('.p-confirmdialog').waitFor()
    await expect.poll(() => describeFocus(session.page)).toContain('Keep editing')
    await screenshot(session.page, 'kb-07-settings-leave')
    await session.page.keyboard.press('Enter')
    await session.page.locator('.p-confirmdialog').waitFor({ state: 'detached' })
    expect(session.page.url()).toContain('#/settings')
    expect(await session.page.locator('#account-name').inputValue()).toBe('Acme Mountain')
    await expect.poll(() => describeFocus(session.page)).toContain('Dashboard')

    await session.page.keyboard.press('Enter')
    await expect.poll(() => describeFocus(session.page)).toContain('Keep editing')
    await session.page.keyboard.press('Tab')
    await session.page.keyboard.press('Enter') // Discard
    await session.page.locator('[data-test=delivery-chart]').waitFor()
    expect((await session.shell.call('account.get', {})).name).toBe('Acme Outdoor')
  })

  it('raised no page or console error', () => {
    expect(session.pageErrors).toEqual([])
  })
})
