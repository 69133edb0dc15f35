import { z } from 'zod'

/**
 * Custom request headers of a webhook (an API key, a tenant id, a routing tag for the
 * receiver's gateway). Shared so the webhook form says what the API says while the operator
 * types; the API parses with `webhookHeadersSchema`.
 */

export const MAX_WEBHOOK_HEADERS = 20
export const MAX_HEADER_NAME_LENGTH = 256
/** Bytes of UTF-8: receivers and proxies cap a header line at 8 KiB or so, all headers together. */
export const MAX_HEADER_VALUE_BYTES = 4096
/** A secret value shown to nobody: the mask, then its hint (the last four characters) if any. */
export const HEADER_MASK = '••••'
/** Values shorter than this get no hint: four characters of a short value give too much away. */
const MIN_HINTED_LENGTH = 12

/**
 * Names the app or the HTTP connection owns, lower-case. The first group is every header the
 * signer writes (`deliveryHeaders` in delivery/transport/signing.ts; test/unit/webhook-headers
 * holds the two lists together): a receiver must be able to trust them. The second frames the
 * message or belongs to one hop (RFC 9110 §7.6.1), where a wrong value breaks the request
 * rather than informs the receiver; `content-encoding` would lie about the body.
 */
const SET_BY_APP = [
  'content-type',
  'user-agent',
  'x-webhook-event',
  'x-webhook-signature',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature'
]
const SET_BY_CONNECTION = [
  'host',
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'trailers',
  'upgrade'
]
export const RESERVED_HEADER_NAMES: readonly string[] = [...SET_BY_APP, ...SET_BY_CONNECTION]

/** RFC 9110 `token`: the only characters a field name may hold. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

export function headerNameProblem(name: string): string | null {
  if (name === '') return 'enter a header name'
  if (name.length > MAX_HEADER_NAME_LENGTH)
    return `must be at most ${MAX_HEADER_NAME_LENGTH} characters`
  if (!TOKEN.test(name))
    return "must be an HTTP header name: letters, digits and !#$%&'*+-.^_`|~ only, no spaces or colons"
  const lower = name.toLowerCase()
  if (SET_BY_APP.includes(lower)) return `"${name}" is set by the app and cannot be overridden`
  if (SET_BY_CONNECTION.includes(lower))
    return `"${name}" belongs to the HTTP connection and cannot be set`
  return null
}

/** Printable ASCII and tabs: what every HTTP stack passes unchanged (Node refuses the rest). */
export function headerValueProblem(value: string): string | null {
  if (/[\r\n\0]/.test(value)) return 'must not contain line breaks or NUL characters'
  if (!/^[\t\x20-\x7e]*$/.test(value))
    return 'must hold printable ASCII characters only (letters, digits, punctuation, spaces)'
  if (new TextEncoder().encode(value).length > MAX_HEADER_VALUE_BYTES)
    return `must be at most ${MAX_HEADER_VALUE_BYTES / 1024} KiB`
  return null
}

/** What lists and logs show of a secret value: its last four characters, if it is long enough. */
export function secretHeaderHint(value: string): string | null {
  return value.length >= MIN_HINTED_LENGTH ? value.slice(-4) : null
}

export function maskedHeaderValue(hint: string | null): string {
  return HEADER_MASK + (hint ?? '')
}

const headerSchema = z
  .strictObject({
    name: z.string().superRefine((name, ctx) => {
      const problem = headerNameProblem(name)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    }),
    /**
     * null keeps the stored value of the webhook's secret header of the same name (an update
     * that does not reveal or retype it); a header that is not secret always has a value.
     */
    value: z
      .string()
      .superRefine((value, ctx) => {
        const problem = headerValueProblem(value)
        if (problem) ctx.addIssue({ code: 'custom', message: problem })
      })
      .nullable(),
    secret: z.boolean().default(false)
  })
  .superRefine((header, ctx) => {
    if (header.value === null && !header.secret)
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: 'only a secret header may leave its value out (null keeps the stored one)'
      })
  })

/** Up to 20 headers, names unique whatever their case (HTTP names are case-insensitive). */
export const webhookHeadersSchema = z
  .array(headerSchema)
  .max(MAX_WEBHOOK_HEADERS, `at most ${MAX_WEBHOOK_HEADERS} headers`)
  .superRefine((headers, ctx) => {
    const seen = new Map<string, number>()
    headers.forEach((header, index) => {
      const key = header.name.toLowerCase()
      const first = seen.get(key)
      if (first === undefined) seen.set(key, index)
      else
        ctx.addIssue({
          code: 'custom',
          path: [index, 'name'],
          message: `"${header.name}" is already header ${first + 1}; each name once`
        })
    })
  })

export type WebhookHeaderInput = z.output<typeof webhookHeadersSchema>[number]
