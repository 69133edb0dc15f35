import { join } from 'node:path'
import { expect, it } from 'vitest'
import type { Knex } from 'knex'
import { createKnex } from '../../src/main/core/db/knex-factory'
import { migrationSource } from '../../src/main/core/db/migration-source'
import { startHarness, tempDir } from '../support/core-harness'
import { killInsideMigration } from '../support/killed-migration'

const MIGRATION = '202612071000_add_backfills'

async function schemaState(db: Knex) {
  return {
    table: await db.schema.hasTable('backfills'),
    column: await db.schema.hasColumn('deliveries', 'backfill_id')
  }
}

// Runs on SQLite here and on PostgreSQL in the postgres project (the harness picks the database).
it('adds backfills to a database with queued deliveries, surviving a kill in the middle', async () => {
  const dataDir = tempDir()
  const first = await startHarness({ dataDir, deliver: false })
  const database = first.database ?? join(dataDir, 'pim.sqlite')
  const [app] = await first.call('apps.list')
  const webhook = await first.call('webhooks.create', {
    appId: app.id,
    url: 'http://127.0.0.1:9/hook',
    events: ['brand.created', 'brand.updated']
  })
  await first.call('entities.create', { type: 'brand', data: { name: 'Queued' } })
  await first.close()

  // Back to the schema before backfills, with the save's delivery still waiting.
  const old = createKnex(database)
  await old.migrate.down({ migrationSource, name: MIGRATION })
  expect(await schemaState(old)).toEqual({ table: false, column: false })
  expect(await old('deliveries').where({ status: 'pending' })).toHaveLength(1)
  await old.destroy()

  await killInsideMigration(database, MIGRATION)
  const afterKill = createKnex(database)
  expect(await schemaState(afterKill)).toEqual({ table: false, column: false })
  expect(await afterKill('knex_migrations').where({ name: MIGRATION }).first()).toBeUndefined()
  await afterKill.destroy()

  // The next start migrates to the end: the waiting delivery is a live row, and a backfill runs.
  const second = await startHarness({ dataDir, database: first.database, deliver: false })
  try {
    const db = second.core.db
    expect(await schemaState(db)).toEqual({ table: true, column: true })
    const [queued] = await db('deliveries').where({ status: 'pending' })
    expect(queued.backfill_id).toBeNull()
    const started = await second.call('backfills.start', {
      webhookId: webhook.id,
      types: ['brand']
    })
    expect(started).toMatchObject({ state: 'running', total: 1, fed: 0 })
    // One open backfill per webhook, held by the partial unique index too.
    await expect(
      db('backfills').insert({
        external_id: 'bkf_second',
        webhook_id: webhook.id,
        types: '["brand"]',
        match: 'all',
        state: 'paused',
        cursors: '{}',
        until: '{}',
        created_at: 1,
        updated_at: 1
      })
    ).rejects.toThrow()
    // A backfill goes with its webhook.
    await second.call('webhooks.bulk', { ids: [webhook.id], action: 'delete' })
    expect(await db('backfills').where({ id: started.id })).toHaveLength(0)
  } finally {
    await second.close()
  }
})
