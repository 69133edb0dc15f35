import type { Knex } from 'knex'
import { dialectOf } from '../knex-factory'

/**
 * Indexes the delivery log's request and response bodies, so a search by record or body text
 * finds its rows without reading the app's log (see `logs/log-search.ts`).
 *
 * SQLite: an FTS5 table with the trigram tokenizer over both bodies, external content (the text
 * stays in `webhook_logs`, keyed by its id), `detail=none` (which rows hold each trigram, not
 * where: a third of the size of positions) and no column sizes (nothing ranks). A search asks
 * for the rows holding every trigram of its text and confirms each candidate with the exact
 * test (LIKE, or the record's text), so results are what the scan found before, only faster.
 * Triggers keep it in step with every insert (the worker's group commits, test sends,
 * redeliveries), the retention pruner's bulk deletes and its clearing of old successful bodies;
 * existing rows are indexed here.
 *
 * PostgreSQL: `pg_trgm` GIN indexes on both bodies, which LIKE and ILIKE use. When the extension
 * cannot be created (not installed, or the user may not), search keeps scanning and the
 * migration says so.
 */
const LOG_SEARCH_TABLE = 'webhook_logs_search'

const INDEX_ROW = `INSERT INTO ${LOG_SEARCH_TABLE} (rowid, request_body, response_body)
    VALUES (new.id, new.request_body, new.response_body);`
// External content: FTS5 removes a row's terms when told the exact text it indexed.
const FORGET_ROW = `INSERT INTO ${LOG_SEARCH_TABLE} (${LOG_SEARCH_TABLE}, rowid, request_body, response_body)
    VALUES ('delete', old.id, old.request_body, old.response_body);`

async function upSqlite(db: Knex): Promise<void> {
  await db.raw(`CREATE VIRTUAL TABLE ${LOG_SEARCH_TABLE} USING fts5(
    request_body, response_body,
    content = 'webhook_logs', content_rowid = 'id',
    tokenize = 'trigram', detail = none, columnsize = 0
  )`)
  await db.raw(`CREATE TRIGGER webhook_logs_search_insert AFTER INSERT ON webhook_logs BEGIN
    ${INDEX_ROW}
  END`)
  await db.raw(`CREATE TRIGGER webhook_logs_search_delete AFTER DELETE ON webhook_logs BEGIN
    ${FORGET_ROW}
  END`)
  await db.raw(`CREATE TRIGGER webhook_logs_search_update
    AFTER UPDATE OF request_body, response_body ON webhook_logs BEGIN
    ${FORGET_ROW}
    ${INDEX_ROW}
  END`)
  await db.raw(`INSERT INTO ${LOG_SEARCH_TABLE} (${LOG_SEARCH_TABLE}) VALUES ('rebuild')`)
}

const PG_INDEXES = [
  'CREATE INDEX webhook_logs_request_body_trgm ON webhook_logs USING gin (request_body gin_trgm_ops)',
  'CREATE INDEX webhook_logs_response_body_trgm ON webhook_logs USING gin (response_body gin_trgm_ops)'
]

async function upPostgres(db: Knex): Promise<void> {
  try {
    // A savepoint: a refused CREATE EXTENSION must not abort the migration's transaction.
    await db.transaction((savepoint) => savepoint.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm'))
  } catch (error) {
    console.warn(
      `Delivery log search: the pg_trgm extension could not be created (${(error as Error).message}); ` +
        'record and body text searches will scan the log. A superuser can run, in this database: ' +
        `CREATE EXTENSION pg_trgm; ${PG_INDEXES.join('; ')};`
    )
    return
  }
  for (const statement of PG_INDEXES) await db.raw(statement)
}

export async function up(db: Knex): Promise<void> {
  if (dialectOf(db) === 'postgres') await upPostgres(db)
  else await upSqlite(db)
}

export async function down(db: Knex): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    // The extension stays: other objects of this database may use it, and it holds no data of ours.
    await db.raw('DROP INDEX IF EXISTS webhook_logs_request_body_trgm')
    await db.raw('DROP INDEX IF EXISTS webhook_logs_response_body_trgm')
    return
  }
  for (const trigger of ['insert', 'delete', 'update'])
    await db.raw(`DROP TRIGGER webhook_logs_search_${trigger}`)
  await db.raw(`DROP TABLE ${LOG_SEARCH_TABLE}`)
}
