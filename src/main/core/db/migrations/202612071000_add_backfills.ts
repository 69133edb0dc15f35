import type { Knex } from 'knex'

/**
 * Backfills (issue 23): "Send current state…" sends every chosen record to one webhook.
 * - `backfills`: one row per backfill, deleted with its webhook. `types` (JSON list of record
 *   types), `match` (`all`, `search`, `conditions`) and `search`; `state`; `cursors` (JSON: per
 *   type the last record id fed) and `until` (JSON: per type the largest id when it started, so
 *   records created later are live changes only); the counts `total`, `fed`, `delivered`,
 *   `failed`. A partial unique index keeps one open (running or paused) backfill per webhook,
 *   also between two processes on one PostgreSQL.
 * - `deliveries.backfill_id`: set on a backfill's outbox rows only. Its index is partial
 *   (`WHERE backfill_id IS NOT NULL`), so live rows never enter it and the claim, the finish and
 *   every live insert cost what they did. No foreign key: one would need a full index on the
 *   column, which every live row would enter; the rows go with their webhook anyway (cascade),
 *   and a backfill is deleted only with its webhook.
 * New table, a nullable column and two indexes; knex's migration transaction makes it all or
 * nothing, so a process killed midway leaves the previous schema.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('backfills', (table) => {
    table.increments('id')
    table.string('external_id', 40).notNullable().unique()
    table.integer('webhook_id').notNullable().references('webhooks.id').onDelete('CASCADE')
    table.text('types').notNullable()
    table.string('match', 16).notNullable()
    table.string('search', 200).nullable()
    table.string('state', 16).notNullable()
    table.string('reason', 500).nullable()
    table.text('cursors').notNullable()
    table.text('until').notNullable()
    table.integer('total').notNullable().defaultTo(0)
    table.integer('fed').notNullable().defaultTo(0)
    table.integer('delivered').notNullable().defaultTo(0)
    table.integer('failed').notNullable().defaultTo(0)
    table.bigInteger('created_at').notNullable()
    table.bigInteger('updated_at').notNullable()
    table.bigInteger('finished_at').nullable()
    table.index(['webhook_id', 'id'])
    table.index(['state'])
  })
  await db.raw(
    `CREATE UNIQUE INDEX backfills_open_per_webhook ON backfills (webhook_id)
     WHERE state IN ('running', 'paused')`
  )
  await db.schema.alterTable('deliveries', (table) => {
    table.integer('backfill_id').nullable()
  })
  await db.raw(
    `CREATE INDEX deliveries_backfill_index ON deliveries (backfill_id, status)
     WHERE backfill_id IS NOT NULL`
  )
}

/** In place (knex's SQLite dropColumn would rebuild the outbox): queued rows stay and are sent. */
export async function down(db: Knex): Promise<void> {
  await db.raw('DROP INDEX deliveries_backfill_index')
  await db.raw('ALTER TABLE deliveries DROP COLUMN backfill_id')
  await db.schema.dropTable('backfills')
}
