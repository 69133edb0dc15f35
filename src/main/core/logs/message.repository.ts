import type { ApiParsed } from '@shared/api-contract'
import type { EventName } from '@shared/entity-catalog'
import type { DeliveryErrorClass, MessagePage, MessageState, MessageSummaryDto } from '@shared/dto'
import type { Db } from '../db/knex-factory'
import { isoFromMs } from '../support/clock'
import { decodeCursor, encodeCursor } from './log.repository'
import { whereDeliveryMatches } from './message-search'

export type MessageQuery = ApiParsed<'logs.messages'>

type Row = Record<string, unknown>

function stateOf(row: Row): MessageState {
  const status = String(row.status)
  if (status === 'succeeded' || status === 'failed' || status === 'delivering') return status
  // `claimed` (leased, waiting in the worker's memory for a slot) still waits, as `pending` does.
  return Number(row.attempts) > 0 ? 'retrying' : 'pending'
}

function toMessage(row: Row): MessageSummaryDto {
  const state = stateOf(row)
  return {
    deliveryId: Number(row.id),
    messageId: String(row.message_id),
    webhookId: Number(row.webhook_id),
    webhookExternalId: String(row.webhook_external_id),
    appId: Number(row.app_id),
    event: row.event as EventName,
    state,
    attempts: Number(row.attempts),
    nextAttemptAt:
      state === 'pending' || state === 'retrying' ? isoFromMs(Number(row.next_attempt_at)) : null,
    createdAt: isoFromMs(Number(row.created_at)),
    latestAttempt:
      row.log_id == null
        ? null
        : {
            logId: Number(row.log_id),
            responseStatus: Number(row.response_status),
            errorClass: (row.error_class as DeliveryErrorClass | null) ?? null,
            responseTimeMs: Number(row.response_time_ms),
            createdAt: isoFromMs(Number(row.log_created_at))
          }
  }
}

/**
 * The log by message: one row per delivery in the outbox with its latest attempt, newest first,
 * keyset-paginated on the delivery id like the attempt log, searched as `message-search.ts` says.
 */
export class MessageRepository {
  async list(db: Db, query: MessageQuery): Promise<MessagePage> {
    const builder = db('deliveries')
      .join('webhooks', 'webhooks.id', 'deliveries.webhook_id')
      .leftJoin('webhook_logs', (join) =>
        join.on(
          'webhook_logs.id',
          '=',
          db.raw(
            '(SELECT MAX(latest.id) FROM webhook_logs AS latest WHERE latest.delivery_id = deliveries.id)'
          )
        )
      )
      .where('deliveries.app_id', query.appId)
    if (query.cursor) builder.andWhere('deliveries.id', '<', decodeCursor(query.cursor))
    if (query.event) builder.andWhere('deliveries.event', query.event)
    if (query.webhookId) builder.andWhere('deliveries.webhook_id', query.webhookId)
    if (query.state === 'succeeded' || query.state === 'failed')
      builder.andWhere('deliveries.status', query.state)
    else if (query.state)
      builder
        .whereIn('deliveries.status', ['pending', 'claimed', 'delivering'])
        .andWhere('deliveries.attempts', query.state === 'pending' ? '=' : '>', 0)
    if (!(await whereDeliveryMatches(db, builder, query))) return { items: [], nextCursor: null }
    const rows: Row[] = await builder
      .orderBy('deliveries.id', 'desc')
      .limit(query.limit + 1)
      .select(
        'deliveries.id',
        'deliveries.message_id',
        'deliveries.webhook_id',
        'webhooks.external_id as webhook_external_id',
        'deliveries.app_id',
        'deliveries.event',
        'deliveries.status',
        'deliveries.attempts',
        'deliveries.next_attempt_at',
        'deliveries.created_at',
        'webhook_logs.id as log_id',
        'webhook_logs.response_status',
        'webhook_logs.error_class',
        'webhook_logs.response_time_ms',
        'webhook_logs.created_at as log_created_at'
      )
    const items = rows.slice(0, query.limit).map(toMessage)
    const nextCursor =
      rows.length > query.limit ? encodeCursor(items[items.length - 1].deliveryId) : null
    return { items, nextCursor }
  }
}
