import type { Knex } from 'knex'

/**
 * Fewer index writes per outbox row (issue 20). A row is inserted once and changes status three
 * times (claimed, delivering, finished); every index holding `status` or `updated_at` is re-keyed
 * each time. What each index that changes here was for, and what serves it now:
 * - `(webhook_id)`: the prefix of `(webhook_id, status, created_at)`, which serves the same
 *   lookups (the cascade when a webhook is deleted, replay ranges, waiting retries): dropped.
 * - `(replay_batch)`: null on every row but replayed ones, and only `replay_batch = ?` (replay
 *   progress) reads it: partial, `WHERE replay_batch IS NOT NULL`, so a new row skips it.
 * - `(status, updated_at)`: only the retention pruner reads it, for finished rows older than the
 *   cutoff; it was re-keyed on every claim, lease renewal and finish. Now the same key over
 *   finished rows only (`WHERE status IN ('succeeded', 'failed')`): a row enters it once, when it
 *   finishes. The pruner states that predicate literally, which both planners need to use it;
 *   `status` stays in the key so SQLite, without statistics, prefers it to the claim index's
 *   `status = ?` (with `updated_at` alone it walked every finished row of the claim index).
 * The same SQL on SQLite and PostgreSQL (both have partial indexes); knex's migration
 * transaction makes it all or nothing.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('DROP INDEX deliveries_webhook_id_index')
  await db.raw('DROP INDEX deliveries_replay_batch_index')
  await db.raw(
    'CREATE INDEX deliveries_replay_batch_index ON deliveries (replay_batch) WHERE replay_batch IS NOT NULL'
  )
  await db.raw('DROP INDEX deliveries_status_updated_at_index')
  await db.raw(
    `CREATE INDEX deliveries_finished_status_updated_at_index ON deliveries (status, updated_at)
     WHERE status IN ('succeeded', 'failed')`
  )
}

export async function down(db: Knex): Promise<void> {
  await db.raw('DROP INDEX deliveries_finished_status_updated_at_index')
  await db.raw('CREATE INDEX deliveries_status_updated_at_index ON deliveries (status, updated_at)')
  await db.raw('DROP INDEX deliveries_replay_batch_index')
  await db.raw('CREATE INDEX deliveries_replay_batch_index ON deliveries (replay_batch)')
  await db.raw('CREATE INDEX deliveries_webhook_id_index ON deliveries (webhook_id)')
}
