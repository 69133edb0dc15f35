import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { blocking, describeViolations, runAxe, type AxeViolation } from '../support/axe'
import { screenshot, waitForStillness } from '../support/browser'
import { e2eSession } from '../support/e2e-session'
import { seededAppId, trailJacket } from '../support/shell-fixtures'

/**
 * Every screen, with seeded data, audited by axe-core in Chromium at 1280×800 in the light and the
 * dark color scheme: no critical or serious violation is allowed. A table of what axe found on
 * each screen is printed at the end, so a failure names the screen and the rule.
 */
// 1280×800 by default; A11Y_VIEWPORT=1024x700 audits (and screenshots) a smaller window.
const [width, height] = (process.env.A11Y_VIEWPORT ?? '1280x800').split('x').map(Number)
const viewport = { width, height }
let productsAppId: number
let supplierAppId: number
let productId: number
let failingWebhookId: number

const session = e2eSession({
  // Product updates fail at one receiver path, so the log holds successes and failures.
  respond: (request, req, res) => {
    res.statusCode = req.url === '/failing' ? 500 : 200
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ received: request.json.event ?? null }))
  },
  viewport: viewport,
  prepare: async (shell, receiver) => {
    await shell.call('account.update', { name: 'Acme Outdoor', operatorName: 'Jane Doe' })
    productsAppId = await seededAppId(shell, 'products')
    supplierAppId = (await shell.call('apps.create', { name: 'Supplier portal' })).id
    await shell.call('webhooks.create', {
      appId: productsAppId,
      name: 'Shop sync',
      url: receiver.url,
      events: ['product.created', 'product.updated', 'product.deleted']
    })
    failingWebhookId = (
      await shell.call('webhooks.create', {
        appId: productsAppId,
        name: 'ERP feed',
        url: receiver.url.replace('/hook', '/failing'),
        events: ['product.updated'],
        retrySchedule: []
      })
    ).id
    productId = (await trailJacket(shell)).id
    await shell.call('entities.update', { type: 'product', id: productId, data: { price: 99.5 } })
    await receiver.waitFor(3)
  }
})

// The per-screen table of violations, for a readable summary after the run.
afterAll(() => printTable())

type Scheme = 'light' | 'dark'
const found = new Map<string, Partial<Record<Scheme, AxeViolation[]>>>()

function printTable(): void {
  const cell = (violations: AxeViolation[] | undefined): string =>
    violations === undefined
      ? 'not run'
      : violations.map((violation) => `${violation.id} (${violation.impact})`).join(', ') || '-'
  const rows = [...found].map(([screen, byScheme]) => ({
    screen,
    light: cell(byScheme.light),
    dark: cell(byScheme.dark)
  }))
  console.log('axe-core violations per screen (critical and serious fail the suite):')
  console.table(rows)
}

/** Loads a route from scratch, so a dialog left open by the previous screen cannot leak in. */
async function visit(hash: string): Promise<void> {
  await session.page.goto('about:blank')
  await session.page.goto(`${session.shell.baseUrl}/#${hash}`)
  const ready = session.page.locator('[data-test=account-name]', { hasText: 'Acme Outdoor' })
  // Another suite may be rebuilding out/ at this moment (its index.html missing for a second).
  await ready.waitFor({ timeout: 8_000 }).catch(async () => {
    await session.page.reload()
    await ready.waitFor({ timeout: 8_000 })
  })
}

const tableRows = (test: string) => session.page.locator(`[data-test=${test}] tbody tr`)

async function openWebhookDialog(): Promise<void> {
  await visit(`/apps/${productsAppId}/webhooks`)
  await session.page.locator('[data-test=add-webhook]').click()
  await session.page.locator('[data-test=webhook-form]').waitFor()
}

async function openSidebarAction(action: 'Rename' | 'Delete', appName: string): Promise<void> {
  await visit('/')
  // Before the keyboard fix the actions only appeared on hover; hovering works either way.
  await session.page.locator('.app-row', { hasText: appName }).hover()
  await session.page.getByRole('button', { name: `${action} ${appName}` }).click()
}

