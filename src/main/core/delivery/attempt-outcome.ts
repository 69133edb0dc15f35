import type { DeliveryErrorClass, DeliveryStatus } from '@shared/dto'
import { isSuccessStatus } from '@shared/http-status'
import { nextRetry, parseRetryAfter } from './retry-policy'

/** What the outbox row becomes after an attempt. */
export interface AttemptOutcome {
  status: DeliveryStatus
  nextAttemptAt: number
}

export interface OutcomeInput {
  /** HTTP status of the attempt, 0 when no answer came. */
  status: number
  errorClass: DeliveryErrorClass | null
  retryAfterHeader: string | undefined
  /** Attempts made so far, this one included. */
  attemptsMade: number
  now: number
  schedule: readonly number[]
  /** Uniform random number in [0, 1) for the jitter. */
  random: number
  /** Set when this attempt was a replay of a pending retry: where the schedule resumes. */
  replayResumeAt: number | null
}

/**
 * Pure: 2xx ends the delivery; 410 Gone ends it as failed (the receiver asked for no more);
 * otherwise the retry policy decides, honouring Retry-After on 429/503 and backing off after 429
 * or a timeout. A replayed pending retry that fails again goes back to the retry it waited for.
 */
export function attemptOutcome(input: OutcomeInput): AttemptOutcome {
  const { status, now } = input
  if (isSuccessStatus(status)) return { status: 'succeeded', nextAttemptAt: now }
  if (status === 410) return { status: 'failed', nextAttemptAt: now }
  if (input.replayResumeAt !== null)
    return { status: 'pending', nextAttemptAt: input.replayResumeAt }
  const decision = nextRetry({
    attemptsMade: input.attemptsMade,
    schedule: input.schedule,
    random: input.random,
    retryAfterMs:
      status === 429 || status === 503 ? parseRetryAfter(input.retryAfterHeader, now) : null,
    backOff: status === 429 || input.errorClass === 'timeout'
  })
  return decision.retry
    ? { status: 'pending', nextAttemptAt: now + decision.delayMs }
    : { status: 'failed', nextAttemptAt: now }
}
