import { createApiClient, detectTransport, type ApiClient } from './client'

export { ApiError } from './api-error'
export type { ApiClient } from './client'
export type { LogExporter, LogExportRun } from './log-exporter'

let client: ApiClient | null = null

/** Set once at start-up (or by tests); every store reaches the core through it. */
export function setApiClient(next: ApiClient | null): void {
  client = next
}

export function initApiClient(): boolean {
  const transport = detectTransport()
  client = transport ? createApiClient(transport) : null
  return client !== null
}

export function api(): ApiClient {
  if (!client) throw new Error('The API client is not initialised')
  return client
}

/**
 * Routes the desktop's main process asks this window to open (a notification was clicked). The
 * headless shell has none: there the subscription does nothing.
 */
export function onShellNavigate(listener: (path: string) => void): () => void {
  return window.api?.onNavigate(listener) ?? (() => {})
}
