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

/** The exact bytes that are signed and sent, built once per delivery and reused on retries. */
export function buildPayloadBody(context: PayloadContext): string {
  return JSON.stringify(buildPayload(context))
}
