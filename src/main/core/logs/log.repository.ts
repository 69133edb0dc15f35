import type { ApiParsed } from '@shared/api-contract'
import type { EventName } from '@shared/entity-catalog'
import type {
  DeliveryErrorClass,
  DeliveryStatus,
  LogDetailDto,
  LogPage,
  LogSummaryDto,
  PayloadRevision
} from '@shared/dto'
import type { Db } from '../db/knex-factory'
import { isoFromMs } from '../support/clock'
import { invalidArgument } from '../support/core-error'
import { insertReturningId } from '../db/insert-returning-id'
import { selectLogRows } from './log-search'
import { keepResponseHeaders, type KeptHeaders } from '../delivery/response-headers'

export interface NewLog {
  deliveryId: number | null
  messageId: string
  webhookId: number
  webhookExternalId: string
  /** The webhook's name at the time (kept when the webhook is deleted). */
  webhookName?: string | null
  appId: number
  event: EventName
  url: string
  requestHeaders: Record<string, string>
  requestBody: string
  responseStatus: number
  responseBody: string
  responseBodyTruncated: boolean
  /** What the receiver answered with, already capped (`keepResponseHeaders`); null: no answer. */
  responseHeaders?: KeptHeaders | null
  /** Set on the attempt that disabled its webhook: the reason (see LogSummaryDto). */
  disabledWebhook?: string | null
  responseTimeMs: number
  errorClass: DeliveryErrorClass | null
  error: string | null
  attempt: number
  revision: PayloadRevision | null
  createdAt: number
}

export type LogQuery = ApiParsed<'logs.list'>

type Row = Record<string, unknown>

const SUMMARY_COLUMNS = [
  'id',
  'delivery_id',
  'message_id',
  'webhook_id',
  'webhook_external_id',
  'webhook_name',
  'app_id',
  'event',
  'response_status',
  'response_time_ms',
  'error_class',
  'error',
  'attempt',
  'disabled_webhook',
  'created_at'
].map((column) => `webhook_logs.${column}`)

/** An attempt as an export writes it. */
export type LogExportRow = LogSummaryDto & {
  /** The webhook's name now (null once deleted), which screens prefer to the name it had. */
  webhookCurrentName: string | null
  url: string
  requestBody: string
  responseBody: string
}

/** Test sends get their own webhook-id prefix, so logs can tell them from real deliveries. */
export const TEST_MESSAGE_PREFIX = 'msgtest'

/** Cursors are opaque to clients: base64url of the last row's id. */
export function encodeCursor(id: number): string {
  return Buffer.from(JSON.stringify({ before: id })).toString('base64url')
}

export function decodeCursor(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      before?: unknown
    }
    if (Number.isSafeInteger(parsed.before) && (parsed.before as number) > 0)
      return parsed.before as number
  } catch {
    // fall through to the error below
  }
  throw invalidArgument('cursor', 'is not a cursor returned by the previous page')
}

function toSummary(row: Row): LogSummaryDto {
  return {
    id: Number(row.id),
    deliveryId: row.delivery_id === null ? null : Number(row.delivery_id),
    messageId: String(row.message_id),
    test: String(row.message_id).startsWith(`${TEST_MESSAGE_PREFIX}_`),
    webhookId: row.webhook_id === null ? null : Number(row.webhook_id),
    webhookExternalId: String(row.webhook_external_id),
    webhookName: row.webhook_name == null ? null : String(row.webhook_name),
    appId: Number(row.app_id),
    event: row.event as EventName,
    responseStatus: Number(row.response_status),
    responseTimeMs: Number(row.response_time_ms),
    errorClass: (row.error_class as DeliveryErrorClass | null) ?? null,
    error: row.error === null ? null : String(row.error),
    attempt: Number(row.attempt),
    disabledWebhook: row.disabled_webhook == null ? null : String(row.disabled_webhook),
    createdAt: isoFromMs(Number(row.created_at))
  }
}

/** Stored response headers back as the detail shows them; damaged ones read as none. */
function storedResponseHeaders(
  text: unknown
): Pick<LogDetailDto, 'responseHeaders' | 'responseHeadersOmitted'> {
  const stored = parseJson<{ headers?: unknown; omitted?: unknown } | null>(text, null)
  if (!stored || typeof stored !== 'object')
    return { responseHeaders: null, responseHeadersOmitted: 0 }
  const kept = keepResponseHeaders(stored.headers)
  const omitted = Number.isSafeInteger(stored.omitted) ? Number(stored.omitted) : 0
  return { responseHeaders: kept.headers, responseHeadersOmitted: omitted + kept.omitted }
}

function parseJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== 'string') return fallback
  try {
    return JSON.parse(text) as T
  } catch {
    return fallback // a corrupt row must still be viewable
  }
}

/** Rows per multi-row INSERT: 21 columns each, well under SQLite's bound-variable limit. */
const INSERT_CHUNK = 200

