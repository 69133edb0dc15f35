import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AnswerRule } from './answer-rules'
import type { DeliveryCounts, ReceivedDelivery, RecordBook } from './delivery-record'
import { PAGE_CSP, PAGE_CSS, PAGE_HTML, RECEIVER_PREFIX } from './receiver-page'
import { PAGE_SCRIPT } from './receiver-page-script'
import type { SecretMatch } from './receiver-secrets'

/** Sent with every answer, webhook answers included: cheap, and a mislabelled body stays inert. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': PAGE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store'
}

/** What the page and other tools learn about the receiver itself. */
export interface ReceiverInfo {
  url: string
  pageUrl: string
  secrets: SecretMatch[]
  toleranceSeconds: number
  maxRecords: number
  rules: Record<string, AnswerRule>
}

export interface PageContext {
  book: RecordBook
  info(): ReceiverInfo
  /** Open event streams; the receiver writes each new record to all of them. */
  streams: Set<ServerResponse>
}

export function send(
  res: ServerResponse,
  status: number,
  contentType: string | null,
  body: string,
  headers: Record<string, string> = {}
): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...(contentType ? { 'content-type': contentType } : {}),
    'content-length': String(Buffer.byteLength(body)),
    ...headers
  })
  res.end(body)
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body))
}

/** One server-sent event: a new record and the totals after it. */
export function streamMessage(record: ReceivedDelivery, counts: DeliveryCounts): string {
  return `event: delivery\ndata: ${JSON.stringify({ record, counts })}\n\n`
}

const ASSETS: Record<string, [string, string]> = {
  '': ['text/html; charset=utf-8', PAGE_HTML],
  'page.css': ['text/css; charset=utf-8', PAGE_CSS],
  'page.js': ['text/javascript; charset=utf-8', PAGE_SCRIPT]
}

/**
 * `GET /_receiver/` the page, `page.css` and `page.js` its files, `records[?after=SEQ]` the
 * records as JSON (oldest first, with the totals and the receiver's settings) and `events` the
 * live stream. Only GET (and HEAD for the files): nothing here changes the receiver.
 */
export function servePageRoute(
  context: PageContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL
): void {
  const name = url.pathname.slice(RECEIVER_PREFIX.length)
  if (url.pathname === RECEIVER_PREFIX.slice(0, -1)) {
    send(res, 308, null, '', { location: RECEIVER_PREFIX })
    return
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'text/plain; charset=utf-8', `${RECEIVER_PREFIX} is read-only\n`, {
      allow: 'GET, HEAD'
    })
    return
  }
  const asset = ASSETS[name]
  if (asset) {
    send(res, 200, asset[0], req.method === 'HEAD' ? '' : asset[1])
    return
  }
  if (name === 'records') {
    const after = Number(url.searchParams.get('after') ?? '0')
    if (!Number.isInteger(after) || after < 0) {
      sendJson(res, 400, { error: 'after must be a whole number (a seq), 0 or more' })
      return
    }
    sendJson(res, 200, {
      receiver: context.info(),
      counts: context.book.counts(),
      records: context.book.list(after)
    })
    return
  }
  if (name === 'events') {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      connection: 'keep-alive'
    })
    // A comment first, so the browser reports the stream open at once.
    res.write(': connected\n\n')
    context.streams.add(res)
    res.on('close', () => context.streams.delete(res))
    return
  }
  sendJson(res, 404, { error: `no such receiver route: ${url.pathname}` })
}
