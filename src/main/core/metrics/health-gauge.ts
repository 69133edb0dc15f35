import { Gauge, type Registry } from 'prom-client'
import type { WebhookHealthDto } from '@shared/dto'
import type { WebhookHealthState } from '@shared/webhook-health'
import type { Db } from '../db/knex-factory'
import type { MetricsWebhook } from './outbox-figures'

/** What the gauge needs of delivery's health read model (WebhookHealthRepository). */
export interface HealthReader {
  healthOf(
    db: Db,
    subjects: MetricsWebhook[],
    now: number
  ): Promise<Map<number, Pick<WebhookHealthDto, 'state'>>>
}

/** Every state a webhook can be in: each gets a series, 1 for the current one and 0 otherwise. */
const STATES: readonly WebhookHealthState[] = [
  'new',
  'healthy',
  'degraded',
  'failing',
  'disabled',
  'inactive'
]

/**
 * The verdict reads each webhook's attempts of the last 24 hours (a range of the log, not a seek),
 * so it is judged again at most this often however often Prometheus scrapes; the other figures
 * are read on every scrape.
 */
export const HEALTH_REFRESH_MS = 30_000

/**
 * `pim_webhook_health{webhook, app, state}`: the same verdict as the webhook's page. Labels are
 * external ids (never URLs or names: a URL may carry credentials, a name is free text).
 */
export class HealthGauge {
  private readonly gauge: Gauge<'webhook' | 'app' | 'state'>
  private judgedAt: number | null = null

  constructor(
    registry: Registry,
    private readonly reader: HealthReader,
    private readonly refreshMs = HEALTH_REFRESH_MS
  ) {
    this.gauge = new Gauge({
      name: 'pim_webhook_health',
      help: 'Webhook health as the app judges it: 1 for the current state, 0 for the others',
      labelNames: ['webhook', 'app', 'state'],
      registers: [registry]
    })
  }

  async refresh(db: Db, webhooks: MetricsWebhook[], now: number): Promise<void> {
    if (this.judgedAt !== null && now - this.judgedAt < this.refreshMs && now >= this.judgedAt)
      return
    const health = await this.reader.healthOf(db, webhooks, now)
    // Deleted webhooks lose their series: start from nothing each time.
    this.gauge.reset()
    for (const webhook of webhooks) {
      const current = health.get(webhook.id)?.state
      if (!current) continue
      for (const state of STATES)
        this.gauge.set(
          { webhook: webhook.externalId, app: webhook.appExternalId, state },
          state === current ? 1 : 0
        )
    }
    this.judgedAt = now
  }
}
