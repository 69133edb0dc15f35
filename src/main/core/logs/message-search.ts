import type { Knex } from 'knex'
import type { ApiParsed } from '@shared/api-contract'
import { dialectOf, type Db } from '../db/knex-factory'
import { selectLogRows, whereAttemptMatches, type LogSearch } from './log-search'

/**
 * Up to this many matching attempts, the message view reads their deliveries' ids (within a
 * time range's id window it asks for them in the same statement); beyond it the text is common,
 * and walking the deliveries newest first fills a page after checking a few of them.
 */
export const MESSAGE_PROBE_ATTEMPTS = 10_000

/** What narrows the message view besides its state and paging (`logs.messages`). */
export type MessageSearch = Omit<ApiParsed<'logs.messages'>, 'cursor' | 'limit' | 'state'>

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
  if (attempts.bounded) {
    const ids = attempts.builder.select('webhook_logs.delivery_id')
    // PostgreSQL would merge-join this with every delivery newer than the matches (it reads the
    // outbox backwards from the top); an array of the ids turns that into index lookups.
    if (dialectOf(db) === 'postgres') deliveries.whereRaw('deliveries.id = ANY(ARRAY(?))', [ids])
    else deliveries.whereIn('deliveries.id', ids)
    return true
  }
  // One reading of the matches tells whether they are few, and which deliveries they are.
  const found: number[] = await attempts.builder
    .clone()
    .limit(MESSAGE_PROBE_ATTEMPTS + 1)
    .pluck('webhook_logs.delivery_id')
  if (found.length === 0) return false
  if (found.length <= MESSAGE_PROBE_ATTEMPTS) {
    deliveries.whereIn('deliveries.id', [...new Set(found.map(Number))])
    return true
  }
  const attempt = db('webhook_logs as attempt')
    .select(db.raw('1'))
    .whereRaw('attempt.delivery_id = deliveries.id')
  whereAttemptMatches(db, attempt, 'attempt', search)
  deliveries.whereExists(attempt)
  return true
}
