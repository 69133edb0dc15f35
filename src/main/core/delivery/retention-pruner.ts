import { succeededSql } from '../logs/success-sql'
import type { Knex } from 'knex'
import type { DeliverySettings } from '@shared/delivery-settings'
import type { Clock } from '../support/clock'

const DAY_MS = 86_400_000
export const PRUNE_BATCH = 500
const PRUNE_EVERY_MS = 3_600_000
const FIRST_PRUNE_AFTER_MS = 60_000
/**
 * Finished outbox rows, written out exactly as the partial index of their `updated_at` says
 * (migration 202612050900): a bound list would not prove the index's predicate to either planner.
 */
const FINISHED_SQL = "status IN ('succeeded', 'failed')"

export interface PruneResult {
  logsDeleted: number
  payloadsCleared: number
  deliveriesDeleted: number
  /** Event contents no outbox row refers to any more. */
  eventsDeleted: number
}

/**
 * Keeps the log from growing forever: deletes old attempts and finished outbox rows, and drops
 * the bodies of successful attempts sooner than failed ones (failures are what people debug).
 * Works in small batches with a pause between them so saves and UI queries never wait long on
 * the single connection.
 */
export class RetentionPruner {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<PruneResult> | null = null

  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
    private readonly settings: () => DeliverySettings
  ) {}

  start(): void {
    this.schedule(FIRST_PRUNE_AFTER_MS)
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.running?.catch(() => undefined)
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      void this.pruneOnce()
        .catch(() => undefined)
        .finally(() => {
          if (this.timer) this.schedule(PRUNE_EVERY_MS)
        })
    }, delayMs)
    this.timer.unref?.()
  }

  pruneOnce(): Promise<PruneResult> {
    this.running ??= this.prune().finally(() => (this.running = null))
    return this.running
  }

  private async prune(): Promise<PruneResult> {
    const now = this.clock.now()
    const { logRetentionDays, successPayloadRetentionDays } = this.settings()
    const logCutoff = now - logRetentionDays * DAY_MS
    const payloadCutoff = now - successPayloadRetentionDays * DAY_MS
    const result: PruneResult = {
      logsDeleted: 0,
      payloadsCleared: 0,
      deliveriesDeleted: 0,
      eventsDeleted: 0
    }

    result.logsDeleted = await this.inBatches(() =>
      this.db('webhook_logs')
        .whereIn(
          'id',
          this.db('webhook_logs')
            .where('created_at', '<', logCutoff)
            .limit(PRUNE_BATCH)
            .select('id')
        )
        .delete()
    )
    result.payloadsCleared = await this.inBatches(() =>
      this.db('webhook_logs')
        .whereIn(
          'id',
          this.db('webhook_logs')
            .where('created_at', '<', payloadCutoff)
            .andWhereRaw(succeededSql())
            .andWhere((where) => {
              void where.whereNot('request_body', '').orWhereNot('response_body', '')
            })
            .limit(PRUNE_BATCH)
            .select('id')
        )
        .update({ request_body: '', response_body: '' })
    )
    result.deliveriesDeleted = await this.inBatches(() =>
      this.db('deliveries')
        .whereIn(
          'id',
          this.db('deliveries')
            .whereRaw(FINISHED_SQL)
            .andWhere('updated_at', '<', logCutoff)
            .limit(PRUNE_BATCH)
            .select('id')
        )
        .delete()
    )
    result.eventsDeleted = await this.inBatches(() =>
      this.db('events')
        .whereIn(
          'id',
          this.db('events')
            .where('created_at', '<', logCutoff)
            // An event whose outbox rows are not written yet still has deliveries to make.
            .whereNull('fan_out')
            .whereNotExists(
              this.db('deliveries')
                .whereRaw('deliveries.event_id = events.id')
                .select(this.db.raw('1'))
            )
            .limit(PRUNE_BATCH)
            .select('id')
        )
        .delete()
    )
    // The dashboard's hourly counts go with the attempts they count.
    await this.db('delivery_rollups')
      .where('hour', '<', Math.floor(logCutoff / 3_600_000))
      .delete()
    return result
  }

  private async inBatches(step: () => Promise<number>): Promise<number> {
    let total = 0
    for (;;) {
      const affected = await step()
      total += affected
      if (affected < PRUNE_BATCH) return total
      await new Promise((resolve) => setImmediate(resolve)) // let waiting queries in between
    }
  }
}
