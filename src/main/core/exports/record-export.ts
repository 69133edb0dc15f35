import { entitySpecs } from '@shared/entity-fields'
import {
  recordExportInput,
  type PreparedRecordExport,
  type RecordExportInput
} from '@shared/record-export'
import type { Db } from '../db/knex-factory'
import { parseOrThrow } from '../support/validation'
import { csvRecord, type ExportCell } from './export-cells'
import { recordExportColumns } from './record-columns'
import { countSelected, recordRows } from './record-pages'
import { xlsxChunks } from './xlsx-chunks'

/** What the shells use: checked arguments with the count, then a stream of chunks. */
export interface RecordExport {
  /** Checks the input (`invalid_argument` naming the field) and counts what it selects. */
  prepareExport(input: unknown): Promise<PreparedRecordExport>
  /**
   * The file, as chunks (CSV text or XLSX bytes), one per keyset page; `onProgress` hears the
   * records written so far after each page. Stopping the iteration reads no further page.
   */
  exportChunks(
    input: RecordExportInput,
    onProgress?: (rows: number) => void
  ): AsyncGenerator<string | Buffer>
}

async function* counted(
  pages: AsyncIterable<ExportCell[][]>,
  onProgress?: (rows: number) => void
): AsyncGenerator<ExportCell[][]> {
  let rows = 0
  for await (const page of pages) {
    yield page
    rows += page.length
    onProgress?.(rows)
  }
}

async function* csvChunks(
  header: readonly string[],
  pages: AsyncIterable<ExportCell[][]>
): AsyncGenerator<string> {
  yield csvRecord(header)
  for await (const rows of pages) yield rows.map(csvRecord).join('')
}

export function createRecordExport(db: Db): RecordExport {
  return {
    async prepareExport(input) {
      const parsed = parseOrThrow(recordExportInput, input)
      return { input: parsed, total: await countSelected(db, parsed) }
    },
    exportChunks(input, onProgress) {
      const columns = recordExportColumns(input.type)
      const header = columns.map((column) => column.header)
      const pages = counted(recordRows(db, input, columns), onProgress)
      return input.format === 'csv'
        ? csvChunks(header, pages)
        : xlsxChunks(entitySpecs[input.type].table, header, pages)
    }
  }
}