const screens: Array<{ name: string; open: () => Promise<void> }> = [
  {
    name: 'dashboard',
    open: async () => {
      await visit('/')
      await session.page.locator('[data-test=delivery-chart] canvas').waitFor()
    }
  },
  {
    name: 'app home (app without records)',
    open: async () => {
      await visit(`/apps/${supplierAppId}`)
      await session.page.locator('[data-test=webhooks-empty]').waitFor()
    }
  },
  {
    name: 'record list',
    open: async () => {
      await visit(`/apps/${productsAppId}/records/product`)
      await session.page.locator('tbody tr', { hasText: 'Trail Jacket' }).waitFor()
    }
  },
  {
    name: 'record edit (product)',
    open: async () => {
      await visit(`/apps/${productsAppId}/records/product/${productId}`)
      await session.page.locator('[data-test=record-title]', { hasText: 'Trail Jacket' }).waitFor()
      await session.page.locator('[data-test=revision-history] article').first().waitFor()
    }
  },
  {
    name: 'new-record dialog',
    open: async () => {
      await visit(`/apps/${productsAppId}/records/product`)
      await session.page.locator('[data-test=new-record]').click()
      await session.page.locator('.p-dialog #field-name').waitFor()
    }
  },
  {
    name: 'webhook manager (a row selected)',
    open: async () => {
      await visit(`/apps/${productsAppId}/webhooks`)
      await tableRows('webhook-table').first().waitFor()
      await tableRows('webhook-table').first().locator('.p-checkbox').click()
      await session.page.locator('[data-test=selection-count]').waitFor()
    }
  },
  { name: 'webhook dialog (add)', open: openWebhookDialog },
  {
    name: 'webhook dialog (edit)',
    open: async () => {
      await visit(`/apps/${productsAppId}/webhooks`)
      await session.page.locator('[data-test=edit-webhook]').first().click()
      await session.page.locator('[data-test=secret-value]').waitFor()
    }
  },
  {
    name: 'event picker open',
    open: async () => {
      await openWebhookDialog()
      await session.page.locator('[data-test=event-picker]').click()
      await session.page.getByRole('option', { name: 'product.updated' }).waitFor()
    }
  },
  {
    name: 'log viewer',
    open: async () => {
      await visit(`/apps/${productsAppId}/logs`)
      await expect.poll(() => tableRows('log-table').count()).toBeGreaterThanOrEqual(3)
    }
  },
  {
    name: 'log detail drawer',
    open: async () => {
      await visit(`/apps/${productsAppId}/logs`)
      await tableRows('log-table').first().waitFor()
      await tableRows('log-table').first().click()
      await session.page.locator('[data-test=log-detail]').waitFor()
    }
  },
  {
    name: 'replay dialog',
    open: async () => {
      await visit(`/apps/${productsAppId}/logs?webhookId=${failingWebhookId}`)
      await tableRows('log-table').first().waitFor()
      await session.page.locator('[data-test=open-replay]').click()
      await session.page.locator('[data-test=start-replay]').waitFor()
    }
  },
  {
    name: 'settings',
    open: async () => {
      await visit('/settings')
      await session.page.locator('[data-test=delivery-settings] input').first().waitFor()
    }
  },
  {
    name: 'app rename dialog',
    open: async () => {
      await openSidebarAction('Rename', 'Products')
      await session.page.locator('#app-name').waitFor()
    }
  },
  {
    name: 'delete confirmation',
    open: async () => {
      await openSidebarAction('Delete', 'Supplier portal')
      await session.page.locator('.p-confirmdialog').waitFor()
    }
  }
]

/** The screen the page shows now, opened by its light-scheme test and not navigated away from. */
let shown: string | undefined

/**
 * Audits the page in `scheme`: the app follows the operating system unless the operator chose
 * otherwise in Settings (nobody has here). Switching the scheme of an open screen lets the dark
 * audit reuse what the light one opened instead of loading and opening the screen again.
 */
async function audit(screen: string, scheme: Scheme): Promise<void> {
  await session.page.emulateMedia({ colorScheme: scheme })
  await expect
    .poll(() => session.page.evaluate("document.documentElement.classList.contains('app-dark')"))
    .toBe(scheme === 'dark')
  // Dialogs and drawers fade in and a scheme switch starts colour transitions: axe must see the
  // final colours, not a half-transparent or half-switched frame.
  await waitForStillness(session.page)
  const violations = await runAxe(session.page)
  found.set(screen, { ...found.get(screen), [scheme]: violations })
  const slug = screen.replace(/\W+/g, '-').replace(/-$/, '')
  await screenshot(session.page, `a11y-${width}x${height}-${scheme}-${slug}`)
  expect(describeViolations(blocking(violations))).toBe('')
}

describe('accessibility in Chromium, light and dark scheme', () => {
  beforeAll(() => session.page.evaluate("localStorage.removeItem('pim-color-scheme')"))

  for (const screen of screens) {
    describe(screen.name, () => {
      it('has no critical or serious axe violation in the light scheme', async () => {
        shown = undefined
        await session.page.emulateMedia({ colorScheme: 'light' })
        await screen.open()
        shown = screen.name
        await audit(screen.name, 'light')
      })

      it('has no critical or serious axe violation in the dark scheme', async () => {
        // Opened again only when the light test did not get that far.
        if (shown !== screen.name) {
          await session.page.emulateMedia({ colorScheme: 'dark' })
          await screen.open()
        }
        shown = undefined
        await audit(screen.name, 'dark')
      })
    })
  }

  it('raised no page or console error', () => {
    // A 404 for the page itself only happens while another suite rebuilds out/ (see visit).
    expect(session.pageErrors.filter((error) => !/status of 404 .* on /.test(error))).toEqual([])
  })
})
