import { createHmac, timingSafeEqual } from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import { describeSecret, secretHint, type SecretMatch } from './receiver-secrets'

/**
 * What the receiver concluded about one request. `x-signature-mismatch` is its own verdict
 * because it is the one failure a rotation produces on purpose (the app signs
 * X-Webhook-Signature with the newest secret only) and it must not hide behind a green row.
 */
export type Verdict =
  'verified' | 'invalid' | 'stale' | 'unsigned' | 'no-secret' | 'malformed' | 'x-signature-mismatch'

export const VERDICT_LABELS: Readonly<Record<Verdict, string>> = {
  verified: 'Verified',
  invalid: 'Invalid signature',
  stale: 'Stale timestamp',
  unsigned: 'Missing signature headers',
  'no-secret': 'Unverified (no secret)',
  malformed: 'Body not JSON',
  'x-signature-mismatch': 'X-Webhook-Signature mismatch'
}

export const DEFAULT_TOLERANCE_SECONDS = 300
export const NO_MATCH = 'signature does not match any configured secret'

export interface SignatureInput {
  /** The raw body bytes: both signatures cover them exactly as they arrived. */
  body: Buffer
  /** Lowercase header names, as Node gives them; repeated headers already joined. */
  headers: Readonly<Record<string, string | undefined>>
  secrets: readonly string[]
  toleranceSeconds: number
  nowSeconds: number
  /** Why the body did not parse as JSON, or null when it did. */
  jsonError: string | null
}

export interface SignatureResult {
  verdict: Verdict
  detail: string
  /** The secret that verified `webhook-signature`, if any. */
  standardSecret: SecretMatch | null
  /** The secret that verified `X-Webhook-Signature`, if any. */
  hexSecret: SecretMatch | null
  /** Receiver clock minus `webhook-timestamp`: positive is in the past. Null without one. */
  timestampSkewSeconds: number | null
}

const STANDARD_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const
const HEX_HEADER = 'x-webhook-signature'
const HEADER_NAMES: Record<string, string> = { [HEX_HEADER]: 'X-Webhook-Signature' }

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8')
  const right = Buffer.from(b, 'utf8')
  return left.length === right.length && timingSafeEqual(left, right)
}

/**
 * The Standard Webhooks signature, computed by the `standardwebhooks` package itself. Its
 * `verify` has a fixed 5-minute tolerance and parses the body as JSON, so the receiver asks it
 * only to sign and keeps the timestamp and JSON checks, which it must report separately anyway.
 */
function matchStandard(
  secrets: readonly string[],
  id: string,
  timestamp: number,
  body: Buffer,
  given: string
): SecretMatch | null {
  const candidates = given.split(' ').filter((candidate) => candidate.startsWith('v1,'))
  const index = secrets.findIndex((secret) => {
    const expected = new Webhook(secret).sign(id, new Date(timestamp * 1000), body)
    return candidates.some((candidate) => sameText(candidate, expected))
  })
  return index < 0 ? null : { index, hint: secretHint(secrets[index]) }
}

/** The app's own `X-Webhook-Signature`: hex HMAC of the body keyed with the whole secret. */
function matchHex(secrets: readonly string[], body: Buffer, given: string): SecretMatch | null {
  const index = secrets.findIndex((secret) =>
    sameText(given, createHmac('sha256', secret).update(body).digest('hex'))
  )
  return index < 0 ? null : { index, hint: secretHint(secrets[index]) }
}

function describeSkew(skew: number, tolerance: number): string {
  return skew >= 0
    ? `webhook-timestamp is ${skew} s old (tolerance ${tolerance} s): a delayed or replayed request`
    : `webhook-timestamp is ${-skew} s in the future (tolerance ${tolerance} s): ` +
        `check the clocks of this machine and the sender`
}

function hexNote(hex: SecretMatch | null | 'missing'): string {
  if (hex === 'missing') return ''
  return hex
    ? `; X-Webhook-Signature matches ${describeSecret(hex)}`
    : `; X-Webhook-Signature: ${NO_MATCH}`
}

/** Both signatures, the timestamp and the body, in the order a receiver should trust them. */
export function checkSignatures(input: SignatureInput): SignatureResult {
  const { headers, secrets, toleranceSeconds, body } = input
  const notJson = input.jsonError === null ? '' : `; body is not JSON: ${input.jsonError}`
  const result = (
    verdict: Verdict,
    detail: string,
    extra: Partial<SignatureResult> = {}
  ): SignatureResult => ({
    verdict,
    detail,
    standardSecret: null,
    hexSecret: null,
    timestampSkewSeconds: null,
    ...extra
  })

  const rawTimestamp = headers['webhook-timestamp']
  const timestamp =
    rawTimestamp !== undefined && /^\d{1,12}$/.test(rawTimestamp) ? Number(rawTimestamp) : null
  const skew = timestamp === null ? null : input.nowSeconds - timestamp
  if (secrets.length === 0)
    return result('no-secret', `unverified: no secret configured${notJson}`, {
      timestampSkewSeconds: skew
    })

  const hexGiven = headers[HEX_HEADER]
  const hex = hexGiven ? matchHex(secrets, body, hexGiven) : 'missing'
  const hexSecret = hex === 'missing' ? null : hex
  const missing = [...STANDARD_HEADERS, HEX_HEADER].filter((name) => !headers[name])
  const id = headers['webhook-id']
  const signature = headers['webhook-signature']

  if (!id || !rawTimestamp || !signature) {
    const names = missing.map((name) => HEADER_NAMES[name] ?? name).join(', ')
    return result('unsigned', `missing signature header(s): ${names}${hexNote(hex)}${notJson}`, {
      hexSecret,
      timestampSkewSeconds: skew
    })
  }
  if (timestamp === null || skew === null)
    return result(
      'invalid',
      `webhook-timestamp "${rawTimestamp.slice(0, 20)}" is not unix seconds, so the ` +
        `${NO_MATCH}${hexNote(hex)}`,
      { hexSecret }
    )

  const standard = matchStandard(secrets, id, timestamp, body, signature)
  const stale = Math.abs(skew) > toleranceSeconds
  if (!standard)
    return result(
      'invalid',
      `webhook-signature: ${NO_MATCH}${hexNote(hex)}` +
        (stale ? `; ${describeSkew(skew, toleranceSeconds)}` : ''),
      { hexSecret, timestampSkewSeconds: skew }
    )
  const found = { standardSecret: standard, hexSecret, timestampSkewSeconds: skew }
  const verifiedWith = `webhook-signature verified with ${describeSecret(standard)}`
  if (stale)
    return result(
      'stale',
      `${describeSkew(skew, toleranceSeconds)}; ${verifiedWith}${hex ? '' : hexNote(hex)}`,
      found
    )
  if (hex === 'missing')
    return result(
      'unsigned',
      `missing signature header(s): X-Webhook-Signature; ${verifiedWith}`,
      found
    )
  if (!hex)
    return result(
      'x-signature-mismatch',
      `${verifiedWith}, but X-Webhook-Signature: ${NO_MATCH}. The app signs ` +
        `X-Webhook-Signature with the newest secret only: after a rotation, add the new secret ` +
        `(PAYLOADS.md, "Secret rotation")${notJson}`,
      found
    )
  if (input.jsonError !== null)
    return result(
      'malformed',
      `signatures verified, but the body is not JSON: ${input.jsonError}`,
      found
    )
  const detail =
    hex.index === standard.index
      ? `both signatures verified with ${describeSecret(standard)}`
      : `${verifiedWith}, X-Webhook-Signature with ${describeSecret(hex)}`
  return result('verified', detail, found)
}
