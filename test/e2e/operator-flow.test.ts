import { describe, expect, it } from 'vitest'
import { screenshot } from '../support/browser'
import { e2eSession } from '../support/e2e-session'
import { seededAppId, trailJacket } from '../support/shell-fixtures'

/**
 * One operator session, in order, in real Chromium against the built headless shell: each step
 * builds on the previous one, the way a person would work through the app.
 */
let productsAppId: number
let productId: number

const session = e2eSession({
  respond: (_request, _req, res) => {
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ received: true }))
  },
  viewport: { width: 1400, height: 900 },
  prepare: async (shell) => {
    await shell.call('account.update', { name: 'Acme Outdoor', operatorName: 'Jane Doe' })
    productsAppId = await seededAppId(shell, 'products')
    productId = (await trailJacket(shell)).id
  },
  signIn: false
})

describe('operator flow in Chromium', () => {
  it('opens with the token from the printed URL and shows the dashboard', async () => {
    await session.page.goto(`${session.shell.baseUrl}/?token=${session.shell.token}`)
    await expect
      .poll(() => session.page.locator('[data-test=account-name]').textContent())
      .toBe('Acme Outdoor')
    expect(session.page.url()).not.toContain('token=') // moved out of the address bar
    await expect.poll(() => session.page.getByText('Delivery attempts (last 24 h)').count()).toBe(1)
    await screenshot(session.page, '01-dashboard-empty')
  })

  it('creates a webhook through the dialog, with URL validation as you type', async () => {
    await session.page.getByRole('link', { name: 'Products' }).first().click()
    await session.page.locator('.tab', { hasText: 'Webhooks' }).click()
    await session.page.locator('[data-test=webhooks-empty]').waitFor()
    await screenshot(session.page, '02-webhooks-empty')
    await session.page.getByRole('button', { name: 'Add the first webhook' }).click()

    const url = session.page.locator('#webhook-url')
    await url.fill('ftp://files.example.com/drop')
    await url.blur()
    await expect
      .poll(() => session.page.locator('[data-test=url-error]').textContent())
      .toContain('http or https')
    await session.page.locator('[data-test=save-webhook]').click()
    await expect
      .poll(() => session.page.locator('[data-test=events-error]').textContent())
      .toContain('at least one event')
    await screenshot(session.page, '03-webhook-dialog-invalid')

    await url.fill(session.receiver.url)
    await session.page.locator('#webhook-name').fill('Product Updated Hook')
    await session.page.locator('[data-test=event-picker]').click()
    await session.page.locator('.p-multiselect-filter').fill('product.updated')
    await session.page.getByRole('option', { name: 'product.updated' }).click()
    await session.page.keyboard.press('Escape')
    expect(await session.page.locator('[data-test=url-error]').count()).toBe(0)
    await session.page.locator('[data-test=save-webhook]').click()

    // The new webhook stays open in edit mode, with its secret.
    await session.page.locator('[data-test=secret-value]').waitFor()
    await session.page.locator('[data-test=reveal-secret]').click()
    const secret = await session.page.locator('[data-test=secret-value]').inputValue()
    expect(secret).toMatch(/^whsec_/)
    session.receiver.secrets.push(secret)
    await screenshot(session.page, '04-webhook-created')
    await session.page.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => session.row('Product Updated Hook').count()).toBe(1)
    const [webhook] = await session.shell.call('webhooks.list', { appId: productsAppId })
    expect(webhook).toMatchObject({
      name: 'Product Updated Hook',
      events: ['product.updated'],
      active: true
    })
  })

  it('edits a product through the UI and the signed delivery arrives', async () => {
    await session.page.goto(`${session.shell.baseUrl}/#/apps/${productsAppId}/records/product`)
    await session.row('Trail Jacket').click()
    await session.page.locator('#field-price').waitFor()
    await session.page.locator('#field-price').fill('99.5')
    await session.page.locator('#field-name').fill('Trail Jacket Pro')
    await session.page.locator('[data-test=save-record]').click()
    const [request] = await session.receiver.waitFor(1)
    expect(request.standardSignatureValid && request.hexSignatureValid).toBe(true)
    expect(request.json).toMatchObject({
      event: 'product.updated',
      product: { id: productId, name: 'Trail Jacket Pro', price: 99.5 },
      revision: { action: 'updated', user_name: 'Jane Doe' }
    })
    await expect
      .poll(() => session.page.locator('[data-test=record-title]').textContent())
      .toBe('Trail Jacket Pro')
    await expect
      .poll(() => session.page.locator('[data-test=revision-history] article').count())
      .toBe(2)
    await screenshot(session.page, '05-product-edited')
  })

  it('shows deliveries live in the log and their detail with the revision changes', async () => {
    await session.page.locator('[data-test=sidebar-logs]').click()
    await expect.poll(() => session.page.locator('[data-test=log-table] tbody tr').count()).toBe(1)
    // A change made elsewhere appears without reloading: pushed over server-sent events.
    await session.shell.call('entities.update', {
      type: 'product',
      id: productId,
      data: { price: 89 }
    })
    await expect.poll(() => session.page.locator('[data-test=log-table] tbody tr').count()).toBe(2)
    await expect
      .poll(() =>
        session.page
          .locator('[data-test=log-table] tbody tr')
          .first()
          .locator('[data-test=status-badge]')
          .textContent()
      )
      .toBe('200')
    await screenshot(session.page, '06-log-live')

    await session.page.locator('[data-test=log-table] tbody tr').first().click()
    const detail = session.page.locator('[data-test=log-detail]')
    await detail.waitFor()
    const revision = await session.page.locator('[data-test=log-revision]').textContent()
    expect(revision).toContain('Price')
    expect(revision).toContain('99.5')
    expect(revision).toContain('89')
    expect(await session.page.locator('[data-test=log-payload]').textContent()).toContain(
      '"event": "product.updated"'
    )
    await screenshot(session.page, '07-log-detail')
    await session.page.keyboard.press('Escape')
  })

  it('sends a test event from the webhook dialog and shows the result inline', async () => {
    await session.page.goto(`${session.shell.baseUrl}/#/apps/${productsAppId}/webhooks`)
    await session.page.locator('[data-test=edit-webhook]').first().click()
    await session.page.locator('[data-test=send-test]').click()
    await expect
      .poll(() => session.page.locator('[data-test=test-result]').textContent())
      .toContain('HTTP 200')
    const test = session.receiver.requests[session.receiver.requests.length - 1]
    expect(test.json.product).toMatchObject({ externalId: 'prod_sample' })
    expect(test.standardSignatureValid).toBe(true)
    await screenshot(session.page, '08-test-send')
    await session.page.getByRole('button', { name: 'Cancel' }).click()
  })

  it('bulk-deactivates the selected webhook and its badge changes', async () => {
    await session.row('Product Updated Hook').locator('.p-checkbox').click()
    await expect
      .poll(() => session.page.locator('[data-test=selection-count]').textContent())
      .toBe('1 selected')
    await session.page.locator('[data-test=bulk-deactivate]').click()
    await expect
      .poll(() =>
        session.row('Product Updated Hook').locator('[data-test=webhook-status]').textContent()
      )
      .toBe('Inactive')
    const [webhook] = await session.shell.call('webhooks.list', { appId: productsAppId })
    expect(webhook.active).toBe(false)
    await screenshot(session.page, '09-bulk-deactivated')
  })

  it('charts the deliveries of the last 24 hours on the dashboard', async () => {
    await session.page.getByRole('link', { name: 'Dashboard' }).click()
    await session.page.locator('[data-test=delivery-chart] canvas').waitFor()
    const delivered = session.page
      .locator('.stat', { hasText: 'Successful attempts' })
      .locator('.value')
    // Two real deliveries; the test send above is logged but not counted, as in health.
    await expect.poll(() => delivered.textContent()).toBe('2')
    const stats = await session.shell.call('stats.deliveries', { hours: 24 })
    expect(stats.succeeded).toBe(2)
    expect(stats.testSendsExcluded).toBe(1)
    expect(stats.buckets[23].succeeded).toBe(2)
    await screenshot(session.page, '10-dashboard-chart')
  })

  it('creates a record through the generic form and explains a duplicate SKU under the field', async () => {
    await session.page.goto(`${session.shell.baseUrl}/#/apps/${productsAppId}/records/product`)
    await session.page.locator('[data-test=new-record]').click()
    await session.page.locator('[data-test=save-record]').click()
    await expect
      .poll(() => session.page.locator('[data-test=error-sku]').textContent())
      .toContain('required')
    await session.page.locator('#field-name').fill('Second Jacket')
    await session.page.locator('#field-sku').fill('TJ-1')
    await session.page.locator('[data-test=save-record]').click()
    await expect
      .poll(() => session.page.locator('[data-test=error-sku]').textContent())
      .toContain('already exists')
    await screenshot(session.page, '11-record-duplicate-sku')
    await session.page.locator('#field-sku').fill('TJ-2')
    await session.page.locator('[data-test=save-record]').click()
    await expect
      .poll(() => session.page.locator('[data-test=record-title]').textContent())
      .toBe('Second Jacket')
    const page1 = await session.shell.call('entities.list', { type: 'product' })
    expect(page1.items.map((item) => item.fields.sku).sort()).toEqual(['TJ-1', 'TJ-2'])
  })

  it('asks before discarding unsaved edits, and the list keeps its search on the way back', async () => {
    await session.page.goto(`${session.shell.baseUrl}/#/apps/${productsAppId}/records/product`)
    await session.page.getByRole('textbox', { name: 'Search' }).fill('Second')
    await expect.poll(() => session.page.locator('tbody tr').count()).toBe(1)
    await session.row('Second Jacket').click()
    await session.page.locator('#field-name').fill('Second Jacket (draft)')
    await session.page.locator('[data-test=sidebar-logs]').click()
    await session.page.getByRole('button', { name: 'Keep editing' }).click()
    expect(await session.page.locator('#field-name').inputValue()).toBe('Second Jacket (draft)')
    await screenshot(session.page, '14-unsaved-changes')
    await session.page.getByRole('button', { name: /All product records/ }).click()
    await session.page.getByRole('button', { name: 'Discard' }).click()
    await expect
      .poll(() => session.page.getByRole('textbox', { name: 'Search' }).inputValue())
      .toBe('Second')
    await expect.poll(() => session.page.locator('tbody tr').count()).toBe(1)
    const [stored] = (
      await session.shell.call('entities.list', { type: 'product', search: 'Second' })
    ).items
    expect(stored.fields.name).toBe('Second Jacket')
  })

  it('adds and renames an app from the sidebar, and edits the account in settings', async () => {
    await session.page.locator('[data-test=add-app]').click()
    await session.page.locator('#app-name').fill('Marketplace')
    await session.page.getByRole('button', { name: 'Save', exact: true }).click()
    await expect
      .poll(() => session.page.locator('[data-test=app-title]').textContent())
      .toBe('Marketplace')
    expect((await session.shell.call('apps.list', {})).map((app) => app.name)).toContain(
      'Marketplace'
    )
    await screenshot(session.page, '12-new-app')

    await session.page.getByRole('link', { name: 'Settings' }).click()
    await session.page.locator('#account-name').fill('Acme Outdoor GmbH')
    await session.page.locator('[data-test=save-settings]').click()
    await expect
      .poll(() => session.page.locator('[data-test=account-name]').textContent())
      .toBe('Acme Outdoor GmbH')
    expect((await session.shell.call('account.get', {})).name).toBe('Acme Outdoor GmbH')
    await screenshot(session.page, '13-settings')
  })

  it('raised no page errors along the way', () => {
    expect(session.pageErrors.join('\n')).toBe('')
  })
})
