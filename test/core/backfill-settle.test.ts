import { describe, expect, it } from 'vitest'
import type { BackfillDto } from '@shared/backfill'
import type { PushEvent } from '@shared/dto'
import { eventually } from '../support/core-harness'
import { backfillReaches, bulkBrands, markerOf } from '../support/backfill-rig'
import { heldReceiver, hook, setup } from '../support/semantics-rig'

/**
 * A cancelled backfill's counts once the rows it had on the wire finish: cancel drops the queued
 * rows but lets the leased ones go out, and the result must count them (the UI showed
 * "Cancelled: 16 of 62 sent · 0 delivered" while those 16 were delivered a moment later).
 */
describe('a cancelled backfill', () => {
  it('counts the deliveries that were on the wire when it was cancelled, and pushes them', async () => {
    const { harness, byKey } = await setup()
    const { receiver, held } = await heldReceiver()
    const webhook = await hook(harness, receiver, byKey('products').id, ['brand.updated'])
    const pushes: BackfillDto[] = []
    harness.core.onPush((event: PushEvent) => {
      if (event.type === 'backfill.progress') pushes.push(event.backfill)
    })
    await bulkBrands(harness, 100)
    const { id, externalId } = await harness.call('backfills.start', {
      webhookId: webhook.id,
      types: ['brand']
    })
    // The receiver holds its answers: some rows are on the wire (leased) when it is cancelled.
    await eventually(async () => held.length >= 4)
    const cancelled = await harness.call('backfills.cancel', { id })
    expect(cancelled).toMatchObject({ state: 'cancelled', delivered: 0, failed: 0 })
    const sent = () =>
      receiver.requests.filter((request) => markerOf(request)?.id === externalId).length
    // Answer whatever arrives from now on, until none of its rows is left in the outbox.
    const settled = await eventually(async () => {
      for (const answer of held.splice(0)) answer()
      const [{ n }] = await harness.core
        .db('deliveries')
        .where({ backfill_id: id })
        .whereIn('status', ['pending', 'claimed', 'delivering'])
        .count({ n: '*' })
      if (Number(n) > 0) return undefined
      const now = await harness.call('backfills.get', { id })
      return now.delivered === sent() ? now : undefined
    })
    const onTheWire = sent()
    expect(onTheWire).toBeGreaterThanOrEqual(4)
    expect(settled).toMatchObject({ state: 'cancelled', failed: 0 })
    expect(settled.fed).toBeGreaterThanOrEqual(onTheWire)
    // The UI follows pushes: the last one carries the settled counts.
    const last = await eventually(async () => {
      const push = pushes.filter((backfill) => backfill.id === id).at(-1)
      return push?.delivered === onTheWire ? push : undefined
    })
    expect(last.state).toBe('cancelled')
  })

  it('leaves a finished backfill’s counts as they were', async () => {
    const { harness, byKey } = await setup()
    const { receiver, held } = await heldReceiver()
    const webhook = await hook(harness, receiver, byKey('products').id, ['brand.updated'])
    await bulkBrands(harness, 3)
    const { id } = await harness.call('backfills.start', {
      webhookId: webhook.id,
      types: ['brand']
    })
    await eventually(async () => held.length >= 3)
    for (const answer of held.splice(0)) answer()
    const done = await backfillReaches(harness, id, 'finished')
    expect(done).toMatchObject({ total: 3, fed: 3, delivered: 3, failed: 0 })
  })
})
