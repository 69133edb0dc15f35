import type { EventName } from '@shared/entity-catalog'
import { parseStoredFilter, type EventFilter } from '@shared/webhook-filters'
import type { Db } from '../db/knex-factory'
import { addresseeOf, type Addressee } from '../delivery/delivery-targets'

type Row = Record<string, unknown>

/** The one webhook a backfill sends to, as its feeder needs it. */
export interface BackfillWebhook extends Addressee {
  active: boolean
  /** Its rows carry an order key, so a record's backfill row and live rows keep their order. */
  ordered: boolean
  /** Its subscriptions with their narrowing, by event name (the subscriber's own source). */
  filters: Map<EventName, EventFilter | null>
}

/** Reads the webhook, its app and its subscriptions; null when it does not exist. */
export async function backfillWebhook(db: Db, id: number): Promise<BackfillWebhook | null> {
  const row: Row | undefined = await db('webhooks')
    .join('apps', 'apps.id', 'webhooks.app_id')
    .where('webhooks.id', id)
    .first(
      'webhooks.id',
      'webhooks.external_id',
      'webhooks.name',
      'webhooks.app_id',
      'webhooks.url',
      'webhooks.active',
      'webhooks.ordered',
      'apps.external_id as app_external_id',
      'apps.name as app_name'
    )
  if (!row) return null
  const events: Row[] = await db('webhook_events')
    .where({ webhook_id: id })
    .select('event', 'filter')
  return {
    ...addresseeOf(row),
    active: Boolean(row.active),
    ordered: Boolean(row.ordered),
    filters: new Map(
      events.map((event) => [event.event as EventName, parseStoredFilter(event.filter)])
    )
  }
}
