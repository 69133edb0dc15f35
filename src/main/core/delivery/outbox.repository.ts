import type { EventName } from '@shared/entity-catalog'
import type { DeliveryStatus } from '@shared/dto'
import { dialectOf, type Db } from '../db/knex-factory'
import { LEASE_OWNER } from './lease-owner'
import { CONTENT_COLUMNS, contentOf, type EventContent } from './delivery-content'
import { TARGET_JOIN_COLUMNS, type DeliveryTarget, type DeliveryTargets } from './delivery-targets'
import { insertReturningId } from '../db/insert-returning-id'
import { whereFreeToClaim } from './flow-controls'

/** One event occurrence for one webhook; the content lives once in `events`. */
export interface NewDelivery {
  messageId: string
  webhookId: number
  appId: number
  event: EventName
  eventId: number
  /** For a narrowed webhook: the watched fields the save changed, as a JSON array. */
  matched?: string | null
  /** When its save queued it (its event's time): due, and claimed, in the order of the saves. */
  queuedAt?: number
  /** For a webhook that delivers in order: its record (`orderKeyOf`); else null. */
  orderKey?: string | null
  /** A backfill's row (backfill/): counted on the partial index live rows never enter. */
  backfillId?: number
}

/** Rows per multi-row INSERT, well under SQLite's bound-variable limit. */
const INSERT_CHUNK = 500

/**
 * A row's status in the outbox: the operator-facing ones plus `claimed`, leased by the worker and
 * waiting in its memory for a free slot (shown as pending; see `claimDue`).
 */
export type OutboxStatus = DeliveryStatus | 'claimed'

/** Leased statuses: a lease that runs out puts the row back in line. */
const LEASED = ['delivering', 'claimed'] as const

export interface DeliveryRow extends NewDelivery {
  id: number
  content: EventContent
  status: OutboxStatus
  attempts: number
  nextAttemptAt: number
  /** Set while a replayed pending retry waits to be sent: the retry it goes back to on failure. */
  replayResumeAt: number | null
}

type Row = Record<string, unknown>

export function toDelivery(row: Row): DeliveryRow {
  return {
    id: Number(row.id),
    messageId: String(row.message_id),
    webhookId: Number(row.webhook_id),
    appId: Number(row.app_id),
    event: row.event as EventName,
    eventId: Number(row.event_id),
    content: contentOf(row),
    status: row.status as OutboxStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    replayResumeAt: row.replay_resume_at == null ? null : Number(row.replay_resume_at)
  }
}

/**
 * The outbox. A row is `pending` until claimed, then leased: `delivering` while on the wire,
 * `claimed` while it waits in the worker's memory for a slot; then final.
 */
export class OutboxRepository {
  private row(delivery: NewDelivery, now: number, status: 'pending' | 'failed'): Row {
    const at = delivery.queuedAt ?? now
    return {
      message_id: delivery.messageId,
      webhook_id: delivery.webhookId,
      app_id: delivery.appId,
      event: delivery.event,
      event_id: delivery.eventId,
      matched: delivery.matched ?? null,
      order_key: delivery.orderKey ?? null,
      // Only a backfill's rows name the column, so a live insert is the statement it was.
      ...(delivery.backfillId === undefined ? {} : { backfill_id: delivery.backfillId }),
      status,
      attempts: 0,
      next_attempt_at: at,
      created_at: at,
      updated_at: at
    }
  }

  async insert(
    db: Db,
    delivery: NewDelivery,
    now: number,
    status: 'pending' | 'failed' = 'pending'
  ): Promise<number> {
    return insertReturningId(db('deliveries'), this.row(delivery, now, status))
  }

  /** Queues many pending rows with one statement per chunk (a save fans out to every webhook). */
  async insertMany(db: Db, deliveries: NewDelivery[], now: number): Promise<void> {
    for (let start = 0; start < deliveries.length; start += INSERT_CHUNK)
      await db('deliveries').insert(
        deliveries.slice(start, start + INSERT_CHUNK).map((d) => this.row(d, now, 'pending'))
      )
  }

