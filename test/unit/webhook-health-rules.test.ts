import { describe, expect, it } from 'vitest'
import { autoDisableReason, healthEffect } from '../../src/main/core/delivery/webhook-health-rules'

const DAY = 86_400_000
const limits = { autoDisableAfterFailures: 3, autoDisableAfterDays: 5 }
const now = Date.parse('2026-11-30T12:00:00Z')

describe('healthEffect', () => {
  it('a success recovers, 410 is gone, an exhausted delivery counts, a scheduled retry waits', () => {
    expect(healthEffect(200, 'succeeded')).toBe('recovered')
    expect(healthEffect(410, 'failed')).toBe('gone')
    expect(healthEffect(500, 'failed')).toBe('exhausted')
    expect(healthEffect(0, 'failed')).toBe('exhausted')
    expect(healthEffect(500, 'pending')).toBe('none')
  })
})

describe('autoDisableReason', () => {
  it('stays quiet within both limits', () => {
    expect(autoDisableReason({ count: 2, failingSince: now - 4 * DAY }, now, limits)).toBeNull()
  })

  it('disables after so many exhausted deliveries in a row, saying how many and since when', () => {
    const reason = autoDisableReason({ count: 3, failingSince: now - DAY }, now, limits)
    expect(reason).toBe(
      'Automatically, after 3 deliveries in a row failed every retry (failing since 2026-11-29 12:00 UTC).'
    )
  })

  it('disables after failing for so long, even with a short streak', () => {
    expect(autoDisableReason({ count: 1, failingSince: now - 5 * DAY }, now, limits)).toContain(
      'after 1 delivery in a row'
    )
  })
})
