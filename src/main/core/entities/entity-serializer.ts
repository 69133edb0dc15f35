import type { EntityDto } from '@shared/dto'
import { relationKey, type EntitySpec } from '@shared/entity-fields'
import type { PayloadRecord, PayloadReference } from '@shared/payload-format'

export type RelatedRef = PayloadReference

/** A record as webhook bodies carry it (the shape is the payload contract's, in src/shared). */
export type SerializedEntity = PayloadRecord

/**
 * The receiver-facing form of a record (seed contract): scalars under camelCase keys, dates as
 * ISO 8601, a related record as `{ id, externalId }` under the relation's name (`brandId` ->
 * `brand`), collections skipped. `related` holds the resolved references by field name.
 */
export function serializeEntity(
  spec: EntitySpec,
  record: EntityDto,
  related: Record<string, RelatedRef | null>
): SerializedEntity {
  const out: SerializedEntity = { id: record.id, externalId: record.externalId }
  for (const field of spec.fields) {
    if (field.kind === 'relation') out[relationKey(field)] = related[field.name] ?? null
    else out[field.name] = record.fields[field.name] ?? null
  }
  out.createdAt = record.createdAt
  out.updatedAt = record.updatedAt
  return out
}