  private withContent(db: Db) {
    return db('deliveries')
      .join('events', 'events.id', 'deliveries.event_id')
      .select('deliveries.*', ...CONTENT_COLUMNS)
  }

  async find(db: Db, id: number): Promise<DeliveryRow | null> {
    const row = await this.withContent(db).where('deliveries.id', id).first()
    return row ? toDelivery(row) : null
  }

  /**
   * Leases up to `limit` due rows, oldest due first, each with its webhook and app read in the
   * same statement; the caller must be inside a transaction. Pending rows come off the
   * (status, next_attempt_at, webhook_id) index in order, so the scan stops after `limit` rows it
   * may take (`whereFreeToClaim`); rows of inactive or held webhooks wait (not fail) so turning
   * them on resumes them, rows of limited webhooks are `claimLimited`'s.
   * Leases that ran out (a crashed or hung attempt) come after. The first `onWire` rows become
   * `delivering` (they go on the wire as soon as this commits), the rest `claimed` (they wait in
   * memory for a slot: see `markOnWire`).
   */
  async claimDue(
    db: Db,
    now: number,
    limit: number,
    leaseUntil: number,
    onWire: number,
    targets: Pick<DeliveryTargets, 'fromJoinedRow'>
  ): Promise<Array<{ delivery: DeliveryRow; target: DeliveryTarget }>> {
    const due = (leased: boolean, count: number) => {
      const column = leased ? 'lease_until' : 'next_attempt_at'
      const query = db('deliveries')
        .join('webhooks', 'webhooks.id', 'deliveries.webhook_id')
        .join('events', 'events.id', 'deliveries.event_id')
        .join('apps', 'apps.id', 'webhooks.app_id')
      if (leased) void query.whereIn('deliveries.status', LEASED)
      else void query.where('deliveries.status', 'pending')
      void whereFreeToClaim(query)
        .andWhere(`deliveries.${column}`, leased ? '<' : '<=', now)
        .orderBy(`deliveries.${column}`)
        .limit(count)
        .select('deliveries.*', ...CONTENT_COLUMNS, ...TARGET_JOIN_COLUMNS)
      // Several workers on one PostgreSQL: each claims rows no other claim holds (SQLite has
      // one writer, and the data-dir lock one process).
      return dialectOf(db) === 'postgres' ? query.forUpdate('deliveries').skipLocked() : query
    }
    const rows: Row[] = await due(false, limit)
    if (rows.length < limit) rows.push(...(await due(true, limit - rows.length)))
    if (rows.length === 0) return []
    const ids = rows.map((row) => row.id as number)
    const wire = ids.slice(0, Math.max(0, onWire))
    await db('deliveries')
      .whereIn('id', ids)
      .update({
        status:
          wire.length === ids.length
            ? 'delivering'
            : wire.length === 0
              ? 'claimed'
              : db.raw(
                  `CASE WHEN id IN (${wire.map(() => '?').join(', ')}) THEN 'delivering' ELSE 'claimed' END`,
                  wire
                ),
        lease_until: leaseUntil,
        lease_owner: LEASE_OWNER,
        updated_at: now
      })
    return rows.map((row, index) => ({
      delivery: { ...toDelivery(row), status: index < wire.length ? 'delivering' : 'claimed' },
      target: targets.fromJoinedRow(row)
    }))
  }

  /** Claimed rows that took a slot since: they are on the wire now. */
  async markOnWire(db: Db, ids: number[], now: number): Promise<void> {
    for (let start = 0; start < ids.length; start += INSERT_CHUNK)
      await db('deliveries')
        .whereIn('id', ids.slice(start, start + INSERT_CHUNK))
        .andWhere('status', 'claimed')
        .update({ status: 'delivering', updated_at: now })
  }

