import type { WebhookDto } from '@shared/dto'
import type { WebhookHealthState } from '@shared/webhook-health'
import { formatDateTime, formatPercent, formatShortDateTime } from './format'

/** How a webhook's health reads in a badge and the line beside it. */
export interface HealthText {
  label: string
  severity: 'success' | 'warn' | 'danger' | 'secondary'
  /** Short facts for the line under the badge. */
  facts: string[]
  /** The whole story, for a tooltip or a screen reader. */
  summary: string
}

const labels: Record<WebhookHealthState, string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  failing: 'Failing',
  disabled: 'Disabled',
  inactive: 'Inactive'
}

const severities: Record<WebhookHealthState, HealthText['severity']> = {
  healthy: 'success',
  degraded: 'warn',
  failing: 'danger',
  disabled: 'danger',
  inactive: 'secondary'
}

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count} ${count === 1 ? one : many}`

export function healthText(webhook: WebhookDto): HealthText {
  const { health } = webhook
  const label =
    health.state === 'failing' && webhook.failureStreak > 0
      ? `Failing ×${webhook.failureStreak}`
      : labels[health.state]
  const facts: string[] = []
  const story: string[] = []

  if (health.state === 'disabled') {
    facts.push(`Since ${formatShortDateTime(webhook.disabledAt)}`)
    story.push(`Disabled ${formatDateTime(webhook.disabledAt)}: ${webhook.disabledReason}`)
  } else if (health.state === 'inactive') {
    facts.push('Turned off; new changes are not sent')
    story.push('Turned off by an operator. Deliveries already queued wait until it is on again.')
  }
  if (webhook.failureStreak > 0) {
    story.push(
      `${plural(webhook.failureStreak, 'delivery', 'deliveries')} in a row exhausted every retry ` +
        `since ${formatDateTime(webhook.failingSince)}; it is disabled automatically if this goes on.`
    )
  }

  const window = `${health.windowHours} h`
  if (health.attempts === 0) {
    facts.push(`No attempts in ${window}`)
    story.push(`No delivery attempts in the last ${window}.`)
  } else {
    facts.push(`${formatPercent(health.successRate)} of ${plural(health.attempts, 'attempt')}`)
    story.push(
      `${health.succeeded} of ${plural(health.attempts, 'attempt')} succeeded in the last ${window} ` +
        `(${formatPercent(health.successRate)}).`
    )
  }
  if (health.pendingRetries > 0) {
    facts.push(
      `${plural(health.pendingRetries, 'retry', 'retries')} waiting, next ${formatShortDateTime(health.nextRetryAt)}`
    )
    story.push(
      `${plural(health.pendingRetries, 'delivery', 'deliveries')} wait for a retry; the next is due ` +
        `${formatDateTime(health.nextRetryAt)}.`
    )
  }
  if (health.lastAttemptAt) {
    const lastSuccess = health.lastSuccessAt
      ? `last success ${formatShortDateTime(health.lastSuccessAt)}`
      : 'no success yet'
    if (health.lastAttemptFailed) facts.push(lastSuccess)
    story.push(
      `Latest attempt ${formatDateTime(health.lastAttemptAt)} ${health.lastAttemptFailed ? 'failed' : 'succeeded'}; ` +
        (health.lastSuccessAt
          ? `last success ${formatDateTime(health.lastSuccessAt)}.`
          : 'no attempt has succeeded yet.')
    )
  }
  return {
    label,
    severity: severities[health.state],
    facts,
    summary: `${label}. ${story.join(' ')}`
  }
}
