import { describe, expect, it } from 'vitest'
import { eventually } from '../support/core-harness'
import { brand, rig } from '../support/fault-rig'

const HOUR = 3_600_000

describe('webhook health comes from recent deliveries, not from the on/off switch', () => {
  it('goes new → healthy → failing → degraded as a receiver breaks and recovers; test sends do not count', async () => {
    let status = 200
    const r = await rig((_request, _req, res) => {
      res.statusCode = status
      res.end()
    })
    const health = async () => (await r.harness.call('webhooks.get', { id: r.webhookId })).health

    // No evidence yet: its own state, not "healthy".
    expect(await health()).toMatchObject({
      state: 'new',
      attempts: 0,
      successRate: null,
      lastAttemptAt: null,
      lastSuccessAt: null,
      windowHours: 24,
      recentAttempts: 0
    })
    // A test send is no delivery: still no evidence about real ones.
    await r.harness.call('webhooks.test', { id: r.webhookId })
    expect((await health()).state).toBe('new')

    await brand(r.harness, 'ok')
    await r.attempts(2) // the test send and this one
    const healthy = await health()
    expect(healthy).toMatchObject({ state: 'healthy', attempts: 1, succeeded: 1, successRate: 1 })
    expect(healthy.lastSuccessAt).toBe(healthy.lastAttemptAt)

    // The receiver answers 500: the webhook is switched on, yet it is failing.
    status = 500
    r.advance(60_000)
    await brand(r.harness, 'a')
    await brand(r.harness, 'b')
    await brand(r.harness, 'c')
    await r.attempts(5)
    const failing = await health()
    expect(failing).toMatchObject({
      state: 'failing',
      reason: '3 attempts in a row failed.',
      failedInARow: 3,
      recentAttempts: 4,
      recentSucceeded: 1,
      attempts: 4,
      succeeded: 1,
      failed: 3,
      successRate: 0.25,
      pendingRetries: 3,
      lastAttemptFailed: true
    })
    expect(Date.parse(failing.nextRetryAt!)).toBe(r.clock.now() + 5_000)
    expect(failing.lastSuccessAt).toBe(healthy.lastSuccessAt)
    const listed = await r.harness.call('webhooks.list', { appId: r.appId })
    expect(listed[0].health.state).toBe('failing')
    expect(listed[0].active).toBe(true)

    // A test send to the broken receiver is logged but says nothing about real deliveries.
    await r.harness.call('webhooks.test', { id: r.webhookId })
    expect((await health()).attempts).toBe(4)
    await r.attempts(6) // both test sends are in the log

    // Recovered: retries go through, but one in four attempts failed in the window.
    status = 200
    r.advance(5_000)
    await r.attempts(9)
    await eventually(async () => ((await health()).pendingRetries === 0 ? true : undefined))
    // Three successes in a row after failing: recovering, so degraded (healthy needs five).
    expect(await health()).toMatchObject({
      state: 'degraded',
      succeededInARow: 3,
      attempts: 7,
      succeeded: 4,
      pendingRetries: 0,
      nextRetryAt: null,
      lastAttemptFailed: false
    })

    // A day later the failures left the window.
    r.advance(25 * HOUR)
    expect(await health()).toMatchObject({ state: 'healthy', attempts: 0, successRate: null })
  })

  it('keeps a flaky receiver failing instead of flipping with every attempt that lands', async () => {
    // Every other delivery fails, the first among them; failures wait an hour for their retry, so only first attempts land.
    let calls = 0
    const r = await rig(
      (_request, _req, res) => {
        res.statusCode = ++calls % 2 === 1 ? 500 : 200
        res.end()
      },
      {},
      [3600]
    )
    const states: string[] = []
    for (let n = 1; n <= 10; n++) {
      await brand(r.harness, `flaky ${n}`)
      await r.attempts(n)
      const webhook = (await r.harness.call('webhooks.list', { appId: r.appId }))[0]
      states.push(webhook.health.state)
    }
    // F S F S ...: the old rule (latest failed and under half succeeded) said failing,
    // degraded, failing, degraded... with every attempt. Now it settles once the evidence is in.
    expect(states).toEqual([...Array(2).fill('degraded'), ...Array(8).fill('failing')])
  })

  it('says inactive when switched off by hand and disabled (with the reason) after 410 Gone', async () => {
    let gone = false
    const r = await rig((_request, _req, res) => {
      res.statusCode = gone ? 410 : 200
      res.end()
    })
    await r.harness.call('webhooks.bulk', { ids: [r.webhookId], action: 'deactivate' })
    expect((await r.harness.call('webhooks.get', { id: r.webhookId })).health.state).toBe(
      'inactive'
    )
    await r.harness.call('webhooks.bulk', { ids: [r.webhookId], action: 'activate' })
    gone = true
    await brand(r.harness, 'gone')
    await r.attempts(1)
    const disabled = await eventually(async () => {
      const webhook = await r.harness.call('webhooks.get', { id: r.webhookId })
      return webhook.active ? undefined : webhook
    })
    expect(disabled.health.state).toBe('disabled')
    expect(disabled.disabledReason).toContain('410')
  })
})

