import type { Knex } from 'knex'

/**
 * Webhook health reads a webhook's recent attempts by time; the log's message view pages the
 * outbox per app; a replayed pending retry remembers when its scheduled retry was due, so a failed
 * replay attempt puts it back on that schedule instead of moving it.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('webhook_logs', (table) => {
    table.index(['webhook_id', 'created_at'])
  })
  await db.schema.alterTable('deliveries', (table) => {
    table.bigInteger('replay_resume_at')
    table.index(['app_id', 'id'])
    table.index(['app_id', 'webhook_id', 'id'])
  })
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('deliveries', (table) => {
    table.dropIndex(['app_id', 'webhook_id', 'id'])
    table.dropIndex(['app_id', 'id'])
    table.dropColumn('replay_resume_at')
  })
  await db.schema.alterTable('webhook_logs', (table) => {
    table.dropIndex(['webhook_id', 'created_at'])
  })
}
