import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { blocking, describeViolations, runAxe } from '../support/axe'
import { focusMatches, screenshot, tabTo, waitForStillness } from '../support/browser'
import { e2eSession } from '../support/e2e-session'
import { ordersFeed, seededAppId } from '../support/shell-fixtures'

/**
 * Settings, "On this computer", in Chromium against the headless shell: the pause of all delivery
 * and its status across a reload, notifications, quiet hours (saved, reloaded, refused), the
 * per-app switches, the browser's permission line, no desktop-only controls in a browser, a
 * keyboard-only path and axe.
 */
let ordersAppId: number
let productsAppId: number

const session = e2eSession({
  prepare: async (shell, receiver) => {
    ordersAppId = (await ordersFeed(shell, receiver, { name: 'ERP order feed' })).appId
    productsAppId = await seededAppId(shell, 'products')
  }
})

const page = (): Page => session.page
const section = () => page().locator('[data-test=this-computer]')
const statusLine = () => section().locator('[data-test=delivery-status]').textContent()
const saved = async () => (await session.shell.call('preferences.get', {})).preferences

async function openSettings(): Promise<void> {
  await page().goto(`${session.shell.baseUrl}/#/settings`)
  await section().locator('[data-test=delivery-status]').waitFor()
}

async function reload(): Promise<void> {
  await page().reload()
  await section().locator('[data-test=delivery-status]').waitFor()
}

/** Focus on the last control before the section, so the next Tab enters it. */
async function enterSectionByKeyboard(): Promise<void> {
  await page().locator('[data-test=database-use]').focus()
}

