import { createHmac } from 'node:crypto'
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'

export interface ReceivedRequest {
  headers: IncomingHttpHeaders
  body: string
  json: Record<string, unknown>
  /** Both signatures verified against the webhook's secret(s) by independent code. */
  standardSignatureValid: boolean
  hexSignatureValid: boolean
  receivedAt: number
}

export type Responder = (
  request: ReceivedRequest,
  req: IncomingMessage,
  res: ServerResponse
) => void | Promise<void>

export interface TestReceiver {
  url: string
  port: number
  requests: ReceivedRequest[]
  /** Secrets to verify against; set once the webhook exists. */
  secrets: string[]
  respond: Responder
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>
  close(): Promise<void>
}

function verifyStandard(secrets: string[], body: string, headers: IncomingHttpHeaders): boolean {
  return secrets.some((secret) => {
    try {
      new Webhook(secret).verify(body, {
        'webhook-id': String(headers['webhook-id']),
        'webhook-timestamp': String(headers['webhook-timestamp']),
        'webhook-signature': String(headers['webhook-signature'])
      })
      return true
    } catch {
      return false
    }
  })
}

function verifyHex(secrets: string[], body: string, headers: IncomingHttpHeaders): boolean {
  const given = String(headers['x-webhook-signature'] ?? '')
  return secrets.some((secret) => createHmac('sha256', secret).update(body).digest('hex') === given)
}

/** A real HTTP receiver on 127.0.0.1:0 that verifies every signature it gets. */
export async function startReceiver(
  respond: Responder = (_r, _req, res) => void res.end('ok')
): Promise<TestReceiver> {
  const receiver = {
    requests: [] as ReceivedRequest[],
    secrets: [] as string[],
    respond
  } as TestReceiver
  const waiters: Array<() => void> = []
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    let json: Record<string, unknown> = {}
    try {
      json = JSON.parse(body) as Record<string, unknown>
    } catch {
      json = {}
    }
    const request: ReceivedRequest = {
      headers: req.headers,
      body,
      json,
      standardSignatureValid: verifyStandard(receiver.secrets, body, req.headers),
      hexSignatureValid: verifyHex(receiver.secrets, body, req.headers),
      receivedAt: Date.now()
    }
    receiver.requests.push(request)
    for (const wake of waiters.splice(0)) wake()
    try {
      await receiver.respond(request, req, res)
    } catch {
      res.destroy()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  receiver.port = port
  receiver.url = `http://127.0.0.1:${port}/hook`
  receiver.waitFor = async (count, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs
    while (receiver.requests.length < count) {
      const left = deadline - Date.now()
      if (left <= 0)
        throw new Error(
          `receiver got ${receiver.requests.length} of ${count} requests in ${timeoutMs} ms`
        )
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200))
        waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
    return receiver.requests
  }
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  return receiver
}
