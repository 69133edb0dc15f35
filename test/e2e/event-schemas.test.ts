import { readFile } from 'node:fs/promises'
import { Parser } from '@asyncapi/parser'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import type { AccountDto, AppDto } from '@shared/dto'
import type { EventName } from '@shared/entity-catalog'
import { EXAMPLE_CONTEXT, examplePayload } from '@shared/sample-payload'
import { blocking, describeViolations, runAxe } from '../support/axe'
import { screenshot, waitForStillness } from '../support/browser'
import { e2eSession } from '../support/e2e-session'

/**
 * Event schemas from the operator's side, in Chromium against the built headless shell: the
 * event picker shows the example body of the event under the pointer or the keyboard, and the
 * webhook manager downloads the AsyncAPI document and the JSON Schema as files.
 */
let account: AccountDto
let products: AppDto

const session = e2eSession({
  prepare: async (shell, receiver) => {
    account = await shell.call('account.update', { name: 'Acme Outdoor', operatorName: 'Jane Doe' })
    products = (await shell.call('apps.list', {})).find((app) => app.key === 'products')!
    await shell.call('webhooks.create', {
      appId: products.id,
      name: 'Shop sync',
      url: receiver.url,
      events: ['product.created']
    })
    await shell.call('entities.create', {
      type: 'product',
      data: { name: 'Trail Jacket', sku: 'TJ-1', price: 129.9 }
    })
    await receiver.waitFor(1)
  }
})

const example = () => session.page.locator('[data-test=event-example]')

/** The example as the page shows it, parsed. */
async function shownExample(): Promise<unknown> {
  return JSON.parse(await session.page.locator('[data-test=event-example-body]').innerText())
}

/** What the page must show for `event`: a test send of a new webhook of the Products app. */
function expected(event: EventName): unknown {
  return examplePayload(event, {
    ...EXAMPLE_CONTEXT,
    account,
    app: products,
    userName: account.operatorName
  })
}

async function openManager(): Promise<void> {
  await session.page.goto('about:blank')
  await session.page.goto(`${session.shell.baseUrl}/#/apps/${products.id}/webhooks`)
  await session.page.locator('[data-test=webhook-table]').waitFor()
}

describe('event examples and schemas in the UI', () => {
  it('the event picker shows the example of the event under the keyboard and the pointer', async () => {
    await openManager()
    await session.page.locator('[data-test=add-webhook]').click()
    await session.page.locator('[data-test=event-picker]').click()
    await example().waitFor()
    expect(await example().getByRole('heading').innerText()).toBe('Example body')

    // The keyboard: the filter has focus, the arrows move the active option.
    await session.page.locator('.p-multiselect-filter').fill('inventory')
    await session.page.keyboard.press('ArrowDown')
    await session.page.keyboard.press('ArrowDown')
    const region = session.page.getByRole('region', { name: 'Example: inventory.updated' })
    await region.waitFor()
    await expect.poll(shownExample).toEqual(expected('inventory.updated'))

    // The pointer.
    await session.page.locator('.p-multiselect-filter').fill('')
    await session.page.getByRole('option', { name: 'product.updated' }).hover()
    await session.page.getByRole('region', { name: 'Example: product.updated' }).waitFor()
    await expect.poll(shownExample).toEqual(expected('product.updated'))
    expect(await example().innerText()).toContain('"changes"')

    // Choosing an event leaves the example where it is.
    await session.page.getByRole('option', { name: 'product.updated' }).click()
    expect(await example().getByRole('heading').innerText()).toBe('Example: product.updated')
    await waitForStillness(session.page)
    await screenshot(session.page, 'event-example-product-updated')
    const violations = blocking(await runAxe(session.page))
    expect(violations, describeViolations(violations)).toEqual([])

    // And in the dark color scheme.
    await session.page.emulateMedia({ colorScheme: 'dark' })
    await waitForStillness(session.page)
    await screenshot(session.page, 'event-example-product-updated-dark')
    const dark = blocking(await runAxe(session.page))
    await session.page.emulateMedia({ colorScheme: 'light' })
    expect(dark, describeViolations(dark)).toEqual([])
  })

  it('downloads the AsyncAPI document the API answers, and it validates', async () => {
    await openManager()
    const [download] = await Promise.all([
      session.page.waitForEvent('download'),
      session.page.locator('[data-test=download-asyncapi]').click()
    ])
    expect(download.suggestedFilename()).toBe('indexed-pim-events.asyncapi.json')
    const text = await readFile((await download.path())!, 'utf8')
    expect(JSON.parse(text)).toEqual(await session.shell.call('catalog.asyncapi', {}))
    const { diagnostics } = await new Parser().parse(text)
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === 0)).toEqual([])
    await screenshot(session.page, 'webhook-manager-downloads')
  })

  it('downloads one JSON Schema that a real delivered body passes and a tampered one fails', async () => {
    const [download] = await Promise.all([
      session.page.waitForEvent('download'),
      session.page.locator('[data-test=download-schema]').click()
    ])
    expect(download.suggestedFilename()).toBe('indexed-pim-events.schema.json')
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true })
    addFormats(ajv)
    const validate = ajv.compile(JSON.parse(await readFile((await download.path())!, 'utf8')))
    const [delivered] = session.receiver.requests
    expect(validate(JSON.parse(delivered.body)), JSON.stringify(validate.errors)).toBe(true)
    const tampered = JSON.parse(delivered.body) as { product: Record<string, unknown> }
    tampered.product.price = 'free'
    expect(validate(tampered)).toBe(false)
    expect(session.pageErrors).toEqual([])
  })
})
