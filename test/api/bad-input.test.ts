import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../support/core-harness'
import { cases } from './bad-input-cases'

let harness: Harness
let productId: number

const TABLES = [
  'webhooks',
  'webhook_events',
  'products',
  'brands',
  'inventory',
  'deliveries',
  'apps',
  'account'
]

async function snapshot(): Promise<Record<string, unknown[]>> {
  const state: Record<string, unknown[]> = {}
  for (const table of TABLES) state[table] = await harness.core.db(table).select()
  return state
}

beforeAll(async () => {
  harness = await startHarness({ deliver: false })
  const appId = (await harness.call('apps.list'))[0].id
  await harness.call('webhooks.create', {
    appId,
    url: 'https://example.com/a',
    events: ['product.created']
  })
  const marketplace = await harness.call('apps.create', { name: 'Marketplace' })
  await harness.call('webhooks.create', {
    appId: marketplace.id,
    url: 'https://example.com/m',
    events: ['order.created']
  })
  productId = (
    await harness.call('entities.create', { type: 'product', data: { name: 'Kept', sku: 'KEPT' } })
  ).id
})

afterAll(() => harness.close())

describe('bad input is refused with a clear error and writes nothing', () => {
  it.each(cases)('%s', async (_label, method, input, code, mentions) => {
    const before = await snapshot()
    const error = await harness.fail(method, input)
    expect(error.code).toBe(code)
    expect(error.message).toContain(mentions)
    if (code === 'invalid_argument') expect(error.issues?.length).toBeGreaterThan(0)
    expect(await snapshot()).toEqual(before)
  })

  it('refuses to delete a record that others still reference, naming them', async () => {
    const brand = await harness.call('entities.create', { type: 'brand', data: { name: 'Used' } })
    await harness.call('entities.update', {
      type: 'product',
      id: productId,
      data: { brandId: brand.id }
    })
    await harness.call('entities.create', {
      type: 'inventory',
      data: { productId, warehouse: 'A', quantity: 3 }
    })
    const before = await snapshot()
    const brandError = await harness.fail('entities.delete', { type: 'brand', id: brand.id })
    expect(brandError).toMatchObject({ code: 'conflict' })
    expect(brandError.message).toContain('1 product record (brand)')
    const productError = await harness.fail('entities.delete', { type: 'product', id: productId })
    expect(productError.message).toContain('1 inventory record (product)')
    expect(await snapshot()).toEqual(before)
  })
})
