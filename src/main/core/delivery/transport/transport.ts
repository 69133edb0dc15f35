import { sendWebhook, type SendRequest, type SendResult } from './http-sender'

/**
 * Where attempts go on the wire. Like `sendWebhook`, `send` never rejects: every outcome is a
 * SendResult, so the worker's bookkeeping is the same whichever transport carries the request.
 */
export interface Transport {
  send(request: SendRequest): Promise<SendResult>
  /** Ends the transport; attempts still on the wire come back as failed ones. */
  close(): Promise<void>
}

/** Sends on the calling thread (tests of the core, and the fallback of the threaded transport). */
export const inProcessTransport: Transport = {
  send: sendWebhook,
  close: async () => {}
}

/** The result of an attempt that never got an answer because its transport went away. */
export function transportFailure(message: string, responseTimeMs = 0): SendResult {
  return {
    status: 0,
    responseBody: '',
    responseBodyTruncated: false,
    responseHeaders: {},
    responseTimeMs,
    errorClass: 'network',
    error: message
  }
}
