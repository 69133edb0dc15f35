import type { ApiInput, ApiMethod, ApiOutput } from '@shared/api-contract'
import type { PushEvent } from '@shared/dto'
import { ApiError } from './api-error'
import { unavailableUploader, type ImportUploader } from './import-uploader'
import { unavailableExporter, type LogExporter } from './log-exporter'
import { unavailableRecordExporter, type RecordExporter } from './record-exporter'
import { electronTransport, httpTransport, type Transport } from './transports'

export const TOKEN_KEY = 'pim-token'

export interface ApiClient {
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>>
  onPush(listener: (event: PushEvent) => void): () => void
  /** Exports of the delivery log: through the shell's own road, not a contract method. */
  logExport: LogExporter
  /** Files to import: through the shell's own road (a dialog, or an upload route). */
  importUpload: ImportUploader
  /** Exports of the records a list shows, the same way. */
  recordExport: RecordExporter
}

export function createApiClient(transport: Transport): ApiClient {
  return {
    logExport: transport.logExport ?? unavailableExporter,
    importUpload: transport.importUpload ?? unavailableUploader,
    recordExport: transport.recordExport ?? unavailableRecordExporter,
    async call(method, input) {
      const response = await transport.call(method, input)
      if (!response.ok) throw new ApiError(response.error)
      return response.data as never
    },
    onPush: (listener) => transport.subscribe(listener)
  }
}

/**
 * The token arrives once in the URL the headless shell prints; it is moved to session storage
 * and out of the address bar so it does not linger in history or screenshots.
 */
export function takeTokenFromLocation(): string | null {
  const url = new URL(window.location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl)
    url.searchParams.delete('token')
    window.history.replaceState(window.history.state, '', url.toString())
    return fromUrl
  }
  return sessionStorage.getItem(TOKEN_KEY)
}

/** Picks the transport for where the renderer runs; null when a browser has no token. */
export function detectTransport(): Transport | null {
  if (window.api) return electronTransport(window.api)
  const token = takeTokenFromLocation()
  return token ? httpTransport(token) : null
}
