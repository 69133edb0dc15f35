import type { Knex } from 'knex'

/**
 * Custom request headers per webhook (issue 21): JSON `[{ name, value, secret, hint }]` in the
 * operator's order, null when there are none. A secret value is sealed like the webhook's own
 * secret (`sealed:v1:…` with a secret box) and `hint` holds its last four characters for lists;
 * other values are plain. Data, not schema: the rules live in src/shared/webhook-headers.ts.
 * Runs in knex's migration transaction, so a process killed midway leaves the old schema.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('webhooks', (table) => {
    table.text('headers').nullable()
  })
}

/**
 * Drops the column in place on both databases (knex's SQLite dropColumn would rebuild the
 * table); the previous release sends no custom headers, so they go with it.
 */
export async function down(db: Knex): Promise<void> {
  await db.raw('ALTER TABLE webhooks DROP COLUMN headers')
}
