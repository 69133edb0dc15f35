import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createKnex } from '../../src/main/core/db/knex-factory'
import { migrationSource } from '../../src/main/core/db/migration-source'
import { startHarness, tempDir } from '../support/core-harness'
import { killInsideMigration } from '../support/killed-migration'
import { queuedDeliveries } from '../support/queued-fan-outs'
import { receiverWith } from '../support/semantics-rig'
import { INLINE_FAN_OUT } from '../../src/main/core/delivery/fan-out'

const MIGRATION = '202612050800_add_event_fan_out'
const DAY_MS = 86_400_000

// Runs on SQLite here and on PostgreSQL in the postgres project (the harness picks the database).
describe('saves store their fan-out; the worker writes the outbox rows', () => {
  it('a save writes one event row however many webhooks match; each gets its delivery', async () => {
    const dataDir = tempDir()
    const saving = await startHarness({ dataDir, deliver: false })
    const receiver = await receiverWith()
    const [app] = await saving.call('apps.list')
    for (let n = 0; n < 5; n++) {
      const webhook = await saving.call('webhooks.create', {
        appId: app.id,
        url: receiver.url,
        events: ['brand.created']
      })
      receiver.secrets.push(webhook.secret)
    }
    await saving.call('entities.create', { type: 'brand', data: { name: 'Fan' } })
    // Committed with the save: its event and the five webhooks it goes to; no outbox row yet.
    expect(await saving.core.db('deliveries').count({ n: '*' })).toEqual([{ n: 0 }])
    expect(await queuedDeliveries(saving.core.db)).toBe(5)
    // The pruner keeps an event whose deliveries are not written yet, however old.
    await saving.core.db('events').update({ created_at: Date.now() - 400 * DAY_MS })
    await saving.core.pruner.pruneOnce()
    expect(await queuedDeliveries(saving.core.db)).toBe(5)
    await saving.close()

    // The next start with a worker queues and sends them, each once and signed.
    const sending = await startHarness({ dataDir, database: saving.database })
    try {
      const requests = await receiver.waitFor(5)
      expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(5)
      expect(requests.every((r) => r.standardSignatureValid)).toBe(true)
      expect(JSON.parse(requests[0].body)).toMatchObject({ event: 'brand.created' })
      await expect
        .poll(async () => sending.core.db('events').whereNotNull('fan_out').count({ n: '*' }))
        .toEqual([{ n: 0 }])
    } finally {
      await sending.close()
    }
  })

  it('a save with few webhooks writes their outbox rows itself', async () => {
    const saving = await startHarness({ deliver: false })
    const receiver = await receiverWith()
    const [app] = await saving.call('apps.list')
    for (let n = 0; n < INLINE_FAN_OUT; n++)
      await saving.call('webhooks.create', {
        appId: app.id,
        url: receiver.url,
        events: ['brand.created']
      })
    await saving.call('entities.create', { type: 'brand', data: { name: 'Few' } })
    try {
      expect(await saving.core.db('deliveries').pluck('status')).toEqual(
        Array(INLINE_FAN_OUT).fill('pending')
      )
      expect(await saving.core.db('events').whereNotNull('fan_out').count({ n: '*' })).toEqual([
        { n: 0 }
      ])
    } finally {
      await saving.close()
    }
  })

  it('a webhook deleted before its row was written gets nothing; the others are sent', async () => {
    const dataDir = tempDir()
    const saving = await startHarness({ dataDir, deliver: false })
    const receiver = await receiverWith()
    const [app] = await saving.call('apps.list')
    const hooks = []
    // More webhooks than a save writes rows for itself: the worker writes them.
    for (let n = 0; n <= INLINE_FAN_OUT; n++) {
      const webhook = await saving.call('webhooks.create', {
        appId: app.id,
        url: receiver.url,
        events: ['brand.created']
      })
      receiver.secrets.push(webhook.secret)
      hooks.push(webhook)
    }
    await saving.call('entities.create', { type: 'brand', data: { name: 'Half' } })
    const [gone, ...kept] = hooks
    await saving.call('webhooks.bulk', { ids: [gone.id], action: 'delete' })
    await saving.close()

    const sending = await startHarness({ dataDir, database: saving.database })
    try {
      await receiver.waitFor(kept.length)
      await expect
        .poll(async () => sending.core.db('deliveries').orderBy('webhook_id').pluck('webhook_id'))
        .toEqual(kept.map((webhook) => webhook.id))
      await expect
        .poll(async () => sending.core.db('deliveries').distinct().pluck('status'))
        .toEqual(['succeeded'])
      expect(receiver.requests).toHaveLength(kept.length)
    } finally {
      await sending.close()
    }
  })

  it('upgrades a data folder with queued deliveries, surviving a kill in the middle', async () => {
    const dataDir = tempDir()
    const first = await startHarness({ dataDir, deliver: false })
    const database = first.database ?? join(dataDir, 'pim.sqlite')
    const receiver = await receiverWith()
    const [app] = await first.call('apps.list')
    const webhooks = INLINE_FAN_OUT + 1
    for (let n = 0; n < webhooks; n++) {
      const webhook = await first.call('webhooks.create', {
        appId: app.id,
        url: receiver.url,
        events: ['brand.created']
      })
      receiver.secrets.push(webhook.secret)
    }
    for (const name of ['Before one', 'Before two'])
      await first.call('entities.create', { type: 'brand', data: { name } })
    await first.close()

    // Back to the previous release's schema: the waiting fan-outs become its outbox rows.
    const old = createKnex(database)
    await old.migrate.down({ migrationSource, name: MIGRATION })
    expect(await old.schema.hasColumn('events', 'fan_out')).toBe(false)
    const before = await old('deliveries').orderBy('id').select('message_id', 'status')
    expect(before.map((row) => row.status)).toEqual(Array(2 * webhooks).fill('pending'))
    await old.destroy()

    await killInsideMigration(database, MIGRATION)
    const afterKill = createKnex(database)
    expect(await afterKill.schema.hasColumn('events', 'fan_out')).toBe(false)
    expect(await afterKill('knex_migrations').where({ name: MIGRATION }).first()).toBeUndefined()
    await afterKill.destroy()

    // The next start migrates to the end and sends the queued rows with their own webhook-ids.
    const second = await startHarness({ dataDir, database: first.database })
    try {
      await receiver.waitFor(2 * webhooks)
      const sent = receiver.requests.map((r) => r.headers['webhook-id']).sort()
      expect(sent).toEqual(before.map((row) => row.message_id).sort())
      expect(receiver.requests.every((r) => r.standardSignatureValid)).toBe(true)
      // A save after the upgrade takes the new path and is delivered too.
      await second.call('entities.create', { type: 'brand', data: { name: 'After' } })
      await receiver.waitFor(3 * webhooks)
    } finally {
      await second.close()
    }
  })
})
