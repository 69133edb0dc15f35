import type { BackfillDto } from '@shared/backfill'

/** At most one `backfill.progress` push per backfill in this long (a state change goes at once). */
export const PROGRESS_INTERVAL_MS = 250

/**
 * Throttles a backfill's progress pushes: the first change goes out at once, later ones at most
 * every `PROGRESS_INTERVAL_MS`, and the last change of a burst is never dropped (a trailing push
 * reads the row again when the interval ends). Also tells the feeder when the finished counts are
 * worth reading (they walk the backfill's finished rows).
 */
export class ProgressThrottle {
  private readonly lastAt = new Map<number, number>()
  private readonly trailing = new Map<number, NodeJS.Timeout>()

  constructor(
    private readonly push: (backfill: BackfillDto) => void,
    private readonly read: (id: number) => Promise<BackfillDto | null>
  ) {}

  /** Whether a push would go out now. */
  due(id: number): boolean {
    return performance.now() - (this.lastAt.get(id) ?? -Infinity) >= PROGRESS_INTERVAL_MS
  }

  /** Something changed; `now`: push at once whatever the interval (a state change). */
  async changed(id: number, now = false): Promise<void> {
    if (now || this.due(id)) return this.send(id)
    if (this.trailing.has(id)) return
    const wait = PROGRESS_INTERVAL_MS - (performance.now() - (this.lastAt.get(id) ?? 0))
    const timer = setTimeout(
      () => {
        this.trailing.delete(id)
        void this.send(id).catch(() => {})
      },
      Math.max(0, wait)
    )
    timer.unref()
    this.trailing.set(id, timer)
  }

  stop(): void {
    for (const timer of this.trailing.values()) clearTimeout(timer)
    this.trailing.clear()
  }

  private async send(id: number): Promise<void> {
    this.lastAt.set(id, performance.now())
    const backfill = await this.read(id)
    if (backfill) this.push(backfill)
  }
}
