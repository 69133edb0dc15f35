import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LogSummaryDto } from '@shared/dto'
import { eventually, startHarness, type Harness } from '../support/core-harness'
import { startReceiver, type TestReceiver } from '../support/receiver'

const PRODUCTS = 130

let harness: Harness
let receiver: TestReceiver
let appId: number
let createdHook: number
let updatedHook: number

beforeAll(async () => {
  harness = await startHarness({ retrySchedule: [] })
  // Every third delivery of a product update fails with 500, for the status filters.
  receiver = await startReceiver((request, _req, res) => {
    const sku = (request.json.product as { sku: string } | undefined)?.sku ?? ''
    res.statusCode =
      request.json.event === 'product.updated' && Number(sku.slice(4)) % 3 === 0 ? 500 : 200
    res.end()
  })
  appId = (await harness.call('apps.list'))[0].id
  createdHook = (
    await harness.call('webhooks.create', { appId, url: receiver.url, events: ['product.created'] })
  ).id
  updatedHook = (
    await harness.call('webhooks.create', { appId, url: receiver.url, events: ['product.updated'] })
  ).id
  for (let n = 0; n < PRODUCTS; n++) {
    const product = await harness.call('entities.create', {
      type: 'product',
      data: { name: `P${n}`, sku: `SKU-${n}` }
    })
    if (n % 2 === 0)
      await harness.call('entities.update', { type: 'product', id: product.id, data: { price: n } })
  }
  await receiver.waitFor(PRODUCTS + PRODUCTS / 2, 30_000)
  await eventually(async () => {
    const [{ n }] = await harness.core.db('webhook_logs').count({ n: '*' })
    return Number(n) === PRODUCTS + PRODUCTS / 2
  })
}, 60_000)

afterAll(async () => {
  await harness.close()
  await receiver.close()
})

async function readAll(query: Record<string, unknown>, limit: number): Promise<LogSummaryDto[]> {
  const items: LogSummaryDto[] = []
  let cursor: string | undefined
  for (let page = 0; page < 100; page++) {
    const result = await harness.call('logs.list', { appId, limit, cursor, ...query })
    expect(result.items.length).toBeLessThanOrEqual(limit)
    items.push(...result.items)
    if (!result.nextCursor) return items
    cursor = result.nextCursor
  }
  throw new Error('pagination did not end')
}

describe('keyset pagination of the delivery log', () => {
  it('walks all 195 rows newest first without duplicates or gaps', async () => {
    const all = await readAll({}, 25)
    expect(all).toHaveLength(PRODUCTS + PRODUCTS / 2)
    const ids = all.map((log) => log.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
    const [{ min, max }] = await harness.core
      .db('webhook_logs')
      .min({ min: 'id' })
      .max({ max: 'id' })
    expect(ids[ids.length - 1]).toBe(min)
    expect(ids[0]).toBe(max)
    expect(max - min + 1).toBe(ids.length) // contiguous: nothing skipped between pages
  })

  it('keeps its place while new rows arrive', async () => {
    const first = await harness.call('logs.list', { appId, limit: 10 })
    await harness.call('entities.create', {
      type: 'product',
      data: { name: 'Late', sku: 'SKU-LATE' }
    })
    await eventually(async () => {
      const [{ n }] = await harness.core.db('webhook_logs').count({ n: '*' })
      return Number(n) === PRODUCTS + PRODUCTS / 2 + 1
    })
    const second = await harness.call('logs.list', { appId, limit: 10, cursor: first.nextCursor! })
    expect(second.items[0].id).toBe(first.items[9].id - 1)
  })

  it('filters by event, webhook and status class', async () => {
    const updates = await readAll({ event: 'product.updated' }, 20)
    expect(updates).toHaveLength(PRODUCTS / 2)
    expect(updates.every((log) => log.event === 'product.updated')).toBe(true)

    const byHook = await readAll({ webhookId: createdHook }, 50)
    expect(byHook.every((log) => log.webhookId === createdHook)).toBe(true)
    expect(byHook.length).toBeGreaterThanOrEqual(PRODUCTS)

    const failures = await readAll({ status: 'failure' }, 7)
    const expectedFailures = Array.from({ length: PRODUCTS }, (_, n) => n).filter(
      (n) => n % 2 === 0 && n % 3 === 0
    ).length
    expect(failures).toHaveLength(expectedFailures)
    expect(
      failures.every((log) => log.responseStatus === 500 && log.webhookId === updatedHook)
    ).toBe(true)
    expect(await readAll({ status: '5xx' }, 50)).toHaveLength(expectedFailures)
    const successes = await readAll({ status: 'success' }, 50)
    expect(successes.every((log) => log.responseStatus === 200)).toBe(true)
    expect(successes.length + failures.length).toBe((await readAll({}, 200)).length)
    expect(await readAll({ status: 'network' }, 50)).toHaveLength(0)
  })

  it('rejects cursors it did not issue and unknown apps', async () => {
    const bad = await harness.fail('logs.list', { appId, cursor: 'not-a-cursor' })
    expect(bad).toMatchObject({ code: 'invalid_argument' })
    expect(bad.message).toContain('cursor')
    const unknown = await harness.fail('logs.list', { appId: 9999 })
    expect(unknown.message).toContain('appId')
  })

  it('reports hourly delivery stats with totals and p95', async () => {
    const stats = await harness.call('stats.deliveries', { appId, hours: 24 })
    expect(stats.buckets).toHaveLength(24)
    const total = stats.succeeded + stats.failed
    expect(total).toBe((await readAll({}, 200)).length)
    expect(stats.buckets.reduce((sum, bucket) => sum + bucket.succeeded + bucket.failed, 0)).toBe(
      total
    )
    expect(stats.successRate).toBeCloseTo(stats.succeeded / total)
    expect(stats.p95ResponseMs).toBeGreaterThanOrEqual(0)
    const empty = await harness.call('stats.deliveries', { appId: 2, hours: 3 })
    expect(empty).toMatchObject({ succeeded: 0, failed: 0, successRate: null, p95ResponseMs: null })
  })
})
