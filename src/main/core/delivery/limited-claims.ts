import { spacingMs } from '@shared/flow-controls'
import { dialectOf, type Db } from '../db/knex-factory'
import { CONTENT_COLUMNS } from './delivery-content'
import { TARGET_JOIN_COLUMNS, type DeliveryTarget, type DeliveryTargets } from './delivery-targets'
import { IN_TURN_SQL } from './flow-controls'
import { LEASE_OWNER } from './lease-owner'
import { toDelivery, type DeliveryRow } from './outbox.repository'

type Row = Record<string, unknown>

/** Rows one pass takes for a webhook with an in-flight limit only, at most. */
const IN_FLIGHT_ONLY_PER_PASS = 16
/** While a webhook is at its in-flight limit, look again this often (another worker may finish). */
const FULL_RECHECK_MS = 1_000

export interface LimitedClaim {
  claimed: Array<{ delivery: DeliveryRow; target: DeliveryTarget }>
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
 * alone), inside the worker's transaction. The rows go on the wire as soon as it commits, without
 * waiting for a slot: a claim is a send, so spacing the claims spaces the requests.
 *
 * - A rate limit of r per second spaces deliveries 1/r apart: at most one row per webhook per
 *   claim, and only once its slot (`webhook_send_slots.send_not_before`) has come; the slot then
 *   moves one spacing past the later of its old time and now (no credit is saved up, so a quiet
 *   webhook never bursts). So no window of one second holds more than r of its requests.
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
    const slotOpen = webhook.sendNotBefore <= now
    const allowance = Math.min(
      webhook.ratePerSecond === null ? IN_FLIGHT_ONLY_PER_PASS : slotOpen ? 1 : 0,
      room
    )
    const rows = allowance > 0 ? await dueRows(db, webhook.id, now, allowance) : []
    if (rows.length > 0) {
      await lease(db, rows, now, leaseUntil)
      for (const row of rows)
        claimed.push({
          delivery: { ...toDelivery(row), status: 'delivering' },
          target: targets.fromJoinedRow(row)
        })
      if (webhook.ratePerSecond !== null) {
        const next = Math.max(webhook.sendNotBefore, now) + spacingMs(webhook.ratePerSecond)
        await db('webhook_send_slots')
          .where('webhook_id', webhook.id)
          .update({ send_not_before: next })
        wakeBy(next)
      }
      if (rows.length === allowance && webhook.ratePerSecond === null) wakeBy(now)
      continue
    }
    const earliest = await earliestPending(db, webhook.id)
    if (earliest === null) continue
    if (earliest > now) wakeBy(earliest)
    else if (room <= 0) wakeBy(now + FULL_RECHECK_MS)
    else if (!slotOpen) wakeBy(webhook.sendNotBefore)
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
