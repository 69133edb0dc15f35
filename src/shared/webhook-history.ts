/**
 * One webhook's delivery history (`webhooks.history`): what its page charts, and the rotation
 * window its page offers. Shared so the contract, the core and the renderer agree on the limits.
 */

/** How far back a webhook's history goes: the log keeps 30 days by default. */
export const MAX_HISTORY_DAYS = 30

/** The rotated-out secret stays valid at most a week, 24 h unless the operator chooses. */
export const MAX_PREVIOUS_SECRET_HOURS = 168
export const DEFAULT_PREVIOUS_SECRET_HOURS = 24

export const HOUR_MS = 3_600_000

/**
 * A day's history goes by the hour; longer ones by 24 h, so a week is seven bars. Buckets end with
 * the current hour, so the last one holds the latest attempts and they add up to the whole range.
 */
export function historyBucketHours(days: number): number {
  return days === 1 ? 1 : 24
}
