import { createHmac, randomBytes } from 'node:crypto'

const SECRET_PREFIX = 'whsec_'

/** `whsec_` + base64 of 32 random bytes: usable as-is by Standard Webhooks libraries. */
export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64')
}

/**
 * Seed-compatible `X-Webhook-Signature`: lowercase hex HMAC-SHA256 of the raw body, keyed with
 * the secret string exactly as the operator sees it (prefix included).
 */
export function hexSignature(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('hex')
}

/** Standard Webhooks `v1,<base64>` over `id.timestamp.body`, keyed with the decoded secret. */
export function standardSignature(
  secret: string,
  messageId: string,
  timestampSeconds: number,
  body: string
): string {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64')
  const digest = createHmac('sha256', key)
    .update(`${messageId}.${timestampSeconds}.${body}`, 'utf8')
    .digest('base64')
  return `v1,${digest}`
}

export interface SignatureInput {
  body: string
  messageId: string
  timestampSeconds: number
  event: string
  /** The current secret first; during a rotation window, the previous one after it. */
  secrets: readonly [string, ...string[]]
  userAgent: string
}

/** Every header a delivery attempt carries. */
export function deliveryHeaders(input: SignatureInput): Record<string, string> {
  const [current] = input.secrets
  return {
    'content-type': 'application/json',
    'user-agent': input.userAgent,
    'x-webhook-event': input.event,
    'x-webhook-signature': hexSignature(current, input.body),
    'webhook-id': input.messageId,
    'webhook-timestamp': String(input.timestampSeconds),
    'webhook-signature': input.secrets
      .map((secret) =>
        standardSignature(secret, input.messageId, input.timestampSeconds, input.body)
      )
      .join(' ')
  }
}
