import type { Knex } from 'knex'

/**
 * Flow controls per webhook (issue 21): a rate limit, a hold, and delivery in order per record.
 * - `webhooks.rate_per_second` / `max_in_flight`: the limits, null when unlimited.
 *   `webhook_send_slots` holds a limited webhook's state, shared by every worker on the database:
 *   the earliest time its next delivery may leave (see delivery/limited-claims.ts). A table of its
 *   own, so a worker locking it (PostgreSQL) never waits for, or blocks, an edit of the webhook.
 * - `webhooks.held_since`: set while the operator holds the webhook; its deliveries queue but
 *   are not sent. Distinct from `active`, which stops new deliveries being queued at all.
 * - `webhooks.ordered` and `deliveries.order_key` (`type:id` of the record, set only on rows of
 *   webhooks that deliver in order): a row is claimed only once no earlier row with its key is
 *   unfinished. The index is partial, so rows of other webhooks never enter it.
 * - `events.record_key`: the record an event is about, so the worker can key the rows it writes
 *   from a save's list of webhooks. Null on events saved before this migration.
 * Columns are added in place on both databases; knex's migration transaction makes it all or
 * nothing, so a process killed midway leaves the previous schema.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('webhooks', (table) => {
    table.double('rate_per_second').nullable()
    table.integer('max_in_flight').nullable()
    table.bigInteger('held_since').nullable()
    table.boolean('ordered').notNullable().defaultTo(false)
  })
  await db.schema.createTable('webhook_send_slots', (table) => {
    table.integer('webhook_id').primary().references('webhooks.id').onDelete('CASCADE')
    table.bigInteger('send_not_before').notNullable()
  })
  await db.schema.alterTable('deliveries', (table) => {
    table.string('order_key', 120).nullable()
  })
  await db.schema.alterTable('events', (table) => {
    table.string('record_key', 120).nullable()
  })
  await db.raw(
    `CREATE INDEX deliveries_order_key_index ON deliveries (webhook_id, order_key, event_id)
     WHERE order_key IS NOT NULL`
  )
}

/**
 * Drops the controls in place (knex's SQLite dropColumn would rebuild the tables). Held rows
 * become ordinary pending rows and are sent by the previous release: nothing queued is lost.
 */
export async function down(db: Knex): Promise<void> {
  await db.raw('DROP INDEX deliveries_order_key_index')
  await db.schema.dropTable('webhook_send_slots')
  await db.raw('ALTER TABLE events DROP COLUMN record_key')
  await db.raw('ALTER TABLE deliveries DROP COLUMN order_key')
  for (const column of ['ordered', 'held_since', 'max_in_flight', 'rate_per_second'])
    await db.raw(`ALTER TABLE webhooks DROP COLUMN ${column}`)
}
