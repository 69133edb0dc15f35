/**
 * The headless shell's HTTP routes, named once for both ends of the wire (the shell's server in
 * src/main/serve and the renderer's HTTP transport), as the IPC channel names are in
 * `api-methods.ts` and `log-export-ipc.ts`. Free of dependencies like them.
 */

/** Every API route starts here; `POST /api/<method>` carries the contract's methods. */
export const API_PATH_PREFIX = '/api/'

/** The route of one contract method. */
export function apiMethodPath(method: string): string {
  return `${API_PATH_PREFIX}${method}`
}

/** `GET ?ticket=…`: server-sent push events (EventSource cannot send the bearer token). */
export const EVENTS_PATH = '/api/events'
/** `POST` with the token: a single-use, 30-second ticket for `EVENTS_PATH`. */
export const EVENT_TICKET_PATH = '/api/events/ticket'
/** `GET ?ticket=…`: a delivery-log export, streamed. */
export const EXPORT_PATH = '/api/export'
/** `POST` with the token and the export's input: a single-use ticket for `EXPORT_PATH`. */
export const EXPORT_TICKET_PATH = '/api/export/ticket'
/** `POST ?name=<file name>` with the token, the file's bytes as the body: stages an import's file. */
export const IMPORT_UPLOAD_PATH = '/api/imports/upload'
/** `GET ?ticket=…`: the records an entity list shows, as CSV or XLSX, streamed. */
export const RECORD_EXPORT_PATH = '/api/records/export'
/** `POST` with the token and the export's input: a single-use ticket for `RECORD_EXPORT_PATH`. */
export const RECORD_EXPORT_TICKET_PATH = '/api/records/export/ticket'
