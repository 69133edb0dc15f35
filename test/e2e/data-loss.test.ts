import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EntityDto } from '@shared/dto'
import { launchChromium, screenshot, screenshotFailures, watchForErrors } from '../support/browser'
import { startReceiver, type TestReceiver } from '../support/receiver'
import { startShell, type ShellProcess } from '../support/shell-process'

/**
 * The edit page reached by changing only the id in the URL (address bar, Back/Forward) once
 * showed the new record's header with the previous record's form, and "Save changes" wrote the
 * previous record's values over the new one. Reproduced step by step in Chromium; the API and
 * the webhook receiver say what was actually written.
 */
let shell: ShellProcess
let receiver: TestReceiver
let browser: Browser
let page: Page
let pageErrors: string[]
let appId: number
let five: EntityDto
let six: EntityDto

beforeAll(async () => {
  receiver = await startReceiver()
  shell = await startShell({ persistent: true })
  appId = (await shell.call('apps.list', {})).find((app) => app.key === 'products')!.id
  const products: EntityDto[] = []
  const words = ['One', 'Two', 'Three', 'Four', 'Five', 'Six']
  for (const [index, word] of words.entries())
    products.push(
      await shell.call('entities.create', {
        type: 'product',
        data: {
          name: `Product ${word}`,
          sku: `SKU-${index + 1}`,
          price: (index + 1) * 10,
          status: index % 2 === 0 ? 'draft' : 'active'
        }
      })
    )
  ;[five, six] = [products[4], products[5]]
  expect([five.id, six.id]).toEqual([5, 6]) // the ids of the report, literally
  // Subscribed only now: the creations above are not part of what the test counts.
  const webhook = await shell.call('webhooks.create', {
    appId,
    url: receiver.url,
    events: ['product.updated']
  })
  receiver.secrets.push(webhook.secret)
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  pageErrors = watchForErrors(page)
  await page.goto(`${shell.baseUrl}/?token=${shell.token}`)
  await page.locator('[data-test=account-name]').waitFor()
}, 60_000)

screenshotFailures(() => page)

afterAll(async () => {
  await browser?.close()
  await receiver?.close()
  shell?.kill('SIGTERM')
  await shell?.waitForExit()
})

const recordUrl = (id: number) => `${shell.baseUrl}/#/apps/${appId}/records/product/${id}`
const value = (field: string) => page.locator(`#field-${field}`).inputValue()
const title = () => page.locator('[data-test=record-title]').textContent()
const stored = (id: number) => shell.call('entities.get', { type: 'product', id })

/** What the form shows, field by field, once it shows the product named `name`. */
async function formShows(name: string): Promise<Record<string, string>> {
  await expect.poll(title).toBe(name)
  await expect.poll(() => value('name')).toBe(name)
  return {
    name: await value('name'),
    sku: await value('sku'),
    price: await value('price'),
    status: (await page.locator('#field-status').textContent())?.trim() ?? ''
  }
}

describe('edit pages reached by changing the URL', () => {
  it('shows product 6 in the form after the id in the address bar changes from 5 to 6', async () => {
    await page.goto(recordUrl(5))
    expect(await formShows('Product Five')).toEqual({
      name: 'Product Five',
      sku: 'SKU-5',
      price: '50',
      status: 'draft'
    })
    await page.goto(recordUrl(6)) // only the hash changes: the same page, the same view
    expect(await formShows('Product Six')).toEqual({
      name: 'Product Six',
      sku: 'SKU-6',
      price: '60',
      status: 'active'
    })
    await expect
      .poll(() => page.locator('[data-test=revision-history]').textContent())
      .toContain('created')
    await screenshot(page, 'data-loss-01-product-6-after-url-change')
  })

  it('follows Back and Forward between the two edit pages', async () => {
    await page.goBack()
    expect((await formShows('Product Five')).sku).toBe('SKU-5')
    expect(page.url()).toBe(recordUrl(5))
    await page.goForward()
    expect((await formShows('Product Six')).sku).toBe('SKU-6')
    expect(page.url()).toBe(recordUrl(6))
  })

  it('saves exactly what the form showed for product 6, and nothing onto product 5', async () => {
    await page.locator('#field-price').fill('65')
    await page.locator('[data-test=save-record]').click()
    const [request] = await receiver.waitFor(1)
    expect(request.hexSignatureValid && request.standardSignatureValid).toBe(true)
    expect(request.json).toMatchObject({
      event: 'product.updated',
      product: { id: 6, name: 'Product Six', sku: 'SKU-6', price: 65, status: 'active' }
    })
    expect((await stored(6)).fields).toEqual({ ...six.fields, price: 65 })
    expect(await stored(5)).toEqual(five)
    expect(await shell.call('entities.revisions', { productId: 5 })).toHaveLength(1)
    await expect.poll(() => value('price')).toBe('65')
  })

  it('asks before Back throws away edits, and keeps them on "Keep editing"', async () => {
    await page.locator('#field-name').fill('Product Six (draft)')
    await page.goBack()
    const keep = page.getByRole('button', { name: 'Keep editing' })
    await keep.waitFor()
    // The safe answer has the focus: Enter keeps the edits.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent?.trim()))
      .toBe('Keep editing')
    await screenshot(page, 'data-loss-02-discard-prompt')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.url()).toBe(recordUrl(6))
    expect(await value('name')).toBe('Product Six (draft)')

    // Escape on the prompt keeps editing as well.
    await page.goto(recordUrl(5))
    await keep.waitFor()
    await page.keyboard.press('Escape')
    await expect.poll(() => keep.count()).toBe(0)
    await expect.poll(() => page.url()).toBe(recordUrl(6))
    expect(await value('name')).toBe('Product Six (draft)')

    await page.goBack()
    await page.getByRole('button', { name: 'Discard' }).click()
    expect((await formShows('Product Five')).price).toBe('50')
    expect((await stored(6)).fields.name).toBe('Product Six') // the draft was never saved
    expect(receiver.requests).toHaveLength(1)
  })

  it('raised no page errors along the way', () => {
    expect(pageErrors.join('\n')).toBe('')
  })
})
