import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import type { ApiErrorBody, ApiResponse } from '@shared/api-contract'
import type { AppDto, PushEvent } from '@shared/dto'
import type { ShellProcess } from '../support/shell-process'

export interface NodeAnswer {
  status: number
  headers: IncomingHttpHeaders
  text: string
}

/** node:http, because fetch will not let a test set `Host` or send a malformed path. */
export function rawRequest(
  port: number,
  options: { method: string; path: string; headers: Record<string, string>; body?: string }
): Promise<NodeAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method,
        path: options.path,
        headers: options.headers
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }))
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

export function errorOf(text: string): ApiErrorBody {
  const body = JSON.parse(text) as ApiResponse<unknown>
  if (body.ok) throw new Error(`expected an error answer, got ${text}`)
  return body.error
}

export async function fetchError(response: Response): Promise<ApiErrorBody> {
  return errorOf(await response.text())
}

export const jsonHeaders = (shell: ShellProcess): Record<string, string> => ({
  authorization: `Bearer ${shell.token}`,
  'content-type': 'application/json'
})

export async function productsApp(shell: ShellProcess): Promise<AppDto> {
  const apps = await shell.call('apps.list', {})
  const app = apps.find((candidate) => candidate.key === 'products')
  if (!app) throw new Error(`no products app in ${JSON.stringify(apps)}`)
  return app
}

/** A ticket for one `GET /api/events?ticket=...`, as the page gets it. */
export async function eventTicket(shell: ShellProcess): Promise<string> {
  const response = await fetch(`${shell.baseUrl}/api/events/ticket`, {
    method: 'POST',
    headers: { authorization: `Bearer ${shell.token}` }
  })
  const body = (await response.json()) as ApiResponse<{ ticket: string; expiresInMs: number }>
  if (!body.ok) throw new Error(`no ticket: ${JSON.stringify(body.error)}`)
  return body.data.ticket
}

export interface EventReader {
  events: PushEvent[]
  close(): Promise<void>
}

/** Collects the `data:` frames of an open event-stream response until closed. */
export function readEvents(response: Response, abort: AbortController): EventReader {
  if (!response.body) throw new Error('no event stream body')
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  const events: PushEvent[] = []
  let buffer = ''
  const done = (async () => {
    try {
      for (;;) {
        const { value, done: ended } = await reader.read()
        if (ended) return
        buffer += decoder.decode(value, { stream: true })
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          for (const line of frame.split('\n'))
            if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)) as PushEvent)
        }
      }
    } catch {
      // aborted at the end of the test
    }
  })()
  return {
    events,
    async close() {
      abort.abort()
      await done
    }
  }
}
