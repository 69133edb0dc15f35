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
  new: 'No deliveries yet',
  healthy: 'Healthy',
  degraded: 'Degraded',
  failing: 'Failing',
  disabled: 'Disabled',
  inactive: 'Inactive'
}

const severities: Record<WebhookHealthState, HealthText['severity']> = {
  new: 'secondary',
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
  if (health.state === 'new') {
    facts.push('Waiting for its first delivery')
    story.push('No delivery attempt is logged yet, so there is nothing to judge it on.')
  } else if (health.attempts === 0) {
    facts.push(`No attempts in ${window}`)
    story.push(`No delivery attempts in the last ${window}.`)
  } else {
    facts.push(
      `${health.succeeded} of ${plural(health.attempts, 'attempt')} succeeded in ${window}`
    )
    story.push(
      `${health.succeeded} of ${plural(health.attempts, 'attempt')} succeeded in the last ${window} ` +
        `(${formatPercent(health.successRate)}).`
    )
  }
  const run = runFact(health)
  if (run) facts.push(run)
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
  if (health.state !== 'disabled' && health.state !== 'inactive') {
    story.push('Test sends are not counted.')
  }
  // Disabled, inactive, new and an exhausted streak tell their reason in the story already.
  const judged = ['healthy', 'degraded', 'failing'].includes(health.state)
  const reason = judged && webhook.failureStreak === 0 && health.reason ? `${health.reason} ` : ''
  return {
    label,
    severity: severities[health.state],
    facts,
    summary: `${label}. ${reason}${story.join(' ')}`
  }
}

/**
 * The run of outcomes at the end, when it explains the state: failures in a row, or the
 * successes a failing or degraded webhook has had since (it needs a few in a row to recover).
 */
function runFact(health: WebhookDto['health']): string | null {
  if (health.failedInARow >= 2) return `last ${health.failedInARow} attempts failed`
  const recovering = health.state === 'failing' || health.state === 'degraded'
  if (recovering && health.succeededInARow > 0 && health.recentSucceeded < health.recentAttempts)
    return `last ${plural(health.succeededInARow, 'attempt')} succeeded`
  return null
}
