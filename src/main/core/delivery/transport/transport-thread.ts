// The delivery transport thread (`out/main/transport-thread.js`): HTTP for the worker's attempts,
// off the main thread. got's request handling costs about as much CPU as all of the outbox's
// database work together; here it runs on the machine's other core, and the main thread's event
// loop stays free for saves and the UI's calls. See threaded-transport.ts for the other side.
import { parentPort } from 'node:worker_threads'
import { sendWebhook } from './http-sender'
import type { ThreadReply, ThreadRequest } from './thread-messages'

const port = parentPort
if (!port) throw new Error('transport-thread runs as a worker thread only')

port.on('message', (message: ThreadRequest) => {
  // sendWebhook never rejects: every outcome, errors included, is a result to post back.
  void sendWebhook(message.request).then((result) =>
    port.postMessage({ type: 'result', id: message.id, result } satisfies ThreadReply)
  )
})
port.postMessage({ type: 'ready' } satisfies ThreadReply)
