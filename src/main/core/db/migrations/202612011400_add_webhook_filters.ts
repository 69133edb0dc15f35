import type { Knex } from 'knex'

/**
 * Field-level subscriptions: a subscribed event's narrowing (JSON, see shared/webhook-filters.ts)
 * beside the subscription it narrows, and on each delivery the watched fields that made it match.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('webhook_events', (table) => {
    table.text('filter').nullable()
  })
  await db.schema.alterTable('deliveries', (table) => {
    table.text('matched').nullable()
  })
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('deliveries', (table) => {
    table.dropColumn('matched')
  })
  await db.schema.alterTable('webhook_events', (table) => {
    table.dropColumn('filter')
  })
}
