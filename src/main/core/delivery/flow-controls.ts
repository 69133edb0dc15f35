import type { Knex } from 'knex'

/**
 * The conditions a webhook's flow controls add to every claim of the outbox and to the worker's
 * wake-up time (issue 21). Kept in one place so the claim and the wake-up never disagree: a row
 * the claim skips but the wake-up counts as due would make the worker spin.
 *
 * - Held webhooks (`held_since`): their rows wait, like those of a turned-off webhook.
 * - Limited webhooks (a rate or an in-flight limit): claimed only by `claimLimited`
 *   (limited-claims.ts), which spaces and counts them; the ordinary claim leaves them alone.
 * - Ordered rows (`order_key`): claimable once no earlier row about the same record is
 *   unfinished (pending, including a failed one waiting for its retry, or leased). A row that
 *   exhausted its retries is `failed`, which releases the rows behind it. While saves' lists of
 *   webhooks still wait for their rows (`events.fan_out`), an ordered row behind them waits too:
 *   an earlier save's row may be about to appear.
 */

const UNFINISHED = `('pending', 'claimed', 'delivering')`

/** SQL: this outbox row (`deliveries`) is in its turn among its record's rows. */
export const IN_TURN_SQL = `(deliveries.order_key IS NULL OR (
  NOT EXISTS (SELECT 1 FROM deliveries AS earlier
    WHERE earlier.webhook_id = deliveries.webhook_id AND earlier.order_key = deliveries.order_key
      AND earlier.event_id < deliveries.event_id AND earlier.status IN ${UNFINISHED})
  AND NOT EXISTS (SELECT 1 FROM events AS waiting
    WHERE waiting.fan_out IS NOT NULL AND waiting.id < deliveries.event_id)))`.replace(/\s+/g, ' ')

/** SQL: the joined webhook (`webhooks`) has no rate or in-flight limit. */
export const UNLIMITED_SQL = 'webhooks.rate_per_second IS NULL AND webhooks.max_in_flight IS NULL'

/**
 * Narrows a query over `deliveries` joined with `webhooks` to rows the ordinary claim may take:
 * webhook on and not held, unlimited, row in its turn.
 */
export function whereFreeToClaim(query: Knex.QueryBuilder): Knex.QueryBuilder {
  return query
    .where('webhooks.active', true)
    .whereNull('webhooks.held_since')
    .whereRaw(UNLIMITED_SQL)
    .whereRaw(IN_TURN_SQL)
}
