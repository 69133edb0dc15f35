import type { EventName } from '@shared/entity-catalog'
import { parseEventName } from '@shared/entity-catalog'
import type { PayloadRevision } from '@shared/dto'
import { payloadTimestamp } from '../support/clock'
import type { SerializedEntity } from '../entities/entity-serializer'

export interface PayloadContext {
  event: EventName
  occurredAt: number
  account: { externalId: string; name: string }
  app: { externalId: string; name: string }
  webhook: { externalId: string }
  entity: SerializedEntity
  revision: PayloadRevision | null
}

/**
 * Envelope keys a record can never take. The contract derives the record's key from the event
 * prefix, so `app.*` events would overwrite the envelope's `app` (the webhook's app): the
 * changed app goes under `target_app` instead.
 */
const ENVELOPE_KEYS = new Set(['event', 'timestamp', 'account', 'app', 'webhook', 'revision'])

export function entityPayloadKey(event: EventName): string {
  const { type } = parseEventName(event)
  return ENVELOPE_KEYS.has(type) ? `target_${type}` : type
}

/** The webhook body exactly as the payload contract (docs/PAYLOADS.md) shows it, key order included. */
export function buildPayload(context: PayloadContext): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    event: context.event,
    timestamp: payloadTimestamp(context.occurredAt),
    account: { external_id: context.account.externalId, name: context.account.name },
    app: { external_id: context.app.externalId, name: context.app.name },
    webhook: { external_id: context.webhook.externalId },
    [entityPayloadKey(context.event)]: context.entity
  }
  if (context.revision) payload.revision = context.revision
  return payload
}

/** What every webhook's body for one event shares: everything but `app` and `webhook`. */
export interface PayloadParts {
  /** `{"event":…,"timestamp":…,"account":{…},` */
  head: string
  /** `"<entity key>":{…},"revision":{…}}` */
  tail: string
}

export type EventPayloadContext = Omit<PayloadContext, 'app' | 'webhook'>

/**
 * Serializes an event once for all its webhooks. `assembleBody` puts the per-webhook middle in;
 * the result is byte for byte `JSON.stringify(buildPayload(...))` (a test holds them equal).
 */
export function payloadParts(context: EventPayloadContext): PayloadParts {
  const account = { external_id: context.account.externalId, name: context.account.name }
  const head =
    `{"event":${JSON.stringify(context.event)},` +
    `"timestamp":${JSON.stringify(payloadTimestamp(context.occurredAt))},` +
    `"account":${JSON.stringify(account)},`
  let tail = `${JSON.stringify(entityPayloadKey(context.event))}:${JSON.stringify(context.entity)}`
  if (context.revision) tail += `,"revision":${JSON.stringify(context.revision)}`
  return { head, tail: `${tail}}` }
}

/** The envelope's `app` object as it is serialized into bodies. */
export function appJson(app: { externalId: string; name: string }): string {
  return JSON.stringify({ external_id: app.externalId, name: app.name })
}

/** One webhook's body from the event's shared parts, its app (serialized) and its external id. */
export function assembleBody(parts: PayloadParts, app: string, webhookExternalId: string): string {
  const webhook = JSON.stringify({ external_id: webhookExternalId })
  return `${parts.head}"app":${app},"webhook":${webhook},${parts.tail}`
}

/** The exact bytes that are signed and sent (`payloadParts` + `assembleBody` make the same). */
export function buildPayloadBody(context: PayloadContext): string {
  return JSON.stringify(buildPayload(context))
}
