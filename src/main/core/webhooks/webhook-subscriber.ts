import { eventName } from '../../../shared/entity-catalog'
import { AccountRepository } from '../account/account.repository'
import type { EntityEvent } from '../events/entity-event-emitter'
import { externalId } from '../support/ids'
import { DeliveryRepository } from './delivery.repository'
import { buildPayloadBody } from './payload-builder'
import { WebhookRepository } from './webhook.repository'

/**
 * Turns an entity event into one outbox row per matching active webhook, inside the entity's own
 * transaction. The worker is woken only after commit: a rolled-back save sends nothing.
 */
export function createWebhookSubscriber(wakeWorker: () => void) {
  const webhooks = new WebhookRepository()
  const deliveries = new DeliveryRepository()
  const accounts = new AccountRepository()

  return async function onEntityEvent(event: EntityEvent): Promise<void> {
    const name = eventName(event.type, event.action)
    const { db } = event.unit
    const targets = await webhooks.activeTargetsFor(db, name)
    if (targets.length === 0) return
    const account = await accounts.get(db)
    for (const target of targets) {
      const body = buildPayloadBody({
        event: name,
        occurredAt: event.occurredAt,
        account,
        app: { externalId: target.appExternalId, name: target.appName },
        webhook: { externalId: target.externalId },
        entity: event.entity,
        revision: event.revision
      })
      await deliveries.insert(
        db,
        {
          messageId: externalId('msg'),
          webhookId: target.id,
          appId: target.appId,
          event: name,
          body,
          revision: event.revision
        },
        event.occurredAt
      )
    }
    event.unit.afterCommit(wakeWorker)
  }
}
