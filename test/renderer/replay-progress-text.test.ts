import { describe, expect, it } from 'vitest'
import type { ReplayProgress } from '@shared/dto'
import { replayProgressText } from '../../src/renderer/src/replay-progress-text'

const batch = (fields: Partial<ReplayProgress>): ReplayProgress => ({
  batchId: 'rpl_1',
  total: 15,
  succeeded: 0,
  failed: 0,
  retrying: 0,
  pending: 0,
  nextRetryAt: null,
  finished: false,
  webhookActive: true,
  ...fields
})

describe('a replay’s progress in words', () => {
  it('says "Finished" only when every delivery has ended', () => {
    expect(replayProgressText(batch({ succeeded: 12, failed: 3, finished: true }))).toBe(
      'Finished: 12 delivered, 3 failed after every retry'
    )
    expect(
      replayProgressText(
        batch({ retrying: 15, nextRetryAt: '2026-12-04T14:05:00.000Z', finished: false })
      )
    ).toMatch(
      /^Running: 0 delivered · 0 failed after every retry · 15 waiting for a retry \(next at 4 Dec 2026, \d\d:05:00 .*\) — of 15$/
    )
  })

  it('counts what is not sent yet, and says when the webhook is off', () => {
    expect(replayProgressText(batch({ succeeded: 5, pending: 10 }))).toBe(
      'Running: 5 delivered · 0 failed after every retry · 10 not sent yet — of 15'
    )
    expect(replayProgressText(batch({ retrying: 15, webhookActive: false }))).toContain(
      'Paused, the webhook is turned off'
    )
  })
})
