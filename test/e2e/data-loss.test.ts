import { describe, expect, it } from 'vitest'
import type { EntityDto } from '@shared/dto'
import { screenshot } from '../support/browser'
import { e2eSession } from '../support/e2e-session'
import { seededAppId, webhookToReceiver } from '../support/shell-fixtures'

/**
 * The edit page reached by changing only the id in the URL (address bar, Back/Forward) once
 * showed the new record's header with the previous record's form, and "Save changes" wrote the
 * previous record's values over the new one. Reproduced step by step in Chromium; the API and
 * the webhook receiver say what was actually written.
 */
let appId: number
let five: EntityDto
let six: EntityDto

const session = e2eSession({
  prepare: async (shell, receiver) => {
    appId = await seededAppId(shell, 'products')
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
    await webhookToReceiver(shell, receiver, { appId, events: ['product.updated'] })
  }
})

const recordUrl = (id: number) => `${session.shell.baseUrl}/#/apps/${appId}/records/product/${id}`
const value = (field: string) => session.page.locator(`#field-${field}`).inputValue()
const title = () => session.page.locator('[data-test=record-title]').textContent()
const stored = (id: number) => session.shell.call('entities.get', { type: 'product', id })

/** What the form shows, field by field, once it shows the product named `name`. */
async function formShows(name: string): Promise<Record<string, string>> {
  await expect.poll(title).toBe(name)
  await expect.poll(() => value('name')).toBe(name)
  return {
    name: await value('name'),
    sku: await value('sku'),
    price: await value('price'),
    status: (await session.page.locator('#field-status').textContent())?.trim() ?? ''
  }
}

describe('edit pages reached by changing the URL', () => {
  it('shows product 6 in the form after the id in the address bar changes from 5 to 6', async () => {
    await session.page.goto(recordUrl(5))
    expect(await formShows('Product Five')).toEqual({
      name: 'Product Five',
      sku: 'SKU-5',
      price: '50.00', // money: two decimals
      status: 'draft'
    })
    await session.page.goto(recordUrl(6)) // only the hash changes: the same page, the same view
    expect(await formShows('Product Six')).toEqual({
      name: 'Product Six',
      sku: 'SKU-6',
      price: '60.00',
      status: 'active'
    })
    await expect
      .poll(() => session.page.locator('[data-test=revision-history]').textContent())
      .toContain('created')
    await screenshot(session.page, 'data-loss-01-product-6-after-url-change')
  })

  it('follows Back and Forward between the two edit pages', async () => {
    await session.page.goBack()
    expect((await formShows('Product Five')).sku).toBe('SKU-5')
    expect(session.page.url()).toBe(recordUrl(5))
    await session.page.goForward()
    expect((await formShows('Product Six')).sku).toBe('SKU-6')
    expect(session.page.url()).toBe(recordUrl(6))
  })

  it('saves exactly what the form showed for product 6, and nothing onto product 5', async () => {
    await session.page.locator('#field-price').fill('65')
    await session.page.locator('[data-test=save-record]').click()
    const [request] = await session.receiver.waitFor(1)
    expect(request.hexSignatureValid && request.standardSignatureValid).toBe(true)
    expect(request.json).toMatchObject({
      event: 'product.updated',
      product: { id: 6, name: 'Product Six', sku: 'SKU-6', price: 65, status: 'active' }
    })
    expect((await stored(6)).fields).toEqual({ ...six.fields, price: 65 })
    expect(await stored(5)).toEqual(five)
    expect(await session.shell.call('entities.revisions', { productId: 5 })).toHaveLength(1)
    await expect.poll(() => value('price')).toBe('65.00')
  })

  it('asks before Back throws away edits, and keeps them on "Keep editing"', async () => {
    await session.page.locator('#field-name').fill('Product Six (draft)')
    await session.page.goBack()
    const keep = session.page.getByRole('button', { name: 'Keep editing' })
    await keep.waitFor()
    // The safe answer has the focus: Enter keeps the edits.
    await expect
      .poll(() => session.page.evaluate(() => document.activeElement?.textContent?.trim()))
      .toBe('Keep editing')
    await screenshot(session.page, 'data-loss-02-discard-prompt')
    await session.page.keyboard.press('Enter')
    await expect.poll(() => session.page.url()).toBe(recordUrl(6))
    expect(await value('name')).toBe('Product Six (draft)')

    // Escape on the prompt keeps editing as well.
    await session.page.goto(recordUrl(5))
    await keep.waitFor()
    await session.page.keyboard.press('Escape')
    await expect.poll(() => keep.count()).toBe(0)
    await expect.poll(() => session.page.url()).toBe(recordUrl(6))
    expect(await value('name')).toBe('Product Six (draft)')

    await session.page.goBack()
    await session.page.getByRole('button', { name: 'Discard' }).click()
    expect((await formShows('Product Five')).price).toBe('50.00')
    expect((await stored(6)).fields.name).toBe('Product Six') // the draft was never saved
    expect(session.receiver.requests).toHaveLength(1)
  })

  it('raised no page errors along the way', () => {
    expect(session.pageErrors.join('\n')).toBe('')
  })
})
