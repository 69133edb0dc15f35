import { describe, expect, it } from 'vitest'
import {
  DEFAULT_RETRY_SCHEDULE_MS,
  JITTER_RATIO,
  nextRetry,
  parseRetryAfter
} from '../../src/main/core/delivery/retry-policy'

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const JUST_BELOW_ONE = 1 - Number.EPSILON

describe('default schedule', () => {
  it('is 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h', () => {
    expect([...DEFAULT_RETRY_SCHEDULE_MS]).toEqual([
      5 * SECOND,
      5 * MINUTE,
      30 * MINUTE,
      2 * HOUR,
      5 * HOUR,
      10 * HOUR,
      10 * HOUR
    ])
  })

  it('uses ±20% jitter', () => {
    expect(JITTER_RATIO).toBe(0.2)
  })

  it('schedules the n-th retry after the n-th failed attempt, unjittered at random 0.5', () => {
    DEFAULT_RETRY_SCHEDULE_MS.forEach((scheduled, index) => {
      expect(nextRetry({ attemptsMade: index + 1, random: 0.5 })).toEqual({
        retry: true,
        delayMs: scheduled
      })
    })
  })

  it('gives up after the last scheduled retry (8 attempts in all)', () => {
    expect(nextRetry({ attemptsMade: 7, random: 0.5 }).retry).toBe(true)
    expect(nextRetry({ attemptsMade: 8, random: 0.5 })).toEqual({ retry: false, delayMs: 0 })
    expect(nextRetry({ attemptsMade: 100, random: 0.5 }).retry).toBe(false)
  })

  it('does not retry for a nonsensical attempt count of 0', () => {
    expect(nextRetry({ attemptsMade: 0, random: 0.5 }).retry).toBe(false)
  })
})

describe('jitter', () => {
  it('random 0 gives exactly 0.8x the scheduled delay', () => {
    expect(nextRetry({ attemptsMade: 1, random: 0 }).delayMs).toBe(4_000)
    expect(nextRetry({ attemptsMade: 2, random: 0 }).delayMs).toBe(4 * MINUTE)
    expect(nextRetry({ attemptsMade: 6, random: 0 }).delayMs).toBe(8 * HOUR)
  })

  it('random just below 1 gives (about) 1.2x and never more', () => {
    const first = nextRetry({ attemptsMade: 1, random: JUST_BELOW_ONE }).delayMs
    expect(first).toBe(6_000)
    const last = nextRetry({ attemptsMade: 7, random: JUST_BELOW_ONE }).delayMs
    expect(last).toBeLessThanOrEqual(12 * HOUR)
    expect(last).toBeGreaterThan(12 * HOUR - 10)
  })

  it('random 0.5 gives exactly the scheduled delay', () => {
    expect(nextRetry({ attemptsMade: 3, random: 0.5 }).delayMs).toBe(30 * MINUTE)
  })

  it('is linear in the random number', () => {
    expect(nextRetry({ attemptsMade: 1, random: 0.25 }).delayMs).toBe(4_500)
    expect(nextRetry({ attemptsMade: 1, random: 0.75 }).delayMs).toBe(5_500)
  })

  it('stays within ±20% of the plan for every step and many random values', () => {
    for (let step = 1; step <= DEFAULT_RETRY_SCHEDULE_MS.length; step++) {
      const scheduled = DEFAULT_RETRY_SCHEDULE_MS[step - 1]
      for (let i = 0; i < 200; i++) {
        const random = i / 200
        const { retry, delayMs } = nextRetry({ attemptsMade: step, random })
        expect(retry).toBe(true)
        expect(delayMs).toBeGreaterThanOrEqual(Math.round(scheduled * 0.8))
        expect(delayMs).toBeLessThanOrEqual(Math.round(scheduled * 1.2))
        expect(Number.isInteger(delayMs)).toBe(true)
      }
    }
  })
})

describe('custom schedule', () => {
  const schedule = [1_000, 2_000, 3_000]

  it('is followed instead of the default', () => {
    expect(nextRetry({ attemptsMade: 1, random: 0.5, schedule })).toEqual({
      retry: true,
      delayMs: 1_000
    })
    expect(nextRetry({ attemptsMade: 3, random: 0, schedule }).delayMs).toBe(2_400)
  })

  it('is exhausted after its own length', () => {
    expect(nextRetry({ attemptsMade: 4, random: 0.5, schedule }).retry).toBe(false)
  })

  it('an empty schedule never retries', () => {
    expect(nextRetry({ attemptsMade: 1, random: 0.5, schedule: [] })).toEqual({
      retry: false,
      delayMs: 0
    })
  })
})

