import { eventName } from '@shared/entity-catalog'
import type { LogSummaryDto } from '@shared/dto'
import { matchFilter } from '@shared/webhook-filters'
import type { EntityEvent } from '../events/entity-event-emitter'
import { externalId } from '../support/ids'
import { attemptLog } from '../delivery/attempt-log'
import { deliveryBody, insertEvent } from '../delivery/delivery-content'
import { OutboxRepository, type NewDelivery } from '../delivery/outbox.repository'
import { LogRepository, type NewLog } from '../logs/log.repository'
import { appJson, payloadParts } from '@shared/payload-format'
import type { WebhookRepository, WebhookSubscriber } from './webhook.repository'

export interface SubscriberOptions {
  deliveriesDue: () => void
  /** Larger bodies are never sent: the delivery fails at once with a log entry saying why. */
  maxPayloadBytes: number
  onLog: (log: LogSummaryDto) => void
  webhooks: WebhookRepository
}

/**
 * Turns an entity event into one outbox row per matching active webhook, inside the entity's own
 * transaction. The event's content is serialized and stored once; each row refers to it, and the
 * worker assembles a webhook's body from it at send time. The worker is woken only after commit:
 * a rolled-back save sends nothing.
 */
export function createWebhookSubscriber(options: SubscriberOptions) {
  const { webhooks } = options
  const deliveries = new OutboxRepository()
  const logs = new LogRepository()

  return async function onEntityEvent(event: EntityEvent): Promise<void> {
    const name = eventName(event.type, event.action)
    const { db } = event.unit
    // Field-level subscriptions are evaluated here, inside the save: a narrowed webhook whose
    // watched fields did not change (or whose conditions do not hold) gets no row at all.
    const matches = new Map<number, string | null>()
    const targets = (await webhooks.subscribersOf(db, name)).filter((target) => {
      const match = matchFilter(target.filter, event.changes, event.fields)
      if (match.matched) matches.set(target.id, target.filter ? JSON.stringify(match.fields) : null)
      return match.matched
    })
    if (targets.length === 0) return
    const account = await event.account()
    const parts = payloadParts({
      event: name,
      occurredAt: event.occurredAt,
      account,
      entity: event.entity,
      revision: event.revision
    })
    const apps: Record<string, string> = {}
    for (const target of targets)
      apps[target.appId] ??= appJson({ externalId: target.appExternalId, name: target.appName })
    const eventId = await insertEvent(
      db,
      { name, parts, apps, revision: event.revision, occurredAt: event.occurredAt },
      event.occurredAt
    )
    // Byte size without building every body: the shared parts plus each webhook's own middle.
    const shared = Buffer.byteLength(parts.head) + Buffer.byteLength(parts.tail)
    const middle = (target: WebhookSubscriber) =>
      Buffer.byteLength(apps[target.appId]) + Buffer.byteLength(target.externalId) + 36
    const queued: NewDelivery[] = []
    const refused: LogSummaryDto[] = []
    for (const target of targets) {
      const delivery: NewDelivery = {
        messageId: externalId('msg'),
        webhookId: target.id,
        appId: target.appId,
        event: name,
        eventId,
        matched: matches.get(target.id) ?? null
      }
      const size = shared + middle(target)
      if (size <= options.maxPayloadBytes) {
        queued.push(delivery)
        continue
      }
      const id = await deliveries.insert(db, delivery, event.occurredAt, 'failed')
      const body = deliveryBody({ ...parts, apps, revision: event.revision }, target)
      refused.push(
        await logs.insert(db, tooLargeLog(target, { ...delivery, body }, id, options, event))
      )
    }
    await deliveries.insertMany(db, queued, event.occurredAt)
    event.unit.afterCommit(() => {
      if (queued.length > 0) options.deliveriesDue()
      for (const log of refused) options.onLog(log)
    })
  }
}

/** The log entry that tells the operator why a delivery was never sent. */
function tooLargeLog(
  target: WebhookSubscriber,
  delivery: NewDelivery & { body: string },
  deliveryId: number,
  options: SubscriberOptions,
  event: EntityEvent
): NewLog {
  const limitKiB = Math.floor(options.maxPayloadBytes / 1024)
  const size = Buffer.byteLength(delivery.body)
  return attemptLog(
    target,
    { ...delivery, deliveryId, revision: event.revision },
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
