import { afterEach, expect, it } from 'vitest'
import { eventually, startHarness, type Harness } from '../test/support/core-harness'
import { startReceiver, type TestReceiver } from '../test/support/receiver'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]
}

const ms = (value: number): string => `${value.toFixed(1)} ms`

async function setup(): Promise<{ harness: Harness; receiver: TestReceiver; appId: number }> {
  const harness = await startHarness()
  const receiver = await startReceiver()
  cleanups.push(
    () => harness.close(),
    () => receiver.close()
  )
  const appId = (await harness.call('apps.list'))[0].id
  return { harness, receiver, appId }
}

it('save-to-delivery latency on loopback', async () => {
  const { harness, receiver, appId } = await setup()
  const webhook = await harness.call('webhooks.create', {
    appId,
    url: receiver.url,
    events: ['product.created']
  })
  receiver.secrets.push(webhook.secret)
  const latencies: number[] = []
  const saves: number[] = []
  const runs = 200
  for (let n = 0; n < runs; n++) {
    const started = performance.now()
    await harness.call('entities.create', {
      type: 'product',
      data: { name: `L${n}`, sku: `L-${n}` }
    })
    saves.push(performance.now() - started)
    await receiver.waitFor(n + 1)
    latencies.push(receiver.requests[n].receivedAt - (performance.timeOrigin + started))
  }
  expect(receiver.requests.every((r) => r.standardSignatureValid)).toBe(true)
  console.log(
    `save->delivery (n=${runs}): p50 ${ms(percentile(latencies, 0.5))}, p95 ${ms(percentile(latencies, 0.95))}; ` +
      `save call: p50 ${ms(percentile(saves, 0.5))}, p95 ${ms(percentile(saves, 0.95))}`
  )
})

it('save throughput does not depend on receiver speed', async () => {
  for (const delayMs of [0, 2_000]) {
    const harness = await startHarness()
    const receiver = await startReceiver((_request, _req, res) => {
      setTimeout(() => res.end('ok'), delayMs)
    })
    cleanups.push(
      () => harness.close(),
      () => receiver.close()
    )
    const appId = (await harness.call('apps.list'))[0].id
    for (let n = 0; n < 5; n++)
      await harness.call('webhooks.create', { appId, url: receiver.url, events: ['brand.updated'] })
    const brand = await harness.call('entities.create', { type: 'brand', data: { name: 'B' } })
    const count = 300
    const started = performance.now()
    for (let n = 0; n < count; n++)
      await harness.call('entities.update', {
        type: 'brand',
        id: brand.id,
        data: { name: `B${n}` }
      })
    const seconds = (performance.now() - started) / 1000
    const [{ n: outbox }] = await harness.core.db('deliveries').count({ n: '*' })
    expect(Number(outbox)).toBe(count * 5)
    console.log(
      `saves with 5 webhooks, receiver delay ${delayMs} ms: ${(count / seconds).toFixed(0)} saves/s ` +
        `(${ms((seconds * 1000) / count)} per save, ${outbox} outbox rows)`
    )
  }
})

it('delivery throughput with the default concurrency', async () => {
  const { harness, receiver, appId } = await setup()
  await harness.call('webhooks.create', { appId, url: receiver.url, events: ['brand.created'] })
  const deliveries = 2_000
  await harness.core.worker.stop(0) // queue everything first, then time the drain alone
  for (let n = 0; n < deliveries; n++)
    await harness.call('entities.create', { type: 'brand', data: { name: `T${n}` } })
  const started = performance.now()
  await harness.core.worker.start()
  await receiver.waitFor(deliveries, 120_000)
  const seconds = (performance.now() - started) / 1000
  await eventually(async () => {
    const [{ n }] = await harness.core
      .db('deliveries')
      .where({ status: 'succeeded' })
      .count({ n: '*' })
    return Number(n) === deliveries
  }, 30_000)
  console.log(
    `drain ${deliveries} queued deliveries: ${seconds.toFixed(2)} s, ${(deliveries / seconds).toFixed(0)} deliveries/s`
  )
})

it('log queries over 100k rows', async () => {
  const { harness, appId } = await setup()
  const rows = 100_000
  const now = Date.now()
  const db = harness.core.db
  const batch = 500
  for (let start = 0; start < rows; start += batch) {
    const chunk = Array.from({ length: batch }, (_, i) => {
      const n = start + i
      return {
        message_id: `msg_${n}`,
        webhook_external_id: 'web_bench',
        app_id: n % 4 === 0 ? appId : appId + 1,
        event: n % 2 ? 'product.updated' : 'order.created',
        url: 'http://127.0.0.1/hook',
        request_headers: '{}',
        request_body: '{"event":"product.updated"}',
        response_status: n % 10 === 0 ? 500 : 200,
        response_body: 'ok',
        response_body_truncated: false,
        response_time_ms: n % 300,
        attempt: 1,
        created_at: now - (rows - n) * 500
      }
    })
    await db.batchInsert('webhook_logs', chunk, batch)
  }
  const time = async (label: string, run: () => Promise<unknown>): Promise<void> => {
    const samples: number[] = []
    for (let n = 0; n < 20; n++) {
      const started = performance.now()
      await run()
      samples.push(performance.now() - started)
    }
    console.log(
      `${label}: p50 ${ms(percentile(samples, 0.5))}, p95 ${ms(percentile(samples, 0.95))}`
    )
  }
  const first = await harness.call('logs.list', { appId, limit: 50 })
  expect(first.items).toHaveLength(50)
  await time(`logs.list first page (${rows} rows)`, () =>
    harness.call('logs.list', { appId, limit: 50 })
  )
  let cursor = first.nextCursor!
  for (let page = 0; page < 200; page++)
    cursor = (await harness.call('logs.list', { appId, limit: 50, cursor })).nextCursor!
  await time('logs.list page 200', () => harness.call('logs.list', { appId, limit: 50, cursor }))
  await time('logs.list status=failure', () =>
    harness.call('logs.list', { appId, limit: 50, status: 'failure' })
  )
  await time('logs.list event=product.updated', () =>
    harness.call('logs.list', { appId, limit: 50, event: 'product.updated' })
  )
  await time('stats.deliveries 24h', () => harness.call('stats.deliveries', { hours: 24 }))
})
