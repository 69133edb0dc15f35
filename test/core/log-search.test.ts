import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EntityDto, LogSummaryDto } from '@shared/dto'
import { eventually, startHarness, type Harness } from '../support/core-harness'
import { startReceiver, type TestReceiver } from '../support/receiver'

const PRODUCTS = 24

let harness: Harness
let receiver: TestReceiver
let appId: number
const products: EntityDto[] = []

beforeAll(async () => {
  harness = await startHarness({ retrySchedule: [] })
  // The receiver names what it refused in its answer, for the response-body search.
  receiver = await startReceiver((request, _req, res) => {
    const sku = (request.json.product as { sku: string } | undefined)?.sku ?? ''
    const refuse = Number(sku.slice(4)) % 4 === 0
    res.statusCode = refuse ? 422 : 200
    res.end(refuse ? `Rejected ${sku}: Unknown Warehouse` : 'ok')
  })
  appId = (await harness.call('apps.list'))[0].id
  await harness.call('webhooks.create', {
    appId,
    url: receiver.url,
    events: ['product.created', 'product.updated']
  })
  for (let n = 0; n < PRODUCTS; n++)
    products.push(
      await harness.call('entities.create', {
        type: 'product',
        data: { name: n === 7 ? 'Tent 50%_off Déjà' : `Tent ${n}`, sku: `SKU-${n}` }
      })
    )
  await harness.call('entities.update', { type: 'product', id: products[3].id, data: { price: 9 } })
  await receiver.waitFor(PRODUCTS + 1, 30_000)
  await eventually(async () => {
    const [{ n }] = await harness.core.db('webhook_logs').count({ n: '*' })
    return Number(n) === PRODUCTS + 1
  })
}, 60_000)

afterAll(async () => {
  await harness.close()
  await receiver.close()
})

async function readAll(query: Record<string, unknown>, limit = 3): Promise<LogSummaryDto[]> {
  const items: LogSummaryDto[] = []
  let cursor: string | undefined
  for (let page = 0; page < 100; page++) {
    const result = await harness.call('logs.list', { appId, limit, cursor, ...query })
    items.push(...result.items)
    if (!result.nextCursor) return items
    cursor = result.nextCursor
  }
  throw new Error('pagination did not end')
}

describe('searching the delivery log', () => {
  it('finds the attempts of one webhook-id', async () => {
    const messageId = String(receiver.requests[5].headers['webhook-id'])
    const found = await readAll({ messageId })
    expect(found.map((log) => log.messageId)).toEqual([messageId])
    expect(await readAll({ messageId: 'msg_nothing' })).toEqual([])
  })

  it('finds a record by external id and by id, created and updated, across pages', async () => {
    const product = products[3]
    const byExternal = await readAll({ record: product.externalId }, 1)
    expect(byExternal.map((log) => log.event)).toEqual(['product.updated', 'product.created'])
    const byId = await readAll({ record: String(product.id) }, 1)
    expect(byId.map((log) => log.id)).toEqual(byExternal.map((log) => log.id))
    // `_` in an external id is taken literally, not as LIKE's any-character.
    const lookalike = `${product.externalId.slice(0, 3)}%${product.externalId.slice(4)}`
    expect(await readAll({ record: lookalike })).toEqual([])
  })

  it('finds text in the request body (any case, % and _ literally) and in the response body', async () => {
    const request = await readAll({ text: 'tent 50%_OFF déjà' })
    expect(request).toHaveLength(1)
    expect(await readAll({ text: '50%_of' })).toHaveLength(1)
    expect(await readAll({ text: '5_%_off' })).toHaveLength(0)
    const refused = await readAll({ text: 'unknown warehouse' })
    // SKU-0, 4, 8, 12, 16, 20 were refused; SKU-3's update was not.
    expect(refused).toHaveLength(PRODUCTS / 4)
    expect(refused.every((log) => log.responseStatus === 422)).toBe(true)
  })

  it('combines search with the filters and a time range', async () => {
    const all = await readAll({}, 50)
    expect(await readAll({ text: 'Tent', status: 'failure' })).toHaveLength(PRODUCTS / 4)
    expect(await readAll({ text: 'Tent', event: 'product.updated' })).toHaveLength(1)
    const middle = all[10]
    const from = middle.createdAt
    const inRange = await readAll({ from })
    expect(inRange.length).toBeGreaterThanOrEqual(11)
    expect(inRange.every((log) => log.createdAt >= from)).toBe(true)
    const before = await readAll({ to: from })
    expect(before.every((log) => log.createdAt < from)).toBe(true)
    expect(before.length + inRange.length).toBe(all.length)
    expect(
      await readAll({ from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z', text: 'Tent' })
    ).toEqual([])
  })

  it('refuses bad search input naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ messageId: '' }, 'messageId'],
      [{ record: 'x'.repeat(65) }, 'record'],
      [{ text: 'a' }, 'text'],
      [{ from: 'yesterday' }, 'from'],
      [{ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'to']
    ]
    for (const [input, field] of cases) {
      const error = await harness.fail('logs.list', { appId, ...input })
      expect(error.code, field).toBe('invalid_argument')
      expect(error.message, field).toContain(field)
    }
  })
})
