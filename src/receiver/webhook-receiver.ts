import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { hostOrOriginProblem, type HostAllowList } from '@shared/host-allow-list'
import { checkRule, chooseAnswer, type Answer, type AnswerRule } from './answer-rules'
import { RecordBook, type ReceivedDelivery } from './delivery-record'
import { send, servePageRoute, streamMessage, type PageContext } from './page-routes'
import { RECEIVER_PREFIX } from './receiver-page'
import { displayHost, hostAllowList } from './receiver-hosts'
import { checkSecret, secretHint } from './receiver-secrets'
import {
  checkSignatures,
  DEFAULT_TOLERANCE_SECONDS,
  VERDICT_LABELS,
  type Verdict
} from './signature-check'

export type { AnswerRule } from './answer-rules'
export type { DeliveryCounts, ReceivedDelivery } from './delivery-record'
export type { SecretMatch } from './receiver-secrets'
export type { Verdict } from './signature-check'

export interface ReceiverOptions {
  /** 0 (the default here) picks a free port; the CLI defaults to 4790. */
  port?: number
  /** 127.0.0.1 unless given: the page shows every request's headers and body. */
  host?: string
  /** `whsec_…` as the app shows them; several while a rotation is under way. */
  secrets?: string[]
  /** How far `webhook-timestamp` may be from this clock, either way (default 300 s). */
  toleranceSeconds?: number
  /** Keyed by path (`/flaky`), webhook id (`web_…`) or `*`. */
  rules?: Record<string, AnswerRule>
  /** In [0, 1): decides which requests a `failureRatio` fails (Math.random by default). */
  random?: () => number
  /** How many of the newest requests to keep (default 1,000). */
  maxRecords?: number
  /**
   * Host names besides the loopback ones (and, off loopback, IP addresses) that requests may
   * name in `Host`, e.g. the name senders on the network use (`--allow-host`).
   */
  allowedHosts?: string[]
  /** Told about each request refused for its `Host` or `Origin` (the CLI prints it). */
  onRefused?: (problem: string, host: string | undefined) => void
  /**
   * Called before judging a signed request that none of the secrets verifies in full, then the
   * request is checked again: a receiver that can ask the app (the demo's) learns a secret
   * rotated a moment ago here, instead of recording a mismatch for the first send after it.
   */
  refreshSecrets?: () => Promise<void>
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:PORT`, no trailing slash: append the webhook's path. */
  url: string
  /** The live page, `url` + `/_receiver/`. */
  pageUrl: string
  port: number
  /** Oldest first, at most `maxRecords`. */
  records(): readonly ReceivedDelivery[]
  addSecret(secret: string): void
  /** Sets or (with null) removes the rule for a path, webhook id or `*`. */
  setRule(path: string, rule: AnswerRule | null): void
  /** Called once per request, as soon as its verdict and answer are decided. */
  onRecord(listener: (record: ReceivedDelivery) => void): () => void
  close(): Promise<void>
}

/** Verdicts a secret the receiver has not learnt yet would explain. */
const SECRET_MISSES: ReadonlySet<Verdict> = new Set([
  'invalid',
  'no-secret',
  'x-signature-mismatch'
])

/** Four times the app's 256 KiB limit: room for a wrong sender, not for a memory attack. */
const MAX_BODY_BYTES = 1024 * 1024

async function readBody(req: IncomingMessage): Promise<{ body: Buffer; bytes: number }> {
  const chunks: Buffer[] = []
  let bytes = 0
  // Keep reading past the limit without keeping it, so the answer still reaches the sender.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    bytes += chunk.length
    if (bytes <= MAX_BODY_BYTES) chunks.push(chunk)
  }
  return { body: Buffer.concat(chunks), bytes }
}

function headerMap(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
  return headers
}

function parseJson(text: string): { json: unknown; error: string | null } {
  if (text === '') return { json: undefined, error: 'the body is empty' }
  try {
    return { json: JSON.parse(text) as unknown, error: null }
  } catch (error) {
    return { json: undefined, error: (error as Error).message }
  }
}

function stringAt(value: unknown, ...path: string[]): string | null {
  let current = value
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return null
    current = (current as Record<string, unknown>)[key]
  }
  return typeof current === 'string' ? current : null
}

function answerBody(answer: Answer): string {
  if ([204, 205, 304].includes(answer.status)) return ''
  if (answer.status >= 200 && answer.status < 300) return '{"ok":true}'
  return JSON.stringify({ ok: false, status: answer.status, rule: answer.rule })
}

export async function startWebhookReceiver(
  options: ReceiverOptions = {}
): Promise<WebhookReceiver> {
  const secrets = (options.secrets ?? []).map(checkSecret)
  const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS
  if (!Number.isInteger(toleranceSeconds) || toleranceSeconds < 0)
    throw new Error(`toleranceSeconds must be whole seconds, 0 or more, not ${toleranceSeconds}`)
  const rules = new Map<string, AnswerRule>()
  for (const [key, rule] of Object.entries(options.rules ?? {}))
    rules.set(key, checkRule(key, rule))
  const random = options.random ?? Math.random
  const book = new RecordBook(options.maxRecords)
  const listeners = new Set<(record: ReceivedDelivery) => void>()
  const streams = new Set<ServerResponse>()
  const pendingAnswers = new Set<NodeJS.Timeout>()
  const host = options.host ?? '127.0.0.1'
  let url = ''
  // Set once listening (the port is part of it); nothing is handled before.
  let allowList: HostAllowList = { port: -1, names: [] }

  const context: PageContext = {
    book,
    streams,
    info: () => ({
      url,
      pageUrl: url + RECEIVER_PREFIX,
      secrets: secrets.map((secret, index) => ({ index, hint: secretHint(secret) })),
      toleranceSeconds,
      maxRecords: options.maxRecords ?? 1_000,
      rules: Object.fromEntries(rules)
    })
  }

  // Requests that miss together wait for one refresh, not one each.
  let refreshing: Promise<void> | null = null
  function refreshOnce(): Promise<void> {
    refreshing ??= options.refreshSecrets!()
      .catch(() => {})
      .finally(() => (refreshing = null))
    return refreshing
  }

  function publish(record: ReceivedDelivery): void {
    const message = streamMessage(record, book.counts())
    for (const stream of streams) stream.write(message)
    for (const listener of listeners) {
      try {
        listener(record)
      } catch {
        // A listener's bug must not cost the sender its answer.
      }
    }
  }

  async function receive(req: IncomingMessage, res: ServerResponse, target: URL): Promise<void> {
    const { body, bytes } = await readBody(req)
    const headers = headerMap(req)
    const tooLarge = bytes > MAX_BODY_BYTES
    const text = body.toString('utf8')
    const { json, error } = tooLarge
      ? { json: undefined, error: `over ${MAX_BODY_BYTES} bytes, not read` }
      : parseJson(text)
    const webhookExternalId = stringAt(json, 'webhook', 'external_id')
    const judge = () =>
      checkSignatures({
        body,
        headers,
        secrets,
        toleranceSeconds,
        nowSeconds: Math.floor(Date.now() / 1000),
        jsonError: error
      })
    let check = judge()
    if (options.refreshSecrets && SECRET_MISSES.has(check.verdict)) {
      await refreshOnce()
      check = judge()
    }
    // A body cut short cannot be checked, whatever its signatures say.
    const verdict = tooLarge ? 'malformed' : check.verdict
    const detail = tooLarge ? `body is ${bytes} bytes, over the receiver's limit` : check.detail
    const answer = tooLarge
      ? { status: 413, delayMs: 0, retryAfterSeconds: null, rule: null }
      : chooseAnswer(rules, { path: target.pathname, webhookExternalId }, random)
    const record = book.add({
      receivedAt: Date.now(),
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      ...check,
      verdict,
      verdictLabel: VERDICT_LABELS[verdict],
      detail,
      event: headers['x-webhook-event'] ?? stringAt(json, 'event'),
      webhookId: headers['webhook-id'] ?? null,
      webhookExternalId,
      answeredStatus: answer.status,
      delayMs: answer.delayMs,
      retryAfterSeconds: answer.retryAfterSeconds,
      rule: answer.rule,
      headers,
      body: text,
      bodyBytes: bytes
    })
    publish(record)
    const reply = (): void => {
      if (res.destroyed) return
      send(res, answer.status, 'application/json', answerBody(answer), {
        ...(answer.retryAfterSeconds === null
          ? {}
          : { 'retry-after': String(answer.retryAfterSeconds) })
      })
    }
    if (answer.delayMs === 0) return reply()
    const timer = setTimeout(() => {
      pendingAnswers.delete(timer)
      reply()
    }, answer.delayMs)
    pendingAnswers.add(timer)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // 403, as the headless shell answers: the request is refused, not sent to the wrong server.
    const refused = hostOrOriginProblem(req.headers, allowList)
    if (refused) {
      options.onRefused?.(refused, req.headers.host)
      send(res, 403, 'text/plain; charset=utf-8', `${refused}\n`)
      return
    }
    let target: URL
    try {
      target = new URL(req.url ?? '/', 'http://receiver.invalid')
    } catch {
      send(res, 400, 'text/plain; charset=utf-8', 'malformed request target\n')
      return
    }
    const isRead = req.method === 'GET' || req.method === 'HEAD'
    if (target.pathname === '/' && isRead) {
      send(res, 302, null, '', { location: RECEIVER_PREFIX })
      return
    }
    // Browsers ask for it on their own; it is not a webhook. 204, as a 404 shows as a console error.
    if (target.pathname === '/favicon.ico' && isRead) {
      send(res, 204, null, '')
      return
    }
    if (`${target.pathname}/`.startsWith(RECEIVER_PREFIX)) {
      servePageRoute(context, req, res, target)
      return
    }
    await receive(req, res, target)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy())
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? // Keeps the code, so a caller (the demo) can name its own option for the port.
            Object.assign(
              new Error(
                `port ${options.port} on ${host} is already in use; pick another (0 = any free port)`
              ),
              { code: 'EADDRINUSE' }
            )
          : error
      )
    )
    server.listen(options.port ?? 0, host, resolve)
  })
  const { port } = server.address() as AddressInfo
  url = `http://${displayHost(host)}:${port}`
  allowList = hostAllowList(host, port, options.allowedHosts ?? [])

  return {
    url,
    pageUrl: url + RECEIVER_PREFIX,
    port,
    records: () => book.list(),
    addSecret(secret) {
      checkSecret(secret)
      if (!secrets.includes(secret)) secrets.push(secret)
    },
    setRule(path, rule) {
      if (rule === null) rules.delete(path)
      else rules.set(path, checkRule(path, rule))
    },
    onRecord(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of pendingAnswers) clearTimeout(timer)
        pendingAnswers.clear()
        for (const stream of streams) stream.end()
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}
