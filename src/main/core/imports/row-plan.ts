import type { FieldValue } from '@shared/dto'
import type { EntityType } from '@shared/entity-catalog'
import { entitySpecs, type FieldSpec } from '@shared/entity-fields'
import type { ImportMapping, ImportRowMessage } from '@shared/imports'
import { convertCell } from './cell-values'
import type { SourceRow } from './source-row'

export interface ColumnPlan {
  index: number
  header: string
  field: FieldSpec | 'externalId'
}

/** How a file's rows become records: the mapped columns and the key that finds a record. */
export interface ImportPlan {
  type: EntityType
  headers: string[]
  columns: ColumnPlan[]
  /** `externalId` or a unique field's name. */
  matchBy: string
  /** CSV rows must have as many cells as the header; XLSX rows may end early. */
  strictCellCount: boolean
}

/** A row turned into field values, before references are resolved and the save validates it. */
export interface PlannedRow {
  row: number
  /** Values by field name (`externalId` included); relations are not here but in `refs`. */
  data: Record<string, FieldValue>
  /** Relation field -> the cell's text (an external id or a name) to resolve. */
  refs: Record<string, string>
  /** The value of the `matchBy` field, when the row has one. */
  key: string | null
  messages: ImportRowMessage[]
}

export function importPlan(
  type: EntityType,
  headers: string[],
  mapping: ImportMapping,
  matchBy: string,
  strictCellCount: boolean
): ImportPlan {
  const byName = new Map(entitySpecs[type].fields.map((field) => [field.name, field]))
  const columns: ColumnPlan[] = []
  headers.forEach((header, index) => {
    const name = Object.hasOwn(mapping, header) ? mapping[header] : undefined
    if (name === 'externalId') columns.push({ index, header, field: 'externalId' })
    else if (name && byName.has(name)) columns.push({ index, header, field: byName.get(name)! })
  })
  return { type, headers, columns, matchBy, strictCellCount }
}

/** The column a field comes from (to name it in a message), or null. */
export function columnOf(plan: ImportPlan, fieldName: string): string | null {
  const column = plan.columns.find(
    (each) => (each.field === 'externalId' ? 'externalId' : each.field.name) === fieldName
  )
  return column?.header ?? null
}

export function planRow(plan: ImportPlan, source: SourceRow): PlannedRow {
  const planned: PlannedRow = { row: source.row, data: {}, refs: {}, key: null, messages: [] }
  if (source.problem) {
    planned.messages.push({ column: null, message: source.problem })
    return planned
  }
  const cells = source.cells
  const extra = cells.slice(plan.headers.length).some((cell) => cell !== null && cell !== '')
  if (extra || (plan.strictCellCount && cells.length < plan.headers.length)) {
    planned.messages.push({
      column: null,
      message: `has ${cells.length} cells where the header has ${plan.headers.length}`
    })
    return planned
  }
  for (const column of plan.columns) {
    const converted = convertCell(column.field, cells[column.index] ?? null)
    if ('problem' in converted) {
      planned.messages.push({ column: column.header, message: converted.problem })
      continue
    }
    const name = column.field === 'externalId' ? 'externalId' : column.field.name
    if (
      column.field !== 'externalId' &&
      column.field.kind === 'relation' &&
      converted.value !== null
    )
      planned.refs[name] = String(converted.value)
    else planned.data[name] = converted.value
  }
  const key = planned.data[plan.matchBy] ?? planned.refs[plan.matchBy] ?? null
  planned.key = key === null ? null : String(key)
  // An empty external id cell means "none" (a new one is made), not "clear it".
  if (planned.data.externalId === null) delete planned.data.externalId
  return planned
}
