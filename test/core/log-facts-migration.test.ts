import { join } from 'node:path'
import { expect, it } from 'vitest'
import { logWebhookLabel } from '@shared/log-webhook'
import { createKnex } from '../../src/main/core/db/knex-factory'
import { migrationSource } from '../../src/main/core/db/migration-source'
import { startHarness, tempDir } from '../support/core-harness'
import { killInsideMigration } from '../support/killed-migration'

const MIGRATION = '202612041700_add_log_webhook_facts'

/** A log row as the schema before the migration wrote it. */
function oldRow(appId: number, webhookId: number | null, externalId: string, n: number) {
  return {
    message_id: `msg_before${n}`,
    webhook_id: webhookId,
    webhook_external_id: externalId,
    app_id: appId,
    event: 'brand.created',
    url: 'http://127.0.0.1:9/hook',
    request_headers: '{}',
    request_body: '{}',
    response_status: 200,
    response_body: 'ok',
    response_body_truncated: false,
    response_time_ms: 5,
    attempt: 1,
    created_at: 1_764_000_000_000 + n
  }
}

// Runs on SQLite here and on PostgreSQL in the postgres project (the harness picks the database).
it('adds the log facts to a log with rows in it, surviving a kill in the middle of migrating', async () => {
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

  // Back to the schema before the migration, with attempts of a live and a deleted webhook.
  const old = createKnex(database)
  await old.migrate.down({ migrationSource, name: MIGRATION })
  expect(await old.schema.hasColumn('webhook_logs', 'webhook_name')).toBe(false)
  await old('webhook_logs').insert([
    oldRow(app.id, webhook.id, webhook.externalId, 1),
    oldRow(app.id, null, 'web_gone', 2)
  ])
  await old.destroy()

  await killInsideMigration(database, MIGRATION)
  const afterKill = createKnex(database)
  expect(await afterKill.schema.hasColumn('webhook_logs', 'webhook_name')).toBe(false)
  expect(await afterKill('knex_migrations').where({ name: MIGRATION }).first()).toBeUndefined()
  await afterKill.destroy()

  // The next start migrates to the end.
  const second = await startHarness({ dataDir, database: first.database, deliver: false })
  try {
    const { items } = await second.call('logs.list', { appId: app.id })
    const byMessage = new Map(items.map((log) => [log.messageId, log]))
    expect(byMessage.get('msg_before1')).toMatchObject({
      webhookName: 'Kept hook',
      disabledWebhook: null
    })
    // A webhook deleted before names were kept: its external id stands in for the name.
    const gone = byMessage.get('msg_before2')!
    expect(gone.webhookName).toBeNull()
    expect(logWebhookLabel(gone)).toBe('web_gone (deleted)')
    const detail = await second.call('logs.get', { id: gone.id })
    expect(detail).toMatchObject({ responseHeaders: null, responseHeadersOmitted: 0 })
  } finally {
    await second.close()
  }
})