  /** Extends the leases this worker still holds (rows waiting in its memory or on the wire). */
  async renewLeases(db: Db, ids: number[], leaseUntil: number, now: number): Promise<void> {
    for (let start = 0; start < ids.length; start += INSERT_CHUNK)
      await db('deliveries')
        .whereIn('id', ids.slice(start, start + INSERT_CHUNK))
        .whereIn('status', LEASED)
        .andWhere('lease_owner', LEASE_OWNER)
        .update({ lease_until: leaseUntil, updated_at: now })
  }

  /** Earliest time something becomes due, or null when the outbox holds nothing to send. */
  async nextWakeAt(db: Db): Promise<number | null> {
    const earliest = async (status: 'pending' | 'leased', column: string) => {
      const query = db('deliveries').join('webhooks', 'webhooks.id', 'deliveries.webhook_id')
      if (status === 'leased') void query.whereIn('deliveries.status', LEASED)
      else void query.where('deliveries.status', status)
      const row = await whereFreeToClaim(query)
        .orderBy(`deliveries.${column}`)
        .first({ at: `deliveries.${column}` })
      return row?.at == null ? null : Number(row.at)
    }
    const times = [
      await earliest('pending', 'next_attempt_at'),
      await earliest('leased', 'lease_until')
    ]
    const known = times.filter((time): time is number => time !== null)
    return known.length === 0 ? null : Math.min(...known)
  }

  /**
   * On start with SQLite: whoever held these leases is gone (the data dir is locked to one
   * process). On a shared PostgreSQL other workers are alive: their leases stay theirs, and the
   * leases of a worker that died run out and are claimed again.
   */
  async releaseAllLeases(db: Db, now: number): Promise<number> {
    if (dialectOf(db) === 'postgres') return 0
    return db('deliveries')
      .whereIn('status', LEASED)
      .update({ status: 'pending', lease_until: null, updated_at: now })
  }

  /** Claimed rows the worker will not send after all (it is stopping): due again at once. */
  async releaseLeases(db: Db, ids: number[], now: number): Promise<number> {
    return db('deliveries')
      .whereIn('id', ids)
      .whereIn('status', LEASED)
      .andWhere('lease_owner', LEASE_OWNER)
      .update({ status: 'pending', lease_until: null, updated_at: now })
  }

  /**
   * Records many outcomes at once (group commit): every success with one statement, other
   * outcomes one by one. Same guard as `finish`.
   */
  async finishMany(
    db: Db,
    finished: Array<{ id: number; outcome: { status: DeliveryStatus; nextAttemptAt: number } }>,
    now: number
  ): Promise<void> {
    const succeeded = finished.filter((item) => item.outcome.status === 'succeeded')
    for (let start = 0; start < succeeded.length; start += INSERT_CHUNK)
      await db('deliveries')
        .whereIn(
          'id',
          succeeded.slice(start, start + INSERT_CHUNK).map((item) => item.id)
        )
        .whereIn('status', LEASED)
        .andWhere('lease_owner', LEASE_OWNER)
        .update({
          status: 'succeeded',
          attempts: db.raw('attempts + 1'),
          next_attempt_at: now,
          lease_until: null,
          replay_resume_at: null,
          updated_at: now
        })
    for (const item of finished)
      if (item.outcome.status !== 'succeeded') await this.finish(db, item.id, item.outcome, now)
  }

  /**
   * Records the outcome of a leased attempt. Guarded on a lease (`delivering`, or `claimed` when
   * it finished before the worker marked it on the wire) so an operator's manual redelivery that
   * already succeeded is not overwritten by a slower automatic failure.
   */
  async finish(
    db: Db,
    id: number,
    outcome: { status: DeliveryStatus; nextAttemptAt: number },
    now: number
  ): Promise<void> {
    await db('deliveries')
      .where({ id })
      .whereIn('status', LEASED)
      // A lease that ran out and went to another worker is theirs now: the slow original's
      // outcome is still logged, but the row follows the newer attempt.
      .andWhere('lease_owner', LEASE_OWNER)
      .update({
        status: outcome.status,
        attempts: db.raw('attempts + 1'),
        next_attempt_at: outcome.nextAttemptAt,
        lease_until: null,
        replay_resume_at: null,
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
}
