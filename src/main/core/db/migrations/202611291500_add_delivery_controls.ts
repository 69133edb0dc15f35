import type { Knex } from 'knex'

/**
 * Per-webhook retry schedules and failure streaks (for auto-disable), replay batches on the
 * outbox, and a key/value table for operator settings (timeouts, guard, retention).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('webhooks', (table) => {
    table.text('retry_schedule')
    table.integer('failure_streak').notNullable().defaultTo(0)
    table.bigInteger('failing_since')
  })
  await db.schema.alterTable('deliveries', (table) => {
    table.string('replay_batch', 64)
    table.index(['webhook_id', 'status', 'created_at'])
    table.index(['replay_batch'])
    table.index(['status', 'updated_at'])
  })
  await db.schema.createTable('settings', (table) => {
    table.string('key', 64).primary()
    table.text('value').notNullable()
  })
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('settings')
  await db.schema.alterTable('deliveries', (table) => {
    table.dropIndex(['status', 'updated_at'])
    table.dropIndex(['replay_batch'])
    table.dropIndex(['webhook_id', 'status', 'created_at'])
    table.dropColumn('replay_batch')
  })
  await db.schema.alterTable('webhooks', (table) => {
    table.dropColumn('failing_since')
    table.dropColumn('failure_streak')
    table.dropColumn('retry_schedule')
  })
}
