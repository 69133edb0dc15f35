import { describe, expect, it } from 'vitest'
import { eventually, quietPeriod } from '../support/core-harness'
import { brand, rig } from '../support/fault-rig'

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
    await quietPeriod() // the wake finds nothing due: no event to wait for
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
    await quietPeriod() // a refused delivery is never claimed: no event to wait for
    expect(r.receiver.requests).toHaveLength(0)
  })
})
