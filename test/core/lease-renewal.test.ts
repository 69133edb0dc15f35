import { describe, expect, it } from 'vitest'
import { PREFETCH_ROUNDS } from '../../src/main/core/delivery/delivery-worker'
import { heldReceiver, hook, setup } from '../support/semantics-rig'
import { onPostgres } from '../support/core-harness'

describe('leases of rows the worker holds', () => {
  it('renews them while they wait, so a wait longer than a lease never sends a row twice', async () => {
    // A clock the test moves: rows wait in memory far longer than their lease was for.
    let offset = 0
    const clock = { now: () => Date.now() + offset }
    const { harness, byKey } = await setup({ concurrency: 1, clock })
    const { receiver, held } = await heldReceiver()
    await hook(harness, receiver, byKey('products').id, ['brand.created'])
    // As many as one slot holds: one on the wire, the others claimed in memory.
    const rounds = PREFETCH_ROUNDS[onPostgres ? 'postgres' : 'sqlite']
    const names = Array.from({ length: Math.min(rounds, 4) }, (_, n) => `Brand ${n}`)
    for (const name of names)
      await harness.call('entities.create', { type: 'brand', data: { name } })
    await receiver.waitFor(1)
    const rows = () =>
      harness.core.db('deliveries').orderBy('id').select('id', 'status', 'lease_until')
    await expect
      .poll(async () => (await rows()).map((row) => row.status))
      .toEqual(['delivering', ...Array<string>(names.length - 1).fill('claimed')])

    // Two minutes pass with the first attempt on the wire: every lease (timeout + 30 s) ran out.
    offset = 120_000
    held.shift()!()
    await receiver.waitFor(2)
    // The commit that recorded the first attempt renewed what the worker still holds.
    await expect.poll(async () => (await rows())[0].status).toBe('succeeded')
    const now = clock.now()
    const after = await rows()
    for (const row of after.slice(1)) expect(Number(row.lease_until)).toBeGreaterThan(now)

    for (let n = 2; n < names.length; n++) {
      held.shift()!()
      await receiver.waitFor(n + 1)
    }
    held.shift()!()
    await expect
      .poll(async () => (await rows()).map((row) => row.status))
      .toEqual(Array<string>(names.length).fill('succeeded'))
    // Each message went out once: no claim of run-out leases took a row still waiting in memory.
    const ids = receiver.requests.map((request) => request.headers['webhook-id'])
    expect(ids).toHaveLength(names.length)
    expect(new Set(ids).size).toBe(names.length)
  })
})
