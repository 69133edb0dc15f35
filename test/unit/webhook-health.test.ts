import { describe, expect, it } from 'vitest'
import { classifyWebhookHealth, type WebhookHealthFacts } from '@shared/webhook-health'

const base: WebhookHealthFacts = {
  active: true,
  disabledReason: null,
  failureStreak: 0,
  attempts: 0,
  succeeded: 0,
  pendingRetries: 0,
  lastAttemptFailed: null
}
const state = (facts: Partial<WebhookHealthFacts>) => classifyWebhookHealth({ ...base, ...facts })

describe('classifyWebhookHealth', () => {
  it('switched off: disabled when the system said why, inactive when an operator did', () => {
    expect(state({ active: false, disabledReason: '410 Gone' })).toBe('disabled')
    expect(state({ active: false, attempts: 10, succeeded: 10 })).toBe('inactive')
  })

  it('healthy with no traffic, or when everything recent got through', () => {
    expect(state({})).toBe('healthy')
    expect(state({ attempts: 100, succeeded: 100, lastAttemptFailed: false })).toBe('healthy')
    expect(state({ attempts: 100, succeeded: 95, lastAttemptFailed: false })).toBe('healthy')
  })

  it('degraded by a failed latest attempt, a waiting retry or a success rate under 95 %', () => {
    expect(state({ attempts: 100, succeeded: 99, lastAttemptFailed: true })).toBe('degraded')
    expect(
      state({ attempts: 100, succeeded: 100, lastAttemptFailed: false, pendingRetries: 1 })
    ).toBe('degraded')
    expect(state({ attempts: 100, succeeded: 94, lastAttemptFailed: false })).toBe('degraded')
  })

  it('failing when deliveries exhaust their retries, or most recent attempts fail up to the last', () => {
    expect(state({ failureStreak: 1, attempts: 10, succeeded: 10 })).toBe('failing')
    expect(state({ attempts: 10, succeeded: 4, lastAttemptFailed: true })).toBe('failing')
    expect(state({ attempts: 0, lastAttemptFailed: true })).toBe('failing')
    // Half the attempts failed but the receiver is answering again: degraded, not failing.
    expect(state({ attempts: 10, succeeded: 4, lastAttemptFailed: false })).toBe('degraded')
  })
})
