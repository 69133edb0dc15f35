import type { Knex } from 'knex'
import { externalId } from '../../support/ids'

/**
 * Saves that do not wait for their fan-out (issue 20): a save stores its event once with the
 * webhooks it goes to (`fan_out`, JSON `[[webhookId, appId, matched], ...]`) and the worker
 * writes the outbox rows in its next group commit, then clears the column. A save with 50
 * matching webhooks writes one row instead of 51, and its cost no longer grows with them.
 * Events queued before this migration already have their outbox rows: the column is null.
 * The partial index holds only events still waiting, so finding them costs nothing at rest.
 * Runs in knex's migration transaction, so a process killed midway leaves the old schema.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('events', (table) => {
    table.text('fan_out').nullable()
  })
  await db.raw('CREATE INDEX events_fan_out_index ON events (id) WHERE fan_out IS NOT NULL')
}

/**
 * Writes the outbox rows of events still waiting (the previous release knows no other way to
 * send them), then drops the column (in place on both databases: knex's SQLite dropColumn would
 * rebuild the table).
 */
export async function down(db: Knex): Promise<void> {
  const waiting: Array<{ id: number; name: string; fan_out: string; occurred_at: number }> =
    await db('events').whereNotNull('fan_out').select('id', 'name', 'fan_out', 'occurred_at')
  for (const event of waiting) {
    const recipients = JSON.parse(event.fan_out) as Array<[number, number, string | null]>
    const at = Number(event.occurred_at)
    // A webhook deleted since gets nothing, as its rows would have gone with it.
    for (const [webhookId, appId, matched] of recipients)
      await db.raw(
        `INSERT INTO deliveries (message_id, webhook_id, app_id, event, event_id, matched, status,
           attempts, next_attempt_at, created_at, updated_at)
         SELECT ?, id, ?, ?, ?, ?, 'pending', 0, ?, ?, ? FROM webhooks WHERE id = ?`,
        [externalId('msg'), appId, event.name, event.id, matched, at, at, at, webhookId]
      )
  }
  await db.raw('DROP INDEX events_fan_out_index')
  await db.raw('ALTER TABLE events DROP COLUMN fan_out')
}
