import type { Knex } from 'knex'
import type { LogSearch, LogStatusFilter } from '@shared/api-contract'
import type { EventName } from '@shared/entity-catalog'
import { STATUS_RANGES } from '@shared/log-filters'
import { dialectOf, type Db } from '../db/knex-factory'
import { ftsQuery, likeLiteral, recordNeedle, SEARCH_TABLE } from './search-terms'
import { succeededSql } from './success-sql'

/** What the log's search looks for (`logs.list`, `logs.messages`), derived from the contract. */
export type { LogSearch }

/** An app's attempts that filters and search select, below a keyset position. */
export interface LogRowsQuery extends LogSearch {
  appId: number
  /** Only rows with a smaller id (the keyset cursor). */
  beforeId?: number
  status?: LogStatusFilter
  event?: EventName
  webhookId?: number
  deliveryId?: number
}

export interface LogRows {
  /** The selecting query, `webhook_logs` under its own name; no order, limit or columns. */
  builder: Knex.QueryBuilder
  /**
   * The row id to order by. Through the FTS5 index it is the index's rowid, which FTS5 returns
   * in order, so newest first stops as soon as the page is full.
   */
  idColumn: string
  /** Whether a time range bounds the ids to at most `RANGE_WINDOW_ROWS` attempts. */
  bounded: boolean
}

/**
 * A time range becomes an id range when it holds at most this many attempts (all apps): the
 * page then walks those ids only, instead of every newer row, checking the times exactly.
 * Counting them reads at most this many entries of the `created_at` index (a few ms).
 */
export const RANGE_WINDOW_ROWS = 50_000

type IdWindow = { low?: number; high?: number } | 'empty'

/** The smallest and largest id of the attempts in [from, to), when few enough to be worth it. */
async function idWindow(db: Db, search: LogSearch): Promise<IdWindow> {
  if (!search.from && !search.to) return {}
  const inRange = db('webhook_logs')
    .select('id')
    .limit(RANGE_WINDOW_ROWS + 1)
  if (search.from) inRange.where('created_at', '>=', Date.parse(search.from))
  if (search.to) inRange.where('created_at', '<', Date.parse(search.to))
  const [row]: Array<{ rows: number; low: number | null; high: number | null }> = await db
    .from(inRange.as('in_range'))
    .select(db.raw('count(*) AS ??, min(id) AS ??, max(id) AS ??', ['rows', 'low', 'high']))
  const rows = Number(row.rows)
  if (rows === 0) return 'empty'
  return rows > RANGE_WINDOW_ROWS ? {} : { low: Number(row.low), high: Number(row.high) }
}

/**
 * Whether a log row (`table`.*) carries the record: exact, case-sensitive, on both databases.
 * PostgreSQL's pg_trgm index serves a LIKE of the record's distinctive part (the key names are in
 * every row and would only make the index read more), `strpos` confirms the whole needle; on
 * SQLite the FTS5 index has already narrowed the rows and `instr` decides.
 */
export function whereRecord(db: Db, builder: Knex.QueryBuilder, table: string, record: string) {
  const { exact, indexed } = recordNeedle(record)
  if (dialectOf(db) === 'postgres') {
    const test = `(${table}.request_body LIKE ? ESCAPE '\\' AND strpos(${table}.request_body, ?) > 0)`
    builder.andWhereRaw(
      `(${exact.map(() => test).join(' OR ')})`,
      exact.flatMap((needle, n) => [`%${likeLiteral(indexed[n])}%`, needle])
    )
    return
  }
  builder.andWhereRaw(
    `(${exact.map(() => `instr(${table}.request_body, ?) > 0`).join(' OR ')})`,
    exact
  )
}

/**
 * Whether a log row has the text in either body, in any case: LIKE on SQLite (which folds ASCII
 * letters only), ILIKE on PostgreSQL (every letter), `%` and `_` taken literally.
 */
export function whereText(db: Db, builder: Knex.QueryBuilder, table: string, text: string) {
  const like = dialectOf(db) === 'postgres' ? 'ILIKE' : 'LIKE'
  const pattern = `%${likeLiteral(text)}%`
  builder.andWhereRaw(
    `(${table}.request_body ${like} ? ESCAPE '\\' OR ${table}.response_body ${like} ? ESCAPE '\\')`,
    [pattern, pattern]
  )
}

/**
 * The attempts a query selects, and the plan that finds them fast:
 * - a `webhook-id` or a delivery has a few attempts, read through their own index;
 * - otherwise, on SQLite, a record or text of 3 or more characters walks the FTS5 index's
 *   candidates newest first, each confirmed by the exact test (a rare value: its few rows; a
 *   common one: the first page at once);
 * - anything else walks the app's rows newest first, as the plain log does.
 * A time range also bounds the ids when it holds few attempts. Null: the range holds none.
 */
export async function selectLogRows(db: Db, query: LogRowsQuery): Promise<LogRows | null> {
  const window = await idWindow(db, query)
  if (window === 'empty') return null
  const fewRowsById = query.messageId !== undefined || query.deliveryId !== undefined
  const match = dialectOf(db) === 'sqlite' && !fewRowsById ? ftsQuery(query) : null
  const builder = match
    ? db(SEARCH_TABLE)
        // CROSS JOIN keeps the index outside, so its rowid order is the page's order.
        .joinRaw(`CROSS JOIN webhook_logs ON webhook_logs.id = ${SEARCH_TABLE}.rowid`)
        .whereRaw(`${SEARCH_TABLE} MATCH ?`, [match])
    : db('webhook_logs')
  const idColumn = match ? `${SEARCH_TABLE}.rowid` : 'webhook_logs.id'
  builder.andWhere('webhook_logs.app_id', query.appId)
  if (query.beforeId !== undefined) builder.andWhere(idColumn, '<', query.beforeId)
  if (window.low !== undefined) builder.andWhere(idColumn, '>=', window.low)
  if (window.high !== undefined) builder.andWhere(idColumn, '<=', window.high)
  if (query.event) builder.andWhere('webhook_logs.event', query.event)
  if (query.webhookId) builder.andWhere('webhook_logs.webhook_id', query.webhookId)
  if (query.deliveryId) builder.andWhere('webhook_logs.delivery_id', query.deliveryId)
  if (query.status === 'failure')
    builder.andWhereRaw(`NOT (${succeededSql('webhook_logs.response_status')})`)
  else if (query.status)
    builder.andWhereBetween('webhook_logs.response_status', STATUS_RANGES[query.status])
  whereAttemptMatches(db, builder, 'webhook_logs', query)
  return { builder, idColumn, bounded: window.low !== undefined }
}

/**
 * The search's exact conditions on one log row (`table`.*): `webhook-id`, time range, record,
 * text. The FTS5 index only finds candidates; these decide.
 */
export function whereAttemptMatches(
  db: Db,
  builder: Knex.QueryBuilder,
  table: string,
  search: LogSearch
): void {
  if (search.messageId) builder.andWhere(`${table}.message_id`, search.messageId)
  if (search.from) builder.andWhere(`${table}.created_at`, '>=', Date.parse(search.from))
  if (search.to) builder.andWhere(`${table}.created_at`, '<', Date.parse(search.to))
  if (search.record) whereRecord(db, builder, table, search.record)
  if (search.text) whereText(db, builder, table, search.text)
}
