import { describe, expect, it } from 'vitest'
import type { EntityDto, LogPage, WebhookDto } from '@shared/dto'
import { eventually, quietPeriod, tempDir } from '../support/core-harness'
import { heldReceiver, hook, receiverWith, setup } from '../support/semantics-rig'
import type { TestReceiver } from '../support/receiver'

const nameOf = (request: { json: Record<string, unknown> }): string =>
  (request.json.brand as { name: string }).name

/** Most requests any window of `windowMs` holds, by arrival time. */
function busiestWindow(receiver: TestReceiver, windowMs: number): number {
  const times = receiver.requests.map((request) => request.receivedAt).sort((a, b) => a - b)
  let most = 0
  for (let start = 0, end = 0; end < times.length; end++) {
    while (times[end] - times[start] >= windowMs) start++
    most = Math.max(most, end - start + 1)
  }
  return most
}

describe('rate limit', () => {
  it('spaces deliveries at the limit without failing them, and says they wait their turn', async () => {
    const { harness, byKey } = await setup()
    const limited = await receiverWith()
    const free = await receiverWith()
    const app = byKey('products').id
    const webhook = await hook(harness, limited, app, ['brand.created'])
    await harness.call('webhooks.update', { id: webhook.id, ratePerSecond: 10 })
    await hook(harness, free, app, ['brand.created'])
    for (let n = 0; n < 15; n++)
      await harness.call('entities.create', { type: 'brand', data: { name: `Rated ${n}` } })
    // The unlimited webhook is not held back by its neighbour.
    await free.waitFor(15)
    const waiting: WebhookDto = await harness.call('webhooks.get', { id: webhook.id })
    expect(waiting.flow.waitingForLimit).toBeGreaterThan(0)
    await limited.waitFor(15, 20_000)
    // 10 per second is one request started every 100 ms. The receiver shares this process's
    // busy event loop with the core, so arrival times carry its jitter: one request of slack in
    // any second. Without the limit all 15 arrive within a few milliseconds; at twice the limit,
    // 20 would fit in a second.
    expect(busiestWindow(limited, 1_000)).toBeLessThanOrEqual(11)
    const times = limited.requests.map((request) => request.receivedAt)
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(1_300)
    expect(limited.requests.map(nameOf)).toEqual(Array.from({ length: 15 }, (_, n) => `Rated ${n}`))
    const logs: LogPage = await harness.call('logs.list', { appId: app, webhookId: webhook.id })
    expect(logs.items.every((log) => log.responseStatus === 200)).toBe(true)
    const after: WebhookDto = await harness.call('webhooks.get', { id: webhook.id })
    expect(after.flow.waitingForLimit).toBe(0)
  })

  it('keeps at most its in-flight limit on the wire', async () => {
    const { harness, byKey } = await setup()
    const { receiver, held } = await heldReceiver()
    const webhook = await hook(harness, receiver, byKey('products').id, ['brand.created'])
    await harness.call('webhooks.update', { id: webhook.id, maxInFlight: 2 })
    for (let n = 0; n < 5; n++)
      await harness.call('entities.create', { type: 'brand', data: { name: `Flight ${n}` } })
    await receiver.waitFor(2)
    await quietPeriod()
    expect(receiver.requests).toHaveLength(2)
    held.shift()!()
    await receiver.waitFor(3)
    await quietPeriod()
    expect(receiver.requests).toHaveLength(3)
    await eventually(async () => {
      for (const release of held.splice(0)) release()
      return receiver.requests.length === 5
    })
  })

  it('refuses limits out of range, naming the field', async () => {
    const { harness, byKey } = await setup()
    const receiver = await receiverWith()
    const webhook = await hook(harness, receiver, byKey('products').id, ['brand.created'])
    const tooFast = await harness.fail('webhooks.update', { id: webhook.id, ratePerSecond: 5000 })
    expect(JSON.stringify(tooFast)).toMatch(/ratePerSecond.*at most 1000/)
    const zero = await harness.fail('webhooks.update', { id: webhook.id, maxInFlight: 0 })
    expect(JSON.stringify(zero)).toMatch(/maxInFlight.*at least 1/)
    const fraction = await harness.fail('webhooks.update', { id: webhook.id, maxInFlight: 1.5 })
    expect(JSON.stringify(fraction)).toMatch(/maxInFlight.*whole number/)
    const updated: WebhookDto = await harness.call('webhooks.update', {
      id: webhook.id,
      ratePerSecond: 0.5,
      maxInFlight: 3,
      orderedPerRecord: true
    })
    expect(updated).toMatchObject({ ratePerSecond: 0.5, maxInFlight: 3, orderedPerRecord: true })
    const cleared: WebhookDto = await harness.call('webhooks.update', {
      id: webhook.id,
      ratePerSecond: null,
      maxInFlight: null
    })
    expect(cleared).toMatchObject({
      ratePerSecond: null,
      maxInFlight: null,
      orderedPerRecord: true
    })
  })
})

