import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NotificationPreferences } from '@shared/preferences'
import { blocking, describeViolations, runAxe } from '../support/axe'
import { screenshot, waitForStillness, watchForErrors } from '../support/browser'
import { e2eSession } from '../support/e2e-session'
import { seededAppId, webhookToReceiver } from '../support/shell-fixtures'

/**
 * An alert pushed to an open page, raised for real (a webhook whose receiver fails, the alert
 * monitor of the headless shell): a toast with "View log", and, with the browser's permission, a
 * browser notification unless the app is muted or it is quiet hours. Notifications are recorded
 * by an init script that wraps window.Notification.
 */
interface Recorded {
  title: string
  body: string | undefined
  tag: string | undefined
}

const session = e2eSession({
  respond: (_request, _req, res) => {
    res.statusCode = 500
    res.end()
  },
  signIn: false
})

let context: BrowserContext
let page: Page
let pageErrors: string[]

beforeAll(async () => {
  context = await session.browser.newContext({ viewport: { width: 1280, height: 800 } })
  await context.grantPermissions(['notifications'], { origin: session.shell.baseUrl })
  await context.addInitScript(() => {
    const Original = window.Notification
    const recorded: Array<{ title: string; body?: string; tag?: string }> = []
    const instances: Notification[] = []
    class Recording extends Original {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options)
        recorded.push({ title, body: options?.body, tag: options?.tag })
        instances.push(this)
      }
    }
    Object.defineProperty(Recording, 'permission', { get: () => Original.permission })
    Object.assign(window, { Notification: Recording, recorded, instances })
  })
  page = await context.newPage()
  pageErrors = watchForErrors(page)
  await page.goto(`${session.shell.baseUrl}/?token=${session.shell.token}`)
  await page.locator('[data-test=account-name]').waitFor()
})

afterAll(() => context?.close())

const recorded = () => page.evaluate('window.recorded') as Promise<Recorded[]>
const toasts = () => page.locator('[data-test=alert-toast]')

/** A new webhook in `appKey` on `event`, its receiver failing: two records make it Failing. */
async function raiseAlert(appKey: string, type: 'order' | 'brand' | 'supplier', name: string) {
  const appId = await seededAppId(session.shell, appKey)
  const webhook = await webhookToReceiver(session.shell, session.receiver, {
    appId,
    name,
    events: [`${type}.created`],
    retrySchedule: []
  })
  for (const n of [1, 2]) {
    const data = type === 'order' ? { number: `${name}-${n}` } : { name: `${name} ${n}` }
    await session.shell.call('entities.create', { type, data })
  }
  return { appId, webhookId: webhook.id }
}

async function setNotifications(notifications: Partial<NotificationPreferences>): Promise<void> {
  await session.shell.call('preferences.update', { notifications })
}

/** "HH:MM" of this machine's clock `minutes` from now (the browser shares it). */
function clock(minutes: number): string {
  const at = new Date(Date.now() + minutes * 60_000)
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`
}

describe('alerts pushed to the page (browser shell)', () => {
  it('shows a toast and a browser notification; View log opens the webhook log', async () => {
    const { appId, webhookId } = await raiseAlert('orders', 'order', 'ERP order feed')
    const toast = toasts().filter({ hasText: 'Webhook "ERP order feed" is failing' })
    await toast.waitFor()
    expect(await toast.locator('[data-test=alert-toast-text]').textContent()).toContain(
      '(app Orders)'
    )
    await expect.poll(recorded).toHaveLength(1)
    const [notification] = await recorded()
    expect(notification.title).toBe('Webhook "ERP order feed" is failing')
    expect(notification.body).toContain('Webhook "ERP order feed" is failing (app Orders)')
    expect(notification.tag).toMatch(/^alert-\d+$/)

    await waitForStillness(page)
    const violations = blocking(await runAxe(page))
    expect(violations, describeViolations(violations)).toEqual([])
    await screenshot(page, '71-alert-toast')

    await toast.locator('[data-test=alert-toast-view-log]').click()
    await expect.poll(() => page.url()).toContain(`#/apps/${appId}/logs?webhookId=${webhookId}`)
    await expect.poll(() => toasts().count()).toBe(0)

    // Clicking the notification brings the page to its log too.
    await page.locator('a.nav-item.settings').click()
    await page.locator('[data-test=this-computer]').waitFor()
    await page.evaluate('window.instances[0].onclick(new Event("click"))')
    await expect.poll(() => page.url()).toContain(`#/apps/${appId}/logs?webhookId=${webhookId}`)
  })

  it('no notification for a muted app, the toast still shows', async () => {
    await setNotifications({ mutedAppIds: [await seededAppId(session.shell, 'products')] })
    await raiseAlert('products', 'brand', 'Shop brands')
    await toasts().filter({ hasText: 'Webhook "Shop brands" is failing' }).waitFor()
    expect(await recorded()).toHaveLength(1)
  })

  it('no notification in quiet hours; after them, notifications again', async () => {
    await setNotifications({ mutedAppIds: [], quietHours: { from: clock(-60), to: clock(60) } })
    await raiseAlert('inventory', 'supplier', 'Supplier sync')
    await toasts().filter({ hasText: 'Webhook "Supplier sync" is failing' }).waitFor()
    expect(await recorded()).toHaveLength(1)

    await setNotifications({ quietHours: null })
    await raiseAlert('pricing', 'order', 'Price feed')
    await toasts().filter({ hasText: 'Webhook "Price feed" is failing' }).waitFor()
    await expect.poll(recorded).toHaveLength(2)
    expect((await recorded())[1].title).toBe('Webhook "Price feed" is failing')
    expect(pageErrors).toEqual([])
  })
})