describe('Settings: On this computer (browser shell)', () => {
  it('shows the delivery status and no desktop-only controls', async () => {
    await openSettings()
    expect(await section().locator('h2').textContent()).toBe('On this computer')
    expect(await statusLine()).toContain('Delivering · nothing waiting')
    for (const desktopOnly of [
      '[data-test=desktop-preferences]',
      '#pref-keepDeliveringInBackground',
      '#pref-startAtLogin',
      '#pref-autoUpdate',
      '[data-test=update-status]',
      '[data-test=update-check]'
    ])
      expect(await page().locator(desktopOnly).count(), desktopOnly).toBe(0)
    expect(await page().getByText('Keep delivering in the background').count()).toBe(0)
    expect(await page().getByText('Start at login').count()).toBe(0)
  })

  it('pauses and resumes all delivery by keyboard; the paused status survives a reload', async () => {
    await enterSectionByKeyboard()
    await tabTo(page(), '[data-test=delivery-pause]')
    expect(await page().locator('[data-test=delivery-pause]').textContent()).toContain(
      'Pause all delivery'
    )
    await page().keyboard.press('Enter')
    await expect.poll(statusLine).toContain('Paused · nothing waiting')
    expect((await session.shell.call('delivery.status', {})).paused).toBe(true)
    // The focus stays on the button, now Resume.
    expect(await focusMatches(page(), '[data-test=delivery-pause]')).toBe(true)

    const heard = session.receiver.requests.length
    for (const number of ['SO-7001', 'SO-7002'])
      await session.shell.call('entities.create', { type: 'order', data: { number } })
    // The open page hears of the queued saves (no attempt is made while paused).
    await expect.poll(statusLine).toContain('Paused · 2 waiting')
    await reload()
    expect(await statusLine()).toContain('Paused · 2 waiting')
    expect(await page().locator('[data-test=delivery-pause]').textContent()).toContain(
      'Resume delivery'
    )
    expect(session.receiver.requests.length).toBe(heard)

    await page().locator('[data-test=delivery-pause]').focus()
    await page().keyboard.press('Enter')
    await expect.poll(statusLine).toContain('Delivering')
    await session.receiver.waitFor(heard + 2)
    // The line follows the attempts while Settings is open.
    await expect.poll(statusLine).toContain('Delivering · nothing waiting')
    await reload()
    expect(await statusLine()).toContain('Delivering · nothing waiting')
  })

  it('turns notifications off and on with Space, saved and shown after a reload', async () => {
    await enterSectionByKeyboard()
    await tabTo(page(), '#notify-enabled')
    await page().keyboard.press('Space')
    await expect.poll(async () => (await saved()).notifications.enabled).toBe(false)
    await reload()
    expect(await page().locator('#notify-enabled').isChecked()).toBe(false)

    await page().locator('#notify-enabled').focus()
    await page().keyboard.press('Space')
    await expect.poll(async () => (await saved()).notifications.enabled).toBe(true)
    expect(await page().locator('#notify-enabled').isChecked()).toBe(true)
  })

  it('saves quiet hours typed by keyboard, shows them after a reload, refuses an invalid time', async () => {
    await enterSectionByKeyboard()
    await tabTo(page(), '#notify-quiet')
    await page().keyboard.press('Space')
    await expect
      .poll(async () => (await saved()).notifications.quietHours)
      .toEqual({ from: '22:00', to: '07:00' })
    await tabTo(page(), '#quiet-from')
    await page().keyboard.press('ControlOrMeta+a')
    await page().keyboard.type('23:30')
    await page().keyboard.press('Enter')
    await expect
      .poll(async () => (await saved()).notifications.quietHours)
      .toEqual({ from: '23:30', to: '07:00' })
    await reload()
    expect(await page().locator('#notify-quiet').isChecked()).toBe(true)
    expect(await page().locator('#quiet-from').inputValue()).toBe('23:30')
    expect(await page().locator('#quiet-to').inputValue()).toBe('07:00')

    // An impossible time: the core's message next to the field, nothing saved.
    await page().locator('#quiet-to').focus()
    await page().keyboard.press('ControlOrMeta+a')
    await page().keyboard.type('25:00')
    await page().keyboard.press('Enter')
    const toError = section().locator('[data-test=quiet-to-error]')
    await expect
      .poll(() => toError.textContent())
      .toBe('a time of day as HH:MM (24-hour clock), e.g. 22:00')
    expect(await page().locator('#quiet-to').getAttribute('aria-invalid')).toBe('true')
    expect(await page().locator('#quiet-to').getAttribute('aria-describedby')).toBe(
      'quiet-to-error'
    )
    expect((await saved()).notifications.quietHours).toEqual({ from: '23:30', to: '07:00' })

    await waitForStillness(page())
    const violations = blocking(await runAxe(page()))
    expect(violations, describeViolations(violations)).toEqual([])

    // The same start and end: refused too, in the core's words.
    await page().keyboard.press('ControlOrMeta+a')
    await page().keyboard.type('23:30')
    await page().keyboard.press('Tab')
    await expect
      .poll(() => toError.textContent())
      .toBe('quiet hours need different start and end times')
    expect((await saved()).notifications.quietHours).toEqual({ from: '23:30', to: '07:00' })

    await page().locator('#quiet-to').fill('06:45')
    await page().locator('#quiet-to').press('Enter')
    await expect
      .poll(async () => (await saved()).notifications.quietHours)
      .toEqual({ from: '23:30', to: '06:45' })
    expect(await toError.count()).toBe(0)
  })

  it('mutes one app with its own switch, kept after a reload', async () => {
    const products = `#notify-app-${productsAppId}`
    expect(await page().locator(`label[for=notify-app-${productsAppId}]`).textContent()).toBe(
      'Notify about Products'
    )
    await page().locator(products).focus()
    await page().keyboard.press('Space')
    await expect
      .poll(async () => (await saved()).notifications.mutedAppIds)
      .toEqual([productsAppId])
    await reload()
    expect(await page().locator(products).isChecked()).toBe(false)
    expect(await page().locator(`#notify-app-${ordersAppId}`).isChecked()).toBe(true)

    await page().locator(products).click()
    await expect.poll(async () => (await saved()).notifications.mutedAppIds).toEqual([])
    expect(await page().locator(products).isChecked()).toBe(true)
  })

  it('says whether the browser may notify, with the button only while it has not been asked', async () => {
    const permission = await page().evaluate('Notification.permission')
    const line = section().locator('[data-test=browser-permission-text]')
    const button = section().locator('[data-test=browser-permission-request]')
    if (permission === 'default') {
      expect(await line.textContent()).toContain('has not been allowed to show notifications yet')
      expect(await button.textContent()).toContain('Allow browser notifications')
    } else {
      expect(await line.textContent()).toContain('blocks')
      expect(await button.count()).toBe(0)
    }

    // With the permission granted (a new page of a context that has it): allowed, no button.
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } })
    await context.grantPermissions(['notifications'], { origin: session.shell.baseUrl })
    const granted = await context.newPage()
    await granted.goto(`${session.shell.baseUrl}/?token=${session.shell.token}#/settings`)
    const grantedLine = granted.locator('[data-test=browser-permission-text]')
    await grantedLine.waitFor()
    expect(await grantedLine.textContent()).toContain('This browser shows notifications')
    expect(await granted.locator('[data-test=browser-permission-request]').count()).toBe(0)
    await context.close()
  })

  it('passes axe with quiet hours shown, and leaves a screenshot', async () => {
    await reload()
    await section().scrollIntoViewIfNeeded()
    await waitForStillness(page())
    const violations = blocking(await runAxe(page()))
    expect(violations, describeViolations(violations)).toEqual([])
    await screenshot(page(), '70-settings-this-computer')
    expect(session.pageErrors).toEqual([])
  })
})
