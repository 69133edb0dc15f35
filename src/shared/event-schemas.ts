import {
  JSON_SCHEMA_DIALECT,
  PAYLOAD_TIMESTAMP_PATTERN,
  eventBodySchema,
  externalId,
  headersSchema,
  productChangeSchema,
  recordSchema,
  schemaNames,
  type JsonObject,
  type JsonValue,
  type RefTo
} from './event-schema-parts'
import { entityTypes, eventNames, type EventName } from './entity-catalog'

/**
 * JSON Schemas of every webhook body, assembled from the building blocks in
 * `event-schema-parts.ts` (re-exported here, so importers need not know the split): every named
 * schema with references made by a function, as standalone draft 2020-12 documents
 * (`eventJsonSchema`, `eventsJsonSchema`, references under `#/$defs/`) and, through
 * `schemaDefinitions`, the AsyncAPI document's `components.schemas`.
 */

export {
  JSON_SCHEMA_DIALECT,
  PAYLOAD_TIMESTAMP_PATTERN,
  RECORD_TIME_PATTERN,
  eventBodySchema,
  fieldValueSchema,
  recordSchema,
  schemaNames,
  type JsonObject,
  type JsonValue
} from './event-schema-parts'

/** Every named schema, with references made by `refTo`. */
export function schemaDefinitions(refTo: RefTo): Record<string, JsonObject> {
  const named = (properties: Record<string, JsonObject>, description: string): JsonObject => ({
    type: 'object',
    description,
    required: Object.keys(properties),
    properties,
    additionalProperties: false
  })
  const definitions: Record<string, JsonObject> = {
    [schemaNames.account]: named(
      { external_id: externalId, name: { type: 'string' } },
      'The PIM account'
    ),
    [schemaNames.app]: named(
      { external_id: externalId, name: { type: 'string' } },
      'The app the webhook belongs to (not the record’s app)'
    ),
    [schemaNames.webhook]: named(
      { external_id: externalId },
      'The webhook (subscription) this request is for'
    ),
    [schemaNames.reference]: named(
      { id: { type: 'integer', minimum: 1 }, externalId },
      'A related record: its id and external id only'
    ),
    [schemaNames.revision]: named(
      {
        action: { type: 'string', enum: ['created', 'updated', 'deleted'] },
        user_name: { type: 'string', description: 'The operator who made the change' },
        timestamp: { type: 'string', format: 'date-time', pattern: PAYLOAD_TIMESTAMP_PATTERN },
        changes: { type: 'array', items: refTo(schemaNames.change) }
      },
      'The product history entry written with the change'
    ),
    [schemaNames.backfill]: named(
      {
        id: {
          type: 'string',
          pattern: '^bkf_[0-9a-z]+$',
          description: 'The backfill; the same on every message it sends'
        },
        started_at: {
          type: 'string',
          format: 'date-time',
          pattern: PAYLOAD_TIMESTAMP_PATTERN,
          description: 'When the operator started it, UTC, whole seconds'
        }
      },
      'Present only on a backfill ("Send current state…"): the record as it is now, not a change. Absent on live changes.'
    ),
    [schemaNames.change]: productChangeSchema(),
    [schemaNames.headers]: headersSchema()
  }
  for (const type of entityTypes) definitions[schemaNames.record(type)] = recordSchema(type, refTo)
  for (const event of eventNames)
    definitions[schemaNames.event(event)] = eventBodySchema(event, refTo)
  return definitions
}

const toDefs: RefTo = (name) => ({ $ref: `#/$defs/${name}` })

/** Names a schema refers to, directly or through the schemas it refers to. */
function referencedNames(root: JsonValue, definitions: Record<string, JsonObject>): string[] {
  const found = new Set<string>()
  const visit = (value: JsonValue): void => {
    if (Array.isArray(value)) return value.forEach(visit)
    if (value === null || typeof value !== 'object') return
    const ref = value.$ref
    if (typeof ref === 'string' && ref.startsWith('#/$defs/')) {
      const name = ref.slice('#/$defs/'.length)
      if (!found.has(name)) {
        found.add(name)
        visit(definitions[name])
      }
    }
    Object.values(value).forEach(visit)
  }
  visit(root)
  return [...found].sort()
}

/** A standalone draft 2020-12 schema of one event's body. */
export function eventJsonSchema(event: EventName): JsonObject {
  const definitions = schemaDefinitions(toDefs)
  const body = eventBodySchema(event, toDefs)
  const $defs: JsonObject = {}
  for (const name of referencedNames(body, definitions)) $defs[name] = definitions[name]
  return { $schema: JSON_SCHEMA_DIALECT, ...body, $defs }
}

/** One draft 2020-12 schema for any webhook body: the `event` key picks the event's schema. */
export function eventsJsonSchema(): JsonObject {
  const definitions = schemaDefinitions(toDefs)
  delete definitions[schemaNames.headers]
  return {
    $schema: JSON_SCHEMA_DIALECT,
    title: 'Indexed PIM Desktop webhook body',
    description: 'Any webhook body; its `event` names the schema under $defs that applies',
    type: 'object',
    required: ['event'],
    properties: { event: { type: 'string', enum: [...eventNames] } },
    allOf: eventNames.map((event) => ({
      if: { type: 'object', properties: { event: { const: event } }, required: ['event'] },
      then: toDefs(schemaNames.event(event))
    })),
    $defs: definitions
  }
}
