import type { Clock } from '../../core/support/clock'

/**
 * The core's clock during a demo. Seeding travels back in time so the catalog arrives with weeks
 * of revision and order history; it returns to the present before any webhook exists, so no
 * delivery is ever scheduled on a moved clock.
 */
export class DemoClock implements Clock {
  private offsetMs = 0

  now(): number {
    return Date.now() + this.offsetMs
  }

  /** Saves from now on are stamped at `instant` (plus the real time that passes). */
  travelTo(instant: number): void {
    this.offsetMs = instant - Date.now()
  }

  backToNow(): void {
    this.offsetMs = 0
  }
}
