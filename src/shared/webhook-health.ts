/**
 * How a webhook is doing, judged from its recent deliveries rather than from its on/off switch:
 * a webhook that answers 500 for half an hour is switched on, yet it is not healthy.
 */

export const HEALTH_WINDOW_HOURS = 24
/** Below this share of successful attempts a webhook counts as degraded. */
export const DEGRADED_BELOW_RATE = 0.95
/** Below this share, with its latest attempt failed, it counts as failing. */
export const FAILING_BELOW_RATE = 0.5

export type WebhookHealthState = 'healthy' | 'degraded' | 'failing' | 'disabled' | 'inactive'

/** Facts about a webhook's real deliveries (test sends excluded) in the health window. */
export interface WebhookHealthFacts {
  active: boolean
  disabledReason: string | null
  /** Deliveries in a row that exhausted every retry. */
  failureStreak: number
  attempts: number
  succeeded: number
  /** Deliveries whose latest attempt failed and that wait for a scheduled retry. */
  pendingRetries: number
  /** Whether the latest attempt (in or before the window) failed; null when there was none. */
  lastAttemptFailed: boolean | null
}

export function successRate(facts: Pick<WebhookHealthFacts, 'attempts' | 'succeeded'>) {
  return facts.attempts === 0 ? null : facts.succeeded / facts.attempts
}

export function classifyWebhookHealth(facts: WebhookHealthFacts): WebhookHealthState {
  if (!facts.active) return facts.disabledReason ? 'disabled' : 'inactive'
  if (facts.failureStreak > 0) return 'failing'
  const rate = successRate(facts)
  if (facts.lastAttemptFailed && (rate === null || rate < FAILING_BELOW_RATE)) return 'failing'
  if (facts.lastAttemptFailed || facts.pendingRetries > 0) return 'degraded'
  if (rate !== null && rate < DEGRADED_BELOW_RATE) return 'degraded'
  return 'healthy'
}
