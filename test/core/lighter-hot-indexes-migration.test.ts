import { join } from 'node:path'
import { expect, it } from 'vitest'
import type { Knex } from 'knex'
import { createKnex, dialectOf } from '../../src/main/core/db/knex-factory'
import { migrationSource } from '../../src/main/core/db/migration-source'
import { startHarness, tempDir } from '../support/core-harness'
import { killInsideMigration } from '../support/killed-migration'

const MIGRATION = '202612050900_lighter_hot_indexes'
const DAY_MS = 86_400_000

const OLD_INDEXES = [
  'deliveries_webhook_id_index',
  'deliveries_replay_batch_index',
  'deliveries_status_updated_at_index'
]
const NEW_INDEXES = ['deliveries_replay_batch_index', 'deliveries_finished_status_updated_at_index']

/** The outbox's indexes by name, each with its definition. */
async function outboxIndexes(db: Knex): Promise<Map<string, string>> {
  const rows: Array<{ name: string; sql: string | null }> =
    dialectOf(db) === 'postgres'
      ? (
          await db.raw(
            "SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE tablename = 'deliveries'"
          )
        ).rows
      : await db('sqlite_master')
          .where({ type: 'index', tbl_name: 'deliveries' })
          .select('name', 'sql')
  return new Map(rows.map((row) => [row.name, String(row.sql ?? '')]))
}

// Runs on SQLite here and on PostgreSQL in the postgres project (the harness picks the database).
it('reshapes the outbox indexes of a database with rows, surviving a kill in the middle', async () => {
  const dataDir = tempDir()
  const first = await startHarness({ dataDir, deliver: false })
  const database = first.database ?? join(dataDir, 'pim.sqlite')
  const [app] = await first.call('apps.list')
  const webhook = await first.call('webhooks.create', {
    appId: app.id,
    name: 'Kept hook',
    url: 'http://127.0.0.1:9/hook',
    events: ['brand.created']
  })
  await first.close()

  // Back to the schema before the migration, with finished rows past the retention, rows in
  // flight and a replay batch.
  const old = createKnex(database)
  await old.migrate.down({ migrationSource, name: MIGRATION })
  const before = await outboxIndexes(old)
  for (const name of OLD_INDEXES) expect(before.has(name), name).toBe(true)
  expect(before.get('deliveries_replay_batch_index')).not.toMatch(/WHERE/i)
  const now = Date.now()
  const long = now - 60 * DAY_MS
  const [{ id: eventId }] = await old('events')
    .insert({
      name: 'brand.created',
      body_head: '{"type":"brand.created",',
      body_tail: '"data":{}}',
      apps: '{}',
      occurred_at: long,
      created_at: long
    })
    .returning('id')
  const delivery = (
    n: number,
    status: string,
    at: number,
    extra: Record<string, unknown> = {}
  ) => ({
    message_id: `msg_idx${n}`,
    webhook_id: webhook.id,
    app_id: app.id,
    event: 'brand.created',
    event_id: eventId,
    status,
    attempts: status === 'pending' ? 0 : 1,
    next_attempt_at: at,
    created_at: at,
    updated_at: at,
    ...extra
  })
  await old('deliveries').insert([
    delivery(1, 'succeeded', long),
    delivery(2, 'failed', long),
    delivery(3, 'succeeded', now),
    delivery(4, 'pending', now),
    delivery(5, 'succeeded', now, { replay_batch: 'rpl_kept' }),
    delivery(6, 'failed', now, { replay_batch: 'rpl_kept' }),
    delivery(7, 'pending', now, {
      replay_batch: 'rpl_kept',
      attempts: 1,
      next_attempt_at: now + 60_000
    }),
    delivery(8, 'pending', now, { replay_batch: 'rpl_kept' })
  ])
  const ids = new Map(
    (await old('deliveries').select('id', 'message_id')).map((row) => [
      String(row.message_id),
      Number(row.id)
    ])
  )
  const log = (n: number, at: number) => ({
    delivery_id: ids.get(`msg_idx${n}`),
    message_id: `msg_idx${n}`,
    webhook_id: webhook.id,
    webhook_external_id: webhook.externalId,
    webhook_name: 'Kept hook',
    app_id: app.id,
    event: 'brand.created',
    url: 'http://127.0.0.1:9/hook',
    request_headers: '{}',
    request_body: '{}',
    response_status: 200,
    response_body: 'ok',
    response_body_truncated: false,
    response_time_ms: 5,
    attempt: 1,
    created_at: at
  })
  await old('webhook_logs').insert([log(1, long), log(3, now)])
  await old.destroy()

  await killInsideMigration(database, MIGRATION)
  const afterKill = createKnex(database)
  const killed = await outboxIndexes(afterKill)
  for (const name of OLD_INDEXES) expect(killed.has(name), name).toBe(true)
  expect(killed.has('deliveries_finished_status_updated_at_index')).toBe(false)
  expect(await afterKill('knex_migrations').where({ name: MIGRATION }).first()).toBeUndefined()
  await afterKill.destroy()

  // The next start migrates to the end; the rows and what reads them are as before.
  const second = await startHarness({ dataDir, database: first.database, deliver: false })
  try {
    const after = await outboxIndexes(second.core.db)
    for (const name of NEW_INDEXES) expect(after.has(name), name).toBe(true)
    expect(after.has('deliveries_webhook_id_index')).toBe(false)
    expect(after.has('deliveries_status_updated_at_index')).toBe(false)
    expect(after.get('deliveries_replay_batch_index')).toMatch(/WHERE.*replay_batch IS NOT NULL/i)
    expect(await second.core.db('deliveries').count({ count: '*' })).toEqual([{ count: 8 }])

    expect(await second.call('webhooks.replayProgress', { batchId: 'rpl_kept' })).toEqual({
      batchId: 'rpl_kept',
      total: 4,
      succeeded: 1,
      failed: 1,
      retrying: 1,
      pending: 1,
      nextRetryAt: new Date(now + 60_000).toISOString(),
      finished: false,
      webhookActive: true
    })
    const health = await second.call('webhooks.get', { id: webhook.id })
    expect(health.health).toMatchObject({ pendingRetries: 1 })

    // Pruning takes the two finished rows past the retention (and the old attempt), nothing else.
    const pruned = await second.core.pruner.pruneOnce()
    expect(pruned).toMatchObject({ logsDeleted: 1, deliveriesDeleted: 2 })
    const left = await second.core.db('deliveries').orderBy('id').pluck('message_id')
    expect(left).toEqual(['msg_idx3', 'msg_idx4', 'msg_idx5', 'msg_idx6', 'msg_idx7', 'msg_idx8'])
    const { items } = await second.call('logs.list', { appId: app.id })
    expect(items.map((item) => item.messageId)).toEqual(['msg_idx3'])
  } finally {
    await second.close()
  }
})
