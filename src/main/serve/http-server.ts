import { timingSafeEqual } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import type { ApiErrorBody } from '../../shared/api-contract'
import type { PushEvent } from '../../shared/dto'
import { httpStatusOf, type ApiCall } from '../core/api/api-dispatcher'

export const MAX_BODY_BYTES = 1024 * 1024
const SSE_HEARTBEAT_MS = 25_000

export interface HttpShellOptions {
  call: ApiCall
  token: string
  /** Built renderer to serve at `/`; null serves nothing there. */
  staticDir: string | null
  onPush(listener: (event: PushEvent) => void): () => void
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject'
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store'
  })
  res.end(text)
}

function sendError(
  res: ServerResponse,
  error: ApiErrorBody,
  status = httpStatusOf[error.code]
): void {
  sendJson(res, status, { ok: false, error })
}

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
 * server-sent push events, and the built renderer at `/`. Loopback only; a page on another
 * origin (or a DNS-rebinding host name) is refused before the token is even looked at.
 */
export function createHttpShell(options: HttpShellOptions): Server {
  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error('HTTP handler failed:', error)
      if (!res.headersSent) sendError(res, { code: 'internal', message: 'Internal error' })
      else res.destroy()
    })
  })

  function allowedHosts(): Set<string> {
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    return new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const hosts = allowedHosts()
    if (!req.headers.host || !hosts.has(req.headers.host))
      return sendError(res, { code: 'forbidden', message: 'Host not allowed' })
    const origin = req.headers.origin
    if (origin && !hosts.has(origin.replace(/^http:\/\//, '')))
      return sendError(res, { code: 'forbidden', message: `Origin ${origin} not allowed` })

    const url = new URL(req.url ?? '/', `http://${req.headers.host}`)
    if (!url.pathname.startsWith('/api/')) return serveStatic(req, res, url.pathname)

    const bearer = req.headers.authorization?.match(/^Bearer (.+)$/)?.[1] ?? null
    const token = bearer ?? (url.pathname === '/api/events' ? url.searchParams.get('token') : null)
    if (!tokenMatches(options.token, token))
      return sendError(res, { code: 'unauthorized', message: 'Missing or wrong bearer token' })

    if (url.pathname === '/api/events' && req.method === 'GET') return streamEvents(req, res)
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST')
      return sendError(
        res,
        { code: 'invalid_argument', message: 'API methods are called with POST' },
        405
      )
    }
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
    const result = await options.call(decodeURIComponent(url.pathname.slice('/api/'.length)), input)
    if (result.ok) sendJson(res, 200, result)
    else sendError(res, result.error)
  }

  function streamEvents(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive'
    })
    res.write(': connected\n\n')
    const unsubscribe = options.onPush((event) => res.write(`data: ${JSON.stringify(event)}\n\n`))
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), SSE_HEARTBEAT_MS)
    req.on('close', () => {
      clearInterval(heartbeat)
      unsubscribe()
    })
  }

  async function serveStatic(
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string
  ): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendError(res, { code: 'invalid_argument', message: 'Method not allowed' }, 405)
    }
    if (!options.staticDir)
      return sendError(res, { code: 'not_found', message: 'No UI is bundled' })
    const root = normalize(options.staticDir)
    let file = normalize(join(root, decodeURIComponent(pathname)))
    if (file !== root && !file.startsWith(root + sep))
      return sendError(res, { code: 'forbidden', message: 'Path outside the UI folder' })
    let info = await stat(file).catch(() => null)
    if (info?.isDirectory()) {
      file = join(file, 'index.html')
      info = await stat(file).catch(() => null)
    }
    // Client-side routes fall back to the app shell.
    if (!info && !extname(file)) {
      file = join(root, 'index.html')
      info = await stat(file).catch(() => null)
    }
    if (!info) return sendError(res, { code: 'not_found', message: `No such file: ${pathname}` })
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'x-content-type-options': 'nosniff',
      'content-security-policy':
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; connect-src 'self'"
    })
    if (req.method === 'HEAD') return void res.end()
    createReadStream(file).pipe(res)
  }

  return server
}
