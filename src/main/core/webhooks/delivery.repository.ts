import type { EventName } from '../../../shared/entity-catalog'
import type { DeliveryStatus, PayloadRevision } from '../../../shared/dto'
import type { Db } from '../db/knex-factory'

export interface DeliveryRow {
  id: number
  messageId: string
  webhookId: number
  appId: number
  event: EventName
  body: string
  revision: PayloadRevision | null
  status: DeliveryStatus
  attempts: number
  nextAttemptAt: number
}

export interface NewDelivery {
  messageId: string
  webhookId: number
  appId: number
  event: EventName
  body: string
  revision: PayloadRevision | null
}

type Row = Record<string, unknown>

function toDelivery(row: Row): DeliveryRow {
  return {
    id: Number(row.id),
    messageId: String(row.message_id),
    webhookId: Number(row.webhook_id),
    appId: Number(row.app_id),
    event: row.event as EventName,
    body: String(row.body),
    revision: row.revision ? (JSON.parse(String(row.revision)) as PayloadRevision) : null,
    status: row.status as DeliveryStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at)
  }
}

/** The outbox. A row is `pending` until claimed, `delivering` while leased, then final. */
export class DeliveryRepository {
  async insert(
    db: Db,
    delivery: NewDelivery,
    now: number,
    status: 'pending' | 'failed' = 'pending'
  ): Promise<number> {
    const [id] = await db('deliveries').insert({
      message_id: delivery.messageId,
      webhook_id: delivery.webhookId,
      app_id: delivery.appId,
      event: delivery.event,
      body: delivery.body,
      revision: delivery.revision ? JSON.stringify(delivery.revision) : null,
      status,
      attempts: 0,
      next_attempt_at: now,
      created_at: now,
      updated_at: now
    })
    return Number(id)
  }

  async find(db: Db, id: number): Promise<DeliveryRow | null> {
    const row = await db('deliveries').where({ id }).first()
    return row ? toDelivery(row) : null
  }

  private dueQuery(db: Db, now: number) {
    // Deliveries of inactive webhooks wait (not fail) so re-activating resumes them.
    return db('deliveries')
      .join('webhooks', 'webhooks.id', 'deliveries.webhook_id')
      .where('webhooks.active', true)
      .andWhere((where) =>
        where
          .where((pending) =>
            pending
              .where('deliveries.status', 'pending')
              .andWhere('deliveries.next_attempt_at', '<=', now)
          )
          .orWhere((expired) =>
            expired
              .where('deliveries.status', 'delivering')
              .andWhere('deliveries.lease_until', '<', now)
          )
      )
  }

  /** Leases up to `limit` due rows (oldest first); the caller must be inside a transaction. */
  async claimDue(db: Db, now: number, limit: number, leaseUntil: number): Promise<DeliveryRow[]> {
    const rows: Row[] = await this.dueQuery(db, now)
      .orderBy('deliveries.next_attempt_at')
      .limit(limit)
      .select('deliveries.*')
    if (rows.length === 0) return []
    await db('deliveries')
      .whereIn(
        'id',
        rows.map((row) => row.id as number)
      )
      .update({ status: 'delivering', lease_until: leaseUntil, updated_at: now })
    return rows.map(toDelivery)
  }

  /** Earliest time something becomes due, or null when the outbox holds nothing to send. */
  async nextWakeAt(db: Db): Promise<number | null> {
    const row = await db('deliveries')
      .join('webhooks', 'webhooks.id', 'deliveries.webhook_id')
      .where('webhooks.active', true)
      .whereIn('deliveries.status', ['pending', 'delivering'])
      .min({
        next: db.raw(
          "CASE deliveries.status WHEN 'pending' THEN deliveries.next_attempt_at ELSE deliveries.lease_until END"
        )
      })
      .first()
    return row?.next === null || row?.next === undefined ? null : Number(row.next)
  }

  /** On start: whoever held these leases is gone (the data dir is locked to one process). */
  async releaseAllLeases(db: Db, now: number): Promise<number> {
    return db('deliveries')
      .where({ status: 'delivering' })
      .update({ status: 'pending', lease_until: null, updated_at: now })
  }

  /**
   * Records the outcome of a leased attempt. Guarded on `delivering` so an operator's manual
   * redelivery that already succeeded is not overwritten by a slower automatic failure.
   */
  async finish(
    db: Db,
    id: number,
    outcome: { status: DeliveryStatus; nextAttemptAt: number },
    now: number
  ): Promise<void> {
    await db('deliveries')
      .where({ id, status: 'delivering' })
      .update({
        status: outcome.status,
        attempts: db.raw('attempts + 1'),
        next_attempt_at: outcome.nextAttemptAt,
        lease_until: null,
        updated_at: now
      })
  }

  /** A manual attempt counts, and ends the delivery only if it succeeded. */
  async recordManualAttempt(db: Db, id: number, succeeded: boolean, now: number): Promise<void> {
    await db('deliveries')
      .where({ id })
      .update({
        attempts: db.raw('attempts + 1'),
        ...(succeeded ? { status: 'succeeded', lease_until: null } : {}),
        updated_at: now
      })
  }

  /**
   * Queues the failed deliveries of a webhook created in [from, to] again, each with a fresh
   * retry schedule, tagged with a batch id so progress can be followed.
   */
  async replayFailed(
    db: Db,
    webhookId: number,
    range: { from: number; to: number },
    batchId: string,
    now: number
  ): Promise<number> {
    return db('deliveries')
      .where({ webhook_id: webhookId, status: 'failed' })
      .andWhereBetween('created_at', [range.from, range.to])
      .update({
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        lease_until: null,
        replay_batch: batchId,
        updated_at: now
      })
  }

  async replayProgress(db: Db, batchId: string): Promise<Record<DeliveryStatus, number>> {
    const rows: Row[] = await db('deliveries')
      .where({ replay_batch: batchId })
      .select('status')
      .count({ count: '*' })
      .groupBy('status')
    const counts: Record<DeliveryStatus, number> = {
      pending: 0,
      delivering: 0,
      succeeded: 0,
      failed: 0
    }
    for (const row of rows) counts[row.status as DeliveryStatus] = Number(row.count)
    return counts
  }
}
