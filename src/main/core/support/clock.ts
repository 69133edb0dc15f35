/** Time source injected everywhere time matters, so schedule tests need not sleep. */
export interface Clock {
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

export function isoFromMs(ms: number): string {
  return new Date(ms).toISOString()
}

/** ISO 8601 with seconds and an explicit `+00:00` offset, as the payload contract shows. */
export function payloadTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00')
}

/** For messages people read: `2026-11-29 15:15 UTC`. */
export function readableUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
}
