import type { ReplayPreview } from '@shared/dto'
import type { Db } from '../db/knex-factory'

type Row = Record<string, unknown>

/** Creation-time range of a replay, epoch milliseconds, both ends included. */
export interface ReplayRange {
  from: number
  to: number
}

/**
 * The outbox as an operator's replay sees it: what a range holds, queuing it again, and how a
 * replay batch stands.
 */
export class ReplayRepository {
  private inRange(db: Db, webhookId: number, range: ReplayRange) {
    return db('deliveries')
      .where({ webhook_id: webhookId })
      .andWhereBetween('created_at', [range.from, range.to])
  }

  async countReplayable(db: Db, webhookId: number, range: ReplayRange): Promise<ReplayPreview> {
    const rows: Row[] = await this.inRange(db, webhookId, range)
      .andWhere((where) => {
        void where.where('status', 'failed').orWhere((retrying) => {
          void retrying.where('status', 'pending').andWhere('attempts', '>', 0)
        })
      })
      .select('status')
      .count({ count: '*' })
      .groupBy('status')
    const count = (status: string) => Number(rows.find((row) => row.status === status)?.count ?? 0)
    return { exhausted: count('failed'), retrying: count('pending') }
  }

  /** Queues the exhausted deliveries of the range again, each with a fresh retry schedule. */
  async replayExhausted(
    db: Db,
    webhookId: number,
    range: ReplayRange,
    batchId: string,
    now: number
  ): Promise<number> {
    return this.inRange(db, webhookId, range).andWhere('status', 'failed').update({
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      lease_until: null,
      replay_batch: batchId,
      updated_at: now
    })
  }

  /**
   * Makes the pending retries of the range due now. Each remembers the retry it was waiting for
   * (`replay_resume_at`), so a failed replay attempt leaves its schedule where it was.
   */
  async replayRetrying(
    db: Db,
    webhookId: number,
    range: ReplayRange,
    batchId: string,
    now: number
  ): Promise<number> {
    return this.inRange(db, webhookId, range)
      .andWhere('status', 'pending')
      .andWhere('attempts', '>', 0)
      .update({
        replay_resume_at: db.raw('COALESCE(replay_resume_at, next_attempt_at)'),
        next_attempt_at: now,
        replay_batch: batchId,
        updated_at: now
      })
  }

  /**
   * A batch's deliveries by where they stand: `retrying` failed the replayed attempt and waits for
   * a scheduled retry (`nextRetryAt`: the earliest, epoch ms); `pending` has not been attempted
   * since the replay began. `webhookActive` is null when the batch has no deliveries (left).
   */
  async replayProgress(db: Db, batchId: string): Promise<ReplayCounts> {
    const rows: Row[] = await db('deliveries')
      .join('webhooks', 'webhooks.id', 'deliveries.webhook_id')
      .where({ 'deliveries.replay_batch': batchId })
      .select(
        db.raw(
          `CASE
             WHEN deliveries.status IN ('succeeded', 'failed') THEN deliveries.status
             WHEN deliveries.status = 'pending' AND deliveries.attempts > 0
               AND deliveries.replay_resume_at IS NULL THEN 'retrying'
             ELSE 'pending'
           END AS standing`
        ),
        'webhooks.active as active'
      )
      .count({ count: '*' })
      .min({ next: 'deliveries.next_attempt_at' })
      .groupBy('standing', 'webhooks.active')
    const counts: ReplayCounts = {
      pending: 0,
      retrying: 0,
      succeeded: 0,
      failed: 0,
      nextRetryAt: null,
      webhookActive: null
    }
    for (const row of rows) {
      const standing = row.standing as 'pending' | 'retrying' | 'succeeded' | 'failed'
      counts[standing] += Number(row.count)
      // A batch is one webhook's, so every row says the same; SQLite answers 0/1.
      counts.webhookActive = Boolean(row.active)
      if (standing === 'retrying' && row.next != null) {
        const next = Number(row.next)
        counts.nextRetryAt = counts.nextRetryAt === null ? next : Math.min(counts.nextRetryAt, next)
      }
    }
    return counts
  }
}

export interface ReplayCounts {
  pending: number
  retrying: number
  succeeded: number
  failed: number
  nextRetryAt: number | null
  webhookActive: boolean | null
}
