import { spacingMs } from '@shared/flow-controls'
import { dialectOf, type Db } from '../db/knex-factory'
import { CONTENT_COLUMNS } from './delivery-content'
import { TARGET_JOIN_COLUMNS, type DeliveryTarget, type DeliveryTargets } from './delivery-targets'
import { IN_TURN_SQL } from './flow-controls'
import { LEASE_OWNER } from './lease-owner'
import { toDelivery, type DeliveryRow } from './outbox.repository'

type Row = Record<string, unknown>

/** Rows one pass takes for a limited webhook, at most. */
const MAX_PER_PASS = 16
/**
 * How far ahead a pass hands out a rate-limited webhook's slots: each row claimed goes on the
 * wire at its own slot time (`sendAt`), so one pass can feed a fast limit without bunching.
 */
const SLOT_LOOKAHEAD_MS = 100
/** While a webhook is at its in-flight limit, look again this often (another worker may finish). */
const FULL_RECHECK_MS = 1_000

export interface LimitedClaim {
  /**
   * Each row with the time it may go on the wire (its slot; now without a rate limit) and its
   * webhook's spacing (0 without a rate limit).
   */
  claimed: Array<{
    delivery: DeliveryRow
    target: DeliveryTarget
    sendAt: number
    spacingMs: number
  }>
  /** When a limited webhook may take its next delivery; null when none waits. */
  wakeAt: number | null
}

interface Limited {
  id: number
  ratePerSecond: number | null
  maxInFlight: number | null
  sendNotBefore: number
}

/**
 * Claims the due rows of webhooks with a rate or in-flight limit (the ordinary claim leaves them
 * alone), inside the worker's transaction. The rows do not wait for one of the worker's slots:
 * each goes on the wire at its `sendAt`, so the pace is the limit's, not the queue's.
 *
 * - A rate limit of r per second spaces deliveries 1/r apart. The webhook's next free slot
 *   (`webhook_send_slots.send_not_before`, shared by every worker) is never earlier than now, so
 *   no credit is saved up and a quiet webhook never bursts; a pass hands out the slots of the next
 *   `SLOT_LOOKAHEAD_MS`, one row each, and moves the shared slot past them. So no window of one
 *   second holds more than r of its requests (give or take the timers' jitter).
 * - An in-flight limit counts the webhook's leased rows (any worker's), so it holds across
 *   processes.
 * - On PostgreSQL the slot rows are locked (in id order, after the transaction's other writes) so
 *   two workers never both take the same slot; nothing else locks that table.
 * - Rows come in the order they were queued (a resumed hold sends its backlog oldest first), and
 *   ordered rows only in their turn.
 */
export async function claimLimited(
  db: Db,
  now: number,
  leaseUntil: number,
  targets: Pick<DeliveryTargets, 'fromJoinedRow'>
): Promise<LimitedClaim> {
  const webhooks = await limitedWebhooks(db)
  if (webhooks.length === 0) return { claimed: [], wakeAt: null }
  const inFlight = await leasedCounts(
    db,
    webhooks.map((webhook) => webhook.id),
    now
  )
  const claimed: LimitedClaim['claimed'] = []
  let wakeAt: number | null = null
  const wakeBy = (at: number) => (wakeAt = wakeAt === null ? at : Math.min(wakeAt, at))
  for (const webhook of webhooks) {
    const room = (webhook.maxInFlight ?? Infinity) - (inFlight.get(webhook.id) ?? 0)
    const spacing = webhook.ratePerSecond === null ? 0 : spacingMs(webhook.ratePerSecond)
    // The first free slot: never before now, so a quiet webhook saves up no burst.
    const firstSlot = Math.max(webhook.sendNotBefore, now)
    const slotOpen = firstSlot <= now + SLOT_LOOKAHEAD_MS
    const slots =
      spacing === 0
        ? MAX_PER_PASS
        : slotOpen
          ? Math.floor((now + SLOT_LOOKAHEAD_MS - firstSlot) / spacing) + 1
          : 0
    const allowance = Math.min(slots, room, MAX_PER_PASS)
    const rows = allowance > 0 ? await dueRows(db, webhook.id, now, allowance) : []
    if (rows.length > 0) {
      await lease(db, rows, now, leaseUntil)
      rows.forEach((row, index) =>
        claimed.push({
          delivery: { ...toDelivery(row), status: 'delivering' },
          target: targets.fromJoinedRow(row),
          sendAt: spacing === 0 ? now : firstSlot + index * spacing,
          spacingMs: spacing
        })
      )
      if (spacing > 0) {
        const next = firstSlot + rows.length * spacing
        await db('webhook_send_slots')
          .where('webhook_id', webhook.id)
          .update({ send_not_before: next })
        wakeBy(Math.max(now, next - SLOT_LOOKAHEAD_MS))
      } else if (rows.length === allowance) wakeBy(now)
      continue
    }
    const earliest = await earliestPending(db, webhook.id)
    if (earliest === null) continue
    if (earliest > now) wakeBy(earliest)
    else if (room <= 0) wakeBy(now + FULL_RECHECK_MS)
    else if (!slotOpen) wakeBy(firstSlot - SLOT_LOOKAHEAD_MS)
  }
  return { claimed, wakeAt }
}

