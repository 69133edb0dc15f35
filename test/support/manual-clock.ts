import type { Clock } from '../../src/main/core/support/clock'

/** A clock that moves only when told to, so retry schedules are tested without sleeping. */
export class ManualClock implements Clock {
  constructor(private current = Date.parse('2026-11-01T10:00:00Z')) {}

  now(): number {
    return this.current
  }

  advance(ms: number): void {
    this.current += ms
  }
}
