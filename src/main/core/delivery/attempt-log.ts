import type { PayloadRevision } from '@shared/dto'
import type { EventName } from '@shared/entity-catalog'
import type { NewLog } from '../logs/log.repository'
import type { DeliveryTarget } from './delivery-targets'

/** One message to one webhook: what every attempt at it sends. */
export interface OutgoingMessage {
  deliveryId: number | null
  messageId: string
  event: EventName
  body: string
  revision: PayloadRevision | null
}

/** What happened on the wire (or why nothing was sent). */
export type AttemptRecord = Pick<
  NewLog,
  | 'requestHeaders'
  | 'responseStatus'
  | 'responseBody'
  | 'responseBodyTruncated'
  | 'responseHeaders'
  | 'responseTimeMs'
  | 'errorClass'
  | 'error'
>

/** The log row of an attempt: the same shape for sent, refused and test messages. */
export function attemptLog(
  target: Pick<DeliveryTarget, 'id' | 'externalId' | 'name' | 'appId' | 'url'>,
  message: OutgoingMessage,
  attempt: number,
  record: AttemptRecord,
  createdAt: number
): NewLog {
  return {
    deliveryId: message.deliveryId,
    messageId: message.messageId,
    webhookId: target.id,
    webhookExternalId: target.externalId,
    webhookName: target.name,
    appId: target.appId,
    event: message.event,
    url: target.url,
    requestBody: message.body,
    revision: message.revision,
    attempt,
    createdAt,
    ...record
  }
}

/** The record of a delivery that never went on the wire (refused before sending, discarded). */
export function notSentRecord(
  errorClass: NonNullable<AttemptRecord['errorClass']>,
  error: string
): AttemptRecord {
  return {
    requestHeaders: {},
    responseStatus: 0,
    responseBody: '',
    responseBodyTruncated: false,
    responseHeaders: null,
    responseTimeMs: 0,
    errorClass,
    error
  }
}
