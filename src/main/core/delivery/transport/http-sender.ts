import { isSuccessStatus } from '@shared/http-status'
import got, { RequestError } from 'got'
import type { DeliveryErrorClass } from '@shared/dto'
import { BLOCKED_CODE, guardFor, literalHostProblem, urlHost, type Guard } from './address-guard'

export interface SendTimeouts {
  connectMs: number
  totalMs: number
}

export const RESPONSE_BODY_CAP_BYTES = 64 * 1024

export interface SendRequest {
  url: string
  headers: Record<string, string>
  body: string
  timeouts: SendTimeouts
  /** Refuse special-purpose addresses, checked after DNS (see address-guard). */
  blockPrivateNetworks?: boolean
  /** Hosts and ranges the guard lets through (src/shared/network-allow-list.ts). */
  privateNetworkAllowList?: readonly string[]
}

export interface SendResult {
  /** HTTP status, or 0 when no response arrived. */
  status: number
  responseBody: string
  responseBodyTruncated: boolean
  responseHeaders: Record<string, string>
  responseTimeMs: number
  errorClass: DeliveryErrorClass | null
  error: string | null
}

const CODE_CLASSES: Record<string, DeliveryErrorClass> = {
  ETIMEDOUT: 'timeout',
  ECONNREFUSED: 'connection_refused',
  ECONNRESET: 'connection_reset',
  EPIPE: 'connection_reset',
  ERR_STREAM_PREMATURE_CLOSE: 'connection_reset',
  [BLOCKED_CODE]: 'blocked_address',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns'
}

export function classifyError(error: unknown): { errorClass: DeliveryErrorClass; message: string } {
  const code = error instanceof RequestError ? error.code : (error as { code?: string })?.code
  const message = error instanceof Error ? error.message : String(error)
  if (code && CODE_CLASSES[code]) return { errorClass: CODE_CLASSES[code], message }
  if (
    code &&
    (/^ERR_TLS|^CERT_|^UNABLE_TO|SELF_SIGNED|^EPROTO$/.test(code) || /SSL|TLS/.test(message))
  )
    return { errorClass: 'tls', message }
  return { errorClass: 'network', message }
}

function flattenHeaders(
  headers: Record<string, string | string[] | undefined>
): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value
  return flat
}

/**
 * One POST attempt. Never throws: every outcome becomes a SendResult. Redirects are failures and
 * are not followed (a receiver must not bounce signed data elsewhere); the response body is read
 * only up to the cap, then the connection is dropped, so a huge or endless body costs nothing.
 */
export async function sendWebhook(request: SendRequest): Promise<SendResult> {
  const started = performance.now()
  const elapsed = (): number => Math.round(performance.now() - started)
  let status = 0
  let responseHeaders: Record<string, string> = {}
  const chunks: Buffer[] = []
  let received = 0
  let truncated = false
  // A host name on the allow-list is let through whatever it resolves to: no guard at all.
  let guard: Guard | null = null
  if (request.blockPrivateNetworks) {
    const candidate = guardFor(request.privateNetworkAllowList ?? [])
    const url = new URL(request.url)
    if (!candidate.allow.allowsHost(urlHost(url))) guard = candidate
  }
  if (guard) {
    const problem = literalHostProblem(new URL(request.url), guard.allow)
    if (problem)
      return {
        status: 0,
        responseBody: '',
        responseBodyTruncated: false,
        responseHeaders: {},
        responseTimeMs: elapsed(),
        errorClass: 'blocked_address',
        error: problem
      }
  }
  try {
    const stream = got.stream.post(request.url, {
      ...(guard ? { dnsLookup: guard.lookup, agent: guard.agents } : {}),
      body: request.body,
      headers: request.headers,
      retry: { limit: 0 },
      followRedirect: false,
      throwHttpErrors: false,
      decompress: true,
      timeout: { connect: request.timeouts.connectMs, request: request.timeouts.totalMs }
    })
    stream.once(
      'response',
      (response: {
        statusCode: number
        headers: Record<string, string | string[] | undefined>
      }) => {
        status = response.statusCode
        responseHeaders = flattenHeaders(response.headers)
      }
    )
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const room = RESPONSE_BODY_CAP_BYTES - received
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room))
        received += room
        truncated = true
        break // leaving the loop destroys the stream and frees the socket
      }
      chunks.push(chunk)
      received += chunk.length
    }
  } catch (error) {
    const { errorClass, message } = classifyError(error)
    // A body that dies midway still had a status: keep it, but the attempt failed.
    return {
      status: 0,
      responseBody: Buffer.concat(chunks).toString('utf8'),
      responseBodyTruncated: truncated,
      responseHeaders,
      responseTimeMs: elapsed(),
      errorClass,
      error: status ? `HTTP ${status}, then ${message}` : message
    }
  }
  const responseBody = Buffer.concat(chunks).toString('utf8')
  const base = {
    status,
    responseBody,
    responseBodyTruncated: truncated,
    responseHeaders,
    responseTimeMs: elapsed()
  }
  if (isSuccessStatus(status)) return { ...base, errorClass: null, error: null }
  if (status >= 300 && status < 400)
    return {
      ...base,
      errorClass: 'redirect',
      error: `redirect to ${responseHeaders.location ?? '(no location)'} not followed`
    }
  return { ...base, errorClass: 'http_status', error: `receiver answered HTTP ${status}` }
}