describe('Retry-After in nextRetry', () => {
  it('is honoured when longer than the jittered delay and within 2x the plan', () => {
    expect(nextRetry({ attemptsMade: 1, random: 0.5, retryAfterMs: 8_000 }).delayMs).toBe(8_000)
  })

  it('is clamped to at most twice the scheduled delay', () => {
    expect(nextRetry({ attemptsMade: 1, random: 0.5, retryAfterMs: 60_000 }).delayMs).toBe(10_000)
    expect(nextRetry({ attemptsMade: 2, random: 0, retryAfterMs: 7 * 24 * HOUR }).delayMs).toBe(
      10 * MINUTE
    )
  })

  it('never shortens the jittered delay', () => {
    expect(nextRetry({ attemptsMade: 1, random: 0.5, retryAfterMs: 1_000 }).delayMs).toBe(5_000)
    expect(nextRetry({ attemptsMade: 1, random: JUST_BELOW_ONE, retryAfterMs: 0 }).delayMs).toBe(
      6_000
    )
  })

  it('null or absent leaves the jittered delay', () => {
    expect(nextRetry({ attemptsMade: 1, random: 0, retryAfterMs: null }).delayMs).toBe(4_000)
    expect(nextRetry({ attemptsMade: 1, random: 0 }).delayMs).toBe(4_000)
  })

  it('does not resurrect an exhausted schedule', () => {
    expect(nextRetry({ attemptsMade: 8, random: 0.5, retryAfterMs: 1_000 }).retry).toBe(false)
  })

  it('always lands between the jittered delay and 2x the plan', () => {
    for (const retryAfterMs of [0, 3_999, 4_001, 6_500, 9_999, 10_001, 1e9]) {
      for (const random of [0, 0.3, 0.5, 0.9, JUST_BELOW_ONE]) {
        const jittered = nextRetry({ attemptsMade: 1, random }).delayMs
        const { delayMs } = nextRetry({ attemptsMade: 1, random, retryAfterMs })
        expect(delayMs).toBeGreaterThanOrEqual(jittered)
        expect(delayMs).toBeLessThanOrEqual(10_000)
        expect(delayMs).toBe(Math.max(jittered, Math.min(retryAfterMs, 10_000)))
      }
    }
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-04-21T12:00:00Z')

  it('reads delta-seconds as milliseconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000)
    expect(parseRetryAfter('0', now)).toBe(0)
    expect(parseRetryAfter(' 30 ', now)).toBe(30_000)
  })

  it('reads an HTTP date as the time left until it', () => {
    expect(parseRetryAfter('Tue, 21 Apr 2026 12:01:30 GMT', now)).toBe(90_000)
  })

  it('gives 0 for an HTTP date in the past', () => {
    expect(parseRetryAfter('Tue, 21 Apr 2026 11:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now)).toBe(0)
  })

  it('gives null when absent or empty', () => {
    expect(parseRetryAfter(undefined, now)).toBeNull()
    expect(parseRetryAfter('', now)).toBeNull()
  })

  it('gives null for garbage', () => {
    expect(parseRetryAfter('soon', now)).toBeNull()
    expect(parseRetryAfter('5s', now)).toBeNull()
    expect(parseRetryAfter('in 5 minutes', now)).toBeNull()
    expect(parseRetryAfter('0x10', now)).toBeNull()
  })

  // V8's lenient Date.parse would read these as dates in 2001.
  it('gives null for malformed numbers and text that V8 happens to parse as a date', () => {
    expect(parseRetryAfter('1.5', now)).toBeNull()
    expect(parseRetryAfter('-5', now)).toBeNull()
    expect(parseRetryAfter('Retry 10', now)).toBeNull()
  })
})

describe('back-off floor after 429s and timeouts', () => {
  it('waits at least a minute even when the schedule says 5 s', () => {
    expect(nextRetry({ attemptsMade: 1, random: 0.5, backOff: true })).toEqual({
      retry: true,
      delayMs: 60_000
    })
  })

  it('leaves longer scheduled delays alone', () => {
    expect(nextRetry({ attemptsMade: 2, random: 0.5, backOff: true }).delayMs).toBe(300_000)
  })

  it('applies after the Retry-After clamp', () => {
    const decision = nextRetry({ attemptsMade: 1, random: 0.5, retryAfterMs: 2_000, backOff: true })
    expect(decision.delayMs).toBe(60_000)
  })
})
