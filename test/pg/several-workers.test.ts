import { afterAll, beforeAll, expect, it } from 'vitest'
import { startCore, type PimCore } from '../../src/main/core/pim-core'
import { tempDir } from '../support/core-harness'
import { sharedPgCluster, type PgCluster } from '../support/pg-shared'
import { startReceiver, type TestReceiver } from '../support/receiver'

/**
 * Bookkeeping with two delivery workers on one PostgreSQL (two cores, each with its own pool,
 * claiming from one outbox): failure streaks, replay progress and rotation must come out as with
 * one (no lost updates, no double counting).
 */
const FAILURES = 120
let cluster: PgCluster
let receiver: TestReceiver
let answer = 500
beforeAll(async () => {
  cluster = await sharedPgCluster()
  receiver = await startReceiver((_request, _req, res) => {
    res.statusCode = answer
    res.end()
  })
}, 60_000)
afterAll(async () => {
  await receiver?.close()
})

it('counts every exhausted delivery once in the streak, replays each once, and signs across a rotation', async () => {
  const database = await cluster.createDatabase()
  const options = {
    database,
    logError: () => {},
    retrySchedule: [],
    // Team mode's guard is on: the test receiver on loopback is the operator's exception.
    settings: { autoDisableAfterFailures: 100_000, privateNetworkAllowList: ['127.0.0.1/32'] }
  }
  const workers: PimCore[] = [
    await startCore({ ...options, dataDir: tempDir() }),
    await startCore({ ...options, dataDir: tempDir() })
  ]
  const call = async (method: string, input: unknown = {}) => {
    const result = await workers[0].call(method, input)
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
    return result.data as never
  }
  try {
    const [app]: Array<{ id: number }> = await call('apps.list')
    const webhook: { id: number; secret: string } = await call('webhooks.create', {
      appId: app.id,
      url: receiver.url,
      events: ['brand.created'],
      retrySchedule: []
    })
    receiver.secrets.push(webhook.secret)
    const from = new Date(Date.now() - 60_000).toISOString()
    for (let n = 0; n < FAILURES; n++)
      await call('entities.create', { type: 'brand', data: { name: `Failing ${n}` } })
    await receiver.waitFor(FAILURES, 60_000)

    // Both workers recorded exhausted deliveries; the streak counts each exactly once.
    await expect
      .poll(
        async () =>
          ((await call('webhooks.get', { id: webhook.id })) as { failureStreak: number })
            .failureStreak,
        {
          timeout: 20_000
        }
      )
      .toBe(FAILURES)

    // Rotate, let the receiver recover, and replay: every delivery once, counted once.
    const rotated: { secret: string } = await call('webhooks.rotateSecret', { id: webhook.id })
    receiver.secrets.push(rotated.secret)
    answer = 200
    const before = receiver.requests.length
    const started: { batchId: string; queued: number } = await call('webhooks.replay', {
      id: webhook.id,
      from,
      to: new Date(Date.now() + 60_000).toISOString(),
      scope: 'exhausted'
    })
    expect(started.queued).toBe(FAILURES)
    await receiver.waitFor(before + FAILURES, 60_000)
    await expect
      .poll(async () => call('webhooks.replayProgress', { batchId: started.batchId }), {
        timeout: 20_000
      })
      .toMatchObject({ total: FAILURES, succeeded: FAILURES, failed: 0 })
    const replayed = receiver.requests.slice(before)
    expect(new Set(replayed.map((r) => r.headers['webhook-id'])).size).toBe(FAILURES)
    expect(replayed.every((r) => r.standardSignatureValid && r.hexSignatureValid)).toBe(true)
    expect(
      ((await call('webhooks.get', { id: webhook.id })) as { failureStreak: number }).failureStreak
    ).toBe(0)
  } finally {
    await Promise.all(workers.map((worker) => worker.close()))
  }
}, 120_000)
