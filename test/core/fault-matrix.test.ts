import { describe, expect, it } from 'vitest'
import { eventually, type Harness } from '../support/core-harness'
import { rig } from '../support/fault-rig'

const brand = (harness: Harness, name = 'Fault') =>
  harness.call('entities.create', { type: 'brand', data: { name } })
const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms))

describe('fault matrix: what receivers do, and what the queue makes of it', () => {
  it('a receiver that never answers is cut off at the total timeout and retried after a back-off', async () => {
    const r = await rig(() => {}, { settings: { connectTimeoutMs: 200, totalTimeoutMs: 500 } })
    await brand(r.harness)
    const [first] = await r.attempts(1)
    const detail = await r.detail(first)
    expect(detail).toMatchObject({ responseStatus: 0, errorClass: 'timeout', attempt: 1 })
    expect(detail.responseTimeMs).toBeGreaterThanOrEqual(500)
    expect(detail.responseTimeMs).toBeLessThan(5_000)
    // Timeouts wait at least a minute, although the schedule says 5 s.
    expect(Date.parse(detail.delivery!.nextAttemptAt!) - Date.parse(detail.createdAt)).toBe(60_000)
  })

  it('a slow-loris receiver (headers, then a stalled body) cannot hold a worker past the timeout', async () => {
    const r = await rig(
      (_request, _req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' })
        res.write('partial') // ...and never end
      },
      { settings: { totalTimeoutMs: 600 } }
    )
    await brand(r.harness)
    const detail = await r.detail((await r.attempts(1))[0])
    expect(detail).toMatchObject({ responseStatus: 0, errorClass: 'timeout' })
    expect(detail.error).toContain('HTTP 200, then')
    expect(detail.responseTimeMs).toBeLessThan(5_000)
    expect(r.harness.core.worker.activeAttempts).toBe(0)
  })

  it('429 with Retry-After: 2 waits at least 2 s (a minute, by the 429 floor) before trying again', async () => {
    let calls = 0
    const r = await rig((_request, _req, res) => {
      calls += 1
      res.writeHead(calls === 1 ? 429 : 200, calls === 1 ? { 'retry-after': '2' } : {})
      res.end()
    })
    await brand(r.harness)
    const [first] = await r.attempts(1)
    const detail = await r.detail(first)
    expect(detail.responseStatus).toBe(429)
    const wait = Date.parse(detail.delivery!.nextAttemptAt!) - Date.parse(detail.createdAt)
    expect(wait).toBeGreaterThanOrEqual(2_000)
    expect(wait).toBe(60_000)
    r.advance(59_000)
    await settle()
    expect(r.receiver.requests).toHaveLength(1)
    r.advance(1_000)
    const [, second] = await r.attempts(2)
    expect(second.responseStatus).toBe(200)
    expect(Date.parse(second.createdAt) - Date.parse(first.createdAt)).toBeGreaterThanOrEqual(2_000)
    expect(r.receiver.requests[1].headers['webhook-id']).toBe(
      r.receiver.requests[0].headers['webhook-id']
    )
  })

  it('503 with a long Retry-After is honoured up to twice the scheduled delay', async () => {
    const r = await rig((_request, _req, res) => {
      res.writeHead(503, { 'retry-after': '3600' })
      res.end()
    })
    await brand(r.harness)
    const detail = await r.detail((await r.attempts(1))[0])
    // Scheduled 5 s (jitter fixed at 0), asked for an hour: clamped to 10 s.
    expect(Date.parse(detail.delivery!.nextAttemptAt!) - Date.parse(detail.createdAt)).toBe(10_000)
  })

  it('follows a per-webhook retry schedule and marks the delivery failed when it runs out', async () => {
    const r = await rig(
      (_request, _req, res) => {
        res.statusCode = 500
        res.end()
      },
      {},
      [30, 120]
    )
    expect((await r.harness.call('webhooks.get', { id: r.webhookId })).retrySchedule).toEqual([
      30, 120
    ])
    await brand(r.harness)
    const [first] = await r.attempts(1)
    expect(Date.parse((await r.detail(first)).delivery!.nextAttemptAt!) - r.clock.now()).toBe(
      30_000
    )
    r.advance(30_000)
    const [, second] = await r.attempts(2)
    expect(Date.parse((await r.detail(second)).delivery!.nextAttemptAt!) - r.clock.now()).toBe(
      120_000
    )
    r.advance(120_000)
    const [, , third] = await r.attempts(3)
    const last = await eventually(async () => {
      const detail = await r.detail(third)
      return detail.delivery?.status === 'failed' ? detail : undefined
    })
    expect(last.delivery).toMatchObject({ attempts: 3, nextAttemptAt: null })
  })

  it('a manual redelivery does not move the scheduled retry', async () => {
    const r = await rig((_request, _req, res) => {
      res.statusCode = 500
      res.end()
    })
    await brand(r.harness)
    const [first] = await r.attempts(1)
    const scheduled = (await r.detail(first)).delivery!.nextAttemptAt
    const redelivered = await r.harness.call('logs.redeliver', { id: first.id })
    expect(redelivered.responseStatus).toBe(500)
    expect(redelivered.delivery).toMatchObject({ status: 'pending', nextAttemptAt: scheduled })
  })

  it('streams of a 1 GiB response body are cut at 64 KiB without growing memory', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 120)
    const r = await rig((_request, _req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      let sent = 0
      const pump = (): void => {
        while (sent < 1024) {
          sent += 1
          if (!res.write(chunk)) return void res.once('drain', pump)
        }
        res.end()
      }
      res.on('close', () => (sent = 1024))
      pump()
    })
    global.gc?.()
    const before = process.memoryUsage().rss
    await brand(r.harness)
    const detail = await r.detail((await r.attempts(1))[0])
    const grownMb = (process.memoryUsage().rss - before) / 1024 / 1024
    expect(detail).toMatchObject({ responseStatus: 200, responseBodyTruncated: true })
    expect(detail.responseBody).toHaveLength(64 * 1024)
    expect(grownMb).toBeLessThan(50)
  })

  it('an unresolvable host is a dns error with status 0', async () => {
    const r = await rig(() => {})
    await r.harness.call('webhooks.update', {
      id: r.webhookId,
      url: 'http://no-such-host.invalid/hook'
    })
    await brand(r.harness)
    const detail = await r.detail((await r.attempts(1))[0])
    expect(detail).toMatchObject({ responseStatus: 0, errorClass: 'dns' })
  })

  it('refuses a payload over the limit at enqueue, with a log entry saying why', async () => {
    const r = await rig((_request, _req, res) => void res.end(), { maxPayloadBytes: 2_000 })
    await r.harness.call('entities.create', {
      type: 'brand',
      data: { name: 'Big', description: 'x'.repeat(5_000) }
    })
    const [log] = await r.attempts(1)
    const detail = await r.detail(log)
    expect(detail).toMatchObject({ responseStatus: 0, errorClass: 'too_large', attempt: 0 })
    expect(detail.error).toMatch(/over the 1 KiB limit/)
    expect(detail.delivery?.status).toBe('failed')
    await settle()
    expect(r.receiver.requests).toHaveLength(0)
  })
})

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
    await settle()
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
      pending: 0
    })
    const firstIds = r.receiver.requests.slice(0, 3).map((request) => request.headers['webhook-id'])
    const replayedIds = r.receiver.requests.slice(4).map((request) => request.headers['webhook-id'])
    expect(replayedIds.sort()).toEqual(firstIds.sort())
    const bad = await r.harness.fail('webhooks.replay', { id: r.webhookId, from: to, to: from })
    expect(bad.message).toContain('from')
  })
})

