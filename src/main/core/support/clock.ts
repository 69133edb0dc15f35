/** Time source injected everywhere time matters, so schedule tests need not sleep. */
export interface Clock {
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

export function isoFromMs(ms: number): string {
  return new Date(ms).toISOString()
}

/** The payload's `timestamp` format, defined with the other payload rules in src/shared. */
export { payloadTimestamp } from '@shared/payload-format'

/** For messages people read: `2026-11-29 15:15 UTC`. */
export function readableUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
}
