import { describe, expect, it } from 'vitest'
import { PREFETCH_ROUNDS } from '../../src/main/core/delivery/delivery-worker'
import { onPostgres } from '../support/core-harness'
import { DeliveryTargets } from '../../src/main/core/delivery/delivery-targets'
import { OutboxRepository } from '../../src/main/core/delivery/outbox.repository'
import { startHarness } from '../support/core-harness'
import { heldReceiver, hook, receiverWith, setup } from '../support/semantics-rig'
import { queueSavedFanOuts } from '../support/queued-fan-outs'

describe('batch claims and group commit', () => {
  it('never claims a row twice: consecutive batch claims are disjoint and cover the due rows', async () => {
    const { harness, byKey } = await setup({ deliver: false })
    const receiver = await receiverWith()
    for (let n = 0; n < 3; n++)
      await hook(harness, receiver, byKey('products').id, ['brand.created'])
    for (let n = 0; n < 20; n++)
      await harness.call('entities.create', { type: 'brand', data: { name: `B${n}` } })
    await queueSavedFanOuts(harness.core.db)
    const outbox = new OutboxRepository()
    const targets = new DeliveryTargets({ open: (stored) => stored })
    const now = Date.now()
    const claimed: number[] = []
    for (;;) {
      // The worker's own claim: half the batch on the wire, half prefetched.
      const batch = await harness.core.db.transaction((trx) =>
        outbox.claimDue(trx, now, 16, now + 60_000, 8, targets)
      )
      if (batch.length === 0) break
      claimed.push(...batch.map(({ delivery }) => delivery.id))
      for (const { delivery, target } of batch) expect(target.id).toBe(delivery.webhookId)
    }
    expect(claimed).toHaveLength(60)
    expect(new Set(claimed).size).toBe(60)
  })

  it('sends every message exactly once and logs every attempt under a burst', async () => {
    const { harness, byKey } = await setup()
    const receiver = await receiverWith()
    const appId = byKey('products').id
    for (let n = 0; n < 10; n++) await hook(harness, receiver, appId, ['brand.created'])
    await Promise.all(
      Array.from({ length: 50 }, (_, n) =>
        harness.call('entities.create', { type: 'brand', data: { name: `Burst ${n}` } })
      )
    )
    const requests = await receiver.waitFor(500, 30_000)
    await expect
      .poll(async () => Number((await harness.core.db('webhook_logs').count({ n: '*' }))[0].n))
      .toBe(500)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(requests).toHaveLength(500)
    expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(500)
    const statuses = await harness.core.db('deliveries').select('status').groupBy('status')
    expect(statuses.map((row) => row.status)).toEqual(['succeeded'])
  })

  it('prefetches claimed rows that wait as pending and are delivering only once on the wire', async () => {
    const { harness, byKey } = await setup({ concurrency: 1 })
    const { receiver, held } = await heldReceiver()
    const appId = byKey('products').id
    await hook(harness, receiver, appId, ['brand.created'])
    // One slot holds its rounds of rows: one on the wire, the rest claimed; one more is pending.
    const rounds = PREFETCH_ROUNDS[onPostgres ? 'postgres' : 'sqlite']
    const brands = rounds + 1
    for (let n = 0; n < brands; n++)
      await harness.call('entities.create', { type: 'brand', data: { name: `Brand ${n}` } })
    const claimed = (count: number) => Array<string>(count).fill('claimed')
    const pending = (count: number) => Array<string>(count).fill('pending')
    const statusOf = async () =>
      (await harness.core.db('deliveries').orderBy('id').select('status')).map((row) => row.status)
    await receiver.waitFor(1)
    // One slot: the first is on the wire; the next rows wait claimed in memory, the last pending.
    await expect.poll(statusOf).toEqual(['delivering', ...claimed(rounds - 1), 'pending'])
    const states = async () =>
      (await harness.call('logs.messages', { appId })).items.map((item) => item.state).reverse()
    expect(await states()).toEqual(['delivering', ...pending(brands - 1)])

    held.shift()!()
    await receiver.waitFor(2)
    // The prefetched row took the slot; the commit that recorded the first marks it on the wire.
    // The place it freed in memory claims the last row.
    await expect.poll(statusOf).toEqual(['succeeded', 'delivering', ...claimed(rounds - 1)])
    expect(await states()).toEqual(['succeeded', 'delivering', ...pending(brands - 2)])

    // Stopping hands the claimed row back (the one on the wire keeps its lease for a restart).
    await harness.core.worker.stop(0)
    expect(await statusOf()).toEqual(['succeeded', 'delivering', ...pending(brands - 2)])
    for (const release of held.splice(0)) release()
  })

  it('records every finished attempt before a graceful close; a restart sends nothing twice', async () => {
    const first = await startHarness()
    const receiver = await receiverWith()
    const [app] = await first.call('apps.list')
    for (let n = 0; n < 5; n++)
      await first.call('webhooks.create', {
        appId: app.id,
        url: receiver.url,
        events: ['brand.created']
      })
    for (let n = 0; n < 40; n++)
      await first.call('entities.create', { type: 'brand', data: { name: `C${n}` } })
    await receiver.waitFor(100)
    await first.core.close(5_000) // mid-drain: attempts on the wire finish and are recorded
    const { startCore } = await import('../../src/main/core/pim-core')
    const second = await startCore({
      dataDir: first.dataDir,
      database: first.database,
      logError: () => {},
      // As the harness does: a team database turns the guard on, and the receiver is on loopback.
      settings: { blockPrivateNetworks: false }
    })
    try {
      await receiver.waitFor(200, 30_000)
      await expect
        .poll(async () => Number((await second.db('webhook_logs').count({ n: '*' }))[0].n))
        .toBe(200)
      expect(new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size).toBe(200)
      expect(receiver.requests).toHaveLength(200)
    } finally {
      await second.close()
    }
  })
})