describe('private-network guard', () => {
  const forms = (port: number) => [
    `http://127.0.0.1:${port}/hook`,
    `http://localhost:${port}/hook`,
    `http://2130706433:${port}/hook`,
    `http://0x7f000001:${port}/hook`,
    `http://0177.0.0.1:${port}/hook`,
    `http://[::1]:${port}/hook`,
    `http://[::ffff:127.0.0.1]:${port}/hook`,
    `http://0.0.0.0:${port}/hook`,
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/hook',
    'http://172.16.5.4/hook',
    'http://192.168.1.1/hook',
    'http://100.64.0.1/hook',
    'http://[fd00::1]/hook',
    'http://[fe80::1]/hook'
  ]

  it('when on, refuses every special address form before connecting, and says why', async () => {
    const r = await rig((_request, _req, res) => void res.end('reached'), {
      settings: { blockPrivateNetworks: true }
    })
    for (const url of forms(r.receiver.port)) {
      await r.harness.call('webhooks.update', { id: r.webhookId, url })
      const result = await r.harness.call('webhooks.test', { id: r.webhookId })
      expect(result.ok, url).toBe(false)
      expect(result.log.errorClass, url).toBe('blocked_address')
      expect(result.log.error, url).toContain('private-network guard')
    }
    // The queue path is guarded too.
    await r.harness.call('webhooks.update', {
      id: r.webhookId,
      url: `http://localhost:${r.receiver.port}/`
    })
    await brand(r.harness)
    const queued = await eventually(async () => {
      const page = await r.harness.call('logs.list', { appId: r.appId, event: 'brand.created' })
      return page.items[0]
    })
    expect(queued.errorClass).toBe('blocked_address')
    expect(r.receiver.requests).toHaveLength(0)
  })

  it('is off by default, so a desktop operator can target localhost', async () => {
    const r = await rig((_request, _req, res) => void res.end('reached'))
    expect((await r.harness.call('settings.get', {})).blockPrivateNetworks).toBe(false)
    await r.harness.call('webhooks.update', {
      id: r.webhookId,
      url: `http://localhost:${r.receiver.port}/hook`
    })
    expect((await r.harness.call('webhooks.test', { id: r.webhookId })).ok).toBe(true)
    const updated = await r.harness.call('settings.update', { blockPrivateNetworks: true })
    expect(updated.blockPrivateNetworks).toBe(true)
    const blocked = await r.harness.call('webhooks.test', { id: r.webhookId })
    expect(blocked.log.errorClass).toBe('blocked_address')
  })
})

describe('retention', () => {
  it('prunes old logs in the background, keeping failed payloads longer than successful ones', async () => {
    let status = 200
    const r = await rig(
      (_request, _req, res) => {
        res.statusCode = status
        res.end('answer')
      },
      {},
      []
    )
    await brand(r.harness, 'ok')
    await r.attempts(1)
    status = 500
    await brand(r.harness, 'failed')
    const [ok, failed] = await r.attempts(2)
    r.advance(8 * 86_400_000)
    const week = await r.harness.core.pruner.pruneOnce()
    expect(week).toMatchObject({ logsDeleted: 0, payloadsCleared: 1 })
    expect(await r.detail(ok)).toMatchObject({ requestBody: '', responseBody: '' })
    expect((await r.detail(failed)).requestBody).toContain('"failed"')

    r.advance(23 * 86_400_000)
    const month = await r.harness.core.pruner.pruneOnce()
    expect(month.logsDeleted).toBe(2)
    expect(month.deliveriesDeleted).toBe(2)
    expect((await r.harness.call('logs.list', { appId: r.appId })).items).toEqual([])
  })
})
