import type { IncomingMessage, ServerResponse } from 'node:http'
import type { PushEvent } from '@shared/dto'

const HEARTBEAT_MS = 25_000

/** Server-sent events: one `data:` frame per push event, comments to keep proxies from idling. */
export function streamEvents(
  req: IncomingMessage,
  res: ServerResponse,
  onPush: (listener: (event: PushEvent) => void) => () => void
): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-store',
    connection: 'keep-alive'
  })
  res.write(': connected\n\n')
  const unsubscribe = onPush((event) => res.write(`data: ${JSON.stringify(event)}\n\n`))
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS)
  req.on('close', () => {
    clearInterval(heartbeat)
    unsubscribe()
  })
}
