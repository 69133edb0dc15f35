import { describe, expect, it } from 'vitest'
import { OutboxRepository } from '../../src/main/core/delivery/outbox.repository'
import { startHarness } from '../support/core-harness'
import { hook, receiverWith, setup } from '../support/semantics-rig'

describe('batch claims and group commit', () => {
  it('never claims a row twice: consecutive batch claims are disjoint and cover the due rows', async () => {
    const { harness, byKey } = await setup({ deliver: false })
    const receiver = await receiverWith()
    for (let n = 0; n < 3; n++)
      await hook(harness, receiver, byKey('products').id, ['brand.created'])
    for (let n = 0; n < 20; n++)
      await harness.call('entities.create', { type: 'brand', data: { name: `B${n}` } })
    const outbox = new OutboxRepository()
    const now = Date.now()
    const claimed: number[] = []
    for (;;) {
      const batch = await harness.core.db.transaction((trx) =>
        outbox.claimDue(trx, now, 16, now + 60_000)
      )
      if (batch.length === 0) break
      claimed.push(...batch.map((row) => row.id))
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
      databaseFile: first.database,
      logError: () => {}
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
