import type { Knex } from 'knex'

/**
 * The worker claims due rows in batches, oldest due first, of active webhooks only: with
 * `webhook_id` in the index the scan checks each candidate's webhook without reading the row,
 * and stops after the batch.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('deliveries', (table) => {
    table.dropIndex(['status', 'next_attempt_at'])
    table.index(['status', 'next_attempt_at', 'webhook_id'])
  })
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('deliveries', (table) => {
    table.dropIndex(['status', 'next_attempt_at', 'webhook_id'])
    table.index(['status', 'next_attempt_at'])
  })
}
