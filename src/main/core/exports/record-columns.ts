import type { EntityType } from '@shared/entity-catalog'
import { entitySpecs, relationKey, type FieldSpec } from '@shared/entity-fields'

/** One column of an export: its header and the field it holds. */
export interface ExportColumn {
  header: string
  field: FieldSpec | 'externalId'
}

/**
 * The columns of an export, in the type's field order after the external id. Headers are names
 * the import's `proposeMapping` maps back to the same field without edits: `externalId`, a
 * field's API name (`sku`, `price`), and a reference under its payload key (`brand`, `category`)
 * holding the referenced record's external id, which the import resolves first. Nothing the
 * import could not write back (id, timestamps) is exported, so no column is left unmapped.
 */
export function recordExportColumns(type: EntityType): ExportColumn[] {
  return [
    { header: 'externalId', field: 'externalId' },
    ...entitySpecs[type].fields.map((field) => ({
      header: field.kind === 'relation' ? relationKey(field) : field.name,
      field
    }))
  ]
}
