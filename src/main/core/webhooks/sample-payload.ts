import { parseEventName, type EventName } from '@shared/entity-catalog'
import type { FieldValue, PayloadRevision } from '@shared/dto'
import { entitySpecs, relationKey, type FieldSpec } from '@shared/entity-fields'
import { payloadTimestamp } from '../support/clock'
import type { RelatedRef, SerializedEntity } from '../entities/entity-serializer'

function sampleValue(field: FieldSpec): FieldValue | RelatedRef {
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
    default:
      return `Sample ${field.label.toLowerCase()}`
  }
}

/** A realistic record for "Send test event": every field filled, clearly marked as a sample. */
export function sampleEntity(event: EventName, nowMs: number): SerializedEntity {
  const spec = entitySpecs[parseEventName(event).type]
  const entity: SerializedEntity = { id: 0, externalId: `${spec.externalIdPrefix}_sample` }
  for (const field of spec.fields)
    entity[field.kind === 'relation' ? relationKey(field) : field.name] = sampleValue(field)
  entity.createdAt = new Date(nowMs).toISOString()
  entity.updatedAt = entity.createdAt
  return entity
}

export function sampleRevision(
  event: EventName,
  nowMs: number,
  userName: string
): PayloadRevision | null {
  const { type, action } = parseEventName(event)
  if (type !== 'product') return null
  return {
    action,
    user_name: userName,
    timestamp: payloadTimestamp(nowMs),
    changes: action === 'updated' ? [{ field: 'price', old: 17.99, new: 19.99 }] : []
  }
}
