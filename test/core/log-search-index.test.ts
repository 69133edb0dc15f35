import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LogSummaryDto } from '@shared/dto'
import { onPostgres, startHarness, type Harness } from '../support/core-harness'
import { insertAttempts, type AttemptRow } from '../support/log-rows'
import { ManualClock } from '../support/manual-clock'

// The search through its index (FTS5 on SQLite, pg_trgm on PostgreSQL) against a reference:
// every expectation is computed from the rows themselves with the documented rules.
const NOW = Date.parse('2026-11-01T10:00:00Z')
const MINUTE = 60_000

/** Text in the request or response body, ASCII letters in any case, everything else exactly. */
const asciiLower = (text: string) => text.replace(/[A-Z]/g, (char) => char.toLowerCase())
const hasText = (row: AttemptRow, text: string) =>
  [row.requestBody ?? '', row.responseBody ?? ''].some((body) =>
    asciiLower(body).includes(asciiLower(text))
  )

const product = (id: number, externalId: string, name: string, embedded = '') =>
  `{"event":"product.updated","product":{"id":${id},"externalId":${JSON.stringify(externalId)},` +
  `"name":${JSON.stringify(name)}${embedded}}}`

/** Text an attacker of the FTS5 query syntax would try, each in a response body as it is. */
const HOSTILE = [
  'say "hi" AND bye',
  'NEAR(alpha beta)',
  'request_body: secret',
  'wild* card',
  '^caret',
  '{response_body}: col',
  'left OR right',
  'NOT this',
  '-minus +plus',
  'back\\slash',
  '50%_off',
  "it's",
  '(paren)',
  'emoji 🎉 party',
  'a:b:c'
]

let harness: Harness
let appId: number
let hookA: number
let hookB: number
const rows: AttemptRow[] = []
const ids: number[] = []

beforeAll(async () => {
  harness = await startHarness({ deliver: false, clock: new ManualClock(NOW) })
  appId = (await harness.call('apps.list'))[0].id
  const hook = (name: string) =>
    harness.call('webhooks.create', {
      appId,
      name,
      url: `https://example.com/${name}`,
      events: ['product.updated'],
      active: false
    })
  hookA = (await hook('a')).id
  hookB = (await hook('b')).id
  const at = (minutesAgo: number) => NOW - minutesAgo * MINUTE
  rows.push(
    {
      appId,
      webhookId: hookA,
      requestBody: product(12, 'prd_Twelve', 'Sleeping Bag Deluxe'),
      responseBody: 'Stock level LOW for warehouse B7',
      responseStatus: 500
    },
    { appId, webhookId: hookA, requestBody: product(123, 'prd_onetwothree', 'Tent') },
    { appId, webhookId: hookB, requestBody: product(312, 'prd_312', 'Lamp') },
    {
      appId,
      webhookId: hookB,
      event: 'order.created',
      requestBody: product(7, 'prd_seven', 'Stove', ',"brand":{"id":12,"externalId":"brand_x"}'),
      responseBody: '{"error":"price 12 is stale"}',
      responseStatus: 422
    },
    { appId, webhookId: hookA, requestBody: product(99, '4711', 'Numeric external id') },
    ...HOSTILE.map((text, n) => ({
      appId,
      webhookId: n % 2 ? hookA : hookB,
      requestBody: product(1000 + n, `prd_hostile${n}`, `Hostile ${n}`),
      responseBody: text,
      responseStatus: n % 3 ? 200 : 503
    }))
  )
  // Times out of id order (a retry logged after a newer attempt), as a busy log has them.
  rows.forEach((row, n) => (row.createdAt = at(((n * 7) % rows.length) * 10)))
  ids.push(...(await insertAttempts(harness.core.db, rows)))
})

afterAll(() => harness.close())

async function readAll(query: Record<string, unknown>, limit = 2): Promise<number[]> {
  const found: LogSummaryDto[] = []
  let cursor: string | undefined
  for (let page = 0; page < 100; page++) {
    const result = await harness.call('logs.list', { appId, limit, cursor, ...query })
    found.push(...result.items)
    if (!result.nextCursor) return found.map((log) => log.id)
    cursor = result.nextCursor
  }
  throw new Error('pagination did not end')
}

/** The ids the reference picks, newest id first, as the log lists them. */
const expected = (keep: (row: AttemptRow) => boolean) =>
  ids.filter((_, n) => keep(rows[n])).sort((a, b) => b - a)

