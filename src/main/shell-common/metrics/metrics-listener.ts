import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { isIP } from 'node:net'
import { collectDefaultMetrics } from 'prom-client'
import { isAllowedHost, LOOPBACK_HOST_NAMES, type HostAllowList } from '@shared/host-allow-list'
import type { CoreMetrics } from '../../core/metrics/core-metrics'
import { parseRequestTarget } from '../headless/request-target'
import type { MetricsArgs } from './metrics-args'

export const METRICS_PATH = '/metrics'

export interface MetricsListener {
  port: number
  /** Where Prometheus scrapes, e.g. `http://127.0.0.1:9464/metrics`. */
  url: string
  close(): Promise<void>
}

const LOOPBACK = new Set(['127.0.0.1', '::1'])

/** `[::1]` for an IPv6 address, as it appears in a URL and in `Host`. */
const hostPart = (address: string) => (isIP(address) === 6 ? `[${address}]` : address)

/**
 * The names `Host` may carry. On loopback the loopback names; on one address, that address too;
 * on every address (`0.0.0.0`, `::`) any IP literal, since Prometheus then scrapes the machine by
 * one of its addresses. A host name is never accepted beyond `localhost`: a page that rebinds its
 * own name to this machine sends that name (DNS rebinding).
 */
function allowedHosts(host: string, port: number): HostAllowList {
  const everywhere = host === '0.0.0.0' || host === '::'
  const names = LOOPBACK.has(host) || everywhere ? [] : [hostPart(host)]
  return { port, names: [...LOOPBACK_HOST_NAMES, '[::1]', ...names], ipLiterals: everywhere }
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff'
  })
  res.end(text)
}

/**
 * `GET /metrics` in Prometheus's text format, and nothing else. No token: it serves figures, no
 * records or secrets, and Prometheus scrapes without one. What keeps browsers out instead: any
 * request carrying `Origin` (a page's fetch) or marked cross-site by `Sec-Fetch-Site` is refused
 * (403), and so is a `Host` that is not this listener's (421, DNS rebinding). Process metrics
 * (CPU, memory, event loop) join the core's on its own registry.
 */
export async function startMetricsListener(
  metrics: CoreMetrics,
  args: MetricsArgs,
  logError: (message: string, error: unknown) => void = (message, error) =>
    console.error(message, error)
): Promise<MetricsListener> {
  collectDefaultMetrics({ register: metrics.registry })
  let hosts: HostAllowList = allowedHosts(args.host, args.port)
  /** How the listener is reached in its URL: on every address, by loopback from this machine. */
  const urlHost = hostPart(args.host === '0.0.0.0' || args.host === '::' ? '127.0.0.1' : args.host)

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isAllowedHost(req.headers.host, hosts))
      return sendText(
        res,
        421,
        `Host ${req.headers.host ?? '(none)'} is not this metrics listener's; ` +
          `scrape it as ${urlHost}:${hosts.port}\n`
      )
    if (req.headers.origin !== undefined)
      return sendText(res, 403, 'Requests with an Origin header (web pages) are refused\n')
    const site = req.headers['sec-fetch-site']
    if (site !== undefined && site !== 'none')
      return sendText(res, 403, `Requests marked Sec-Fetch-Site ${site} are refused\n`)
    const target = parseRequestTarget(req.url)
    if (target?.pathname !== METRICS_PATH)
      return sendText(res, 404, `Not found: metrics are at GET ${METRICS_PATH}\n`)
    if (req.method !== 'GET') {
      res.setHeader('allow', 'GET')
      return sendText(res, 405, `Only GET ${METRICS_PATH}\n`)
    }
    let scrape
    try {
      scrape = await metrics.scrape()
    } catch (error) {
      // The error names SQL (and on PostgreSQL perhaps the server): the log, not the answer.
      logError('metrics: a scrape failed:', error)
      return sendText(res, 503, 'Metrics are unavailable right now; the process log says why\n')
    }
    res.writeHead(200, {
      'content-type': scrape.contentType,
      'content-length': Buffer.byteLength(scrape.text),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff'
    })
    res.end(scrape.text)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logError('metrics: answering failed:', error)
      if (!res.headersSent) sendText(res, 500, 'Internal error\n')
      else res.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    const refused = (error: NodeJS.ErrnoException): void =>
      reject(
        new Error(
          `--metrics-port ${args.port}: cannot listen on ${args.host} (${error.code ?? error.message})`
        )
      )
    server.once('error', refused)
    server.listen(args.port, args.host, () => {
      server.off('error', refused)
      resolve()
    })
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : args.port
  hosts = allowedHosts(args.host, port)
  return {
    port,
    url: `http://${urlHost}:${port}${METRICS_PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}
