import { describe, expect, it } from 'vitest'
import { brand, rig } from '../support/fault-rig'
import { eventually } from '../support/core-harness'
import { parseMetrics, samplesOf, valueOf, type Sample } from '../support/metrics-text'

const ATTEMPTS = 'pim_delivery_attempts_total'
const EVENT = 'brand.created'

/**
 * The core's Prometheus metrics, as a scrape renders them: counters fed by the attempts the
 * worker logs, gauges read from the outbox at scrape time. On SQLite and (postgres project) on
 * PostgreSQL.
 */
describe('core metrics', () => {
  it('count attempts by outcome, time them and show what waits, what is held and health', async () => {
    // ok… answers 200, bad… 500; one retry a minute later.
    const r = await rig(
      (request, _req, res) => {
        const name = (request.json.brand as { name?: string } | undefined)?.name ?? ''
        res.statusCode = name.startsWith('bad') ? 500 : 200
        res.end()
      },
      {},
      [60]
    )
    const { harness } = r
    const scrape = async (): Promise<Sample[]> => {
      const { contentType, text } = await harness.core.metrics.scrape()
      expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/)
      return parseMetrics(text)
    }

    await brand(harness, 'ok1')
    await brand(harness, 'bad1')
    await r.attempts(2)
    // A test send is the operator's, not traffic: counted apart.
    await harness.call('webhooks.test', { id: r.webhookId })
    await r.attempts(3)

    let metrics = await scrape()
    const success = { outcome: 'success', event: EVENT, error_class: 'none' }
    const failure = { outcome: 'failure', event: EVENT, error_class: 'http_status' }
    expect(valueOf(metrics, ATTEMPTS, success)).toBe(1)
    expect(valueOf(metrics, ATTEMPTS, failure)).toBe(1)
    expect(samplesOf(metrics, ATTEMPTS)).toHaveLength(2)
    expect(valueOf(metrics, 'pim_webhook_test_sends_total', { outcome: 'success' })).toBe(1)
    const count = 'pim_delivery_attempt_duration_seconds_count'
    expect(valueOf(metrics, count, { outcome: 'success' })).toBe(1)
    expect(valueOf(metrics, count, { outcome: 'failure' })).toBe(1)
    // Loopback answers within 30 s: the top finite bucket holds each attempt.
    const bucket = 'pim_delivery_attempt_duration_seconds_bucket'
    expect(valueOf(metrics, bucket, { outcome: 'success', le: '30' })).toBe(1)
    expect(valueOf(metrics, bucket, { outcome: 'success', le: '+Inf' })).toBe(1)

    // The failed delivery waits for its retry; nothing is due, nothing is held.
    expect(valueOf(metrics, 'pim_deliveries_waiting', { state: 'due' })).toBe(0)
    expect(valueOf(metrics, 'pim_deliveries_waiting', { state: 'scheduled' })).toBe(1)
    expect(valueOf(metrics, 'pim_deliveries_held')).toBe(0)
    expect(valueOf(metrics, 'pim_delivery_oldest_waiting_age_seconds')).toBe(0)
    expect(valueOf(metrics, 'pim_worker_attempts_in_flight')).toBe(0)

    // Health: the verdict of the webhook's page, labelled by external ids, one state at 1.
    const webhook = await harness.call('webhooks.get', { id: r.webhookId })
    const app = (await harness.call('apps.list')).find((a) => a.id === r.appId)!
    const health = samplesOf(metrics, 'pim_webhook_health', { webhook: webhook.externalId })
    expect(health).toHaveLength(6)
    expect(health.every((sample) => sample.labels.app === app.externalId)).toBe(true)
    expect(health.filter((sample) => sample.value === 1).map((s) => s.labels.state)).toEqual([
      webhook.health.state
    ])
    expect(metrics.some((sample) => JSON.stringify(sample.labels).includes('127.0.0.1'))).toBe(
      false
    )

    // Half a minute later (the clock alone moves: no retry is due yet) the retry has waited 30 s.
    r.clock.advance(30_000)
    metrics = await scrape()
    expect(valueOf(metrics, 'pim_delivery_oldest_waiting_age_seconds')).toBe(30)
    expect(valueOf(metrics, 'pim_deliveries_waiting', { state: 'scheduled' })).toBe(1)

    // On hold, a new save queues and is not sent: both waiting rows are held, none is "late".
    await harness.call('webhooks.hold', { id: r.webhookId })
    await brand(harness, 'ok2')
    metrics = await scrape()
    expect(valueOf(metrics, 'pim_deliveries_held')).toBe(2)
    expect(valueOf(metrics, 'pim_deliveries_waiting', { state: 'due' })).toBe(1)
    expect(valueOf(metrics, 'pim_deliveries_waiting', { state: 'scheduled' })).toBe(1)
    expect(valueOf(metrics, 'pim_delivery_oldest_waiting_age_seconds')).toBe(0)
    expect(valueOf(metrics, ATTEMPTS, success)).toBe(1)

    // Resumed, the held save goes out and is counted; the retry stays scheduled.
    await harness.call('webhooks.resume', { id: r.webhookId })
    await r.attempts(4)
    metrics = await eventually(async () => {
      const now = await scrape()
      return valueOf(now, ATTEMPTS, success) === 2 && now
    })
    expect(valueOf(metrics, 'pim_deliveries_held')).toBe(0)
    expect(valueOf(metrics, 'pim_deliveries_waiting', { state: 'due' })).toBe(0)
    expect(valueOf(metrics, count, { outcome: 'success' })).toBe(2)
  })

  it('show attempts on the wire while a receiver has not answered', async () => {
    let release: () => void = () => {}
    const answered = new Promise<void>((resolve) => (release = resolve))
    const r = await rig(async (_request, _req, res) => {
      await answered
      res.end()
    })
    await brand(r.harness, 'slow')
    await r.receiver.waitFor(1)
    const during = parseMetrics((await r.harness.core.metrics.scrape()).text)
    expect(valueOf(during, 'pim_worker_attempts_in_flight')).toBe(1)
    release()
    await r.attempts(1)
    await eventually(async () => {
      const after = parseMetrics((await r.harness.core.metrics.scrape()).text)
      return valueOf(after, 'pim_worker_attempts_in_flight') === 0
    })
  })

  it('keep two cores in one process apart (a registry each)', async () => {
    const a = await rig((_request, _req, res) => void res.end())
    const b = await rig((_request, _req, res) => void res.end())
    await brand(a.harness, 'only-a')
    await a.attempts(1)
    const count = (samples: Sample[]) =>
      samplesOf(samples, ATTEMPTS).reduce((sum, s) => sum + s.value, 0)
    expect(count(parseMetrics((await a.harness.core.metrics.scrape()).text))).toBe(1)
    expect(count(parseMetrics((await b.harness.core.metrics.scrape()).text))).toBe(0)
  })
})
