import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MESSAGE_PROBE_ATTEMPTS } from '../../src/main/core/logs/message-search'
import { startHarness, type Harness } from '../support/core-harness'
import { insertAttempts, insertDeliveries, type AttemptRow } from '../support/log-rows'

// The By-message view's search: deliveries with an attempt the search finds. Enough attempts of
// one common text to take the other road (walking the deliveries), checked against a reference.
const BULK = MESSAGE_PROBE_ATTEMPTS + 600
const START = Date.parse('2026-11-01T00:00:00Z')
const SECOND = 1000

interface Delivery {
  id: number
  messageId: string
  status: 'pending' | 'succeeded' | 'failed'
  attempts: AttemptRow[]
}

let harness: Harness
let appId: number
let webhookId: number
const deliveries: Delivery[] = []

beforeAll(async () => {
  harness = await startHarness({ deliver: false })
  appId = (await harness.call('apps.list'))[1].id
  webhookId = (
    await harness.call('webhooks.create', {
      appId,
      url: 'https://example.com/orders',
      events: ['product.updated'],
      active: false
    })
  ).id
  // Every third delivery failed twice before its last attempt; every fifth failed for good; one in
  // 7 mentions no "common" text; a few carry a rare record; the newest is pending, not attempted.
  const planned = Array.from({ length: BULK }, (_, n) => {
    const body = (attempt: number) =>
      `{"order":{"id":${n},"externalId":"ord_${n % 997 === 0 ? 'rare' : n}","note":"` +
      `${n % 7 === 0 ? 'plain' : 'common'} attempt ${attempt}"}}`
    const times = n % 3 === 0 ? [0, 1, 2] : [0]
    return {
      messageId: `msg_bulk${n}`,
      status: (n === BULK - 1
        ? 'pending'
        : n % 5 === 0
          ? 'failed'
          : 'succeeded') as Delivery['status'],
      attempts: (n === BULK - 1 ? [] : times).map((attempt): AttemptRow => ({
        appId,
        webhookId,
        requestBody: body(attempt),
        responseStatus: attempt < times.length - 1 ? 500 : 200,
        createdAt: START + n * SECOND + attempt * 3600 * SECOND
      }))
    }
  })
  const ids = await insertDeliveries(
    harness.core.db,
    planned.map((delivery) => ({
      appId,
      webhookId,
      messageId: delivery.messageId,
      status: delivery.status,
      attempts: delivery.attempts.length
    }))
  )
  planned.forEach((delivery, n) => {
    deliveries.push({ ...delivery, id: ids[n] })
    delivery.attempts.forEach((attempt) => (attempt.deliveryId = ids[n]))
  })
  // Retries are logged later than newer first attempts, as a real log has them.
  const logged = planned
    .flatMap((delivery) => delivery.attempts)
    .sort((a, b) => a.createdAt! - b.createdAt!)
  await insertAttempts(harness.core.db, logged)
}, 120_000)

afterAll(() => harness.close())

async function search(query: Record<string, unknown>, pages = 3): Promise<number[]> {
  const found: number[] = []
  let cursor: string | undefined
  for (let page = 0; page < pages; page++) {
    const result = await harness.call('logs.messages', { appId, limit: 25, cursor, ...query })
    found.push(...result.items.map((item) => item.deliveryId))
    if (!result.nextCursor) break
    cursor = result.nextCursor
  }
  return found
}

/** The newest deliveries (up to 3 pages of 25) with an attempt that passes `matches`. */
function reference(matches: (attempt: AttemptRow) => boolean, keep = (_: Delivery) => true) {
  return deliveries
    .filter((delivery) => keep(delivery) && delivery.attempts.some(matches))
    .map((delivery) => delivery.id)
    .sort((a, b) => b - a)
    .slice(0, 75)
}

const has = (text: string) => (attempt: AttemptRow) => attempt.requestBody!.includes(text)

describe('searching the log by message', () => {
  it('finds a delivery by its webhook-id, attempted or not', async () => {
    const pending = deliveries[BULK - 1]
    expect(await search({ messageId: pending.messageId })).toEqual([pending.id])
    expect(await search({ messageId: deliveries[42].messageId })).toEqual([deliveries[42].id])
    expect(await search({ messageId: deliveries[42].messageId, text: 'nothing like it' })).toEqual(
      []
    )
  })

  it('finds deliveries by record and rare text through their attempts', async () => {
    expect(await search({ record: 'ord_rare' })).toEqual(reference(has('"ord_rare"')))
    expect(await search({ record: '5000' })).toEqual(reference(has('"id":5000,')))
    expect(await search({ text: 'ORD_RARE' })).toEqual(reference(has('ord_rare')))
    expect(await search({ text: 'attempt 2' })).toEqual(reference(has('attempt 2')))
  })

  it('walks the deliveries for common text, with the filters, across pages', async () => {
    expect(await search({ text: 'common' })).toEqual(reference(has('common')))
    expect(await search({ text: 'common', state: 'failed' })).toEqual(
      reference(has('common'), (delivery) => delivery.status === 'failed')
    )
    expect(await search({ text: 'plain' })).toEqual(reference(has('plain')))
  })

  it('finds deliveries with an attempt in a time range', async () => {
    const from = START + 5000 * SECOND
    const to = from + 1800 * SECOND
    const inRange = (attempt: AttemptRow) => attempt.createdAt! >= from && attempt.createdAt! < to
    const range = { from: new Date(from).toISOString(), to: new Date(to).toISOString() }
    expect(await search(range)).toEqual(reference(inRange))
    expect(await search({ ...range, text: 'attempt 1' })).toEqual(
      reference((attempt) => inRange(attempt) && has('attempt 1')(attempt))
    )
    expect(await search({ from: new Date(START).toISOString(), text: 'plain' })).toEqual(
      reference(has('plain'))
    )
  })
})
