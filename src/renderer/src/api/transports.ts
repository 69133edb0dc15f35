import type { ApiErrorBody, ApiResponse } from '../../../shared/api-contract'
import type { ApiMethodName } from '../../../shared/api-methods'
import type { PushEvent } from '../../../shared/dto'

/** How the renderer reaches the core: IPC under Electron, HTTP against the headless shell. */
export interface Transport {
  call(method: ApiMethodName, input: unknown): Promise<ApiResponse<unknown>>
  subscribe(listener: (event: PushEvent) => void): () => void
}

export function electronTransport(api: NonNullable<Window['api']>): Transport {
  return {
    call: (method, input) => api[method](input),
    subscribe: (listener) => api.onPush(listener)
  }
}

const networkError = (message: string): ApiErrorBody => ({ code: 'internal', message })

export function httpTransport(token: string, base = ''): Transport {
  return {
    async call(method, input) {
      let response: Response
      try {
        response = await fetch(`${base}/api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
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
    subscribe(listener) {
      const source = new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`)
      source.onmessage = (message) => {
        try {
          listener(JSON.parse(message.data) as PushEvent)
        } catch {
          // a malformed event is dropped; the next one still arrives
        }
      }
      return () => source.close()
    }
  }
}
