import type { Knex } from 'knex'
import type { EntityDto } from '@shared/dto'
import { entitySpecs } from '@shared/entity-fields'
import type { RecordExportInput } from '@shared/record-export'
import type { Db } from '../db/knex-factory'
import { EntityRepository } from '../entities/entity.repository'
import type { ExportCell } from './export-cells'
import type { ExportColumn } from './record-columns'

/** Records per keyset page: a page and its references are what an export holds at a time. */
export const RECORD_EXPORT_PAGE_ROWS = 500

/** The records the list shows for this type and search: its own `whereSearch`. */
export function selectedRecords(db: Db, input: RecordExportInput): Knex.QueryBuilder {
  const repository = new EntityRepository(entitySpecs[input.type])
  const query = db(entitySpecs[input.type].table)
  if (input.search) repository.whereSearch(query, input.search)
  return query
}

export async function countSelected(db: Db, input: RecordExportInput): Promise<number> {
  const [{ total }] = await selectedRecords(db, input).count({ total: '*' })
  return Number(total)
}

/** External ids of the records a page references, one query per referenced type. */
async function referenceIds(
  db: Db,
  columns: readonly ExportColumn[],
  records: readonly EntityDto[]
): Promise<Map<string, Map<number, string>>> {
  const byField = new Map<string, Map<number, string>>()
  for (const { field } of columns) {
    if (field === 'externalId' || field.kind !== 'relation' || !field.relation) continue
    const ids = [
      ...new Set(
        records.map((record) => record.fields[field.name]).filter((v) => typeof v === 'number')
      )
    ]
    const repository = new EntityRepository(entitySpecs[field.relation])
    byField.set(field.name, ids.length > 0 ? await repository.findIds(db, ids) : new Map())
  }
  return byField
}

function cellsOf(
  record: EntityDto,
  columns: readonly ExportColumn[],
  references: Map<string, Map<number, string>>
): ExportCell[] {
  return columns.map(({ field }) => {
    if (field === 'externalId') return record.externalId
    const value = record.fields[field.name]
    if (value === null || value === undefined) return null
    // A reference goes out as the referenced record's external id, which the import resolves;
    // one that no longer resolves is left empty rather than written as a bare row id.
    if (field.kind === 'relation') return references.get(field.name)?.get(Number(value)) ?? null
    return value
  })
}

/**
 * The selected records as rows of cells, newest first like the list, one keyset page (by id)
 * at a time: a page is read only when the consumer asks for the next, and stopping the
 * iteration reads nothing more. `offset` paging would rescan and skip or repeat records saved
 * while the export runs; the id keyset does neither.
 */
export async function* recordRows(
  db: Db,
  input: RecordExportInput,
  columns: readonly ExportColumn[],
  pageRows = RECORD_EXPORT_PAGE_ROWS
): AsyncGenerator<ExportCell[][]> {
  const repository = new EntityRepository(entitySpecs[input.type])
  let before: number | null = null
  for (;;) {
    const query = selectedRecords(db, input).orderBy('id', 'desc').limit(pageRows)
    if (before !== null) query.where('id', '<', before)
    const rows = (await query) as Array<Record<string, unknown>>
    if (rows.length === 0) return
    const records = rows.map((row) => repository.toDto(row))
    const references = await referenceIds(db, columns, records)
    yield records.map((record) => cellsOf(record, columns, references))
    if (rows.length < pageRows) return
    before = records[records.length - 1].id
  }
}
