import { describe, expect, it } from 'vitest'
import { eventually } from '../support/core-harness'
import { brand, rig, type Rig } from '../support/fault-rig'

/**
 * A replay's progress follows every delivery of the batch to its end, through the retries of
 * those that fail again, and says when nothing will change any more.
 */
async function exhaustedBatch(r: Rig, names: string[]): Promise<string> {
  const from = new Date(r.clock.now()).toISOString()
  for (const name of names) await brand(r.harness, name)
  await r.attempts(names.length)
  // Each replayed delivery gets a fresh schedule: one retry, a minute after it fails.
  await r.harness.call('webhooks.update', { id: r.webhookId, retrySchedule: [60] })
  const started = await r.harness.call('webhooks.replay', {
    id: r.webhookId,
    from,
    to: new Date(r.clock.now()).toISOString(),
    scope: 'exhausted'
  })
  expect(started.queued).toBe(names.length)
  return started.batchId
}

const progressOf = (r: Rig, batchId: string) =>
  r.harness.call('webhooks.replayProgress', { batchId })

describe('replay progress', () => {
  it('follows deliveries that fail again through their retries to a final state', async () => {
    const r = await rig(
      (_request, _req, res) => {
        res.statusCode = 500
        res.end()
      },
      {},
      []
    )
    const batchId = await exhaustedBatch(r, ['a', 'b', 'c'])
    const waiting = await eventually(async () => {
      const progress = await progressOf(r, batchId)
      return progress.retrying === 3 ? progress : undefined
    })
    // Nothing is pending any more, but the batch is not over: each waits for its retry.
    expect(waiting).toEqual({
      batchId,
      total: 3,
      succeeded: 0,
      failed: 0,
      retrying: 3,
      pending: 0,
      nextRetryAt: new Date(r.clock.now() + 60_000).toISOString(),
      finished: false,
      webhookActive: true
    })
    r.advance(60_000)
    const done = await eventually(async () => {
      const progress = await progressOf(r, batchId)
      return progress.finished ? progress : undefined
    })
    expect(done).toEqual({
      batchId,
      total: 3,
      succeeded: 0,
      failed: 3,
      retrying: 0,
      pending: 0,
      nextRetryAt: null,
      finished: true,
      webhookActive: true
    })
    expect(r.receiver.requests).toHaveLength(9)
  })

  it('ends with the delivered and the failed counted apart', async () => {
    let recovered = false
    const r = await rig(
      (request, _req, res) => {
        const name = (request.json.brand as { name: string }).name
        res.statusCode = recovered && name !== 'broken' ? 200 : 500
        res.end()
      },
      {},
      []
    )
    const batchId = await exhaustedBatch(r, ['one', 'two', 'broken'])
    recovered = true
    await eventually(async () => (await progressOf(r, batchId)).retrying === 1)
    expect(await progressOf(r, batchId)).toMatchObject({ succeeded: 2, finished: false })
    r.advance(60_000)
    const done = await eventually(async () => {
      const progress = await progressOf(r, batchId)
      return progress.finished ? progress : undefined
    })
    expect(done).toMatchObject({ total: 3, succeeded: 2, failed: 1, retrying: 0, pending: 0 })
  })

  it('says the batch waits while its webhook is turned off', async () => {
    const r = await rig(
      (_request, _req, res) => {
        res.statusCode = 500
        res.end()
      },
      {},
      []
    )
    const batchId = await exhaustedBatch(r, ['x'])
    await eventually(async () => (await progressOf(r, batchId)).retrying === 1)
    await r.harness.call('webhooks.bulk', { ids: [r.webhookId], action: 'deactivate' })
    r.advance(60_000)
    expect(await progressOf(r, batchId)).toMatchObject({
      retrying: 1,
      finished: false,
      webhookActive: false
    })
    const missing = await r.harness.fail('webhooks.replayProgress', { batchId: 'rpl_unknown' })
    expect(missing.message).toContain('rpl_unknown')
  })
})
