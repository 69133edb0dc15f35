import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { USER_AGENT } from '@shared/version'
import { startHarness, type Harness } from '../support/core-harness'
import { startReceiver, type TestReceiver } from '../support/receiver'

let harness: Harness
let receiver: TestReceiver

beforeEach(async () => {
  harness = await startHarness()
  receiver = await startReceiver()
})

afterEach(async () => {
  await harness.close()
  await receiver.close()
})

async function subscribe(events: string[], appKey = 'products') {
  const apps = await harness.call('apps.list')
  const app = apps.find((candidate) => candidate.key === appKey)!
  const webhook = await harness.call('webhooks.create', {
    appId: app.id,
    url: receiver.url,
    events
  })
  receiver.secrets.push(webhook.secret)
  return { app, webhook }
}

describe('payloads delivered through the API', () => {
  it('sends a product update in the contract shape with the latest revision, signed both ways', async () => {
    const { app, webhook } = await subscribe(['product.updated'])
    const account = await harness.call('account.update', { name: 'Acme', operatorName: 'Jane Doe' })
    const brand = await harness.call('entities.create', { type: 'brand', data: { name: 'Nike' } })
    const product = await harness.call('entities.create', {
      type: 'product',
      data: { name: 'Runner', sku: 'RUN-1', price: 99.5, brandId: brand.id }
    })
    await harness.call('entities.update', {
      type: 'product',
      id: product.id,
      data: { price: 89, status: 'active' }
    })

    const [request] = await receiver.waitFor(1)
    expect(request.standardSignatureValid).toBe(true)
    expect(request.hexSignatureValid).toBe(true)
    expect(request.headers['content-type']).toBe('application/json')
    expect(request.headers['user-agent']).toBe(USER_AGENT)
    expect(request.headers['x-webhook-event']).toBe('product.updated')
    expect(request.headers['webhook-id']).toMatch(/^msg_/)

    const payload = request.json
    expect(Object.keys(payload)).toEqual([
      'event',
      'timestamp',
      'account',
      'app',
      'webhook',
      'product',
      'revision'
    ])
    expect(payload.event).toBe('product.updated')
    expect(payload.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/)
    expect(payload.account).toEqual({ external_id: account.externalId, name: 'Acme' })
    expect(payload.app).toEqual({ external_id: app.externalId, name: 'Products' })
    expect(payload.webhook).toEqual({ external_id: webhook.externalId })
    expect(payload.product).toMatchObject({
      id: product.id,
      externalId: product.externalId,
      name: 'Runner',
      sku: 'RUN-1',
      price: 89,
      status: 'active',
      brand: { id: brand.id, externalId: brand.externalId },
      category: null,
      createdAt: product.createdAt
    })
    expect(payload.product).not.toHaveProperty('brandId')
    expect(payload.revision).toMatchObject({
      action: 'updated',
      user_name: 'Jane Doe',
      changes: [
        { field: 'price', old: 99.5, new: 89 },
        { field: 'status', old: null, new: 'active' }
      ]
    })
    expect((payload.revision as { timestamp: string }).timestamp).toMatch(/\+00:00$/)
  })

  it('records the operator a save names on the revision, and the account operator otherwise', async () => {
    await subscribe(['product.created', 'product.updated', 'product.deleted'])
    await harness.call('account.update', { operatorName: 'Jane Doe' })
    const product = await harness.call('entities.create', {
      type: 'product',
      data: { name: 'Shared', sku: 'SHARED-1' },
      operatorName: 'Import script'
    })
    await harness.call('entities.update', {
      type: 'product',
      id: product.id,
      data: { price: 12 },
      operatorName: 'Ana Ruiz'
    })
    await harness.call('entities.update', { type: 'product', id: product.id, data: { price: 13 } })
    await harness.call('entities.delete', { type: 'product', id: product.id, operatorName: 'Ben' })

    const requests = await receiver.waitFor(4)
    const byEvent = (event: string) =>
      requests
        .filter((request) => request.json.event === event)
        .map((request) => (request.json.revision as { user_name: string }).user_name)
    expect(byEvent('product.created')).toEqual(['Import script'])
    expect(byEvent('product.updated').sort()).toEqual(['Ana Ruiz', 'Jane Doe'])
    expect(byEvent('product.deleted')).toEqual(['Ben'])
    const account = await harness.call('account.get')
    expect(account.operatorName).toBe('Jane Doe')
  })

  it('sends a brand event without a revision', async () => {
    await subscribe(['brand.created'])
    const brand = await harness.call('entities.create', {
      type: 'brand',
      data: { name: 'Adidas', website: 'https://adidas.example' }
    })
    const [request] = await receiver.waitFor(1)
    expect(request.json.event).toBe('brand.created')
    expect(request.json).not.toHaveProperty('revision')
    expect(request.json.brand).toEqual({
      id: brand.id,
      externalId: brand.externalId,
      name: 'Adidas',
      description: null,
      website: 'https://adidas.example',
      createdAt: brand.createdAt,
      updatedAt: brand.updatedAt
    })
  })

  it('serializes a deleted entity as it was just before deletion', async () => {
    await subscribe(['product.deleted'])
    const product = await harness.call('entities.create', {
      type: 'product',
      data: { name: 'Gone', sku: 'GONE-1', price: 5 }
    })
    await harness.call('entities.delete', { type: 'product', id: product.id })
    const [request] = await receiver.waitFor(1)
    expect(request.json.product).toMatchObject({
      id: product.id,
      name: 'Gone',
      sku: 'GONE-1',
      price: 5
    })
    expect(request.json.revision).toMatchObject({ action: 'deleted' })
    const missing = await harness.fail('entities.get', { type: 'product', id: product.id })
    expect(missing.code).toBe('not_found')
  })
})
