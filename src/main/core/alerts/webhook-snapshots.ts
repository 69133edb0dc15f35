import type { AppDto, WebhookDto } from '@shared/dto'
import type { WebhookAlertFacts } from './alert-rules'

/** One webhook as the alert monitor sees it: who it is, and the facts the rules judge. */
export interface WebhookSnapshot extends WebhookAlertFacts {
  id: number
  appId: number
  appName: string
  name: string
  url: string
  /** Why it is failing (the health reason) or disabled (the stored reason). */
  failingReason: string
}

/** What the monitor needs from the apps and the webhook administration (declared here). */
export interface AlertSources {
  apps: { list(): Promise<AppDto[]> }
  webhooks: { list(appId: number): Promise<WebhookDto[]> }
}

/**
 * Every webhook of every app with its health and flow, through the same reads the webhook pages
 * use, so an alert says Failing exactly when the page does.
 */
export async function webhookSnapshots(sources: AlertSources): Promise<WebhookSnapshot[]> {
  const snapshots: WebhookSnapshot[] = []
  for (const app of await sources.apps.list())
    for (const webhook of await sources.webhooks.list(app.id))
      snapshots.push({
        id: webhook.id,
        appId: app.id,
        appName: app.name,
        name: webhook.name,
        url: webhook.url,
        active: webhook.active,
        failing: webhook.health.state === 'failing',
        failingReason: webhook.health.reason,
        disabledReason: webhook.disabledReason,
        oldestHeldAt:
          webhook.flow.held > 0 && webhook.flow.oldestHeldAt
            ? Date.parse(webhook.flow.oldestHeldAt)
            : null
      })
  return snapshots
}
