import { deliveryHeaders, generateSecret } from '../../src/main/core/delivery/transport/signing'

/** Requests as the app sends them, signed by the app's own signing module. */

export const nowSeconds = (): number => Math.floor(Date.now() / 1000)

let counter = 0
/** A fresh `msg_` id, in the app's format, per call. */
export function messageId(): string {
  counter += 1
  return `msg_${String(counter).padStart(4, '0')}${Math.random().toString(36).slice(2, 18).padEnd(16, '0')}`
}

export function productBody(
  webhookExternalId = 'web_receivertest0000001',
  name = 'Runner'
): string {
  return JSON.stringify({
    event: 'product.created',
    timestamp: '2026-01-01T00:00:00+00:00',
    account: { external_id: 'acc_1', name: 'Acme' },
    app: { external_id: 'app_1', name: 'Products' },
    webhook: { external_id: webhookExternalId },
    product: { id: 1, externalId: 'prd_1', name }
  })
}

export interface SignOptions {
  body: string
  /** Current secret first, as the app orders them during a rotation. */
  secrets: [string, ...string[]]
  id?: string
  timestamp?: number
  event?: string
}

export function signedHeaders(options: SignOptions): Record<string, string> {
  return deliveryHeaders({
    body: options.body,
    messageId: options.id ?? messageId(),
    timestampSeconds: options.timestamp ?? nowSeconds(),
    event: options.event ?? 'product.created',
    secrets: options.secrets,
    userAgent: 'IndexedPIM-Webhooks/test'
  })
}

export interface Answer {
  status: number
  headers: Headers
  text: string
  elapsedMs: number
}

export async function post(
  url: string,
  body: string,
  headers: Record<string, string>
): Promise<Answer> {
  const started = performance.now()
  const response = await fetch(url, { method: 'POST', body, headers })
  const text = await response.text()
  return {
    status: response.status,
    headers: response.headers,
    text,
    elapsedMs: performance.now() - started
  }
}

export { generateSecret }
