import { parseEventName, type EventName } from './entity-catalog'

/**
 * Rules of the webhook body that both the core (which builds bodies) and the event schemas and
 * examples (which describe them) need. Pure: no node: modules, so the renderer can use them too.
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
