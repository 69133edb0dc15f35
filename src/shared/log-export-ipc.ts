/**
 * The desktop shell's export channels, free of dependencies so the sandboxed preload can bundle
 * them. Not contract methods: an export runs for a while, writes a file the main process chose
 * through a save dialog, reports progress and can be cancelled, none of which fits `call`.
 */

/** invoke({ exportId, input }): save dialog, then the file; answers `ApiResponse<LogExportOutcome>`. */
export const LOG_EXPORT_START_CHANNEL = 'log-export:start'
/** invoke(exportId): stops a running export of the same window; the partial file is deleted. */
export const LOG_EXPORT_CANCEL_CHANNEL = 'log-export:cancel'
/** main → renderer: `LogExportProgress` of the window's own exports. */
export const LOG_EXPORT_PROGRESS_CHANNEL = 'log-export:progress'

export const LOG_EXPORT_CHANNELS = [LOG_EXPORT_START_CHANNEL, LOG_EXPORT_CANCEL_CHANNEL] as const

/** Chosen by the renderer, so it can cancel before the start's answer arrives. */
export const EXPORT_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/

export interface LogExportProgress {
  exportId: string
  /** Attempts written so far. */
  rows: number
  /** The chosen file's name (no folder), once the save dialog has closed. */
  fileName: string
}
