import { eventName } from '@shared/entity-catalog'
import type { LogSummaryDto } from '@shared/dto'
import { AccountRepository } from '../account/account.repository'
import type { EntityEvent } from '../events/entity-event-emitter'
import { externalId } from '../support/ids'
import { attemptLog } from '../delivery/attempt-log'
import { OutboxRepository, type NewDelivery } from '../delivery/outbox.repository'
import { LogRepository, type NewLog } from '../logs/log.repository'
import { buildPayloadBody } from './payload-builder'
import type { WebhookRepository, WebhookTarget } from './webhook.repository'

export interface SubscriberOptions {
  wakeWorker: () => void
  /** Larger bodies are never sent: the delivery fails at once with a log entry saying why. */
  maxPayloadBytes: number
  onLog: (log: LogSummaryDto) => void
  webhooks: WebhookRepository
}

/**
 * Turns an entity event into one outbox row per matching active webhook, inside the entity's own
 * transaction. The worker is woken only after commit: a rolled-back save sends nothing.
 */
export function createWebhookSubscriber(options: SubscriberOptions) {
  const { webhooks } = options
  const deliveries = new OutboxRepository()
  const logs = new LogRepository()
  const accounts = new AccountRepository()

  return async function onEntityEvent(event: EntityEvent): Promise<void> {
    const name = eventName(event.type, event.action)
    const { db } = event.unit
    const targets = await webhooks.activeTargetsFor(db, name)
    if (targets.length === 0) return
    const account = await accounts.get(db)
    const refused: LogSummaryDto[] = []
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
      const delivery = {
        messageId: externalId('msg'),
        webhookId: target.id,
        appId: target.appId,
        event: name,
        body,
        revision: event.revision
      }
      const size = Buffer.byteLength(body)
      if (size <= options.maxPayloadBytes) {
        await deliveries.insert(db, delivery, event.occurredAt)
        continue
      }
      const id = await deliveries.insert(db, delivery, event.occurredAt, 'failed')
      refused.push(await logs.insert(db, tooLargeLog(target, delivery, id, size, options, event)))
    }
    event.unit.afterCommit(() => {
      options.wakeWorker()
      for (const log of refused) options.onLog(log)
    })
  }
}

/** The log entry that tells the operator why a delivery was never sent. */
function tooLargeLog(
  target: WebhookTarget,
  delivery: NewDelivery,
  deliveryId: number,
  size: number,
  options: SubscriberOptions,
  event: EntityEvent
): NewLog {
  const limitKiB = Math.floor(options.maxPayloadBytes / 1024)
  return attemptLog(
    target,
    { ...delivery, deliveryId },
    0,
    {
      requestHeaders: {},
      responseStatus: 0,
      responseBody: '',
      responseBodyTruncated: false,
      responseTimeMs: 0,
      errorClass: 'too_large',
      error:
        `Payload is ${Math.ceil(size / 1024)} KiB, over the ${limitKiB} KiB limit receivers are ` +
        'promised; it was not sent.'
    },
    event.occurredAt
  )
}
