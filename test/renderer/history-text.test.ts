import { describe, expect, it } from 'vitest'
import { historyBucketHours } from '@shared/webhook-history'
import { bucketLabel, bucketTick } from '../../src/renderer/src/history-text'

const bucket = (start: string, end: string) => ({
  start,
  end,
  attempts: 0,
  succeeded: 0,
  failed: 0
})

describe("a webhook's history in words", () => {
  it('goes by the hour for a day and by 24 h for longer ranges', () => {
    expect(historyBucketHours(1)).toBe(1)
    expect(historyBucketHours(7)).toBe(24)
    expect(historyBucketHours(30)).toBe(24)
  })

  it('names an hour by its times and a day by its dates, in the zone given', () => {
    const hour = bucket('2026-12-04T14:00:00.000Z', '2026-12-04T15:00:00.000Z')
    expect(bucketLabel(hour, 1, 'UTC')).toBe('14:00–15:00')
    expect(bucketTick(hour, 1, 'Europe/Berlin')).toBe('15:00')
    const day = bucket('2026-12-03T17:00:00.000Z', '2026-12-04T17:00:00.000Z')
    expect(bucketLabel(day, 24, 'UTC')).toBe('3 Dec 17:00 – 4 Dec 17:00')
    expect(bucketTick(day, 24, 'UTC')).toBe('4 Dec')
  })
})
