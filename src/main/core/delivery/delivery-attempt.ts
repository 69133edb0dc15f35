import type { Clock } from '../support/clock'
import type { DeliverySettings } from '@shared/delivery-settings'
import type { SendResult } from './transport/http-sender'
import type { Transport } from './transport/transport'
import type { NewLog } from '../logs/log.repository'
import { attemptLog, type OutgoingMessage } from './attempt-log'
import { keepResponseHeaders, type KeptHeaders } from './response-headers'
import { deliveryBody } from './delivery-content'
import type { DeliveryRow } from './outbox.repository'
import { deliveryHeaders } from './transport/signing'
import type { DeliveryTarget } from './delivery-targets'
import { maskedHeaderValue } from '@shared/webhook-headers'

export interface AttemptSettings {
  clock: Clock
  userAgent: string
  /** Read on every attempt, so a settings change applies to the next one. */
  settings: () => DeliverySettings
  /** Puts the signed request on the wire (a transport thread in the shells). */
  transport: Transport
}

/**
 * Signs and sends one message to one webhook and describes the attempt as a log row. Shared by
 * the queue, manual redelivery and test sends so all three sign and log identically.
 */
export async function performAttempt(
  settings: AttemptSettings,
  target: DeliveryTarget,
  message: OutgoingMessage,
  attempt: number
): Promise<{ result: SendResult; log: NewLog }> {
  const now = settings.clock.now()
  const current = settings.settings()
  const secrets: [string, ...string[]] = [target.secret]
  // During a rotation window receivers may still hold the old secret: sign with both.
  if (target.previousSecret && (target.previousSecretExpiresAt ?? 0) > now)
    secrets.push(target.previousSecret)
  const signed = deliveryHeaders({
    body: message.body,
    messageId: message.messageId,
    timestampSeconds: Math.floor(now / 1000),
    event: message.event,
    secrets,
    userAgent: settings.userAgent
  })
  const result = await settings.transport.send({
    url: target.url,
    headers: withCustomHeaders(signed, target.headers, false),
    body: message.body,
    timeouts: { connectMs: current.connectTimeoutMs, totalMs: current.totalTimeoutMs },
    blockPrivateNetworks: current.blockPrivateNetworks,
    privateNetworkAllowList: current.privateNetworkAllowList
  })
  const log = attemptLog(
    target,
    message,
    attempt,
    {
      // The log shows secret values masked: a log row, its export and its cURL never hold one.
      requestHeaders: withCustomHeaders(signed, target.headers, true),
      responseStatus: result.status,
      responseBody: result.responseBody,
      responseBodyTruncated: result.responseBodyTruncated,
      responseHeaders: loggedHeaders(result),
      responseTimeMs: result.responseTimeMs,
      errorClass: result.errorClass,
      error: result.error
    },
    settings.clock.now()
  )
  return { result, log }
}

/**
 * The signed headers and then the webhook's own, secret values masked for the log. The app's
 * headers win: the API refuses their names, and a stored one that slipped by (HTTP names are
 * case-insensitive) is left out rather than sent beside the signature.
 */
function withCustomHeaders(
  signed: Record<string, string>,
  custom: DeliveryTarget['headers'],
  masked: boolean
): Record<string, string> {
  const headers = { ...signed }
  for (const header of custom) {
    if (Object.hasOwn(signed, header.name.toLowerCase())) continue
    headers[header.name] = masked && header.secret ? maskedHeaderValue(header.hint) : header.value
  }
  return headers
}

/** The headers an attempt's log keeps: none without an answer, else the capped part. */
function loggedHeaders(result: SendResult): KeptHeaders | null {
  if (result.status === 0 && Object.keys(result.responseHeaders).length === 0) return null
  return keepResponseHeaders(result.responseHeaders)
}

/** The message of a queued delivery: the same bytes and webhook-id for every attempt at it. */
export function queuedMessage(delivery: DeliveryRow, target: DeliveryTarget): OutgoingMessage {
  return {
    deliveryId: delivery.id,
    messageId: delivery.messageId,
    event: delivery.event,
    body: deliveryBody(delivery.content, target),
    revision: delivery.content.revision
  }
}
