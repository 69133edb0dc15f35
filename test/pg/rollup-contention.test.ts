import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ApiMethod, ApiOutput } from '@shared/api-contract'
import { migrationSource } from '../../src/main/core/db/migration-source'
import { LogRepository, type NewLog } from '../../src/main/core/logs/log.repository'
import { startCore, type PimCore } from '../../src/main/core/pim-core'
import { sharedPgCluster, type PgCluster } from '../support/pg-shared'
import { tempDir } from '../support/core-harness'

// Several worker processes record attempts of the same hour, app and response time at once: the
// hourly rollups they all add to must not make one worker's group commit wait for another's.

let cluster: PgCluster
let core: PimCore
let appId: number
let webhookId: number
const logs = new LogRepository()
const HOUR = 3_600_000

async function call<M extends ApiMethod>(method: M, input: unknown): Promise<ApiOutput<M>> {
  const response = await core.call(method, input)
  if (!response.ok) throw new Error(`${method} failed: ${JSON.stringify(response.error)}`)
  return response.data as ApiOutput<M>
}

beforeAll(async () => {
  cluster = await sharedPgCluster()
  core = await startCore({
    dataDir: tempDir('pim-rollup-'),
    database: await cluster.createDatabase(),
    deliver: false
  })
  appId = (await call('apps.list', {}))[0].id
  webhookId = (
    await call('webhooks.create', {
      appId,
      url: 'https://receiver.example/hook',
      events: ['product.updated']
    })
  ).id
}, 60_000)

afterAll(async () => {
  await core?.close(0)
})

function attempt(n: number, status: number, responseTimeMs: number, at = Date.now()): NewLog {
  return {
    deliveryId: null,
    messageId: `msg_rollup_${n}_${Math.random()}`,
    webhookId,
    webhookExternalId: 'whk_rollup',
    appId,
    event: 'product.updated',
    url: 'https://receiver.example/hook',
    requestHeaders: {},
    requestBody: '{}',
    responseStatus: status,
    responseBody: '',
    responseBodyTruncated: false,
    responseTimeMs,
    errorClass: status >= 200 && status < 300 ? null : 'http_status',
    error: null,
    attempt: 1,
    revision: null,
    createdAt: at
  }
}

async function hourTotals(): Promise<{ succeeded: number; failed: number; rows: number }> {
  const [row] = await core
    .db('delivery_rollups')
    .where({ app_id: appId, hour: Math.floor(Date.now() / HOUR) })
    .sum({ succeeded: 'succeeded', failed: 'failed' })
    .count({ rows: '*' })
  return { succeeded: Number(row.succeeded), failed: Number(row.failed), rows: Number(row.rows) }
}

it('two open transactions record attempts of the same hour, app and response time without waiting for each other', async () => {
  const before = await hourTotals()
  const first = await core.db.transaction()
  const second = await core.db.transaction()
  try {
    await logs.insertMany(first, [attempt(1, 200, 7)])
    // With one rollup row per key this insert waits for `first` to commit: let it give up soon.
    await second.raw("SET LOCAL lock_timeout = '2s'")
    await logs.insertMany(second, [attempt(2, 200, 7), attempt(3, 500, 7)])
    await second.commit()
    await first.commit()
  } finally {
    if (!first.isCompleted()) await first.rollback()
    if (!second.isCompleted()) await second.rollback()
  }
  const after = await hourTotals()
  expect(after.succeeded - before.succeeded).toBe(2)
  expect(after.failed - before.failed).toBe(1)
})

it('counts every row of a many-row insert once, whatever the shards, as the dashboard reads them', async () => {
  const before = await call('stats.deliveries', { appId, hours: 1 })
  const batch = Array.from({ length: 120 }, (_, n) =>
    attempt(100 + n, n % 4 === 0 ? 503 : 200, 5 + (n % 3))
  )
  await Promise.all(
    [0, 1, 2].map((part) =>
      core.db.transaction((trx) => logs.insertMany(trx, batch.slice(part * 40, part * 40 + 40)))
    )
  )
  const after = await call('stats.deliveries', { appId, hours: 1 })
  expect(after.succeeded - before.succeeded).toBe(90)
  expect(after.failed - before.failed).toBe(30)
  const logged = await core.db('webhook_logs').where({ app_id: appId }).count({ n: '*' })
  expect(after.succeeded + after.failed).toBe(Number(logged[0].n))
})

it('rolling the migration back folds the shards into one row per key, counts intact', async () => {
  const before = await hourTotals()
  expect(before.rows).toBeGreaterThan(1)
  // By name: later migrations (the log's new columns) stay, as the insert below needs them.
  await core.db.migrate.down({ migrationSource, name: '202612021300_spread_rollups_on_postgres' })
  try {
    const folded = await hourTotals()
    expect(folded.succeeded).toBe(before.succeeded)
    expect(folded.failed).toBe(before.failed)
    const keys = await core
      .db('delivery_rollups')
      .where({ app_id: appId, hour: Math.floor(Date.now() / HOUR) })
      .countDistinct({ n: 'response_ms' })
    expect(folded.rows).toBe(Number(keys[0].n))
    // The row trigger is back and still counts.
    await logs.insertMany(core.db, [attempt(999, 200, 7)])
    expect((await hourTotals()).succeeded).toBe(before.succeeded + 1)
  } finally {
    await core.db.migrate.latest({ migrationSource })
  }
})
