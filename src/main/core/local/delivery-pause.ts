import type { Knex } from 'knex'
import type { AppDto, WebhookDto } from '@shared/dto'
import { deliveryStateOf, type DeliveryStatusDto } from '@shared/delivery-status'

/** What the status needs from the apps and the webhook administration (declared here). */
export interface WebhookSources {
  apps: { list(): Promise<AppDto[]> }
  webhooks: { list(appId: number): Promise<WebhookDto[]> }
}

/** What pausing needs from the delivery worker. */
export interface PausableWorker {
  setPaused(paused: boolean): void
}

/**
 * How delivery stands on this computer, and the pause of all of it (the tray's "Pause all
 * delivery"). A pause stops this process claiming: saves still queue, attempts on the wire
 * finish, and the pause outlives a restart until the operator resumes.
 */
export async function deliveryStatus(
  db: Knex,
  sources: WebhookSources,
  paused: boolean
): Promise<DeliveryStatusDto> {
  const waiting = await db('deliveries')
    .whereIn('status', ['pending', 'claimed', 'delivering'])
    .count({ pending: '*' })
    .min({ nextDue: 'next_attempt_at' })
    .first()
  let failingWebhooks = 0
  let heldWebhooks = 0
  for (const app of await sources.apps.list())
    for (const webhook of await sources.webhooks.list(app.id)) {
      if (webhook.active && webhook.health.state === 'failing') failingWebhooks += 1
      if (webhook.heldSince) heldWebhooks += 1
    }
  const nextDue =
    waiting?.nextDue === null || waiting?.nextDue === undefined ? null : Number(waiting.nextDue)
  const counts = { paused, failingWebhooks, heldWebhooks }
  return {
    ...counts,
    pending: Number(waiting?.pending ?? 0),
    nextDueAt: nextDue === null ? null : new Date(nextDue).toISOString(),
    state: deliveryStateOf(counts)
  }
}
