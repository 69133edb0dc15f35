import type { ApiResponse, LogExportFormat, LogExportInput } from '@shared/api-contract'
import { EXPORT_PATH, EXPORT_TICKET_PATH } from '@shared/http-routes'
import { exportRowCounter, logExportFileName, type LogExportOutcome } from '@shared/log-export'
import { ApiError } from './api-error'
import { memorySink, pickedFileSink, saveFilePicker, type FileKind } from './export-sinks'
import type { LogExporter, LogExportRun } from './log-exporter'

const PROGRESS_EVERY_MS = 100

const FILE_KINDS: Record<LogExportFormat, FileKind> = {
  csv: { description: 'CSV (spreadsheets)', mediaType: 'text/csv', extension: 'csv' },
  ndjson: {
    description: 'NDJSON (one JSON object per line)',
    mediaType: 'application/x-ndjson',
    extension: 'ndjson'
  }
}

export async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as ApiResponse<unknown>
    if (!body.ok) return new ApiError(body.error)
  } catch {
    // not the shell's JSON error: say what status came back
  }
  return new ApiError({ code: 'internal', message: `The server answered HTTP ${response.status}` })
}

/**
 * The browser's export against the headless shell: a ticket for the checked arguments (with the
 * bearer token), then `GET /api/export?ticket=` read chunk by chunk. Reading only as fast as the
 * file takes the bytes paces the shell through the socket, and aborting the fetch closes the
 * socket, which stops the shell's reading of the log.
 */
export function httpExporter(base: string, authorization: string): LogExporter {
  const picker = saveFilePicker()

  async function ticketFor(input: LogExportInput, signal: AbortSignal): Promise<string> {
    const response = await fetch(`${base}${EXPORT_TICKET_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify(input),
      signal
    })
    if (!response.ok) throw await errorOf(response)
    return ((await response.json()) as { data: { ticket: string } }).data.ticket
  }

  return {
    streamsToFile: picker !== null,
    async run(input: LogExportInput, run: LogExportRun): Promise<LogExportOutcome> {
      const suggested = logExportFileName(input.appId, input.format)
      // The picker needs the click that started the export: ask before any network wait.
      const sink = picker
        ? await pickedFileSink(picker, suggested, FILE_KINDS[input.format])
        : memorySink(suggested, FILE_KINDS[input.format])
      if (!sink) return { status: 'dismissed' }
      let rows = 0
      try {
        const ticket = await ticketFor(input, run.signal)
        const response = await fetch(`${base}${EXPORT_PATH}?ticket=${encodeURIComponent(ticket)}`, {
          signal: run.signal
        })
        if (!response.ok || !response.body) throw await errorOf(response)
        run.onFile?.(sink.name)
        run.onProgress(0)
        const reader = response.body.getReader()
        const counter = exportRowCounter(input.format)
        // Cancel must not wait for a slow disk: a write still pending is left to the discard.
        const aborted = new Promise<never>((_resolve, reject) =>
          run.signal.addEventListener('abort', () => reject(run.signal.reason), { once: true })
        )
        aborted.catch(() => {})
        let reportedAt = -Infinity // the first rows show at once, then a few times a second
        for (;;) {
          const { done, value } = await reader.read()
          if (done) break
          await Promise.race([sink.write(value), aborted])
          rows = counter.add(value)
          if (rows > 0 && performance.now() - reportedAt >= PROGRESS_EVERY_MS) {
            reportedAt = performance.now()
            run.onProgress(rows)
          }
        }
        await sink.close()
      } catch (error) {
        await sink.discard().catch(() => {})
        if (run.signal.aborted) return { status: 'cancelled', rows }
        if (error instanceof ApiError) throw error
        throw new ApiError({
          code: 'network',
          message: `The export stopped after ${rows.toLocaleString('en-GB')} attempts: the connection to the app server was lost (${error instanceof Error ? error.message : String(error)}).`
        })
      }
      run.onProgress(rows)
      return {
        status: 'written',
        rows,
        fileName: sink.name,
        ...(sink.browserDownload ? { browserDownload: true } : {})
      }
    }
  }
}
