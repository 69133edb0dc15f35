import { eventName } from '@shared/entity-catalog'
import { matchFilter } from '@shared/webhook-filters'
import type { EntityEvent } from '../events/entity-event-emitter'
import type { FanOut, Recipient } from '../delivery/fan-out'
import type { WebhookRepository } from './webhook.repository'

/**
 * Finds the webhooks an entity event goes to and hands "this event, these webhooks" to delivery's
 * fan-out, inside the entity's own transaction. Field-level subscriptions are evaluated here: a
 * narrowed webhook whose watched fields did not change (or whose conditions do not hold) is left
 * out, and gets no outbox row at all.
 */
export function createWebhookSubscriber(webhooks: WebhookRepository, fanOut: FanOut) {
  return async function onEntityEvent(event: EntityEvent): Promise<void> {
    const name = eventName(event.type, event.action)
    const recipients: Recipient[] = []
    for (const { filter, ...addressee } of await webhooks.subscribersOf(event.unit.db, name)) {
      const match = matchFilter(filter, event.changes, event.fields)
      if (match.matched)
        recipients.push({ ...addressee, matched: filter ? JSON.stringify(match.fields) : null })
    }
    await fanOut(event, recipients)
  }
}