function toRow(log: NewLog): Row {
  return {
    delivery_id: log.deliveryId,
    message_id: log.messageId,
    webhook_id: log.webhookId,
    webhook_external_id: log.webhookExternalId,
    webhook_name: log.webhookName ?? null,
    app_id: log.appId,
    event: log.event,
    url: log.url,
    request_headers: JSON.stringify(log.requestHeaders),
    request_body: log.requestBody,
    response_status: log.responseStatus,
    response_body: log.responseBody,
    response_body_truncated: log.responseBodyTruncated,
    response_headers: log.responseHeaders ? JSON.stringify(log.responseHeaders) : null,
    response_time_ms: log.responseTimeMs,
    error_class: log.errorClass,
    error: log.error,
    attempt: log.attempt,
    disabled_webhook: log.disabledWebhook ?? null,
    revision: log.revision ? JSON.stringify(log.revision) : null,
    created_at: log.createdAt
  }
}

export class LogRepository {
  async insert(db: Db, log: NewLog): Promise<LogSummaryDto> {
    const row = toRow(log)
    const id = await insertReturningId(db('webhook_logs'), row)
    return toSummary({ ...row, id })
  }

  /** Many attempts with one statement per chunk (the worker's group commit). */
  async insertMany(db: Db, logs: NewLog[]): Promise<LogSummaryDto[]> {
    const saved: LogSummaryDto[] = []
    for (let start = 0; start < logs.length; start += INSERT_CHUNK) {
      const rows = logs.slice(start, start + INSERT_CHUNK).map(toRow)
      const ids: Array<{ id: number }> = await db('webhook_logs').insert(rows).returning('id')
      rows.forEach((row, index) => saved.push(toSummary({ ...row, id: ids[index].id })))
    }
    return saved
  }

  /** Marks a recorded attempt as the one that disabled its webhook (rare: no index needed). */
  async noteDisabledWebhook(db: Db, id: number, reason: string): Promise<void> {
    await db('webhook_logs').where({ id }).update({ disabled_webhook: reason })
  }

  /** Newest first, keyset-paginated on id so pages stay stable while new rows arrive. */
  async list(db: Db, query: LogQuery): Promise<LogPage> {
    const selected = await selectLogRows(db, {
      ...query,
      beforeId: query.cursor ? decodeCursor(query.cursor) : undefined
    })
    if (!selected) return { items: [], nextCursor: null }
    const rows: Row[] = await selected.builder
      .orderBy(selected.idColumn, 'desc')
      .limit(query.limit + 1)
      .select(SUMMARY_COLUMNS)
    const items = rows.slice(0, query.limit).map(toSummary)
    const nextCursor = rows.length > query.limit ? encodeCursor(items[items.length - 1].id) : null
    return { items, nextCursor }
  }

  /** One keyset page of whole rows (bodies and URL included) for an export, newest first. */
  async exportPage(db: Db, query: LogQuery, beforeId: number | null): Promise<LogExportRow[]> {
    const selected = await selectLogRows(db, { ...query, beforeId: beforeId ?? undefined })
    if (!selected) return []
    // The current name by primary key, in the page's own query (one query per page).
    const rows: Row[] = await selected.builder
      .leftJoin('webhooks as current_webhook', 'current_webhook.id', 'webhook_logs.webhook_id')
      .orderBy(selected.idColumn, 'desc')
      .limit(query.limit)
      .select([
        ...SUMMARY_COLUMNS,
        'current_webhook.name as webhook_current_name',
        'webhook_logs.url',
        'webhook_logs.request_body',
        'webhook_logs.response_body'
      ])
    return rows.map((row) => ({
      ...toSummary(row),
      webhookCurrentName:
        row.webhook_current_name == null ? null : String(row.webhook_current_name),
      url: String(row.url),
      requestBody: String(row.request_body),
      responseBody: String(row.response_body)
    }))
  }

  async get(db: Db, id: number): Promise<LogDetailDto | null> {
    const row: Row | undefined = await db('webhook_logs')
      .leftJoin('deliveries', 'deliveries.id', 'webhook_logs.delivery_id')
      .where('webhook_logs.id', id)
      .select(
        'webhook_logs.*',
        'deliveries.status as delivery_status',
        'deliveries.attempts as delivery_attempts',
        'deliveries.next_attempt_at as delivery_next_attempt_at',
        'deliveries.matched as delivery_matched'
      )
      .first()
    if (!row) return null
    // `claimed` (leased, waiting in the worker's memory for a slot) is still pending to an operator.
    const deliveryStatus =
      row.delivery_status === 'claimed' ? 'pending' : (row.delivery_status as DeliveryStatus | null)
    return {
      ...toSummary(row),
      url: String(row.url),
      requestHeaders: parseJson(row.request_headers, {}),
      requestBody: String(row.request_body),
      responseBody: String(row.response_body),
      responseBodyTruncated: Boolean(row.response_body_truncated),
      ...storedResponseHeaders(row.response_headers),
      revision: parseJson<PayloadRevision | null>(row.revision, null),
      delivery: deliveryStatus
        ? {
            status: deliveryStatus,
            attempts: Number(row.delivery_attempts),
            nextAttemptAt:
              deliveryStatus === 'pending' ? isoFromMs(Number(row.delivery_next_attempt_at)) : null,
            matched: parseJson<string[] | null>(row.delivery_matched, null)
          }
        : null
    }
  }
}
