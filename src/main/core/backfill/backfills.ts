import type { PushEvent } from '@shared/dto'
import { BackfillFeeder, type FeederOptions } from './backfill-feeder'
import { BackfillService } from './backfill.service'

/**
 * The core's backfills, wired: the feeder (its window twice the worker's concurrency, so a live
 * delivery never finds more than two rounds of backfill rows ahead of it) and the API service,
 * which wakes it and has it push state changes at once.
 */
export function createBackfills(
  options: Omit<FeederOptions, 'window' | 'onProgress'> & {
    concurrency: number
    /** Rows per backfill in the outbox at most; default twice the concurrency. */
    window?: number
    push: (event: PushEvent) => void
  }
): { feeder: BackfillFeeder; service: BackfillService } {
  const feeder = new BackfillFeeder({
    ...options,
    window: options.window ?? 2 * options.concurrency,
    onProgress: (backfill) => options.push({ type: 'backfill.progress', backfill })
  })
  const service = new BackfillService(options.db, options.clock, {
    opened: () => feeder.soon(true),
    changed: (id) => feeder.changed(id)
  })
  return { feeder, service }
}
