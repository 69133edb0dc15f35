import type { FieldValue, PayloadRevision } from './dto'
import { parseEventName, type EventName } from './entity-catalog'
import type { BackfillMarker } from './backfill'

/**
 * The webhook body, built in one place. Real deliveries (the event's shared parts are stored once
 * and each attempt assembles one webhook's bytes), test sends and the documentation examples all
 * come from here, so they cannot drift apart. Pure: no node: modules, so the renderer can use it.
 */

/** ISO 8601 with seconds and an explicit `+00:00` offset, as the payload contract shows. */
export function payloadTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00')
}

/** Top-level keys of every body, in order; the record goes between `webhook` and `revision`. */
export const envelopeKeys = ['event', 'timestamp', 'account', 'app', 'webhook', 'revision'] as const

const ENVELOPE_KEYS: ReadonlySet<string> = new Set(envelopeKeys)

/**
 * The key the record sits under: the event's prefix (`product_group`), or `target_<prefix>` when
 * the prefix is an envelope key (`app.*` events would otherwise overwrite the webhook's `app`).
 */
export function entityPayloadKey(event: EventName): string {
  const { type } = parseEventName(event)
  return ENVELOPE_KEYS.has(type) ? `target_${type}` : type
}

/** A related record in a payload: `{ id, externalId }`. */
export interface PayloadReference {
  id: number
  externalId: string
}

/** A record as a payload carries it: camelCase keys, ISO dates, references as `{ id, externalId }`. */
export type PayloadRecord = { id: number; externalId: string } & Record<
  string,
  FieldValue | PayloadReference
>

/** Everything one webhook's body says. */
export interface PayloadContext {
  event: EventName
  occurredAt: number
  account: { externalId: string; name: string }
  /** The webhook's app (for `app.*` events the changed app is the record, under `target_app`). */
  app: { externalId: string; name: string }
  webhook: { externalId: string }
  entity: PayloadRecord
  revision: PayloadRevision | null
  /**
   * Set only on a backfill's deliveries ("Send current state…"): serialized last, after every key
   * a live change has, so the rest of the body is byte for byte what a live change's would be.
   */
  backfill?: BackfillMarker | null
}

/** The top-level key of the backfill marker (never an entity key: no record type is named so). */
export const BACKFILL_KEY = 'backfill'

/** What every webhook's body for one event shares: everything but `app` and `webhook`. */
export type EventPayloadContext = Omit<PayloadContext, 'app' | 'webhook'>

/** The serialized body around the per-webhook middle. */
export interface PayloadParts {
  /** `{"event":…,"timestamp":…,"account":{…},` */
  head: string
  /** `"<entity key>":{…},"revision":{…}}` */
  tail: string
}

/** Serializes an event once for all its webhooks; `assembleBody` puts each webhook's middle in. */
export function payloadParts(context: EventPayloadContext): PayloadParts {
  const account = { external_id: context.account.externalId, name: context.account.name }
  const head =
    `{"event":${JSON.stringify(context.event)},` +
    `"timestamp":${JSON.stringify(payloadTimestamp(context.occurredAt))},` +
    `"account":${JSON.stringify(account)},`
  let tail = `${JSON.stringify(entityPayloadKey(context.event))}:${JSON.stringify(context.entity)}`
  if (context.revision) tail += `,"revision":${JSON.stringify(context.revision)}`
  if (context.backfill)
    tail += `,${JSON.stringify(BACKFILL_KEY)}:${JSON.stringify({
      id: context.backfill.id,
      started_at: context.backfill.started_at
    })}`
  return { head, tail: `${tail}}` }
}

/** The envelope's `app` object as it is serialized into bodies (stored per event, by app id). */
export function appJson(app: { externalId: string; name: string }): string {
  return JSON.stringify({ external_id: app.externalId, name: app.name })
}

/**
 * One webhook's body from the event's parts, its app (as `appJson` made it) and its external id:
 * compact JSON in the contract's key order (docs/PAYLOADS.md), the exact bytes signed and sent.
 */
export function assembleBody(parts: PayloadParts, app: string, webhookExternalId: string): string {
  const webhook = JSON.stringify({ external_id: webhookExternalId })
  return `${parts.head}"app":${app},"webhook":${webhook},${parts.tail}`
}

/** The whole body for one webhook at once (a test send, an example). */
export function buildPayloadBody(context: PayloadContext): string {
  return assembleBody(payloadParts(context), appJson(context.app), context.webhook.externalId)
}
