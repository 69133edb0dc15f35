import type { FieldChange, FieldValue } from '@shared/dto'
import type { EntitySpec } from '@shared/entity-fields'

/**
 * Field-level changes between two versions of a record, in spec order, only where the value
 * differs. `before` null means creation, `after` null deletion.
 */
export function diffFields(
  spec: EntitySpec,
  before: Record<string, FieldValue> | null,
  after: Record<string, FieldValue> | null
): FieldChange[] {
  const changes: FieldChange[] = []
  for (const field of spec.fields) {
    const old = before?.[field.name] ?? null
    const next = after?.[field.name] ?? null
    if (old !== next) changes.push({ field: field.name, old, new: next })
  }
  return changes
}
