import type { Knex } from 'knex'
import type { EventName } from '@shared/entity-catalog'
import type { Db } from '../db/knex-factory'
import { selectLogRows, whereAttemptMatches, type LogSearch } from './log-search'

/**
 * Up to this many matching attempts (or within a time range's id window), the message view
 * collects their deliveries through the search's own plan; beyond it the text is common, and
 * walking the deliveries newest first fills a page after checking a few of them.
 */
export const MESSAGE_PROBE_ATTEMPTS = 10_000

async function fewAttempts(db: Db, attempts: Knex.QueryBuilder): Promise<boolean> {
  const probe = attempts
    .clone()
    .select(db.raw('1'))
    .limit(MESSAGE_PROBE_ATTEMPTS + 1)
  const [{ count }] = await db.from(probe.as('probe')).count({ count: '*' })
  return Number(count) <= MESSAGE_PROBE_ATTEMPTS
}

export interface MessageSearch extends LogSearch {
  appId: number
  event?: EventName
  webhookId?: number
}

/**
 * Narrows the message view (a query on `deliveries`) to deliveries with an attempt that matches
 * the record, text and time range, the attempts the By-attempt view finds with the same search.
 * A `webhook-id` is the delivery's own (`deliveries.message_id`), so a delivery not yet attempted
 * is found by it too. Resolves false when nothing can match.
 */
export async function whereDeliveryMatches(
  db: Db,
  deliveries: Knex.QueryBuilder,
  query: MessageSearch
): Promise<boolean> {
  if (query.messageId) deliveries.andWhere('deliveries.message_id', query.messageId)
  const search: LogSearch = {
    record: query.record,
    text: query.text,
    from: query.from,
    to: query.to
  }
  if (!search.record && !search.text && !search.from && !search.to) return true

  // A delivery's attempts carry its webhook-id, event and webhook: they narrow the attempts too.
  const attempts = await selectLogRows(db, {
    ...search,
    messageId: query.messageId,
    appId: query.appId,
    event: query.event,
    webhookId: query.webhookId
  })
  if (!attempts) return false
  attempts.builder.whereNotNull('webhook_logs.delivery_id')
  if (attempts.bounded || (await fewAttempts(db, attempts.builder))) {
    deliveries.whereIn('deliveries.id', attempts.builder.select('webhook_logs.delivery_id'))
    return true
  }
  const attempt = db('webhook_logs as attempt')
    .select(db.raw('1'))
    .whereRaw('attempt.delivery_id = deliveries.id')
  whereAttemptMatches(db, attempt, 'attempt', search)
  deliveries.whereExists(attempt)
  return true
}
