import type { PayloadRevision } from '@shared/dto'
import type { EventName } from '@shared/entity-catalog'
import type { Db } from '../db/knex-factory'
import { appJson, assembleBody, type PayloadParts } from '@shared/payload-format'
import { insertReturningId } from '../db/insert-returning-id'

/** An event's content as stored once for all its outbox rows (table `events`). */
export interface EventContent {
  /** The shared head; for rows queued before fan-out by reference, the whole body. */
  head: string
  /** The shared tail; null when `head` is already the whole body. */
  tail: string | null
  /** Each webhook app's `app` object as it was when the event happened, by app id. */
  apps: Record<string, string> | null
  revision: PayloadRevision | null
}

export interface NewEvent {
  name: EventName
  parts: PayloadParts
  apps: Record<string, string>
  revision: PayloadRevision | null
  occurredAt: number
  /** The record it is about (`orderKeyOf`): the order key of its rows for ordered webhooks. */
  recordKey: string
  /** The webhooks it goes to, for the worker to queue (`fanOutColumn`); null for none. */
  fanOut: string | null
}

/** Who a body is for: the webhook's immutable identity and its app (for old events). */
export interface BodyAddressee {
  externalId: string
  appId: number
  appExternalId: string
  appName: string
}

type Row = Record<string, unknown>

/** The columns `contentOf` reads, for joins from the outbox. */
export const CONTENT_COLUMNS = [
  'events.body_head',
  'events.body_tail',
  'events.apps',
  'events.revision'
] as const

export function contentOf(row: Row): EventContent {
  return {
    head: String(row.body_head),
    tail: row.body_tail == null ? null : String(row.body_tail),
    apps: row.apps == null ? null : (JSON.parse(String(row.apps)) as Record<string, string>),
    revision: row.revision ? (JSON.parse(String(row.revision)) as PayloadRevision) : null
  }
}

/**
 * The exact bytes of one delivery: deterministic from the stored event and the webhook's
 * identity, so the first attempt, every retry and a manual redelivery send the same body.
 */
export function deliveryBody(content: EventContent, to: BodyAddressee): string {
  if (content.tail === null) return content.head
  const app =
    content.apps?.[String(to.appId)] ?? appJson({ externalId: to.appExternalId, name: to.appName })
  return assembleBody({ head: content.head, tail: content.tail }, app, to.externalId)
}

export async function insertEvent(db: Db, event: NewEvent, now: number): Promise<number> {
  return insertReturningId(db('events'), {
    name: event.name,
    body_head: event.parts.head,
    body_tail: event.parts.tail,
    apps: JSON.stringify(event.apps),
    revision: event.revision ? JSON.stringify(event.revision) : null,
    occurred_at: event.occurredAt,
    created_at: now,
    fan_out: event.fanOut,
    record_key: event.recordKey
  })
}
