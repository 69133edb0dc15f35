import { describe, expect, it } from 'vitest'
import type { LogPage, PushEvent, WebhookDto } from '@shared/dto'
import { eventually, quietPeriod } from '../support/core-harness'
import { heldReceiver, hook, receiverWith, setup } from '../support/semantics-rig'

/** The hold: deliveries queue without being sent; Resume sends them oldest first; Discard drops them. */
describe('holding a webhook', () => {
  it('queues while held, says how many and since when, and sends them in order on resume', async () => {
    const { harness, byKey } = await setup()
    const receiver = await receiverWith()
    const webhook = await hook(harness, receiver, byKey('products').id, ['brand.created'])
    const pushed: PushEvent[] = []
    harness.core.onPush((event) => pushed.push(event))
    const held: WebhookDto = await harness.call('webhooks.hold', { id: webhook.id })
    expect(held.heldSince).not.toBeNull()
    // Other open screens hear of it.
    expect(pushed).toContainEqual({ type: 'webhook.changed', webhookId: webhook.id })
    for (let n = 0; n < 5; n++)
      await harness.call('entities.create', { type: 'brand', data: { name: `Held ${n}` } })
    await quietPeriod()
    expect(receiver.requests).toHaveLength(0)
    const waiting: WebhookDto = await harness.call('webhooks.get', { id: webhook.id })
    expect(waiting.flow.held).toBe(5)
    expect(Date.parse(waiting.flow.oldestHeldAt!)).toBeGreaterThanOrEqual(
      Date.parse(held.heldSince!)
    )
    expect(waiting.active).toBe(true)
    // Holding again keeps the first time.
    const again: WebhookDto = await harness.call('webhooks.hold', { id: webhook.id })
    expect(again.heldSince).toBe(held.heldSince)

    const resumed: WebhookDto = await harness.call('webhooks.resume', { id: webhook.id })
    expect(resumed.heldSince).toBeNull()
    const requests = await receiver.waitFor(5)
    expect(requests.every((request) => request.standardSignatureValid)).toBe(true)
    const names = requests.map((r) => (r.json.brand as { name: string }).name)
    expect(names).toEqual(['Held 0', 'Held 1', 'Held 2', 'Held 3', 'Held 4'])
    const after: WebhookDto = await harness.call('webhooks.get', { id: webhook.id })
    expect(after.flow.held).toBe(0)
  })

  it('discards held deliveries with a log entry each, only while held, and keeps other webhooks flowing', async () => {
    const { harness, byKey } = await setup()
    const receiver = await receiverWith()
    const other = await receiverWith()
    const app = byKey('products').id
    const webhook = await hook(harness, receiver, app, ['brand.created'])
    await hook(harness, other, app, ['brand.created'])
    const refused = await harness.fail('webhooks.discardHeld', { id: webhook.id })
    expect(refused.message).toMatch(/not on hold/)
    await harness.call('webhooks.hold', { id: webhook.id })
    for (let n = 0; n < 3; n++)
      await harness.call('entities.create', { type: 'brand', data: { name: `Dropped ${n}` } })
    await other.waitFor(3)
    const discarded = await harness.call('webhooks.discardHeld', { id: webhook.id })
    expect(discarded).toEqual({ webhookId: webhook.id, discarded: 3 })
    const logs: LogPage = await harness.call('logs.list', { appId: app, webhookId: webhook.id })
    expect(logs.items).toHaveLength(3)
    expect(logs.items.every((log) => log.errorClass === 'discarded')).toBe(true)
    // Nothing left to send when the hold ends.
    await harness.call('webhooks.resume', { id: webhook.id })
    await quietPeriod()
    expect(receiver.requests).toHaveLength(0)
    const after: WebhookDto = await harness.call('webhooks.get', { id: webhook.id })
    expect(after.flow.held).toBe(0)
    // Nothing was sent: the receiver's health knows of no attempt, failed or not.
    expect(after.health).toMatchObject({ attempts: 0, failed: 0, failedInARow: 0 })
    expect(after.health.state).not.toBe('failing')
    const history = await harness.call('webhooks.history', { id: webhook.id, days: 1 })
    expect(history.buckets.every((bucket) => bucket.failed === 0)).toBe(true)
    // A discarded delivery can still be sent from the log.
    await harness.call('logs.redeliver', { id: logs.items[0].id })
    await receiver.waitFor(1)
  })

  it('lets an attempt on the wire finish but sends nothing claimed after the hold', async () => {
    const { harness, byKey } = await setup({ concurrency: 1 })
    const { receiver, held } = await heldReceiver()
    const webhook = await hook(harness, receiver, byKey('products').id, ['brand.created'])
    for (let n = 0; n < 4; n++)
      await harness.call('entities.create', { type: 'brand', data: { name: `Wire ${n}` } })
    await receiver.waitFor(1)
    await harness.call('webhooks.hold', { id: webhook.id })
    held.shift()!()
    await quietPeriod()
    expect(receiver.requests).toHaveLength(1)
    const waiting: WebhookDto = await harness.call('webhooks.get', { id: webhook.id })
    expect(waiting.flow.held).toBe(3)
    await harness.call('webhooks.resume', { id: webhook.id })
    await eventually(async () => {
      for (const release of held.splice(0)) release()
      return receiver.requests.length === 4
    })
  })

  it('is never switched off by an attempt that was on the wire when it was held', async () => {
    const { harness, byKey } = await setup()
    const answers: Array<() => void> = []
    const receiver = await receiverWith(
      (_request, _req, res) =>
        new Promise<void>((resolve) => {
          answers.push(() => {
            res.statusCode = 410
            res.end()
            resolve()
          })
        })
    )
    const webhook = await hook(harness, receiver, byKey('products').id, ['brand.created'])
    await harness.call('entities.create', { type: 'brand', data: { name: 'Gone' } })
    await receiver.waitFor(1)
    await harness.call('webhooks.hold', { id: webhook.id })
    answers.shift()!()
    await eventually(async () => {
      const page: LogPage = await harness.call('logs.list', {
        appId: webhook.appId,
        webhookId: webhook.id
      })
      return page.items.length === 1
    })
    const after: WebhookDto = await harness.call('webhooks.get', { id: webhook.id })
    expect(after).toMatchObject({ active: true, disabledReason: null })
    expect(after.heldSince).not.toBeNull()
  })
})
