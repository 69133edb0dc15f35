import { describe, expect, it } from 'vitest'
import { eventually } from '../support/core-harness'
import type { ReceivedRequest } from '../support/receiver'
import { receiverWith, setup } from '../support/semantics-rig'

interface Body {
  event: string
  webhook: { external_id: string }
  product: Record<string, unknown>
  inventory: Record<string, unknown>
  revision: { changes: unknown[] }
}
const body = (request: ReceivedRequest) => request.json as unknown as Body

describe('field-level subscriptions', () => {
  it('delivers only saves that change a watched field and meet the conditions', async () => {
    const { harness, byKey } = await setup()
    const receiver = await receiverWith()
    const app = byKey('products')
    const narrowed = await harness.call('webhooks.create', {
      appId: app.id,
      url: receiver.url,
      events: ['product.created', 'product.updated'],
      filters: {
        'product.updated': {
          fields: ['price', 'status'],
          conditions: [{ field: 'status', op: 'eq', value: 'active' }]
        }
      }
    })
    const everything = await harness.call('webhooks.create', {
      appId: app.id,
      url: receiver.url,
      events: ['product.updated']
    })
    receiver.secrets.push(narrowed.secret, everything.secret)
    expect(narrowed.filters).toEqual({
      'product.updated': {
        fields: ['price', 'status'],
        conditions: [{ field: 'status', op: 'eq', value: 'active' }]
      }
    })
    expect(everything.filters).toEqual({})

    const product = await harness.call('entities.create', {
      type: 'product',
      data: { name: 'Tent', sku: 'TENT', price: 100, status: 'draft' }
    })
    const update = (data: Record<string, unknown>) =>
      harness.call('entities.update', { type: 'product', id: product.id, data })
    await update({ name: 'Tent 2' }) // no watched field: only the unnarrowed webhook
    await update({ price: 120 }) // watched, but status is draft: condition fails
    await update({ status: 'active' }) // watched and active: delivered
    await update({ description: 'Sleeps two' }) // active, but nothing watched changed
    await update({ price: 130 }) // delivered

    // created (1) + 2 narrowed updates, and 5 updates to the other webhook.
    const requests = await receiver.waitFor(8)
    const to = (externalId: string) =>
      requests.map(body).filter((json) => json.webhook.external_id === externalId)
    const narrowedBodies = to(narrowed.externalId)
    expect(narrowedBodies.map((body) => body.event)).toEqual([
      'product.created',
      'product.updated',
      'product.updated'
    ])
    // Same payload as an unnarrowed webhook gets: the whole record and revision.
    expect(narrowedBodies[1].product).toMatchObject({ status: 'active', price: 120 })
    expect(narrowedBodies[2].revision.changes).toEqual([{ field: 'price', old: 120, new: 130 }])
    expect(to(everything.externalId)).toHaveLength(5)

    // The log's detail says which watched fields made the delivery happen.
    let details: Array<{ event: string; matched: string[] | null | undefined }> = []
    await eventually(async () => {
      const logs = await harness.call('logs.list', { appId: app.id, webhookId: narrowed.id })
      details = await Promise.all(
        logs.items.map(async (item) => {
          const detail = await harness.call('logs.get', { id: item.id })
          return { event: detail.event, matched: detail.delivery?.matched }
        })
      )
      return details.length === 3
    })
    expect(details.map((detail) => JSON.stringify(detail.matched)).sort()).toEqual([
      '["price"]',
      '["status"]',
      'null' // product.created: not narrowed
    ])
    const unnarrowed = await harness.call('logs.list', { appId: app.id, webhookId: everything.id })
    const detail = await harness.call('logs.get', { id: unnarrowed.items[0].id })
    expect(detail.delivery?.matched).toBeNull()
  })

  it('narrows inventory.updated to quantity; update replaces and clears the narrowing', async () => {
    const { harness, byKey } = await setup()
    const receiver = await receiverWith()
    const app = byKey('inventory')
    const webhook = await harness.call('webhooks.create', {
      appId: app.id,
      url: receiver.url,
      events: ['inventory.updated'],
      filters: {
        'inventory.updated': {
          fields: ['quantity'],
          conditions: [{ field: 'quantity', op: 'lt', value: 5 }]
        }
      }
    })
    receiver.secrets.push(webhook.secret)
    const product = await harness.call('entities.create', {
      type: 'product',
      data: { name: 'Stove', sku: 'STOVE' }
    })
    const stock = await harness.call('entities.create', {
      type: 'inventory',
      data: { productId: product.id, warehouse: 'North', quantity: 10 }
    })
    const update = (data: Record<string, unknown>) =>
      harness.call('entities.update', { type: 'inventory', id: stock.id, data })
    await update({ warehouse: 'South' })
    await update({ quantity: 8 })
    await update({ quantity: 3 })
    const [low] = await receiver.waitFor(1)
    expect(body(low).inventory).toMatchObject({ quantity: 3, warehouse: 'South' })

    // Changing only the events keeps the filters of events still subscribed.
    const kept = await harness.call('webhooks.update', {
      id: webhook.id,
      events: ['inventory.updated', 'inventory.created']
    })
    expect(kept.filters['inventory.updated']?.fields).toEqual(['quantity'])
    // `{}` removes the narrowing: every save is delivered again.
    const cleared = await harness.call('webhooks.update', { id: webhook.id, filters: {} })
    expect(cleared.filters).toEqual({})
    await update({ warehouse: 'East' })
    await receiver.waitFor(2)
    expect(receiver.requests).toHaveLength(2)
  })

  it('test-sends a sample that matches the narrowing', async () => {
    const { harness, byKey } = await setup()
    const receiver = await receiverWith()
    const webhook = await harness.call('webhooks.create', {
      appId: byKey('products').id,
      url: receiver.url,
      events: ['product.updated'],
      filters: {
        'product.updated': {
          fields: ['status'],
          conditions: [{ field: 'status', op: 'eq', value: 'archived' }]
        }
      }
    })
    receiver.secrets.push(webhook.secret)
    const result = await harness.call('webhooks.test', { id: webhook.id })
    expect(result.ok).toBe(true)
    const [request] = receiver.requests
    expect(request.standardSignatureValid).toBe(true)
    expect(body(request).product.status).toBe('archived')
    expect(body(request).revision.changes).toEqual([
      { field: 'status', old: 'draft', new: 'archived' }
    ])
  })

  it('refuses filters that name unknown fields, wrong values or unsubscribed events', async () => {
    const { harness, byKey } = await setup({ deliver: false })
    const appId = byKey('products').id
    const base = { appId, url: 'https://example.com/hook', events: ['product.updated'] }
    const unknown = await harness.fail('webhooks.create', {
      ...base,
      filters: { 'product.updated': { fields: ['colour'] } }
    })
    expect(unknown.code).toBe('invalid_argument')
    expect(unknown.issues).toEqual([
      { path: 'filters.product.updated.fields.0', message: 'product has no field "colour"' }
    ])
    const badValue = await harness.fail('webhooks.create', {
      ...base,
      filters: {
        'product.updated': { conditions: [{ field: 'price', op: 'gt', value: 'cheap' }] }
      }
    })
    expect(badValue.message).toBe(
      'filters.product.updated.conditions.0.value: price must be a number'
    )
    const notSubscribed = await harness.fail('webhooks.create', {
      ...base,
      filters: { 'order.updated': { fields: ['status'] } }
    })
    expect(notSubscribed.message).toBe(
      "filters.order.updated: order.updated is not one of the webhook's events"
    )
    const created = await harness.call('webhooks.create', base)
    const onUpdate = await harness.fail('webhooks.update', {
      id: created.id,
      filters: { 'product.updated': { conditions: [{ field: 'status', op: 'lt', value: 1 }] } }
    })
    expect(onUpdate.message).toContain('filters.product.updated.conditions.0.op')
    expect((await harness.call('webhooks.get', { id: created.id })).filters).toEqual({})
  })
})
