import { describe, expect, it } from 'vitest'
import { eventually } from '../support/core-harness'
import { brand, rig } from '../support/fault-rig'

describe('webhook health', () => {
  it('warns with a failing streak, auto-disables after N exhausted deliveries, and resumes cleanly', async () => {
    let healthy = false
    const r = await rig(
      (_request, _req, res) => {
        res.statusCode = healthy ? 200 : 500
        res.end()
      },
      { settings: { autoDisableAfterFailures: 3 } },
      []
    )
    await brand(r.harness, 'one')
    await brand(r.harness, 'two')
    await r.attempts(2)
    const warned = await eventually(async () => {
      const webhook = await r.harness.call('webhooks.get', { id: r.webhookId })
      return webhook.failureStreak === 2 ? webhook : undefined
    })
    expect(warned).toMatchObject({ active: true, disabledReason: null })
    expect(warned.failingSince).not.toBeNull()

    await brand(r.harness, 'three')
    const disabled = await eventually(async () => {
      const webhook = await r.harness.call('webhooks.get', { id: r.webhookId })
      return webhook.active ? undefined : webhook
    })
    expect(disabled.disabledReason).toContain('3 deliveries in a row failed every retry')
    await brand(r.harness, 'while disabled')
    // Deliveries are queued inside the save: a disabled webhook got none to send later.
    const queued = await r.harness.call('logs.messages', { appId: r.appId })
    expect(queued.items).toHaveLength(3)
    expect(r.receiver.requests).toHaveLength(3)

    healthy = true
    await r.harness.call('webhooks.bulk', { ids: [r.webhookId], action: 'activate' })
    expect(await r.harness.call('webhooks.get', { id: r.webhookId })).toMatchObject({
      active: true,
      failureStreak: 0,
      failingSince: null,
      disabledReason: null
    })
    await brand(r.harness, 'after')
    await r.receiver.waitFor(4)
    expect((r.receiver.requests[3].json.brand as { name: string }).name).toBe('after')
  })

  it('auto-disables a webhook that has failed every delivery for the configured days', async () => {
    const r = await rig(
      (_request, _req, res) => {
        res.statusCode = 500
        res.end()
      },
      { settings: { autoDisableAfterDays: 5 } },
      []
    )
    await brand(r.harness, 'monday')
    await r.attempts(1)
    await eventually(
      async () => (await r.harness.call('webhooks.get', { id: r.webhookId })).failureStreak === 1
    )
    r.advance(5 * 86_400_000)
    await brand(r.harness, 'saturday')
    const disabled = await eventually(async () => {
      const webhook = await r.harness.call('webhooks.get', { id: r.webhookId })
      return webhook.active ? undefined : webhook
    })
    expect(disabled.disabledReason).toContain('2 deliveries in a row')
  })

  it('replays the failed deliveries of a time range with the same webhook-ids, and reports progress', async () => {
    let healthy = false
    const r = await rig(
      (_request, _req, res) => {
        res.statusCode = healthy ? 200 : 500
        res.end()
      },
      {},
      []
    )
    const from = new Date(r.clock.now()).toISOString()
    for (const name of ['a', 'b', 'c']) await brand(r.harness, name)
    await r.attempts(3)
    r.advance(60_000)
    await brand(r.harness, 'outside the range')
    await r.attempts(4)
    healthy = true
    const to = new Date(r.clock.now() - 30_000).toISOString()
    const started = await r.harness.call('webhooks.replay', { id: r.webhookId, from, to })
    expect(started.queued).toBe(3)
    const done = await eventually(async () => {
      const progress = await r.harness.call('webhooks.replayProgress', { batchId: started.batchId })
      return progress.succeeded === 3 ? progress : undefined
    })
    expect(done).toEqual({
      batchId: started.batchId,
      total: 3,
      succeeded: 3,
      failed: 0,
      retrying: 0,
      pending: 0,
      nextRetryAt: null,
      finished: true,
      webhookActive: true
    })
    const firstIds = r.receiver.requests.slice(0, 3).map((request) => request.headers['webhook-id'])
    const replayedIds = r.receiver.requests.slice(4).map((request) => request.headers['webhook-id'])
    expect(replayedIds.sort()).toEqual(firstIds.sort())
    const bad = await r.harness.fail('webhooks.replay', { id: r.webhookId, from: to, to: from })
    expect(bad.message).toContain('from')
  })
})
