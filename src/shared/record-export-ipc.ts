/**
 * The desktop shell's record export channels, dependency-free for the sandboxed preload, as
 * the delivery log's (`log-export-ipc.ts`, whose export id rules they share).
 */

/** invoke({ exportId, input }): save dialog, then the file; `ApiResponse<RecordExportOutcome>`. */
export const RECORD_EXPORT_START_CHANNEL = 'record-export:start'
/** invoke(exportId): stops a running record export of the same window; no file is kept. */
export const RECORD_EXPORT_CANCEL_CHANNEL = 'record-export:cancel'
/** main → renderer: `RecordExportIpcProgress` of the window's own record exports. */
export const RECORD_EXPORT_PROGRESS_CHANNEL = 'record-export:progress'

export const RECORD_EXPORT_CHANNELS = [
  RECORD_EXPORT_START_CHANNEL,
  RECORD_EXPORT_CANCEL_CHANNEL
] as const

export interface RecordExportIpcProgress {
  exportId: string
  /** Records written so far. */
  rows: number
  /** How many the export selected when it started. */
  total: number
  /** The chosen file's name (no folder). */
  fileName: string
}
