import type { Knex } from 'knex'
import type { StorageProblemDto } from '@shared/dto'

const PROBE_INTERVAL_MS = 2_000

/**
 * Remembers the current storage problem and finds out by itself when it is gone: while a problem
 * stands, a tiny write is tried every few seconds; the first one that commits clears it. Changes
 * are announced, so a UI banner can stay exactly as long as the cause.
 */
export class StorageMonitor {
  private problem: StorageProblemDto | null = null
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly db: Knex,
    private readonly now: () => number,
    private readonly onChange: (problem: StorageProblemDto | null) => void
  ) {}

  current(): StorageProblemDto | null {
    return this.problem
  }

  report(problem: StorageProblemDto): void {
    const changed = this.problem?.cause !== problem.cause
    this.problem = problem
    if (changed) this.onChange(problem)
    this.timer ??= setInterval(() => void this.probe(), PROBE_INTERVAL_MS)
    this.timer.unref?.()
  }

  /** A write committed: whatever stood in the way is gone. */
  async probe(): Promise<boolean> {
    try {
      await this.db.transaction((trx) =>
        trx('settings')
          .insert({ key: 'storage_probe', value: String(this.now()) })
          .onConflict('key')
          .merge()
      )
    } catch {
      return false
    }
    this.clear()
    return true
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  private clear(): void {
    this.stop()
    if (!this.problem) return
    this.problem = null
    this.onChange(null)
  }
}
