import type { ApiErrorBody, ApiResponse } from '@shared/api-contract'
import type { ApiMethodName } from '@shared/api-methods'
import type { PushEvent } from '@shared/dto'
import { apiMethodPath, EVENT_TICKET_PATH, EVENTS_PATH } from '@shared/http-routes'
import { httpExporter } from './http-log-export'
import { electronUploader, httpUploader, type ImportUploader } from './import-uploader'
import { electronExporter, type LogExporter } from './log-exporter'
import { electronRecordExporter, httpRecordExporter, type RecordExporter } from './record-exporter'

/** How the renderer reaches the core: IPC under Electron, HTTP against the headless shell. */
export interface Transport {
  call(method: ApiMethodName, input: unknown): Promise<ApiResponse<unknown>>
  subscribe(listener: (event: PushEvent) => void): () => void
  /** Exports of the delivery log into a file (absent where there is no file to write). */
  logExport?: LogExporter
  /** Files to import: the desktop's open dialog, or an upload to the headless shell. */
  importUpload?: ImportUploader
  /** Exports of the records a list shows (absent where the shell offers none). */
  recordExport?: RecordExporter
}

export function electronTransport(api: NonNullable<Window['api']>): Transport {
  return {
    call: (method, input) => api[method](input),
    subscribe: (listener) => api.onPush(listener),
    logExport: electronExporter(api.logExport),
    importUpload: electronUploader(api.importFile),
    recordExport: electronRecordExporter(api.recordExport)
  }
}

const networkError = (message: string): ApiErrorBody => ({ code: 'internal', message })

/** First reconnect delay, doubled after each failure up to the maximum. */
export const RECONNECT_MIN_MS = 1_000
export const RECONNECT_MAX_MS = 30_000

export function httpTransport(token: string, base = ''): Transport {
  const authorization = `Bearer ${token}`

  async function eventTicket(): Promise<string | null> {
    try {
      const response = await fetch(`${base}${EVENT_TICKET_PATH}`, {
        method: 'POST',
        headers: { authorization }
      })
      const body = (await response.json()) as ApiResponse<{ ticket: string }>
      return body.ok ? body.data.ticket : null
    } catch {
      return null
    }
  }

  return {
    logExport: httpExporter(base, authorization),
    importUpload: httpUploader(base, authorization),
    recordExport: httpRecordExporter(base, authorization),

    async call(method, input) {
      let response: Response
      try {
        response = await fetch(`${base}${apiMethodPath(method)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization },
          body: JSON.stringify(input ?? {})
        })
      } catch {
        return {
          ok: false,
          error: networkError('Cannot reach the app server. Is `npm run serve` still running?')
        }
      }
      try {
        return (await response.json()) as ApiResponse<unknown>
      } catch {
        return { ok: false, error: networkError(`The server answered HTTP ${response.status}`) }
      }
    },

    /**
     * The stream opens with a single-use ticket, never the token. EventSource would reconnect by
     * itself with the same, now spent, ticket, so on any error it is closed and reopened with a
     * fresh ticket after a growing delay.
     */
    subscribe(listener) {
      let source: EventSource | null = null
      let timer: ReturnType<typeof setTimeout> | null = null
      let delay = RECONNECT_MIN_MS
      let stopped = false

      const retryLater = (): void => {
        if (stopped) return
        timer = setTimeout(() => void open(), delay)
        delay = Math.min(delay * 2, RECONNECT_MAX_MS)
      }

      async function open(): Promise<void> {
        timer = null
        const ticket = await eventTicket()
        if (stopped) return
        if (!ticket) return retryLater()
        const current = new EventSource(
          `${base}${EVENTS_PATH}?ticket=${encodeURIComponent(ticket)}`
        )
        source = current
        current.onopen = () => {
          delay = RECONNECT_MIN_MS
        }
        current.onmessage = (message) => {
          try {
            listener(JSON.parse(message.data) as PushEvent)
          } catch {
            // a malformed event is dropped; the next one still arrives
          }
        }
        current.onerror = () => {
          current.close()
          if (source !== current) return
          source = null
          retryLater()
        }
      }

      void open()
      return () => {
        stopped = true
        if (timer) clearTimeout(timer)
        source?.close()
        source = null
      }
    }
  }
}
