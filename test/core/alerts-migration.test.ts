import { join } from 'node:path'
import { expect, it } from 'vitest'
import type { Knex } from 'knex'
import { createKnex } from '../../src/main/core/db/knex-factory'
import { migrationSource } from '../../src/main/core/db/migration-source'
import { startHarness, tempDir } from '../support/core-harness'
import { killInsideMigration } from '../support/killed-migration'

const MIGRATION = '202612061100_add_alerts'
const TABLES = ['alert_settings', 'alert_states', 'alerts']

async function tablesPresent(db: Knex): Promise<string[]> {
  const present: string[] = []
  for (const table of TABLES) if (await db.schema.hasTable(table)) present.push(table)
  return present
}

// Runs on SQLite here and on PostgreSQL in the postgres project (the harness picks the database).
it('adds the alert tables to a database with webhooks, surviving a kill in the middle', async () => {
  const dataDir = tempDir()
  const first = await startHarness({ dataDir, deliver: false })
  const database = first.database ?? join(dataDir, 'pim.sqlite')
  const [app] = await first.call('apps.list')
  const webhook = await first.call('webhooks.create', {
    appId: app.id,
    name: 'Gone hook',
    url: 'http://127.0.0.1:9/hook',
    events: ['brand.created']
  })
  await first.close()

  // Back to the schema before alerts, where the webhook was switched off by a 410 Gone.
  const old = createKnex(database)
  await old.migrate.down({ migrationSource, name: MIGRATION })
  expect(await tablesPresent(old)).toEqual([])
  await old('webhooks')
    .where({ id: webhook.id })
    .update({ active: false, disabled_reason: 'The receiver answered 410 Gone.', disabled_at: 1 })
  await old.destroy()

  await killInsideMigration(database, MIGRATION)
  const afterKill = createKnex(database)
  expect(await tablesPresent(afterKill)).toEqual([])
  expect(await afterKill('knex_migrations').where({ name: MIGRATION }).first()).toBeUndefined()
  await afterKill.destroy()

  // The next start migrates to the end: defaults for every app, and the old disable is alerted.
  const second = await startHarness({ dataDir, database: first.database, deliver: false })
  try {
    expect(await tablesPresent(second.core.db)).toEqual(TABLES)
    expect(await second.call('alerts.settings', { appId: app.id })).toEqual({
      appId: app.id,
      enabled: true,
      webhookUrl: null,
      secretHint: null,
      heldThresholdMinutes: 60,
      quietPeriodMinutes: 30
    })
    await second.core.alerts.checkNow()
    const { items } = await second.call('alerts.list', { appId: app.id })
    expect(items).toMatchObject([
      { webhookId: webhook.id, kind: 'disabled', state: 'raised', webhookName: 'Gone hook' }
    ])
    expect(items[0].text).toContain('410 Gone')

    // An app's settings and alerts go with it.
    const added = await second.call('apps.create', { name: 'Short-lived' })
    await second.call('alerts.updateSettings', { appId: added.id, quietPeriodMinutes: 5 })
    expect(await second.core.db('alert_settings').where({ app_id: added.id })).toHaveLength(1)
    await second.call('apps.delete', { id: added.id })
    expect(await second.core.db('alert_settings').where({ app_id: added.id })).toHaveLength(0)
  } finally {
    await second.close()
  }
})
