import { z } from 'zod'
import { recordType } from './api-fields'
import type { EntityType } from './entity-catalog'

/**
 * Exporting the records an entity list shows (issue 23): the list's own type and search, every
 * page, as CSV or XLSX, with the columns the import maps back to the same fields.
 */
export const recordExportFormats = ['csv', 'xlsx'] as const
export type RecordExportFormat = (typeof recordExportFormats)[number]

/** `type` and `search` exactly as `entities.list` takes them (no paging: every page goes). */
export const recordExportInput = z.strictObject({
  type: recordType,
  search: z.string().trim().max(200).optional(),
  format: z.enum(recordExportFormats)
})
export type RecordExportInput = z.infer<typeof recordExportInput>

/** A checked export and the number of records it selects when it was checked. */
export interface PreparedRecordExport {
  input: RecordExportInput
  total: number
}

/** What `POST /api/records/export/ticket` answers: the ticket, its life, the count, the name. */
export interface RecordExportTicket {
  ticket: string
  expiresInMs: number
  total: number
  fileName: string
}

export const RECORD_EXPORT_MEDIA_TYPES: Record<RecordExportFormat, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
}

/** The suggested file name, the same in both shells: the type and the (UTC) day. */
export function recordExportFileName(
  type: EntityType,
  format: RecordExportFormat,
  at: Date = new Date()
): string {
  return `${type.replace(/_/g, '-')}-records-${at.toISOString().slice(0, 10)}.${format}`
}

/**
 * How an export ended, as the renderer reports it. `rows` is null where the shell cannot count
 * them (a browser streaming XLSX sees zipped bytes only); `bytes` is what was written.
 */
export type RecordExportOutcome =
  | {
      status: 'written'
      rows: number | null
      bytes: number
      fileName: string
      browserDownload?: boolean
    }
  | { status: 'cancelled'; rows: number | null }
  | { status: 'dismissed' }

/** Progress as a shell reports it: records written when known, and bytes. */
export interface RecordExportProgress {
  rows: number | null
  bytes: number
}
