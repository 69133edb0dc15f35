import type { FieldValue, PayloadRevision } from './dto'
import { parseEventName, type EventName } from './entity-catalog'
import { entitySpecs, relationKey, type FieldSpec } from './entity-fields'
import {
  buildPayloadBody,
  payloadTimestamp,
  type PayloadRecord,
  type PayloadReference
} from './payload-format'
import type { EventFilter, FilterCondition } from './webhook-filters'

/**
 * The sample record of "Send test event", and the example bodies built from it (the event picker,
 * the AsyncAPI document). One definition, so an example is exactly what a test send delivers.
 */

function sampleValue(field: FieldSpec): FieldValue | PayloadReference {
  switch (field.kind) {
    case 'number':
      return 19.99
    case 'integer':
      return 12
    case 'boolean':
      return true
    case 'datetime':
      return '2026-01-01T00:00:00.000Z'
    case 'enum':
      return field.options?.[0] ?? null
    case 'email':
      return 'jane@example.com'
    case 'url':
      return 'https://example.com/sample'
    case 'relation':
      return { id: 1, externalId: `${entitySpecs[field.relation!].externalIdPrefix}_sample` }
    default: {
      // Within the field's limit, as a real record would be (a currency's ISO code is "Sam").
      const text = `Sample ${field.label.toLowerCase()}`
      return field.maxLength === undefined ? text : text.slice(0, field.maxLength)
    }
  }
}

/** A value of `field` other than `value` (a sample's "before", or a "does not equal"). */
function otherValue(field: FieldSpec, value: FieldValue): FieldValue {
  switch (field.kind) {
    case 'number':
    case 'integer':
    case 'relation':
      return typeof value === 'number' ? value + 1 : 1
    case 'boolean':
      return value !== true
    case 'datetime':
      return shiftDate(value, -1)
    case 'enum':
      return field.options?.find((option) => option !== value) ?? null
    default:
      return value === 'Earlier value' ? 'Other value' : 'Earlier value'
  }
}

function shiftDate(value: FieldValue, days: number): string {
  const base = typeof value === 'string' ? Date.parse(value) : NaN
  return new Date(
    (Number.isNaN(base) ? Date.parse('2026-01-01') : base) + days * 86_400_000
  ).toISOString()
}

/** A value that makes `condition` hold, starting from the sample's own. */
function satisfying(field: FieldSpec, condition: FilterCondition, sample: FieldValue): FieldValue {
  const value = condition.value ?? null
  switch (condition.op) {
    case 'eq':
      return value
    case 'neq':
      return sample !== value ? sample : otherValue(field, value)
    case 'empty':
      return null
    case 'notEmpty':
      return sample
    case 'gt':
    case 'lt': {
      const step = condition.op === 'gt' ? 1 : -1
      if (field.kind === 'datetime') return shiftDate(value, step)
      return typeof value === 'number' ? value + step : sample
    }
  }
}

/** The sample record's fields by spec name (relations as ids), made to pass `filter`. */
function sampleFields(event: EventName, filter?: EventFilter): Map<FieldSpec, FieldValue> {
  const spec = entitySpecs[parseEventName(event).type]
  const fields = new Map<FieldSpec, FieldValue>()
  for (const field of spec.fields) {
    const value = sampleValue(field)
    fields.set(field, typeof value === 'object' && value !== null ? value.id : value)
  }
  for (const condition of filter?.conditions ?? []) {
    const field = spec.fields.find((candidate) => candidate.name === condition.field)
    if (field) fields.set(field, satisfying(field, condition, fields.get(field) ?? null))
  }
  return fields
}

/**
 * A realistic record for "Send test event": every field filled, clearly marked as a sample. For a
 * narrowed webhook the record satisfies the filter's conditions.
 */
export function sampleEntity(event: EventName, nowMs: number, filter?: EventFilter): PayloadRecord {
  const spec = entitySpecs[parseEventName(event).type]
  const entity: PayloadRecord = { id: 0, externalId: `${spec.externalIdPrefix}_sample` }
  for (const [field, value] of sampleFields(event, filter))
    entity[field.kind === 'relation' ? relationKey(field) : field.name] =
      field.kind === 'relation' && typeof value === 'number'
        ? { id: value, externalId: `${entitySpecs[field.relation!].externalIdPrefix}_sample` }
        : value
  entity.createdAt = new Date(nowMs).toISOString()
  entity.updatedAt = entity.createdAt
  return entity
}

/**
 * The revision of a sample product event (null for other types, which carry none). For a webhook
 * narrowed to some fields, the changes are of exactly those fields.
 */
export function sampleRevision(
  event: EventName,
  nowMs: number,
  userName: string,
  filter?: EventFilter
): PayloadRevision | null {
  const { type, action } = parseEventName(event)
  if (type !== 'product') return null
  let changes: PayloadRevision['changes'] = []
  if (action === 'updated') {
    const watched = new Set(filter?.fields ?? [])
    changes =
      watched.size === 0
        ? [{ field: 'price', old: 17.99, new: 19.99 }]
        : [...sampleFields(event, filter)]
            .filter(([field]) => watched.has(field.name))
            .map(([field, value]) => ({
              field: field.name,
              old: otherValue(field, value),
              new: value
            }))
  }
  return {
    action,
    user_name: userName,
    timestamp: payloadTimestamp(nowMs),
    changes
  }
}

/** Who and when an example body is for: a test send fills these from the webhook and the clock. */
export interface ExampleContext {
  occurredAt: number
  account: { externalId: string; name: string }
  app: { externalId: string; name: string }
  webhook: { externalId: string }
  /** The operator name the product revision names. */
  userName: string
}

/** The context of examples that no real webhook is behind (the AsyncAPI document, a new webhook). */
export const EXAMPLE_CONTEXT: ExampleContext = {
  occurredAt: Date.parse('2026-01-01T12:00:00.000Z'),
  account: { externalId: 'acc_sample', name: 'Acme Outdoor' },
  app: { externalId: 'app_sample', name: 'Products' },
  webhook: { externalId: 'web_sample' },
  userName: 'Jane Doe'
}

/**
 * The body a test send of `event` delivers in `context` (for a narrowed webhook, with its
 * `filter`), as the exact bytes, and the revision the attempt's log row records.
 */
export function sampleBody(
  event: EventName,
  context: ExampleContext,
  filter?: EventFilter
): { body: string; revision: PayloadRevision | null } {
  const revision = sampleRevision(event, context.occurredAt, context.userName, filter)
  const body = buildPayloadBody({
    event,
    occurredAt: context.occurredAt,
    account: context.account,
    app: context.app,
    webhook: context.webhook,
    entity: sampleEntity(event, context.occurredAt, filter),
    revision
  })
  return { body, revision }
}

/**
 * `sampleBody` as an object, key order included: serialized with `JSON.stringify` it is byte for
 * byte the request body (test/core/event-schemas.test.ts holds it to a real test send).
 */
export function examplePayload(
  event: EventName,
  context: ExampleContext = EXAMPLE_CONTEXT
): Record<string, unknown> {
  return JSON.parse(sampleBody(event, context).body) as Record<string, unknown>
}
