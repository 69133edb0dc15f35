import { describe, expect, it } from 'vitest'
import { attemptOutcome, type OutcomeInput } from '../../src/main/core/delivery/attempt-outcome'

const now = Date.parse('2026-11-30T12:00:00Z')
const base: OutcomeInput = {
  status: 500,
  errorClass: 'http_status',
  retryAfterHeader: undefined,
  attemptsMade: 1,
  now,
  schedule: [5_000, 300_000],
  random: 0.5, // no jitter
  replayResumeAt: null
}
const outcome = (input: Partial<OutcomeInput>) => attemptOutcome({ ...base, ...input })

describe('attemptOutcome', () => {
  it('ends the delivery on any 2xx, and on 410 Gone as failed', () => {
    expect(outcome({ status: 200 })).toEqual({ status: 'succeeded', nextAttemptAt: now })
    expect(outcome({ status: 204, replayResumeAt: now + 1 })).toEqual({
      status: 'succeeded',
      nextAttemptAt: now
    })
    expect(outcome({ status: 410 })).toEqual({ status: 'failed', nextAttemptAt: now })
  })

  it('follows the schedule, then gives up', () => {
    expect(outcome({})).toEqual({ status: 'pending', nextAttemptAt: now + 5_000 })
    expect(outcome({ attemptsMade: 2 })).toEqual({
      status: 'pending',
      nextAttemptAt: now + 300_000
    })
    expect(outcome({ attemptsMade: 3 })).toEqual({ status: 'failed', nextAttemptAt: now })
    expect(outcome({ schedule: [] })).toEqual({ status: 'failed', nextAttemptAt: now })
    // A redirect is a failure like any other non-2xx.
    expect(outcome({ status: 301 }).status).toBe('pending')
  })

  it('backs off at least a minute after 429 or a timeout, and honours Retry-After on 429/503', () => {
    expect(outcome({ status: 429 }).nextAttemptAt).toBe(now + 60_000)
    expect(outcome({ status: 0, errorClass: 'timeout' }).nextAttemptAt).toBe(now + 60_000)
    expect(outcome({ status: 503, retryAfterHeader: '8' }).nextAttemptAt).toBe(now + 8_000)
    // Retry-After never stretches a delay past twice the scheduled one.
    expect(outcome({ status: 503, retryAfterHeader: '3600' }).nextAttemptAt).toBe(now + 10_000)
    // ...and only 429/503 carry it.
    expect(outcome({ status: 500, retryAfterHeader: '8' }).nextAttemptAt).toBe(now + 5_000)
  })

  it('puts a replayed pending retry that failed again back on the retry it waited for', () => {
    const resume = now + 3_600_000
    expect(outcome({ replayResumeAt: resume, attemptsMade: 7 })).toEqual({
      status: 'pending',
      nextAttemptAt: resume
    })
    expect(outcome({ replayResumeAt: resume, status: 410 }).status).toBe('failed')
  })
})
