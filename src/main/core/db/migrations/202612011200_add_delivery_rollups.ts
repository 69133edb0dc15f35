import type { Knex } from 'knex'
import { dialectOf } from '../knex-factory'

/**
 * Attempts counted per hour, app and response time, kept by a trigger on every log insert (the
 * worker's, test sends, redeliveries, refusals: whatever writes a log row), so the dashboard's
 * numbers and its p95 read a few hundred rows instead of scanning the log. `response_ms` is -1
 * for attempts that got no answer (they count, but not towards the response-time p95). Existing
 * log rows are counted here once.
 */
const COLUMNS = `
  created_at / 3600000,
  app_id,
  CASE WHEN response_status > 0 THEN response_time_ms ELSE -1 END`
const SUCCEEDED = 'response_status BETWEEN 200 AND 299'

const NEW = (sql: string) =>
  sql.replace(/\b(created_at|app_id|response_status|response_time_ms)\b/g, 'NEW.$1')
const ROLLUP_UPSERT = `INSERT INTO delivery_rollups (hour, app_id, response_ms, succeeded, failed)
    VALUES (${NEW(COLUMNS)},
      CASE WHEN ${NEW(SUCCEEDED)} THEN 1 ELSE 0 END,
      CASE WHEN ${NEW(SUCCEEDED)} THEN 0 ELSE 1 END)
    ON CONFLICT (hour, app_id, response_ms) DO UPDATE SET
      succeeded = delivery_rollups.succeeded + excluded.succeeded,
      failed = delivery_rollups.failed + excluded.failed`

export async function up(db: Knex): Promise<void> {
  const postgres = dialectOf(db) === 'postgres'
  await db.raw(`CREATE TABLE delivery_rollups (
    hour INTEGER NOT NULL,
    app_id INTEGER NOT NULL,
    response_ms INTEGER NOT NULL,
    succeeded INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    PRIMARY KEY (hour, app_id, response_ms)
  )${postgres ? '' : ' WITHOUT ROWID'}`)
  await db.raw(`INSERT INTO delivery_rollups (hour, app_id, response_ms, succeeded, failed)
    SELECT ${COLUMNS},
      SUM(CASE WHEN ${SUCCEEDED} THEN 1 ELSE 0 END),
      SUM(CASE WHEN ${SUCCEEDED} THEN 0 ELSE 1 END)
    FROM webhook_logs GROUP BY 1, 2, 3`)
  if (postgres) {
    // The same upsert, in PostgreSQL's trigger form: a function run after each inserted row.
    await db.raw(`CREATE FUNCTION webhook_logs_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${ROLLUP_UPSERT};
        RETURN NULL;
      END $$`)
    await db.raw(`CREATE TRIGGER webhook_logs_rollup AFTER INSERT ON webhook_logs
      FOR EACH ROW EXECUTE FUNCTION webhook_logs_rollup()`)
    return
  }
  await db.raw(`CREATE TRIGGER webhook_logs_rollup AFTER INSERT ON webhook_logs BEGIN
    ${ROLLUP_UPSERT};
  END`)
}

export async function down(db: Knex): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await db.raw('DROP TRIGGER webhook_logs_rollup ON webhook_logs')
    await db.raw('DROP FUNCTION webhook_logs_rollup()')
  } else await db.raw('DROP TRIGGER webhook_logs_rollup')
  await db.raw('DROP TABLE delivery_rollups')
}
