import { describe, expect, it } from 'vitest'
import { eventually } from '../support/core-harness'
import { hook, receiverWith, setup } from '../support/semantics-rig'

describe('webhook administration', () => {
  it('test-sends a signed sample payload and logs the attempt', async () => {
    const { harness, byKey } = await setup()
    const receiver = await receiverWith()
    const app = byKey('inventory')
    const webhook = await hook(harness, receiver, app.id, ['inventory.updated'])
    const result = await harness.call('webhooks.test', { id: webhook.id })
    expect(result.ok).toBe(true)
    expect(result.log).toMatchObject({
      responseStatus: 200,
      event: 'inventory.updated',
      deliveryId: null,
      test: true
    })
    expect(result.log.messageId).toMatch(/^msgtest_/)
    const [request] = receiver.requests
    expect(request.standardSignatureValid && request.hexSignatureValid).toBe(true)
    expect(request.json.inventory).toMatchObject({ warehouse: 'Sample warehouse', quantity: 12 })
    expect((await harness.call('logs.list', { appId: app.id })).items).toHaveLength(1)
  })

  it('rotates the secret and signs with both secrets during the overlap', async () => {
    const { harness, byKey } = await setup()
    const receiver = await receiverWith()
    const webhook = await hook(harness, receiver, byKey('products').id, ['brand.created'])
    const rotated = await harness.call('webhooks.rotateSecret', { id: webhook.id })
    expect(rotated.secret).not.toBe(webhook.secret)
    expect(rotated.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(Date.parse(rotated.previousSecretExpiresAt!) - Date.now()).toBeGreaterThan(
      23 * 3_600_000
    )
    await harness.call('entities.create', { type: 'brand', data: { name: 'Rotated' } })
    const [request] = await receiver.waitFor(1)
    expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(2)
    receiver.secrets.splice(0, receiver.secrets.length, webhook.secret)
    const { Webhook } = await import('standardwebhooks')
    const headers = {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature'])
    }
    expect(() => new Webhook(webhook.secret).verify(request.body, headers)).not.toThrow()
    expect(() => new Webhook(rotated.secret).verify(request.body, headers)).not.toThrow()
  })

  it('lists, updates and bulk-deletes webhooks per app; logs survive the webhook', async () => {
    const { harness, byKey } = await setup()
    const receiver = await receiverWith()
    const products = byKey('products')
    const a = await hook(harness, receiver, products.id, ['brand.created'])
    const b = await hook(harness, receiver, products.id, ['brand.updated'])
    await hook(harness, receiver, byKey('orders').id, ['order.created'])
    expect((await harness.call('webhooks.list', { appId: products.id })).map((w) => w.id)).toEqual([
      a.id,
      b.id
    ])

    const updated = await harness.call('webhooks.update', {
      id: a.id,
      name: 'Brand feed',
      events: ['brand.created', 'brand.deleted', 'brand.created']
    })
    expect(updated).toMatchObject({
      name: 'Brand feed',
      events: ['brand.created', 'brand.deleted']
    })
    expect(updated.externalId).toMatch(/^web_/)

    await harness.call('entities.create', { type: 'brand', data: { name: 'Logged' } })
    await receiver.waitFor(1)
    await eventually(
      async () => (await harness.call('logs.list', { appId: products.id })).items.length === 1
    )
    const deleted = await harness.call('webhooks.bulk', { ids: [a.id, b.id], action: 'delete' })
    expect(deleted.affected).toBe(2)
    expect(await harness.call('webhooks.list', { appId: products.id })).toEqual([])
    const logs = await harness.call('logs.list', { appId: products.id })
    expect(logs.items).toHaveLength(1)
    expect(logs.items[0]).toMatchObject({ webhookId: null, webhookExternalId: a.externalId })
  })
})

describe('worker load', () => {
  it('waits quietly when every slot is busy and a backlog is due', async () => {
    const { harness, byKey } = await setup({ concurrency: 2 })
    const held: Array<() => void> = []
    let hold = true
    const receiver = await receiverWith((_request, _req, res) => {
      if (hold) held.push(() => res.end('ok'))
      else res.end('ok')
    })
    await hook(harness, receiver, byKey('products').id, ['brand.created'])
    for (let n = 0; n < 6; n++)
      await harness.call('entities.create', { type: 'brand', data: { name: `Backlog ${n}` } })
    await receiver.waitFor(2)
    let queries = 0
    const count = (): void => void (queries += 1)
    harness.core.db.on('query', count)
    await new Promise((resolve) => setTimeout(resolve, 500))
    harness.core.db.off('query', count)
    // Both slots are held open and four deliveries are due: nothing to do but wait. At most the
    // two passes that claimed the backlog (each: a transaction, the claim's statements and the
    // look at limited webhooks); a spinning worker would send hundreds.
    expect(queries).toBeLessThanOrEqual(12)
    expect(receiver.requests).toHaveLength(2)
    hold = false
    for (const release of held.splice(0)) release()
    await receiver.waitFor(6)
  })
})
