export interface AuthThrottleOptions {
  /** Failed checks answered 401 within one window; the ones after that get 429. */
  limit: number
  windowMs: number
  now?: () => number
}

export const DEFAULT_AUTH_THROTTLE = { limit: 10, windowMs: 60_000 } as const

/**
 * Counts failed token and ticket checks. Every client is on the loopback, so the count is
 * shared rather than per address. Only failures are throttled: a request with the right token
 * is checked first and always answered, so a local process guessing tokens cannot lock the
 * operator out, and the 429 makes a guessing loop loud in its own output.
 */
export class AuthThrottle {
  private readonly now: () => number
  /** The most recent failures, at most `limit` of them, oldest first. */
  private failures: number[] = []

  constructor(private readonly options: AuthThrottleOptions) {
    this.now = options.now ?? Date.now
  }

  /**
   * Records one failure. Returns null while it is within the limit, otherwise the seconds until
   * a failure would be answered 401 again (for `Retry-After`).
   */
  recordFailure(): number | null {
    const now = this.now()
    const { limit, windowMs } = this.options
    this.failures = this.failures.filter((at) => now - at < windowMs)
    const overLimit = this.failures.length >= limit
    this.failures.push(now)
    if (this.failures.length > limit) this.failures.shift()
    if (!overLimit) return null
    return Math.max(1, Math.ceil((this.failures[0] + windowMs - now) / 1000))
  }
}
