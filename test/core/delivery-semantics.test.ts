import { describe, expect, it } from 'vitest'
import { eventually } from '../support/core-harness'
import { hook, receiverWith, setup } from '../support/semantics-rig'
import { queuedDeliveries, queueSavedFanOuts } from '../support/queued-fan-outs'

describe('event matching', () => {
  it('delivers to every active webhook whose events contain the exact name, across apps', async () => {
    const { harness, byKey } = await setup()
    const receiver = await receiverWith()
    const products = await hook(harness, receiver, byKey('products').id, ['product.created'])
    const orders = await hook(harness, receiver, byKey('orders').id, [
      'product.created',
      'order.created'
    ])
    await hook(harness, receiver, byKey('pricing').id, ['product.updated', 'product_group.created'])

    await harness.call('entities.create', { type: 'product', data: { name: 'A', sku: 'A-1' } })
    const requests = await receiver.waitFor(2)
    await new Promise((resolve) => setTimeout(resolve, 200)) // room for a wrong third delivery
    expect(receiver.requests).toHaveLength(2)
    const byWebhook = new Map(
      requests.map((r) => [(r.json.webhook as { external_id: string }).external_id, r])
    )
    expect([...byWebhook.keys()].sort()).toEqual([products.externalId, orders.externalId].sort())
    // The envelope names the app the webhook belongs to, not the record's app.
    expect(byWebhook.get(orders.externalId)!.json.app).toMatchObject({ name: 'Orders' })
    expect(byWebhook.get(products.externalId)!.json.app).toMatchObject({ name: 'Products' })
    expect(requests.every((r) => r.standardSignatureValid && r.hexSignatureValid)).toBe(true)
  })

  it('keeps deactivated webhooks silent and resumes them when re-activated', async () => {
    const { harness, byKey } = await setup()
    const receiver = await receiverWith()
    const webhook = await hook(harness, receiver, byKey('products').id, ['brand.created'])
    const bulk = await harness.call('webhooks.bulk', { ids: [webhook.id], action: 'deactivate' })
    expect(bulk).toEqual({ action: 'deactivate', affected: 1 })
    expect((await harness.call('webhooks.get', { id: webhook.id })).active).toBe(false)

    await harness.call('entities.create', { type: 'brand', data: { name: 'Quiet' } })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(receiver.requests).toHaveLength(0)

    await harness.call('webhooks.bulk', { ids: [webhook.id], action: 'activate' })
    await harness.call('entities.create', { type: 'brand', data: { name: 'Loud' } })
    const requests = await receiver.waitFor(1)
    expect((requests[0].json.brand as { name: string }).name).toBe('Loud')
    // An event raised while inactive never matched, so nothing stale follows.
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(receiver.requests).toHaveLength(1)
  })

  it('writes outbox rows in the same transaction as the entity, and none when the write fails', async () => {
    const { harness, byKey } = await setup({ deliver: false })
    const receiver = await receiverWith()
    await hook(harness, receiver, byKey('products').id, ['product.created'])
    await harness.call('entities.create', { type: 'product', data: { name: 'One', sku: 'DUP' } })
    // Committed together: the event and the webhooks it goes to are stored the moment the save
    // returns (the worker writes their outbox rows in its next group commit).
    const count = () => queuedDeliveries(harness.core.db)
    expect(await count()).toBe(1)
    const error = await harness.fail('entities.create', {
      type: 'product',
      data: { name: 'Two', sku: 'DUP' }
    })
    expect(error.code).toBe('conflict')
    expect(await count()).toBe(1)
    expect(receiver.requests).toHaveLength(0) // worker off: saving never waits for delivery
    await queueSavedFanOuts(harness.core.db)
    expect(await harness.core.db('deliveries').pluck('status')).toEqual(['pending'])
  })

  it('does not emit an event for an update that changes nothing', async () => {
    const { harness, byKey } = await setup()
    const receiver = await receiverWith()
    await hook(harness, receiver, byKey('products').id, ['product.updated'])
    const product = await harness.call('entities.create', {
      type: 'product',
      data: { name: 'Same', sku: 'S' }
    })
    await harness.call('entities.update', {
      type: 'product',
      id: product.id,
      data: { name: 'Same' }
    })
    await harness.call('entities.update', {
      type: 'product',
      id: product.id,
      data: { name: 'Changed' }
    })
    await receiver.waitFor(1)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(receiver.requests).toHaveLength(1)
    const revisions = await harness.call('entities.revisions', { productId: product.id })
    expect(revisions.map((r) => r.action)).toEqual(['updated', 'created'])
  })
})

