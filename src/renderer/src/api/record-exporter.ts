import { RECORD_EXPORT_PATH, RECORD_EXPORT_TICKET_PATH } from '@shared/http-routes'
import { exportRowCounter } from '@shared/log-export'
import {
  RECORD_EXPORT_MEDIA_TYPES,
  recordExportFileName,
  type RecordExportFormat,
  type RecordExportInput,
  type RecordExportOutcome,
  type RecordExportProgress,
  type RecordExportTicket
} from '@shared/record-export'
import { ApiError } from './api-error'
import { memorySink, pickedFileSink, saveFilePicker, type FileKind } from './export-sinks'
import { errorOf } from './http-log-export'

/** What the caller of a record export hears while it runs, and how it stops it. */
export interface RecordExportRun {
  /** Aborting cancels: the shell stops reading records and no partial file is kept. */
  signal: AbortSignal
  /** The file's name once chosen, and how many records the export selects. */
  onFile?(fileName: string, total: number | null): void
  /** Records (when the shell can count them) and bytes written so far. */
  onProgress(progress: RecordExportProgress): void
}

/** Exports the records a list shows into a file, however the shell does it. */
export interface RecordExporter {
  /** False when the file is kept in memory until the end (a browser without a file picker). */
  readonly streamsToFile: boolean
  run(input: RecordExportInput, run: RecordExportRun): Promise<RecordExportOutcome>
}

export const unavailableRecordExporter: RecordExporter = {
  streamsToFile: false,
  run: () =>
    Promise.reject(new ApiError({ code: 'internal', message: 'Exporting is not available here' }))
}

const PROGRESS_EVERY_MS = 100

/** The file kinds the picker offers; re-importable, unlike the log's. */
function fileKind(format: RecordExportFormat): FileKind {
  const description =
    format === 'csv' ? 'CSV (spreadsheets, re-importable)' : 'Excel workbook (re-importable)'
  return { description, mediaType: RECORD_EXPORT_MEDIA_TYPES[format], extension: format }
}

/**
 * The browser's record export against the headless shell, as the delivery log's
 * (`http-log-export.ts`): the file first (the picker needs the click's user activation), then a
 * ticket with the token, then `GET /api/records/export?ticket=` read chunk by chunk into the
 * file, so the socket and the shell's reading follow the disk. CSV records are counted from the
 * bytes; an XLSX arrives zipped, so only its bytes are. Aborting closes the socket, which stops
 * the shell's reading.
 */
export function httpRecordExporter(base: string, authorization: string): RecordExporter {
  const picker = saveFilePicker()

  async function ticketFor(input: RecordExportInput, signal: AbortSignal) {
    const response = await fetch(`${base}${RECORD_EXPORT_TICKET_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify(input),
      signal
    })
    if (!response.ok) throw await errorOf(response)
    return ((await response.json()) as { data: RecordExportTicket }).data
  }

  return {
    streamsToFile: picker !== null,
    async run(input, run) {
      const suggested = recordExportFileName(input.type, input.format)
      const sink = picker
        ? await pickedFileSink(picker, suggested, fileKind(input.format))
        : memorySink(suggested, fileKind(input.format))
      if (!sink) return { status: 'dismissed' }
      const counter = input.format === 'csv' ? exportRowCounter('csv') : null
      let rows: number | null = counter ? 0 : null
      let bytes = 0
      try {
        const ticket = await ticketFor(input, run.signal)
        const response = await fetch(
          `${base}${RECORD_EXPORT_PATH}?ticket=${encodeURIComponent(ticket.ticket)}`,
          { signal: run.signal }
        )
        if (!response.ok || !response.body) throw await errorOf(response)
        run.onFile?.(sink.name, ticket.total)
        run.onProgress({ rows, bytes })
        const reader = response.body.getReader()
        // Cancel must not wait for a slow disk: a write still pending is left to the discard.
        const aborted = new Promise<never>((_resolve, reject) =>
          run.signal.addEventListener('abort', () => reject(run.signal.reason), { once: true })
        )
        aborted.catch(() => {})
        let reportedAt = -Infinity
        for (;;) {
          const { done, value } = await reader.read()
          if (done) break
          await Promise.race([sink.write(value), aborted])
          bytes += value.byteLength
          if (counter) rows = counter.add(value)
          // A few times a second; until the first record is counted, every chunk, so the
          // first records show at once.
          if (performance.now() - reportedAt >= PROGRESS_EVERY_MS) {
            run.onProgress({ rows, bytes })
            if (rows !== 0) reportedAt = performance.now()
          }
        }
        // Closing commits the file (a picker's writable moves it in place): as slow as a write.
        await Promise.race([sink.close(), aborted])
      } catch (error) {
        await sink.discard().catch(() => {})
        if (run.signal.aborted) return { status: 'cancelled', rows }
        if (error instanceof ApiError) throw error
        throw new ApiError({
          code: 'network',
          message: `The export stopped: the connection to the app server was lost (${error instanceof Error ? error.message : String(error)}).`
        })
      }
      run.onProgress({ rows, bytes })
      return {
        status: 'written',
        rows,
        bytes,
        fileName: sink.name,
        ...(sink.browserDownload ? { browserDownload: true } : {})
      }
    }
  }
}

/** The desktop window: the main process asks where to save and writes the file itself. */
export function electronRecordExporter(
  bridge: NonNullable<Window['api']>['recordExport']
): RecordExporter {
  return {
    streamsToFile: true,
    async run(input, run) {
      if (run.signal.aborted) return { status: 'cancelled', rows: 0 }
      // Chosen here, so Cancel can name the export before its start has been answered.
      const exportId = `records-${crypto.randomUUID()}`
      let named = false
      const stopListening = bridge.onProgress((progress) => {
        if (progress.exportId !== exportId) return
        if (!named) run.onFile?.(progress.fileName, progress.total)
        named = true
        run.onProgress({ rows: progress.rows, bytes: 0 })
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
