import type { SendRequest, SendResult } from './http-sender'

/** Main thread -> transport thread: one attempt to put on the wire. */
export interface ThreadRequest {
  id: number
  request: SendRequest
}

/** Transport thread -> main thread: it can take requests, or an attempt is over. */
export type ThreadReply = { type: 'ready' } | { type: 'result'; id: number; result: SendResult }
