import type { EventName } from '@shared/entity-catalog'
import { dialectOf, type Db } from '../db/knex-factory'
import { externalId } from '../support/ids'
import { OutboxRepository, type NewDelivery } from './outbox.repository'

/** One webhook an event goes to, as its save stored it: webhook id, app id, matched fields. */
type StoredRecipient = [webhookId: number, appId: number, matched: string | null]

/** Events read per pass. */
const EVENTS_PER_PASS = 100
/** Outbox rows one pass writes at most (past its first event), so a group commit stays short. */
export const FAN_OUT_ROWS_PER_PASS = 500

/**
 * What a save stores in `events.fan_out` for the webhooks its event goes to; null for none. The
 * worker turns it into outbox rows (`queueFanOuts`), so a save writes one row however many
 * webhooks match.
 */
export function fanOutColumn(
  recipients: ReadonlyArray<{ id: number; appId: number; matched: string | null }>
): string | null {
  if (recipients.length === 0) return null
  const stored: StoredRecipient[] = recipients.map((to) => [to.id, to.appId, to.matched])
  return JSON.stringify(stored)
}

function parseRecipients(text: unknown): StoredRecipient[] | null {
  try {
    const parsed: unknown = JSON.parse(String(text))
    const valid =
      Array.isArray(parsed) &&
      parsed.every(
        (item) =>
          Array.isArray(item) &&
          item.length === 3 &&
          Number.isSafeInteger(item[0]) &&
          Number.isSafeInteger(item[1]) &&
          (item[2] === null || typeof item[2] === 'string')
      )
    return valid ? (parsed as StoredRecipient[]) : null
  } catch {
    return null
  }
}

export interface FanOutPass {
  /** Outbox rows written. */
  queued: number
  /** More events wait: run another pass. */
  more: boolean
  /** Events whose stored list could not be read (a damaged row): cleared, and reported. */
  damaged: number[]
}

const outbox = new OutboxRepository()

/**
 * Writes the outbox rows of events saved since the last pass, oldest first, inside the caller's
 * (the worker's group commit) transaction, and clears their lists. Each row keeps its event's
 * time, so it is due, and claimed, in the order of the saves. A webhook deleted since the save
 * gets no row, as its rows would have gone with it. On PostgreSQL several workers each take
 * events no other pass holds.
 */
export async function queueFanOuts(
  db: Db,
  now: number,
  maxRows = FAN_OUT_ROWS_PER_PASS
): Promise<FanOutPass> {
  const query = db('events')
    .whereNotNull('fan_out')
    .orderBy('id')
    .limit(EVENTS_PER_PASS)
    .select('id', 'name', 'fan_out', 'occurred_at', 'record_key')
  const events: Array<Record<string, unknown>> =
    dialectOf(db) === 'postgres' ? await query.forUpdate().skipLocked() : await query
  if (events.length === 0) return { queued: 0, more: false, damaged: [] }

  const taken: number[] = []
  const damaged: number[] = []
  const rows: NewDelivery[] = []
  for (const event of events) {
    if (taken.length > 0 && rows.length >= maxRows) break
    const id = Number(event.id)
    taken.push(id)
    const recipients = parseRecipients(event.fan_out)
    if (!recipients) {
      damaged.push(id)
      continue
    }
    for (const [webhookId, appId, matched] of recipients)
      rows.push({
        messageId: externalId('msg'),
        webhookId,
        appId,
        event: event.name as EventName,
        eventId: id,
        matched,
        queuedAt: Number(event.occurred_at),
        orderKey: event.record_key == null ? null : String(event.record_key)
      })
  }
  const live = await existingWebhooks(db, [...new Set(rows.map((row) => row.webhookId))])
  const queued = rows.filter((row) => live.has(row.webhookId))
  // Ordered as the webhook is now: one turned on since the save orders this save's rows too.
  for (const row of queued) if (!live.get(row.webhookId)) row.orderKey = null
  await outbox.insertMany(db, queued, now)
  await db('events').whereIn('id', taken).update({ fan_out: null })
  return {
    queued: queued.length,
    more: taken.length < events.length || events.length === EVENTS_PER_PASS,
    damaged
  }
}

/** The webhooks that still exist, each with whether it delivers in order. */
async function existingWebhooks(db: Db, ids: number[]): Promise<Map<number, boolean>> {
  if (ids.length === 0) return new Map()
  const rows: Array<{ id: number; ordered: unknown }> = await db('webhooks')
    .whereIn('id', ids)
    .select('id', 'ordered')
  return new Map(rows.map((row) => [Number(row.id), Boolean(row.ordered)]))
}