describe('searching the log through its index', () => {
  it('finds text anywhere in either body, inside words, in any ASCII case; 2 characters too', async () => {
    for (const text of ['ping bag del', 'LEVEL low', 'prd_', 'hostile1', 'B7', 'b7', '12'])
      expect(await readAll({ text }), text).toEqual(expected((row) => hasText(row, text)))
    expect(await readAll({ text: 'Bag Delux3' })).toEqual([])
  })

  it('matches a record exactly: its id or external id, embedded records too, never a longer number', async () => {
    const record = async (value: string) => readAll({ record: value })
    expect(await record('12')).toEqual([ids[3], ids[0]]) // product 12, and brand 12 inside product 7
    expect(await record('123')).toEqual([ids[1]])
    expect(await record('312')).toEqual([ids[2]])
    expect(await record('prd_Twelve')).toEqual([ids[0]])
    expect(await record('prd_twelve')).toEqual([]) // an external id is exact, case included
    expect(await record('prd_Twelv')).toEqual([])
    expect(await record('brand_x')).toEqual([ids[3]])
    expect(await record('4711')).toEqual([ids[4]]) // an operator's external id made of digits
    for (const value of ['x"y', 'a%b', 'prd_%', '\\', '" OR "1', 'NEAR(x)'])
      expect(await record(value), value).toEqual([])
  })

  it('takes hostile FTS syntax literally and answers it like any text', async () => {
    const operators = ['" OR "', '""', 'AND', 'OR', 'NOT', 'NEAR(', '**', 'request_body:', '{x}']
    const more = ['rowid', '%_', "''", '🎉 p', '"hi" AND', 'x"y', '\\s', ': c', '^c', '(p']
    for (const text of [...HOSTILE, ...operators, ...more]) {
      const found = await readAll({ text }, 50)
      expect(found, text).toEqual(expected((row) => hasText(row, text)))
    }
  })

  it('combines with the filters, a record, a time range and the cursor', async () => {
    const text = 'prd_'
    expect(await readAll({ text, status: 'failure' })).toEqual(
      expected((row) => hasText(row, text) && (row.responseStatus ?? 200) >= 300)
    )
    expect(await readAll({ text, webhookId: hookB })).toEqual(
      expected((row) => hasText(row, text) && row.webhookId === hookB)
    )
    expect(await readAll({ text, event: 'order.created' })).toEqual([ids[3]])
    expect(await readAll({ record: '12', text: 'stale' })).toEqual([ids[3]])
    expect(await readAll({ record: '12', text: 'b7' })).toEqual([ids[0]])
    for (const [fromAgo, toAgo] of [
      [60, 0],
      [95, 35],
      [200, 100],
      [1000, 150]
    ]) {
      const from = NOW - fromAgo * MINUTE
      const to = NOW - toAgo * MINUTE
      const range = { from: new Date(from).toISOString(), to: new Date(to).toISOString() }
      const inRange = (row: AttemptRow) => row.createdAt! >= from && row.createdAt! < to
      expect(await readAll(range), `${fromAgo}-${toAgo}`).toEqual(expected(inRange))
      expect(await readAll({ ...range, text, status: 'failure' })).toEqual(
        expected((row) => inRange(row) && hasText(row, text) && (row.responseStatus ?? 200) >= 300)
      )
    }
    const past = { from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z' }
    expect(await readAll({ ...past, text })).toEqual([])
    expect(await readAll({ text }, 1)).toEqual(await readAll({ text }, 50))
  })

  it('keeps other apps out', async () => {
    const other = await harness.call('apps.create', { name: 'Elsewhere' })
    await insertAttempts(harness.core.db, [
      { appId: other.id, webhookId: hookA, requestBody: product(12, 'prd_Twelve', 'Copy') }
    ])
    expect(await readAll({ record: 'prd_Twelve' })).toEqual([ids[0]])
    const theirs = await harness.call('logs.list', { appId: other.id, record: 'prd_Twelve' })
    expect(theirs.items).toHaveLength(1)
  })

  it('forgets what the retention pruner deletes or clears', async () => {
    const archive = await harness.call('apps.create', { name: 'Archive' })
    const day = 86_400_000
    const old = (text: string, daysAgo: number, responseStatus: number): AttemptRow => ({
      appId: archive.id,
      webhookId: hookA,
      requestBody: product(5000 + daysAgo, `prd_${text}`, text),
      responseStatus,
      createdAt: NOW - daysAgo * day
    })
    await insertAttempts(harness.core.db, [
      old('month-old', 40, 500),
      old('week-old-success', 8, 200),
      old('week-old-failure', 8, 500),
      old('yesterday', 1, 200)
    ])
    const find = async (query: Record<string, unknown>) =>
      (await harness.call('logs.list', { appId: archive.id, ...query })).items.length
    expect(await find({ text: 'old' })).toBe(3)
    const pruned = await harness.core.pruner.pruneOnce()
    expect(pruned).toMatchObject({ logsDeleted: 1, payloadsCleared: 1 })
    expect(await find({ text: 'month-old' })).toBe(0)
    expect(await find({ record: 'prd_month-old' })).toBe(0)
    expect(await find({ text: 'week-old-success' })).toBe(0)
    expect(await find({ record: 'prd_week-old-success' })).toBe(0)
    expect(await find({ text: 'week-old-failure' })).toBe(1)
    expect(await find({ record: 'prd_yesterday' })).toBe(1)
    expect(await find({ text: 'old' })).toBe(1)
  })

  it('refuses what it cannot search, naming the field', async () => {
    for (const [input, message] of [
      [{ text: 'a' }, 'text: must be at least 2 characters'],
      [{ text: 'nul\u0000byte' }, 'text: must not contain a NUL character'],
      [{ text: 'x'.repeat(201) }, 'text'],
      [{ record: '' }, 'record'],
      [{ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'to: must be after "from"']
    ] as const)
      for (const method of ['logs.list', 'logs.messages']) {
        const error = await harness.fail(method, { appId, ...input })
        expect(error.code, `${method} ${message}`).toBe('invalid_argument')
        expect(error.message, method).toContain(message)
      }
  })

  it.runIf(onPostgres)('has the pg_trgm indexes on both bodies on PostgreSQL', async () => {
    const indexes = await harness.core
      .db('pg_indexes')
      .where({ tablename: 'webhook_logs' })
      .pluck('indexname')
    expect(indexes).toEqual(
      expect.arrayContaining(['webhook_logs_request_body_trgm', 'webhook_logs_response_body_trgm'])
    )
  })

  it.skipIf(onPostgres)('keeps the SQLite index consistent with the log', async () => {
    await expect(
      harness.core.db.raw(
        `INSERT INTO webhook_logs_search (webhook_logs_search, rank) VALUES ('integrity-check', 1)`
      )
    ).resolves.toBeDefined()
  })
})
