import type { Knex } from 'knex'
import type { EntityDto, FieldValue } from '@shared/dto'
import { entityLabel, type RecordType } from '@shared/entity-catalog'
import { entitySpecs, type FieldSpec } from '@shared/entity-fields'
import { entityDataSchema } from '@shared/entity-schema'
import type { MassEditChange } from '@shared/mass-edit'
import type { EntityRepository } from '../entities/entity.repository'
import { invalidArgument } from '../support/core-error'

/** A change checked against the type's field spec: the value every selected record should hold. */
export interface PreparedChange {
  type: RecordType
  field: FieldSpec
  change: MassEditChange
  /** What the field is set to (null when cleared), in the form the store reads back. */
  value: FieldValue
}

function fieldOf(type: RecordType, name: string): FieldSpec {
  const fields = entitySpecs[type].fields
  const field = fields.find((each) => each.name === name)
  if (!field)
    throw invalidArgument(
      'change.field',
      `${entityLabel(type)} has no field "${name}" (its fields: ${fields.map((each) => each.name).join(', ')})`
    )
  return field
}

/** Parses the value as a save of that one field would, answering the first problem in words. */
function parsedValue(
  type: RecordType,
  field: FieldSpec,
  value: FieldValue | undefined
): FieldValue {
  if (value === undefined || value === null)
    throw invalidArgument('change.value', `${field.label}: give a value to set, or use clear`)
  const result = entityDataSchema(type, 'update').safeParse({ [field.name]: value })
  if (!result.success)
    throw invalidArgument('change.value', `${field.label}: ${result.error.issues[0].message}`)
  const parsed = (result.data as Record<string, FieldValue>)[field.name]
  // The store keeps one canonical form of an instant: compare and save in it.
  return field.kind === 'datetime' ? new Date(String(parsed)).toISOString() : parsed
}

/**
 * Checks a change before anything is written, so a bad value is refused once for the whole
 * selection rather than once per record: the field exists, the operation suits it, the value
 * passes the field's rules, a referenced record exists. Per-record checks (a unique value taken,
 * a date range) still run in each save.
 */
export async function prepareChange(
  db: Knex,
  type: RecordType,
  change: MassEditChange,
  repositoryOf: (type: RecordType) => EntityRepository
): Promise<PreparedChange> {
  const field = fieldOf(type, change.field)
  if (change.op === 'add' || change.op === 'remove')
    throw invalidArgument(
      'change.op',
      `${field.label} holds one value: add and remove are for fields holding several (categories, tags), which ${entityLabel(type).toLowerCase()} records do not have; use set or clear`
    )
  if (change.op === 'clear') {
    if (change.value !== undefined && change.value !== null)
      throw invalidArgument('change.value', `${field.label}: clear takes no value`)
    if (field.required)
      throw invalidArgument('change.op', `${field.label} is required: it cannot be cleared`)
    return { type, field, change: { field: field.name, op: 'clear' }, value: null }
  }
  const value = parsedValue(type, field, change.value)
  if (field.kind === 'relation' && field.relation && typeof value === 'number') {
    const found = await repositoryOf(field.relation as RecordType).findIds(db, [value])
    if (!found.has(value))
      throw invalidArgument(
        'change.value',
        `${field.label}: ${entityLabel(field.relation)} ${value} does not exist`
      )
  }
  return { type, field, change: { field: field.name, op: 'set', value }, value }
}

/** Whether saving the change would change this record (a record already holding it has no event). */
export function wouldChange(prepared: PreparedChange, record: EntityDto): boolean {
  return (record.fields[prepared.field.name] ?? null) !== prepared.value
}

/** What a save of one record takes. */
export function changeData(prepared: PreparedChange): Record<string, FieldValue> {
  return { [prepared.field.name]: prepared.value }
}