describe('ordered per record', () => {
  async function orderedHook(receiver: TestReceiver, retrySchedule: number[]) {
    const { harness, byKey } = await setup()
    const webhook = await hook(harness, receiver, byKey('products').id, ['brand.updated'])
    await harness.call('webhooks.update', { id: webhook.id, orderedPerRecord: true, retrySchedule })
    const create = async (name: string): Promise<EntityDto> =>
      harness.call('entities.create', { type: 'brand', data: { name } })
    return { harness, webhook, create }
  }

  it("holds a record's later changes behind its failing one while other records flow", async () => {
    let failFirst = true
    const receiver = await receiverWith((request, _req, res) => {
      // The first change of record A fails once; a retry follows a second later.
      if (failFirst && nameOf(request) === 'A1') {
        failFirst = false
        res.statusCode = 503
      }
      res.end()
    })
    const { harness, create } = await orderedHook(receiver, [1])
    const a = await create('A0')
    const b = await create('B0')
    for (const n of [1, 2, 3])
      await harness.call('entities.update', { type: 'brand', id: a.id, data: { name: `A${n}` } })
    for (const n of [1, 2])
      await harness.call('entities.update', { type: 'brand', id: b.id, data: { name: `B${n}` } })
    await receiver.waitFor(6)
    const names = receiver.requests.map(nameOf)
    // B's changes went while A1 waited for its retry; A's came after, in the order of the saves.
    expect(names.filter((name) => name.startsWith('A'))).toEqual(['A1', 'A1', 'A2', 'A3'])
    expect(names.filter((name) => name.startsWith('B'))).toEqual(['B1', 'B2'])
    expect(names.indexOf('B2')).toBeLessThan(names.lastIndexOf('A1'))
  })

  it('releases the later changes once the failing one exhausts its retries', async () => {
    const receiver = await receiverWith((request, _req, res) => {
      res.statusCode = nameOf(request) === 'A1' ? 500 : 200
      res.end()
    })
    const { harness, webhook, create } = await orderedHook(receiver, [])
    const a = await create('A0')
    for (const n of [1, 2])
      await harness.call('entities.update', { type: 'brand', id: a.id, data: { name: `A${n}` } })
    await receiver.waitFor(2)
    expect(receiver.requests.map(nameOf)).toEqual(['A1', 'A2'])
    // Both attempts are recorded: A1 failed for good, A2 went through.
    await eventually(async () => {
      const logs: LogPage = await harness.call('logs.list', {
        appId: webhook.appId,
        webhookId: webhook.id
      })
      return logs.items.length === 2
    })
    const logs: LogPage = await harness.call('logs.list', {
      appId: webhook.appId,
      webhookId: webhook.id
    })
    expect(logs.items.map((log) => log.responseStatus).sort()).toEqual([200, 500])
  })

  it('sends concurrent saves of one record one at a time, ending with its final state', async () => {
    let onWire = 0
    let mostOnWire = 0
    const receiver = await receiverWith(async (_request, _req, res) => {
      onWire += 1
      mostOnWire = Math.max(mostOnWire, onWire)
      // A receiver that answers in a scrambled order: later requests may finish first.
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 20)))
      onWire -= 1
      res.end()
    })
    const { harness, create } = await orderedHook(receiver, [1])
    const a = await create('A0')
    await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        harness.call('entities.update', { type: 'brand', id: a.id, data: { name: `A${n + 1}` } })
      )
    )
    await receiver.waitFor(12)
    const final: EntityDto = await harness.call('entities.get', { type: 'brand', id: a.id })
    expect(mostOnWire).toBe(1)
    expect(nameOf(receiver.requests[11])).toBe(final.fields.name)
    expect(new Set(receiver.requests.map(nameOf)).size).toBe(12)
  })

  it('keeps the order across a restart while a change waits for its retry', async () => {
    let failFirst = true
    const receiver = await receiverWith((request, _req, res) => {
      if (failFirst && nameOf(request) === 'A1') {
        failFirst = false
        res.statusCode = 503
      }
      res.end()
    })
    const dataDir = tempDir()
    const first = await setup({ dataDir })
    const webhook = await hook(first.harness, receiver, first.byKey('products').id, [
      'brand.updated'
    ])
    await first.harness.call('webhooks.update', {
      id: webhook.id,
      orderedPerRecord: true,
      retrySchedule: [2]
    })
    const a: EntityDto = await first.harness.call('entities.create', {
      type: 'brand',
      data: { name: 'A0' }
    })
    for (const n of [1, 2, 3])
      await first.harness.call('entities.update', {
        type: 'brand',
        id: a.id,
        data: { name: `A${n}` }
      })
    // A1 failed and waits for its retry; A2 and A3 wait behind it. The app stops and starts.
    await receiver.waitFor(1)
    await first.harness.close()
    await setup({ dataDir, database: first.harness.database })
    await receiver.waitFor(4)
    expect(receiver.requests.map(nameOf)).toEqual(['A1', 'A1', 'A2', 'A3'])
  })
})