/**
 * Limited webhooks that are on and not held, each with its slot, which this creates the first
 * time (and locks, on PostgreSQL).
 */
async function limitedWebhooks(db: Db): Promise<Limited[]> {
  const rows: Row[] = await db('webhooks')
    .where('active', true)
    .whereNull('held_since')
    .where((query) => {
      void query.whereNotNull('rate_per_second').orWhereNotNull('max_in_flight')
    })
    .orderBy('id')
    .select('id', 'rate_per_second', 'max_in_flight')
  if (rows.length === 0) return []
  const ids = rows.map((row) => Number(row.id))
  await db('webhook_send_slots')
    .insert(ids.map((id) => ({ webhook_id: id, send_not_before: 0 })))
    .onConflict('webhook_id')
    .ignore()
  const slotQuery = db('webhook_send_slots')
    .whereIn('webhook_id', ids)
    .orderBy('webhook_id')
    .select('webhook_id', 'send_not_before')
  const slots: Row[] = dialectOf(db) === 'postgres' ? await slotQuery.forUpdate() : await slotQuery
  const slotOf = new Map(
    slots.map((slot) => [Number(slot.webhook_id), Number(slot.send_not_before)])
  )
  return rows.map((row) => ({
    id: Number(row.id),
    ratePerSecond: row.rate_per_second == null ? null : Number(row.rate_per_second),
    maxInFlight: row.max_in_flight == null ? null : Number(row.max_in_flight),
    sendNotBefore: slotOf.get(Number(row.id)) ?? 0
  }))
}

const LEASED = ['delivering', 'claimed']

/** Rows under a live lease (on the wire or waiting in a worker) per webhook. */
async function leasedCounts(db: Db, ids: number[], now: number): Promise<Map<number, number>> {
  const rows: Row[] = await db('deliveries')
    .whereIn('webhook_id', ids)
    .whereIn('status', LEASED)
    .andWhere('lease_until', '>=', now)
    .groupBy('webhook_id')
    .select('webhook_id', db.raw('count(*) as n'))
  return new Map(rows.map((row) => [Number(row.webhook_id), Number(row.n)]))
}

/** Up to `limit` due rows of one webhook, oldest queued first, in their turn. */
async function dueRows(db: Db, webhookId: number, now: number, limit: number): Promise<Row[]> {
  const query = db('deliveries')
    .join('webhooks', 'webhooks.id', 'deliveries.webhook_id')
    .join('events', 'events.id', 'deliveries.event_id')
    .join('apps', 'apps.id', 'webhooks.app_id')
    .where('deliveries.webhook_id', webhookId)
    .where((due) => {
      void due
        .where((pending) => {
          void pending
            .where('deliveries.status', 'pending')
            .andWhere('deliveries.next_attempt_at', '<=', now)
            .whereRaw(IN_TURN_SQL)
        })
        // A lease that ran out (its worker died or hung): the row is due again.
        .orWhere((leased) => {
          void leased
            .whereIn('deliveries.status', LEASED)
            .andWhere('deliveries.lease_until', '<', now)
        })
    })
    .orderBy([
      { column: 'deliveries.created_at', order: 'asc' },
      { column: 'deliveries.id', order: 'asc' }
    ])
    .limit(limit)
    .select('deliveries.*', ...CONTENT_COLUMNS, ...TARGET_JOIN_COLUMNS)
  return dialectOf(db) === 'postgres' ? query.forUpdate('deliveries').skipLocked() : query
}

async function lease(db: Db, rows: Row[], now: number, leaseUntil: number): Promise<void> {
  await db('deliveries')
    .whereIn(
      'id',
      rows.map((row) => Number(row.id))
    )
    .update({
      status: 'delivering',
      lease_until: leaseUntil,
      lease_owner: LEASE_OWNER,
      updated_at: now
    })
}

/** When the webhook's earliest pending row is due (a retry may wait); null when none is. */
async function earliestPending(db: Db, webhookId: number): Promise<number | null> {
  const row = await db('deliveries')
    .where('webhook_id', webhookId)
    .andWhere('status', 'pending')
    .whereRaw(IN_TURN_SQL)
    .min({ at: 'next_attempt_at' })
    .first()
  return row?.at == null ? null : Number(row.at)
}
