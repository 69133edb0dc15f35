import { join } from 'node:path'
import { expect, it } from 'vitest'
import { createKnex } from '../../src/main/core/db/knex-factory'
import { migrationSource } from '../../src/main/core/db/migration-source'
import { startHarness, tempDir } from '../support/core-harness'
import { killInsideMigration } from '../support/killed-migration'

const MIGRATION = '202612061000_add_webhook_headers'

// Runs on SQLite here and on PostgreSQL in the postgres project (the harness picks the database).
it('adds webhook headers to a database with webhooks, surviving a kill in the middle', async () => {
  const dataDir = tempDir()
  const first = await startHarness({ dataDir, deliver: false })
  const database = first.database ?? join(dataDir, 'pim.sqlite')
  const [app] = await first.call('apps.list')
  const webhook = await first.call('webhooks.create', {
    appId: app.id,
    name: 'Kept hook',
    url: 'http://127.0.0.1:9/hook',
    events: ['brand.created'],
    retrySchedule: [5, 60]
  })
  await first.close()

  // Back to the schema before the migration: `down` drops the column in place, rows kept.
  const old = createKnex(database)
  await old.migrate.down({ migrationSource, name: MIGRATION })
  expect(await old.schema.hasColumn('webhooks', 'headers')).toBe(false)
  expect(await old('webhooks').count({ count: '*' })).toEqual([{ count: 1 }])
  await old('webhooks').insert({
    external_id: 'web_from_before',
    app_id: app.id,
    name: 'Added before',
    url: 'http://127.0.0.1:9/other',
    active: true,
    secret: webhook.secret,
    secret_hint: webhook.secretHint,
    created_at: Date.now(),
    updated_at: Date.now()
  })
  await old.destroy()

  await killInsideMigration(database, MIGRATION)
  const afterKill = createKnex(database)
  expect(await afterKill.schema.hasColumn('webhooks', 'headers')).toBe(false)
  expect(await afterKill('knex_migrations').where({ name: MIGRATION }).first()).toBeUndefined()
  await afterKill.destroy()

  // The next start migrates to the end: old webhooks have no headers and can be given some.
  const second = await startHarness({ dataDir, database: first.database, deliver: false })
  try {
    expect(await second.core.db.schema.hasColumn('webhooks', 'headers')).toBe(true)
    const listed = await second.call('webhooks.list', { appId: app.id })
    expect(listed.map((w) => [w.name, w.headers, w.retrySchedule])).toEqual([
      ['Kept hook', [], [5, 60]],
      ['Added before', [], null]
    ])
    const updated = await second.call('webhooks.update', {
      id: webhook.id,
      headers: [{ name: 'X-Api-Key', value: 'a-long-api-key-9876', secret: true }]
    })
    expect(updated.headers).toEqual([
      { name: 'X-Api-Key', value: null, secret: true, hint: '9876' }
    ])
    expect(updated.secretHint).toBe(webhook.secretHint)
  } finally {
    await second.close()
  }
})
