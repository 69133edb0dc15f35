import { describe, expect, it } from 'vitest'
import {
  classifyWebhookHealth,
  judgeWebhookHealth,
  RECENT_ATTEMPTS,
  runHealthMachine,
  type WebhookHealthFacts
} from '@shared/webhook-health'

const base: WebhookHealthFacts = {
  active: true,
  disabledReason: null,
  failureStreak: 0,
  attempts: 0,
  succeeded: 0,
  pendingRetries: 0,
  hasAttempts: false,
  recent: []
}
const state = (facts: Partial<WebhookHealthFacts>) => classifyWebhookHealth({ ...base, ...facts })
/** 'S' a 2xx, 'F' a failure, oldest first. */
const outcomes = (text: string) => [...text].map((char) => char === 'S')
/** Facts as the repository builds them: the window holds exactly these attempts. */
const seen = (text: string, extra: Partial<WebhookHealthFacts> = {}) => {
  const recent = outcomes(text).slice(-RECENT_ATTEMPTS)
  const all = outcomes(text)
  const succeeded = all.filter(Boolean).length
  return { ...base, hasAttempts: all.length > 0, recent, attempts: all.length, succeeded, ...extra }
}

/** The state after each attempt lands, as the manager would show it. */
const replay = (text: string) =>
  [...text].map((_, index) => classifyWebhookHealth(seen(text.slice(0, index + 1))))

describe('judgeWebhookHealth', () => {
  it('has its own state while no real attempt exists: not "healthy" without evidence', () => {
    expect(judgeWebhookHealth(base)).toMatchObject({ state: 'new', reason: expect.any(String) })
    // Attempts before the window but none in it: quiet, not new.
    expect(state({ hasAttempts: true })).toBe('healthy')
    // A switched-off webhook says so first.
    expect(state({ active: false })).toBe('inactive')
  })

  it('switched off: disabled when the system said why, inactive when an operator did', () => {
    expect(state({ active: false, disabledReason: '410 Gone' })).toBe('disabled')
    expect(state({ ...seen('SSSS'), active: false })).toBe('inactive')
  })

  it('healthy when everything recent got through, 95 % in the window being enough', () => {
    expect(judgeWebhookHealth(seen('SSSS'))).toMatchObject({
      state: 'healthy',
      reason: '4 recent attempts, all succeeded.',
      succeededInARow: 4
    })
    expect(state({ ...seen('S'.repeat(20)), attempts: 100, succeeded: 95 })).toBe('healthy')
  })

  it('degraded by a failed attempt, a waiting retry or a window rate under 95 %', () => {
    expect(judgeWebhookHealth(seen('SSSSF'))).toMatchObject({
      state: 'degraded',
      reason: 'An attempt failed.',
      failedInARow: 1
    })
    expect(state(seen('SSSS', { pendingRetries: 1 }))).toBe('degraded')
    expect(state({ ...seen('S'.repeat(20)), attempts: 100, succeeded: 94 })).toBe('degraded')
  })

  it('failing after 3 failures in a row, when under half succeeded, or when deliveries exhaust retries', () => {
    expect(judgeWebhookHealth(seen('SSSSSSFFF'))).toMatchObject({
      state: 'failing',
      reason: '3 attempts in a row failed.',
      failedInARow: 3
    })
    expect(state(seen('FF'))).toBe('failing')
    expect(state(seen('SFF'))).toBe('failing')
    expect(state(seen('SSSS', { failureStreak: 1 }))).toBe('failing')
  })

  it('keeps a flaky receiver in one state where the latest attempt used to flip it', () => {
    // Alternating outcomes around 50 %: the old rule (failing iff the latest failed and under
    // half succeeded) gave failing, degraded, failing, degraded... with every attempt.
    const flaky = 'SFSFFSFSFSFSFSFS'
    const states = replay(flaky)
    expect(states.slice(4)).toEqual(Array(flaky.length - 4).fill('failing'))
    // Mostly fine with an occasional failure: degraded throughout, not flapping to healthy.
    const mostlyFine = 'SSSSSFSSSFSSSFSSSSF'
    expect(replay(mostlyFine).slice(5)).toEqual(Array(mostlyFine.length - 5).fill('degraded'))
  })

  it('leaves failing only after 3 successes in a row, and degraded only after 5', () => {
    const recovery = 'FFFSSSSSSS'
    expect(replay(recovery)).toEqual([
      'degraded',
      'failing',
      'failing',
      'failing',
      'failing',
      'degraded',
      'degraded',
      'degraded',
      'degraded',
      'degraded'
    ])
    expect(judgeWebhookHealth(seen('FFFSS'))).toMatchObject({
      state: 'failing',
      succeededInARow: 2,
      reason: 'Still failing until 3 attempts in a row succeed.'
    })
    // Once the failures are old enough that the window rate is 95 %, healthy again.
    expect(state({ ...seen('FFFSSSSSSSS'), attempts: 100, succeeded: 97 })).toBe('healthy')
  })

  it('reads only the latest outcomes it is given, oldest first', () => {
    expect(runHealthMachine([])).toMatchObject({ state: 'healthy', failedInARow: 0 })
    expect(runHealthMachine(outcomes('FFFFFSSSSSSSSS'))).toMatchObject({
      state: 'healthy',
      succeededInARow: 9
    })
  })
})
