import { z } from 'zod'
import {
  entityLabel,
  eventNames,
  parseEventName,
  type EntityType,
  type EventName
} from './entity-catalog'
import { entitySpecs, relationKey, type FieldKind, type FieldSpec } from './entity-fields'
import { EXTERNAL_ID } from './entity-schema'
import { BACKFILL_KEY, entityPayloadKey } from './payload-format'

/**
 * The building blocks of the webhook body schemas, generated from the entity field specs and the
 * envelope rules, never written by hand: names, patterns, and one schema per field, record,
 * change, header set and event body. `event-schemas.ts` assembles them into documents; references
 * are made by a `RefTo` function, so the same schemas serve `$defs` and the AsyncAPI document's
 * `components.schemas`. They only use keywords that mean the same in draft-07 (which AsyncAPI
 * schemas extend) and in 2020-12.
 *
 * The rules mirror the serializer (src/main/core/entities/entity-serializer.ts) and the payload
 * builder: every field is present; a field without a value is null unless the spec requires it;
 * a relation is `{ id, externalId }` under the field name without `Id`, or null; closed objects
 * say `additionalProperties: false`, so a drifting payload fails validation.
 */

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }
export type JsonObject = { [key: string]: JsonValue }

/** Turns a schema name into a reference (`#/$defs/<name>` or `#/components/schemas/<name>`). */
export type RefTo = (name: string) => JsonObject

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema'

/** The envelope's `timestamp` (and a revision's): UTC, whole seconds, `+00:00`. */
export const PAYLOAD_TIMESTAMP_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+00:00$'
/** Record times (`createdAt`, `updatedAt`, date-time fields): UTC with milliseconds, `Z`. */
export const RECORD_TIME_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$'
/** URL fields: the API accepts http and https URLs only (stored as typed). */
const HTTP_URL_PATTERN = '^[Hh][Tt][Tt][Pp][Ss]?:'

function pascal(snake: string): string {
  return snake.replace(/(^|_)([a-z])/g, (_match, _sep: string, letter: string) =>
    letter.toUpperCase()
  )
}

/** Schema names, shared by `$defs` and `components.schemas`. */
export const schemaNames = {
  account: 'Account',
  app: 'WebhookApp',
  webhook: 'Webhook',
  reference: 'Reference',
  revision: 'ProductRevision',
  change: 'ProductFieldChange',
  headers: 'WebhookHeaders',
  backfill: 'BackfillMarker',
  record: (type: EntityType) => `${pascal(type)}Record`,
  event: (event: EventName) => {
    const { type, action } = parseEventName(event)
    return `${pascal(type)}${pascal(action)}Event`
  }
}

export const externalId: JsonObject = {
  type: 'string',
  pattern: EXTERNAL_ID.source,
  description: 'External id: 1-64 letters, digits or `_ . : -` (do not parse its prefix)'
}

const recordTime: JsonObject = { type: 'string', format: 'date-time', pattern: RECORD_TIME_PATTERN }

function orNull(schema: JsonObject, nullable: boolean): JsonObject {
  if (!nullable) return schema
  const widened: JsonObject = { ...schema, type: [schema.type as string, 'null'] }
  if (Array.isArray(schema.enum)) widened.enum = [...schema.enum, null]
  return widened
}

/** JSON type of a field's plain value (what a revision's `old`/`new` holds). */
const storedType: Record<FieldKind, string> = {
  string: 'string',
  text: 'string',
  email: 'string',
  url: 'string',
  number: 'number',
  integer: 'integer',
  boolean: 'boolean',
  datetime: 'string',
  enum: 'string',
  relation: 'integer'
}

/**
 * One field's value in a payload record, by kind. Nullable unless the field is required; strings
 * keep their maxLength (and minLength 1 when required), numbers their minimum.
 */
export function fieldValueSchema(field: FieldSpec, refTo: RefTo): JsonObject {
  const nullable = !field.required
  const described = (schema: JsonObject): JsonObject => ({ description: field.label, ...schema })
  const length: JsonObject = field.maxLength === undefined ? {} : { maxLength: field.maxLength }
  const minimum: JsonObject = field.min === undefined ? {} : { minimum: field.min }
  switch (field.kind) {
    case 'string':
    case 'text':
      return described(
        orNull({ type: 'string', ...(field.required ? { minLength: 1 } : {}), ...length }, nullable)
      )
    case 'email':
      // The same pattern the API validates email addresses with.
      return described(
        orNull({ type: 'string', pattern: z.regexes.email.source, ...length }, nullable)
      )
    case 'url':
      return described(orNull({ type: 'string', pattern: HTTP_URL_PATTERN, ...length }, nullable))
    case 'number':
      return described(orNull({ type: 'number', ...minimum }, nullable))
    case 'integer':
      return described(orNull({ type: 'integer', ...minimum }, nullable))
    case 'boolean':
      return described(orNull({ type: 'boolean' }, nullable))
    case 'datetime':
      return described(orNull({ ...recordTime }, nullable))
    case 'enum':
      return described(orNull({ type: 'string', enum: [...(field.options ?? [])] }, nullable))
    case 'relation': {
      const reference = refTo(schemaNames.reference)
      const target = `Reference to a ${entityLabel(field.relation!).toLowerCase()}`
      return nullable
        ? { description: `${target}, or null`, anyOf: [reference, { type: 'null' }] }
        : { description: target, allOf: [reference] }
    }
  }
}

