import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { eventually, startHarness, type Harness } from '../support/core-harness'
import { startWebhookReceiver, type WebhookReceiver } from '../../src/receiver/webhook-receiver'

let harness: Harness
let receiver: WebhookReceiver

beforeEach(async () => {
  harness = await startHarness()
  receiver = await startWebhookReceiver()
})

afterEach(async () => {
  await harness.close()
  await receiver.close()
})

describe('the real app core delivering to the receiver', () => {
  it('is verified, and a rotation shows as an X-Webhook-Signature mismatch until the new secret is added', async () => {
    const apps = await harness.call('apps.list')
    const products = apps.find((app) => app.key === 'products')!
    const webhook = await harness.call('webhooks.create', {
      appId: products.id,
      url: `${receiver.url}/hook`,
      events: ['product.created']
    })
    receiver.addSecret(webhook.secret)

    const product = await harness.call('entities.create', {
      type: 'product',
      data: { name: 'Runner', sku: 'RUN-1', price: 10 }
    })
    const [first] = await eventually(
      async () => receiver.records().length === 1 && receiver.records()
    )
    expect(first).toMatchObject({
      verdict: 'verified',
      event: 'product.created',
      webhookExternalId: webhook.externalId,
      duplicate: false,
      answeredStatus: 200,
      standardSecret: { index: 0, hint: webhook.secret.slice(-4) },
      hexSecret: { index: 0, hint: webhook.secret.slice(-4) }
    })
    expect(first.webhookId).toMatch(/^msg_/)
    expect(JSON.parse(first.body)).toMatchObject({ product: { externalId: product.externalId } })

    // The app now signs webhook-signature with both secrets, X-Webhook-Signature with the new one.
    const rotated = await harness.call('webhooks.rotateSecret', { id: webhook.id })
    await harness.call('entities.create', { type: 'product', data: { name: 'Walker', sku: 'W-1' } })
    const second = await eventually(async () => receiver.records()[1])
    expect(second.verdict).toBe('x-signature-mismatch')
    expect(second.standardSecret).toEqual({ index: 0, hint: webhook.secret.slice(-4) })

    receiver.addSecret(rotated.secret)
    await harness.call('entities.create', { type: 'product', data: { name: 'Hiker', sku: 'H-1' } })
    const third = await eventually(async () => receiver.records()[2])
    expect(third.verdict).toBe('verified')
    expect(third.hexSecret).toEqual({ index: 1, hint: rotated.secret.slice(-4) })
  })
})
