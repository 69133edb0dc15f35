import type { Knex } from 'knex'
import { dialectOf } from '../knex-factory'

/**
 * PostgreSQL: the hourly rollups stop serializing the delivery workers.
 *
 * Every log row used to add itself to the one rollup row of its (hour, app, response ms) in a
 * row trigger, and that row stayed locked until the inserting transaction committed. Several
 * worker processes record the same hour, app and (for a quick receiver) the same few response
 * times, so each group commit waited for the other workers' whole transactions, and two groups
 * locking the same rows in different orders could deadlock: measured in the bench, three workers
 * drained 0.45–0.59 × what one did, and 1.74 × with the trigger removed.
 *
 * Now each transaction adds to one of 16 shards of a rollup row (its transaction id modulo 16:
 * transactions that run side by side get consecutive ids, so they add to different rows), and
 * the trigger runs once per INSERT statement over all its rows, grouped and in key order (one
 * upsert per key instead of per row; rows locked in one order, so no deadlock). Readers already
 * SUM over the rows of an hour (stats.service); the pruner deletes whole hours. SQLite has one
 * writer at a time and keeps its row trigger.
 */
const SHARDS = 16

export async function up(db: Knex): Promise<void> {
  if (dialectOf(db) !== 'postgres') return
  await db.raw('ALTER TABLE delivery_rollups ADD COLUMN shard SMALLINT NOT NULL DEFAULT 0')
  await db.raw('ALTER TABLE delivery_rollups DROP CONSTRAINT delivery_rollups_pkey')
  await db.raw('ALTER TABLE delivery_rollups ADD PRIMARY KEY (hour, app_id, response_ms, shard)')
  await db.raw('DROP TRIGGER webhook_logs_rollup ON webhook_logs')
  await db.raw(`CREATE OR REPLACE FUNCTION webhook_logs_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO delivery_rollups (hour, app_id, response_ms, shard, succeeded, failed)
      SELECT created_at / 3600000,
        app_id,
        CASE WHEN response_status > 0 THEN response_time_ms ELSE -1 END,
        (txid_current() % ${SHARDS})::smallint,
        SUM(CASE WHEN response_status BETWEEN 200 AND 299 THEN 1 ELSE 0 END),
        SUM(CASE WHEN response_status BETWEEN 200 AND 299 THEN 0 ELSE 1 END)
      FROM inserted
      GROUP BY 1, 2, 3
      ORDER BY 1, 2, 3
      ON CONFLICT (hour, app_id, response_ms, shard) DO UPDATE SET
        succeeded = delivery_rollups.succeeded + excluded.succeeded,
        failed = delivery_rollups.failed + excluded.failed;
      RETURN NULL;
    END $$`)
  await db.raw(`CREATE TRIGGER webhook_logs_rollup AFTER INSERT ON webhook_logs
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION webhook_logs_rollup()`)
}

export async function down(db: Knex): Promise<void> {
  if (dialectOf(db) !== 'postgres') return
  await db.raw('DROP TRIGGER webhook_logs_rollup ON webhook_logs')
  // Back to one row per key: fold the shards together first.
  await db.raw(`CREATE TEMPORARY TABLE folded_rollups AS
    SELECT hour, app_id, response_ms, SUM(succeeded) AS succeeded, SUM(failed) AS failed
    FROM delivery_rollups GROUP BY 1, 2, 3`)
  await db.raw('DELETE FROM delivery_rollups')
  await db.raw('ALTER TABLE delivery_rollups DROP CONSTRAINT delivery_rollups_pkey')
  await db.raw('ALTER TABLE delivery_rollups DROP COLUMN shard')
  await db.raw('ALTER TABLE delivery_rollups ADD PRIMARY KEY (hour, app_id, response_ms)')
  await db.raw(`INSERT INTO delivery_rollups (hour, app_id, response_ms, succeeded, failed)
    SELECT hour, app_id, response_ms, succeeded, failed FROM folded_rollups`)
  await db.raw('DROP TABLE folded_rollups')
  await db.raw(`CREATE OR REPLACE FUNCTION webhook_logs_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO delivery_rollups (hour, app_id, response_ms, succeeded, failed)
      VALUES (NEW.created_at / 3600000, NEW.app_id,
        CASE WHEN NEW.response_status > 0 THEN NEW.response_time_ms ELSE -1 END,
        CASE WHEN NEW.response_status BETWEEN 200 AND 299 THEN 1 ELSE 0 END,
        CASE WHEN NEW.response_status BETWEEN 200 AND 299 THEN 0 ELSE 1 END)
      ON CONFLICT (hour, app_id, response_ms) DO UPDATE SET
        succeeded = delivery_rollups.succeeded + excluded.succeeded,
        failed = delivery_rollups.failed + excluded.failed;
      RETURN NULL;
    END $$`)
  await db.raw(`CREATE TRIGGER webhook_logs_rollup AFTER INSERT ON webhook_logs
    FOR EACH ROW EXECUTE FUNCTION webhook_logs_rollup()`)
}