describe('replay: every delivery whose latest attempt failed, or only the exhausted ones', () => {
  /** One exhausted delivery ("a") and one waiting for its retry an hour away ("b"). */
  async function twoFailures() {
    let status = 500
    const r = await rig(
      (_request, _req, res) => {
        res.statusCode = status
        res.end()
      },
      {},
      [3600]
    )
    const from = new Date(r.clock.now()).toISOString()
    await brand(r.harness, 'a')
    await r.attempts(1)
    r.advance(HOUR)
    await r.attempts(2)
    await brand(r.harness, 'b')
    const [, , bFirst] = await r.attempts(3)
    const bRetryAt = (await r.detail(bFirst)).delivery!.nextAttemptAt!
    expect(Date.parse(bRetryAt)).toBe(r.clock.now() + HOUR)
    const range = { id: r.webhookId, from, to: new Date(r.clock.now()).toISOString() }
    return { r, range, bFirst, bRetryAt, setStatus: (next: number) => (status = next) }
  }

  it('previews both kinds, and scope "exhausted" leaves the pending retry alone', async () => {
    const { r, range, bRetryAt } = await twoFailures()
    expect(await r.harness.call('webhooks.replayPreview', range)).toEqual({
      retrying: 1,
      exhausted: 1
    })
    const started = await r.harness.call('webhooks.replay', { ...range, scope: 'exhausted' })
    expect(started).toMatchObject({ queued: 1, exhausted: 1, retrying: 0 })
    const [, , , replayed] = await r.attempts(4)
    expect(replayed.attempt).toBe(1) // a fresh schedule
    const messages = await r.harness.call('logs.messages', { appId: r.appId })
    const b = messages.items.find((message) => message.messageId !== replayed.messageId)!
    expect(b).toMatchObject({ state: 'retrying', attempts: 1, nextAttemptAt: bRetryAt })
  })

  it('scope "failed" sends pending retries now; a success ends them, a failure keeps their schedule', async () => {
    const { r, range, bFirst, bRetryAt, setStatus } = await twoFailures()
    // The receiver still fails: "b" goes back to the retry it was waiting for.
    const failedRun = await r.harness.call('webhooks.replay', { ...range, scope: 'failed' })
    expect(failedRun).toMatchObject({ queued: 2, exhausted: 1, retrying: 1 })
    await r.attempts(5)
    const afterFailure = await eventually(async () => {
      const progress = await r.harness.call('webhooks.replayProgress', {
        batchId: failedRun.batchId
      })
      return progress.retrying === 2 ? progress : undefined
    })
    expect(afterFailure).toEqual({
      batchId: failedRun.batchId,
      total: 2,
      succeeded: 0,
      failed: 0,
      retrying: 2,
      pending: 0,
      nextRetryAt: expect.any(String),
      finished: false,
      webhookActive: true
    })
    const bAttempts = await r.harness.call('logs.list', {
      appId: r.appId,
      deliveryId: bFirst.deliveryId!
    })
    expect(bAttempts.items.map((log) => log.attempt)).toEqual([2, 1])
    const bNow = await r.harness.call('logs.get', { id: bAttempts.items[0].id })
    expect(bNow.delivery).toMatchObject({ status: 'pending', nextAttemptAt: bRetryAt })
    expect(bNow.messageId).toBe(bFirst.messageId)

    // Now the receiver is back: both get through at once, well before b's scheduled retry.
    setStatus(200)
    const okRun = await r.harness.call('webhooks.replay', { ...range, scope: 'failed' })
    expect(okRun).toMatchObject({ queued: 2, retrying: 2, exhausted: 0 })
    const done = await eventually(async () => {
      const progress = await r.harness.call('webhooks.replayProgress', { batchId: okRun.batchId })
      return progress.succeeded === 2 ? progress : undefined
    })
    expect(done).toMatchObject({ total: 2, succeeded: 2, retrying: 0, pending: 0, failed: 0 })
    expect(Date.parse(bRetryAt)).toBeGreaterThan(r.clock.now())
    const ids = r.receiver.requests.map((request) => request.headers['webhook-id'])
    expect(new Set(ids).size).toBe(2) // every resend carried its delivery's webhook-id
  })

  it('refuses a replay of an inactive webhook, an unknown scope and a reversed range', async () => {
    const { r, range } = await twoFailures()
    expect((await r.harness.fail('webhooks.replay', { ...range, scope: 'all' })).issues).toEqual([
      expect.objectContaining({ path: 'scope' })
    ])
    expect(
      (await r.harness.fail('webhooks.replayPreview', { ...range, from: range.to, to: range.from }))
        .message
    ).toContain('from')
    await r.harness.call('webhooks.bulk', { ids: [r.webhookId], action: 'deactivate' })
    expect((await r.harness.fail('webhooks.replay', range)).code).toBe('conflict')
  })
})
