import { join } from 'node:path'
import { expect, it } from 'vitest'
import type { Knex } from 'knex'
import type { WebhookDto } from '@shared/dto'
import { createKnex } from '../../src/main/core/db/knex-factory'
import { migrationSource } from '../../src/main/core/db/migration-source'
import { startHarness, tempDir } from '../support/core-harness'
import { killInsideMigration } from '../support/killed-migration'
import { receiverWith } from '../support/semantics-rig'

const MIGRATION = '202612060900_add_flow_controls'

async function hasColumn(db: Knex, table: string, column: string): Promise<boolean> {
  return db.schema.hasColumn(table, column)
}

// Runs on SQLite here and on PostgreSQL in the postgres project (the harness picks the database).
it('adds flow controls to a database with queued deliveries, surviving a kill in the middle', async () => {
  const receiver = await receiverWith()
  const dataDir = tempDir()
  const first = await startHarness({ dataDir, deliver: false })
  const database = first.database ?? join(dataDir, 'pim.sqlite')
  const [app] = await first.call('apps.list')
  const webhook = await first.call('webhooks.create', {
    appId: app.id,
    url: receiver.url,
    events: ['brand.created']
  })
  receiver.secrets.push(webhook.secret)
  await first.close()

  // The previous release's schema, with deliveries its saves queued and not yet sent.
  const old = createKnex(database)
  await old.migrate.down({ migrationSource, name: MIGRATION })
  expect(await hasColumn(old, 'webhooks', 'held_since')).toBe(false)
  await old.destroy()
  const previous = await startHarness({ dataDir, database: first.database, deliver: false })
  // The harness migrates to the latest schema on start: step back again after saving.
  for (let n = 0; n < 3; n++)
    await previous.call('entities.create', { type: 'brand', data: { name: `Queued ${n}` } })
  await previous.close()
  const back = createKnex(database)
  await back.migrate.down({ migrationSource, name: MIGRATION })
  expect(await back('deliveries').where('status', 'pending').count({ n: '*' })).toEqual([{ n: 3 }])
  await back.destroy()

  await killInsideMigration(database, MIGRATION)
  const afterKill = createKnex(database)
  expect(await hasColumn(afterKill, 'webhooks', 'held_since')).toBe(false)
  expect(await hasColumn(afterKill, 'deliveries', 'order_key')).toBe(false)
  expect(await afterKill.schema.hasTable('webhook_send_slots')).toBe(false)
  expect(await afterKill('knex_migrations').where({ name: MIGRATION }).first()).toBeUndefined()
  await afterKill.destroy()

  // The next start migrates; the queued deliveries go out and the webhook is unlimited.
  const second = await startHarness({ dataDir, database: first.database })
  try {
    const requests = await receiver.waitFor(3)
    expect(requests.every((request) => request.standardSignatureValid)).toBe(true)
    const after: WebhookDto = await second.call('webhooks.get', { id: webhook.id })
    expect(after).toMatchObject({
      ratePerSecond: null,
      maxInFlight: null,
      orderedPerRecord: false,
      heldSince: null
    })
    // Held rows survive a downgrade as ordinary pending rows.
    await second.call('webhooks.hold', { id: webhook.id })
    await second.call('entities.create', { type: 'brand', data: { name: 'Held over' } })
  } finally {
    await second.close()
  }
  const down = createKnex(database)
  await down.migrate.down({ migrationSource, name: MIGRATION })
  expect(await down('deliveries').where('status', 'pending').count({ n: '*' })).toEqual([{ n: 1 }])
  expect(await hasColumn(down, 'webhooks', 'held_since')).toBe(false)
  await down.destroy()
})
