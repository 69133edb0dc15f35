import { describe, expect, it } from 'vitest'
import { formatDuration, parseDurations } from '@shared/durations'

describe('retry schedule durations', () => {
  it('formats in the largest whole unit', () => {
    expect([5, 60, 300, 1_800, 7_200, 86_400, 90].map(formatDuration)).toEqual([
      '5s',
      '1m',
      '5m',
      '30m',
      '2h',
      '1d',
      '90s'
    ])
  })

  it('parses units, plain seconds, commas and spaces', () => {
    expect(parseDurations('30s, 5m 2h,1d 45')).toEqual([30, 300, 7_200, 86_400, 45])
    expect(parseDurations('  ')).toEqual([])
  })

  it('names the part it cannot read', () => {
    expect(() => parseDurations('30s, soon')).toThrow('"soon"')
    expect(() => parseDurations('5w')).toThrow('"5w"')
    expect(() => parseDurations('-5s')).toThrow('"-5s"')
  })

  it('round-trips', () => {
    const schedule = [5, 300, 1_800, 7_200, 18_000, 36_000]
    expect(parseDurations(schedule.map(formatDuration).join(', '))).toEqual(schedule)
  })
})