/** A record of `type` as payloads carry it: id, externalId, every field, createdAt, updatedAt. */
export function recordSchema(type: EntityType, refTo: RefTo): JsonObject {
  const spec = entitySpecs[type]
  const properties: Record<string, JsonObject> = {
    id: {
      type: 'integer',
      minimum: 0,
      description: "The record's number in this PIM (0 in test sends); never reused"
    },
    externalId
  }
  for (const field of spec.fields)
    properties[field.kind === 'relation' ? relationKey(field) : field.name] = fieldValueSchema(
      field,
      refTo
    )
  properties.createdAt = recordTime
  properties.updatedAt = recordTime
  return {
    type: 'object',
    title: `${entityLabel(type)} record`,
    description:
      type === 'app'
        ? 'The app that was created, updated or deleted (not the webhook’s own app)'
        : `A ${entityLabel(type).toLowerCase()} as it was at the event (the deleted one, for *.deleted)`,
    required: Object.keys(properties),
    properties,
    additionalProperties: false
  }
}

export function productChangeSchema(): JsonObject {
  return {
    type: 'object',
    description:
      'One changed field, in storage terms: references by their `…Id` field name and plain number',
    required: ['field', 'old', 'new'],
    anyOf: entitySpecs.product.fields.map((field) => {
      const value: JsonObject = { type: [storedType[field.kind], 'null'] }
      return {
        type: 'object',
        properties: { field: { const: field.name }, old: value, new: value }
      }
    }),
    properties: {
      field: { type: 'string', enum: entitySpecs.product.fields.map((field) => field.name) },
      old: {},
      new: {}
    },
    additionalProperties: false
  }
}

/** Headers of every request, as PAYLOADS.md documents them (names are case-insensitive). */
export function headersSchema(): JsonObject {
  const base64Signature = 'v1,[A-Za-z0-9+/]{43}='
  return {
    type: 'object',
    description:
      'Request headers. HTTP header names are case-insensitive; the app sends them in lowercase. ' +
      'Transport headers (Host, Content-Length, Accept-Encoding, Connection) come too, and any ' +
      'custom headers configured on the webhook (up to 20; never one of the names listed here).',
    required: [
      'Content-Type',
      'User-Agent',
      'X-Webhook-Event',
      'X-Webhook-Signature',
      'webhook-id',
      'webhook-timestamp',
      'webhook-signature'
    ],
    properties: {
      'Content-Type': { type: 'string', const: 'application/json' },
      'User-Agent': {
        type: 'string',
        pattern: '^IndexedPIM-Webhooks/\\S+$',
        description: '`IndexedPIM-Webhooks/<app version>`'
      },
      'X-Webhook-Event': {
        type: 'string',
        enum: [...eventNames],
        description: 'The event name, the same as the body’s `event`'
      },
      'X-Webhook-Signature': {
        type: 'string',
        pattern: '^[0-9a-f]{64}$',
        description:
          'Lowercase hex HMAC-SHA256 of the raw body, keyed with the whole current secret (`whsec_…`)'
      },
      'webhook-id': {
        type: 'string',
        pattern: '^msg(test)?_[0-9a-z]{20}$',
        description:
          'Message id, the same on every attempt of a delivery (`msgtest_` for test sends): drop duplicates by it'
      },
      'webhook-timestamp': {
        type: 'string',
        pattern: '^[0-9]+$',
        description: 'Unix seconds when this attempt was signed'
      },
      'webhook-signature': {
        type: 'string',
        pattern: `^${base64Signature}( ${base64Signature})?$`,
        description:
          'Standard Webhooks `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>`; two during a secret rotation'
      }
    },
    additionalProperties: true
  }
}

/** The body of one event: the envelope around the record (and a revision for products). */
export function eventBodySchema(event: EventName, refTo: RefTo): JsonObject {
  const { type, action } = parseEventName(event)
  const key = entityPayloadKey(event)
  const properties: Record<string, JsonObject> = {
    event: { type: 'string', const: event },
    timestamp: {
      type: 'string',
      format: 'date-time',
      pattern: PAYLOAD_TIMESTAMP_PATTERN,
      description: 'When the change happened, UTC, whole seconds'
    },
    account: refTo(schemaNames.account),
    app: refTo(schemaNames.app),
    webhook: refTo(schemaNames.webhook),
    [key]: refTo(schemaNames.record(type))
  }
  if (type === 'product')
    properties.revision = {
      allOf: [
        refTo(schemaNames.revision),
        { type: 'object', properties: { action: { const: action } } }
      ]
    }
  const required = Object.keys(properties)
  // Only on `*.updated` bodies a backfill sends ("Send current state…"); never on a live change.
  if (action === 'updated' && type !== 'app') properties[BACKFILL_KEY] = refTo(schemaNames.backfill)
  return {
    type: 'object',
    title: event,
    description: `Body of a ${event} webhook request`,
    required,
    properties,
    additionalProperties: false
  }
}
