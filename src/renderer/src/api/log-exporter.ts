import type { LogExportInput } from '@shared/api-contract'
import type { LogExportOutcome } from '@shared/log-export'
import { ApiError } from './api-error'

/** What the caller of an export hears while it runs, and how it stops it. */
export interface LogExportRun {
  /** Aborting cancels: the shell stops reading the log and no partial file is kept. */
  signal: AbortSignal
  /** The file's name, once the operator chose it and rows start to flow. */
  onFile?(fileName: string): void
  /** Attempts written so far (a few times a second at most). */
  onProgress(rows: number): void
}

/**
 * Exports the delivery log into a file, however the shell does it: the desktop shell's main
 * process behind a save dialog, or the browser streaming the headless shell's download.
 */
export interface LogExporter {
  /**
   * True when rows go straight into a file as they arrive; false when they are kept in memory
   * until the export ends (a browser without the File System Access API).
   */
  readonly streamsToFile: boolean
  run(input: LogExportInput, run: LogExportRun): Promise<LogExportOutcome>
}

export const unavailableExporter: LogExporter = {
  streamsToFile: false,
  run: () =>
    Promise.reject(new ApiError({ code: 'internal', message: 'Exporting is not available here' }))
}

/** The desktop window: the main process asks where to save and writes the file itself. */
export function electronExporter(bridge: NonNullable<Window['api']>['logExport']): LogExporter {
  return {
    streamsToFile: true,
    async run(input, run) {
      if (run.signal.aborted) return { status: 'cancelled', rows: 0 }
      // Chosen here, so Cancel can name the export before its start has been answered.
      const exportId = `export-${crypto.randomUUID()}`
      const stopListening = bridge.onProgress((progress) => {
        if (progress.exportId !== exportId) return
        run.onFile?.(progress.fileName)
        run.onProgress(progress.rows)
      })
      const cancel = (): void => void bridge.cancel(exportId)
      run.signal.addEventListener('abort', cancel)
      try {
        const answer = await bridge.start(exportId, input)
        if (!answer.ok) throw new ApiError(answer.error)
        return answer.data
      } finally {
        run.signal.removeEventListener('abort', cancel)
        stopListening()
      }
    }
  }
}
