import { timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { PushEvent } from '@shared/dto'
import {
  hostOrOriginProblem,
  LOOPBACK_HOST_NAMES,
  type HostAllowList
} from '@shared/host-allow-list'
import {
  API_PATH_PREFIX,
  EVENT_TICKET_PATH,
  EVENTS_PATH,
  EXPORT_PATH,
  EXPORT_TICKET_PATH,
  IMPORT_UPLOAD_PATH,
  RECORD_EXPORT_PATH,
  RECORD_EXPORT_TICKET_PATH
} from '@shared/http-routes'
import { toErrorBody, type ApiCall } from '../../core/api/api-dispatcher'
import type { PimCore } from '../../core/pim-core'
import { AuthThrottle, DEFAULT_AUTH_THROTTLE, type AuthThrottleOptions } from './auth-throttle'
import { streamEvents } from './event-stream'
import { EventTickets } from './event-tickets'
import { receiveImportUpload } from './import-upload'
import { ExportTickets, sendLogExport } from './log-download'
import { RecordDownloads } from './record-download'
import { parseRequestTarget, type RequestTarget } from './request-target'
import { applySecurityHeaders, sendError, sendJson } from './responses'
import { serveStatic } from './static-files'

export const MAX_BODY_BYTES = 1024 * 1024

export interface HttpShellOptions {
  call: ApiCall
  token: string
  /** Built renderer to serve at `/`; null serves nothing there. */
  staticDir: string | null
  onPush(listener: (event: PushEvent) => void): () => void
  /** Downloads of the delivery log (`POST /api/export/ticket`, then `GET /api/export`). */
  logExport?: PimCore['logExport']
  /** Uploads of files to import (`POST /api/imports/upload?name=…`, the file as the body). */
  imports?: PimCore['imports']
  /** Downloads of the records a list shows (`POST /api/records/export/ticket`, then GET). */
  recordExport?: PimCore['recordExport']
  authThrottle?: AuthThrottleOptions
  /** Operator-facing notices (a burst of failed token checks); default console.warn. */
  warn?: (message: string) => void
}

/** What a browser says about who started the request; absent from non-browser clients. */
const ALLOWED_FETCH_SITES = new Set([undefined, 'same-origin', 'none'])

function tokenMatches(expected: string, given: string | null): boolean {
  if (!given) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) return null
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * The headless shell's HTTP face: `POST /api/<method>` for the contract, `GET /api/events` for
 * server-sent push events (opened with a ticket from `POST /api/events/ticket`), and the built
 * renderer at `/`. Loopback only; a page on another origin or site (or a DNS-rebinding host
 * name) is refused before the token is even looked at.
 */
export function createHttpShell(options: HttpShellOptions): Server {
  const tickets = new EventTickets()
  const exportTickets = new ExportTickets()
  const records = options.recordExport ? new RecordDownloads(options.recordExport) : null
  const throttle = new AuthThrottle(options.authThrottle ?? DEFAULT_AUTH_THROTTLE)
  const warn = options.warn ?? ((message: string) => console.warn(message))
  let throttling = false

  const server = createServer((req, res) => {
    applySecurityHeaders(res)
    handle(req, res).catch((error) => {
      console.error('HTTP handler failed:', error)
      if (!res.headersSent) sendError(res, { code: 'internal', message: 'Internal error' })
      else res.destroy()
    })
  })

  function allowedHosts(): HostAllowList {
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    return { port, names: LOOPBACK_HOST_NAMES }
  }

  /** 401, or 429 with Retry-After once failures pile up; the right token is never throttled. */
  function refuseAuth(res: ServerResponse, message: string): void {
    const retryAfter = throttle.recordFailure()
    if (retryAfter === null) {
      throttling = false
      return sendError(res, { code: 'unauthorized', message })
    }
    if (!throttling) warn('serve: too many failed token checks; answering 429 to them for now')
    throttling = true
    res.setHeader('retry-after', String(retryAfter))
    sendError(
      res,
      { code: 'unauthorized', message: `Too many failed attempts; retry in ${retryAfter} s` },
      429
    )
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refused = hostOrOriginProblem(req.headers, allowedHosts())
    if (refused) return sendError(res, { code: 'forbidden', message: refused })

    const target = parseRequestTarget(req.url)
    if (!target)
      return sendError(res, { code: 'invalid_argument', message: 'Malformed request path' })
    if (!target.pathname.startsWith(API_PATH_PREFIX))
      return serveStatic(req, res, options.staticDir, target.pathname)

    // Origin is not sent on every request (a GET, a `no-cors` fetch); Sec-Fetch-Site is.
    const site = req.headers['sec-fetch-site']
    if (!ALLOWED_FETCH_SITES.has(site))
      return sendError(res, { code: 'forbidden', message: `Sec-Fetch-Site ${site} not allowed` })

    const bearer = req.headers.authorization?.match(/^Bearer (.+)$/)?.[1] ?? null
    if (target.pathname === EVENTS_PATH && req.method === 'GET')
      return openEventStream(req, res, target, bearer)
    if (target.pathname === EXPORT_PATH && req.method === 'GET' && options.logExport) {
      if (target.query.has('token'))
        return sendError(res, {
          code: 'unauthorized',
          message: `A download takes a ticket from POST ${EXPORT_TICKET_PATH}, not the token`
        })
      const input = exportTickets.redeem(target.query.get('ticket'))
      if (!input) return refuseAuth(res, 'Missing, expired or already used export ticket')
      return sendLogExport(res, options.logExport, input)
    }
    if (target.pathname === RECORD_EXPORT_PATH && req.method === 'GET' && records)
      return records.download(res, target, (message) => refuseAuth(res, message))
    if (!tokenMatches(options.token, bearer))
      return refuseAuth(res, 'Missing or wrong bearer token')

    if (target.pathname === EVENT_TICKET_PATH) {
      if (req.method !== 'POST') return notPost(res)
      return sendJson(res, 200, { ok: true, data: tickets.issue() })
    }
    if (target.pathname === IMPORT_UPLOAD_PATH && options.imports)
      return receiveImportUpload(req, res, target, options.imports)
    if (req.method !== 'POST') return notPost(res)
    const type = req.headers['content-type'] ?? ''
    if (!/^application\/json\b/i.test(type))
      return sendError(
        res,
        { code: 'invalid_argument', message: 'Content-Type must be application/json' },
        415
      )
    const text = await readBody(req)
    if (text === null)
      return sendError(
        res,
        { code: 'invalid_argument', message: `Request body over ${MAX_BODY_BYTES} bytes` },
        413
      )
    let input: unknown = {}
    if (text.trim() !== '') {
      try {
        input = JSON.parse(text)
      } catch (error) {
        return sendError(res, {
          code: 'invalid_argument',
          message: `Malformed JSON body: ${(error as Error).message}`
        })
      }
    }
    if (input === null || typeof input !== 'object' || Array.isArray(input))
      return sendError(res, { code: 'invalid_argument', message: 'The body must be a JSON object' })
    if (target.pathname === EXPORT_TICKET_PATH && options.logExport) {
      try {
        const checked = await options.logExport.prepareExport(input)
        return sendJson(res, 200, { ok: true, data: exportTickets.issue(checked) })
      } catch (error) {
        return sendError(res, toErrorBody(error))
      }
    }
    if (target.pathname === RECORD_EXPORT_TICKET_PATH && records) return records.issue(res, input)
    const result = await options.call(target.pathname.slice(API_PATH_PREFIX.length), input)
    if (result.ok) sendJson(res, 200, result)
    else sendError(res, result.error)
  }

  /** A browser's EventSource brings a ticket; other clients may send the bearer header. */
  function openEventStream(
    req: IncomingMessage,
    res: ServerResponse,
    target: RequestTarget,
    bearer: string | null
  ): void {
    if (bearer !== null) {
      if (!tokenMatches(options.token, bearer))
        return refuseAuth(res, 'Missing or wrong bearer token')
    } else if (target.query.has('token')) {
      // Refused without looking at it, so it tells a guesser nothing and is not counted.
      return sendError(res, {
        code: 'unauthorized',
        message: `The event stream takes a ticket from POST ${EVENT_TICKET_PATH}, not the token`
      })
    } else if (!tickets.redeem(target.query.get('ticket'))) {
      return refuseAuth(res, 'Missing, expired or already used event ticket')
    }
    streamEvents(req, res, options.onPush)
  }

  function notPost(res: ServerResponse): void {
    res.setHeader('allow', 'POST')
    sendError(res, { code: 'invalid_argument', message: 'API methods are called with POST' }, 405)
  }

  return server
}
