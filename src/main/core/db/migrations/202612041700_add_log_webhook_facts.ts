import type { Knex } from 'knex'

/**
 * What an attempt's log row must keep for the log to stay true after the fact (issue 19):
 * - `webhook_name`: the webhook's name when the attempt happened, so a deleted webhook's attempts
 *   still name it; existing rows get the current name of a webhook that still exists (the name
 *   of one already deleted is lost, and they keep showing its external id);
 * - `response_headers`: what the receiver answered with (JSON `{ headers, omitted }`, capped by
 *   the worker at 50 headers / 8 KiB; null without an answer or before this migration);
 * - `disabled_webhook`: on the attempt that switched its webhook off, the reason.
 * All nullable and unindexed: nothing filters on them, and the worker's insert stays as cheap.
 * Runs in knex's migration transaction, so a process killed midway leaves the old schema.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('webhook_logs', (table) => {
    table.string('webhook_name', 200).nullable()
    table.text('response_headers').nullable()
    table.text('disabled_webhook').nullable()
  })
  // One statement, the same on SQLite and PostgreSQL; the search triggers watch only the bodies.
  await db.raw(`UPDATE webhook_logs SET webhook_name =
    (SELECT webhooks.name FROM webhooks WHERE webhooks.id = webhook_logs.webhook_id)
    WHERE webhook_id IS NOT NULL`)
}

/**
 * Plain DROP COLUMN on both databases: knex's SQLite dropColumn rebuilds the table, which would
 * lose the search and rollup triggers on it (SQLite 3.35+ drops a column in place).
 */
export async function down(db: Knex): Promise<void> {
  for (const column of ['disabled_webhook', 'response_headers', 'webhook_name'])
    await db.raw(`ALTER TABLE webhook_logs DROP COLUMN ${column}`)
}
