import { RETRY_PRESETS } from '@shared/delivery-settings'

/**
 * When to try a failed delivery again. Pure: the caller supplies time and randomness.
 * The default follows Svix: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after the first attempt.
 */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = RETRY_PRESETS.default.map(
  (seconds) => seconds * 1000
)

export const JITTER_RATIO = 0.2

/** A webhook's own schedule as stored (JSON seconds); anything unreadable means the default. */
export function storedRetrySchedule(value: unknown): number[] | null {
  if (typeof value !== 'string') return null
  try {
    const parsed: unknown = JSON.parse(value)
    return Array.isArray(parsed) && parsed.every((n) => Number.isFinite(n) && n > 0)
      ? (parsed as number[])
      : null
  } catch {
    return null
  }
}

export interface RetryDecision {
  retry: boolean
  /** Delay before the next attempt, when `retry`. */
  delayMs: number
}

export interface RetryInput {
  /** Attempts made so far, including the one that just failed (1-based). */
  attemptsMade: number
  schedule?: readonly number[]
  /** Uniform random number in [0, 1), e.g. Math.random(). */
  random: number
  /** Parsed `Retry-After` of the failed response, if it had one. */
  retryAfterMs?: number | null
  /** The receiver is overloaded (429) or too slow (timeout): wait at least a minute. */
  backOff?: boolean
}

export const BACK_OFF_FLOOR_MS = 60_000

export function nextRetry(input: RetryInput): RetryDecision {
  const schedule = input.schedule ?? DEFAULT_RETRY_SCHEDULE_MS
  const scheduled = schedule[input.attemptsMade - 1]
  if (scheduled === undefined) return { retry: false, delayMs: 0 }
  const jitter = 1 + JITTER_RATIO * (2 * input.random - 1)
  let delayMs = Math.round(scheduled * jitter)
  // A receiver asking for more time gets it, but never more than twice the plan, so one
  // misconfigured header cannot park a delivery for days.
  if (input.retryAfterMs != null && input.retryAfterMs > delayMs)
    delayMs = Math.min(Math.round(input.retryAfterMs), 2 * scheduled)
  if (input.backOff) delayMs = Math.max(delayMs, BACK_OFF_FLOOR_MS)
  return { retry: true, delayMs }
}

const HTTP_DATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; null when absent or garbage. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  if (!value) return null
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  // Only a real HTTP date (IMF-fixdate): V8's Date.parse reads '1.5' or '-5' as years.
  if (!HTTP_DATE.test(trimmed)) return null
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return null
  return Math.max(0, date - nowMs)
}
