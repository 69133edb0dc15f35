import type { Knex } from 'knex'

/** The delivery log's search by `webhook-id` reads its few attempts in page order, no scan. */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('webhook_logs', (table) => {
    table.index(['app_id', 'message_id', 'id'])
  })
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('webhook_logs', (table) => {
    table.dropIndex(['app_id', 'message_id', 'id'])
  })
}
