/**
 * How a webhook is doing, judged from its recent deliveries rather than from its on/off switch:
 * a webhook that answers 500 for half an hour is switched on, yet it is not healthy.
 *
 * The verdict comes from the outcomes of its last real attempts run through a small state
 * machine with different thresholds to enter and to leave a state, so a flaky receiver settles
 * in one state instead of flipping between Failing and Degraded with every attempt that lands
 * (the verdict used to follow the one latest attempt and a rate hovering at 50 %). Nothing is
 * stored: the same attempts always give the same verdict.
 */

export const HEALTH_WINDOW_HOURS = 24
/** How many of the latest real attempts the state machine reads (oldest first). */
export const RECENT_ATTEMPTS = 20
/** Below this share of successful attempts in the window a webhook counts as degraded. */
export const DEGRADED_BELOW_RATE = 0.95
/** At a failed attempt, below this share of successes so far it enters failing... */
export const FAILING_BELOW_RATE = 0.5
/** ...as it does after this many failed attempts in a row. */
export const FAILING_AFTER_FAILURES = 3
/** Failing is left (for degraded) only after this many successes in a row. */
export const RECOVERED_AFTER_SUCCESSES = 3
/** Degraded is left (for healthy) only after this many successes in a row. */
export const HEALTHY_AFTER_SUCCESSES = 5

/** `new`: no real attempt logged yet, so there is no evidence either way ("No deliveries yet"). */
export type WebhookHealthState =
  'new' | 'healthy' | 'degraded' | 'failing' | 'disabled' | 'inactive'

/** Facts about a webhook's real deliveries (test sends excluded). */
export interface WebhookHealthFacts {
  active: boolean
  disabledReason: string | null
  /** Deliveries in a row that exhausted every retry. */
  failureStreak: number
  /** Attempts in the health window, and how many of them got a 2xx. */
  attempts: number
  succeeded: number
  /** Deliveries whose latest attempt failed and that wait for a scheduled retry. */
  pendingRetries: number
  /** Whether any real attempt is logged at all (in the window or before). */
  hasAttempts: boolean
  /** Outcomes of the latest attempts in the window (at most RECENT_ATTEMPTS), oldest first: true = 2xx. */
  recent: boolean[]
}

export interface WebhookHealthVerdict {
  state: WebhookHealthState
  /** Why, in one sentence an operator can check against the figures. */
  reason: string
  /** Runs at the end of `recent`: failed attempts in a row, successful attempts in a row. */
  failedInARow: number
  succeededInARow: number
}

export function successRate(facts: Pick<WebhookHealthFacts, 'attempts' | 'succeeded'>) {
  return facts.attempts === 0 ? null : facts.succeeded / facts.attempts
}

type Running = 'healthy' | 'degraded' | 'failing'

interface Step {
  state: Running
  reason: string
  failedInARow: number
  succeededInARow: number
}

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count} ${count === 1 ? one : many}`

/**
 * Runs the outcomes, oldest first, through the machine. Before the first of them nothing is held
 * against the webhook (healthy); the few outcomes read make the start matter little at the end.
 */
export function runHealthMachine(outcomes: boolean[]): Step {
  let step: Step = { state: 'healthy', reason: '', failedInARow: 0, succeededInARow: 0 }
  let seen = 0
  let succeeded = 0
  for (const ok of outcomes) {
    seen++
    if (ok) succeeded++
    const failedInARow = ok ? 0 : step.failedInARow + 1
    const succeededInARow = ok ? step.succeededInARow + 1 : 0
    let { state, reason } = step
    if (!ok) {
      if (failedInARow >= FAILING_AFTER_FAILURES) {
        state = 'failing'
        reason = `${failedInARow} attempts in a row failed.`
      } else if (seen >= 2 && succeeded / seen < FAILING_BELOW_RATE) {
        state = 'failing'
        reason = `${succeeded} of ${plural(seen, 'recent attempt')} succeeded.`
      } else if (state === 'healthy') {
        state = 'degraded'
        reason = 'An attempt failed.'
      }
    } else if (state === 'failing' && succeededInARow >= RECOVERED_AFTER_SUCCESSES) {
      state = 'degraded'
      reason = `Recovering: ${succeededInARow} attempts in a row succeeded after failures.`
    } else if (state === 'degraded' && succeededInARow >= HEALTHY_AFTER_SUCCESSES) {
      state = 'healthy'
      reason = `${succeededInARow} attempts in a row succeeded.`
    } else if (state === 'failing') {
      reason = `Still failing until ${RECOVERED_AFTER_SUCCESSES} attempts in a row succeed.`
    } else if (state === 'degraded') {
      reason = `Degraded until ${HEALTHY_AFTER_SUCCESSES} attempts in a row succeed.`
    }
    step = { state, reason, failedInARow, succeededInARow }
  }
  return step
}

export function judgeWebhookHealth(facts: WebhookHealthFacts): WebhookHealthVerdict {
  const run = runHealthMachine(facts.recent)
  const verdict = (state: WebhookHealthState, reason: string): WebhookHealthVerdict => ({
    state,
    reason,
    failedInARow: run.failedInARow,
    succeededInARow: run.succeededInARow
  })
  if (!facts.active) {
    return facts.disabledReason
      ? verdict('disabled', facts.disabledReason)
      : verdict('inactive', 'Turned off by an operator.')
  }
  if (facts.failureStreak > 0) {
    return verdict(
      'failing',
      `${plural(facts.failureStreak, 'delivery', 'deliveries')} in a row used up every retry.`
    )
  }
  if (!facts.hasAttempts) return verdict('new', 'No delivery attempt yet.')
  if (run.state !== 'healthy') return verdict(run.state, run.reason)
  // The machine is healthy only after successes in a row; these floors keep older evidence.
  if (facts.pendingRetries > 0) {
    return verdict(
      'degraded',
      `${plural(facts.pendingRetries, 'delivery', 'deliveries')} wait for a retry.`
    )
  }
  const rate = successRate(facts)
  if (rate !== null && rate < DEGRADED_BELOW_RATE) {
    return verdict(
      'degraded',
      `Under ${Math.round(DEGRADED_BELOW_RATE * 100)} % of the attempts in ${HEALTH_WINDOW_HOURS} h succeeded.`
    )
  }
  if (facts.recent.length === 0) {
    return verdict('healthy', `No attempts in ${HEALTH_WINDOW_HOURS} h; none is failing.`)
  }
  return verdict(
    'healthy',
    run.succeededInARow === facts.recent.length
      ? `${plural(facts.recent.length, 'recent attempt')}, all succeeded.`
      : `The last ${run.succeededInARow} attempts succeeded.`
  )
}

/** The state alone (kept for callers that need no reason). */
export function classifyWebhookHealth(facts: WebhookHealthFacts): WebhookHealthState {
  return judgeWebhookHealth(facts).state
}