describe('retries', () => {
  it('retries after 500s with the same body bytes and webhook-id, then succeeds', async () => {
    const { harness, byKey } = await setup({ retrySchedule: [30, 30, 30] })
    let calls = 0
    const receiver = await receiverWith((_request, _req, res) => {
      calls += 1
      res.statusCode = calls <= 2 ? 500 : 200
      res.end(calls <= 2 ? 'boom' : 'ok')
    })
    const app = byKey('products')
    await hook(harness, receiver, app.id, ['brand.created'])
    await harness.call('entities.create', { type: 'brand', data: { name: 'Retry' } })

    const requests = await receiver.waitFor(3)
    expect(new Set(requests.map((r) => r.body)).size).toBe(1)
    expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(1)
    expect(requests.every((r) => r.standardSignatureValid && r.hexSignatureValid)).toBe(true)

    const logs = await eventually(async () => {
      const page = await harness.call('logs.list', { appId: app.id })
      return page.items.length === 3 ? page.items : undefined
    })
    expect(logs.map((log) => [log.attempt, log.responseStatus])).toEqual([
      [3, 200],
      [2, 500],
      [1, 500]
    ])
    const detail = await harness.call('logs.get', { id: logs[0].id })
    expect(detail.delivery).toMatchObject({ status: 'succeeded', attempts: 3 })
    expect(detail.requestBody).toBe(requests[0].body)
    const failed = await harness.call('logs.get', { id: logs[2].id })
    expect(failed).toMatchObject({ responseBody: 'boom', errorClass: 'http_status' })
  })

  it('marks a delivery failed once the schedule is exhausted, logging status 0 for network errors', async () => {
    const { harness, byKey } = await setup({ retrySchedule: [20, 20] })
    const receiver = await receiverWith()
    const app = byKey('products')
    const webhook = await hook(harness, receiver, app.id, ['brand.created'])
    await receiver.close() // nobody listens on that port any more
    await harness.call('entities.create', { type: 'brand', data: { name: 'Nobody home' } })
    const logs = await eventually(async () => {
      const page = await harness.call('logs.list', { appId: app.id, webhookId: webhook.id })
      return page.items.length === 3 ? page.items : undefined
    })
    expect(
      logs.every((log) => log.responseStatus === 0 && log.errorClass === 'connection_refused')
    ).toBe(true)
    const detail = await eventually(async () => {
      const log = await harness.call('logs.get', { id: logs[0].id })
      return log.delivery?.status === 'failed' ? log : undefined
    })
    expect(detail.delivery).toMatchObject({ status: 'failed', attempts: 3, nextAttemptAt: null })
  })

  it('resends a logged delivery on request with the same webhook-id', async () => {
    const { harness, byKey } = await setup({ retrySchedule: [] })
    let status = 503
    const receiver = await receiverWith((_request, _req, res) => {
      res.statusCode = status
      res.end()
    })
    const app = byKey('products')
    await hook(harness, receiver, app.id, ['brand.created'])
    await harness.call('entities.create', { type: 'brand', data: { name: 'Again' } })
    const [first] = await receiver.waitFor(1)
    const failedLog = await eventually(
      async () => (await harness.call('logs.list', { appId: app.id })).items[0]
    )
    status = 200
    const resent = await harness.call('logs.redeliver', { id: failedLog.id })
    expect(resent).toMatchObject({
      responseStatus: 200,
      attempt: 2,
      delivery: { status: 'succeeded' }
    })
    expect(receiver.requests[1].headers['webhook-id']).toBe(first.headers['webhook-id'])
    expect(receiver.requests[1].body).toBe(first.body)
  })
})
