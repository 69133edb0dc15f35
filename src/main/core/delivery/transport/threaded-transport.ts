import { Worker } from 'node:worker_threads'
import type { SendRequest, SendResult } from './http-sender'
import type { ThreadReply, ThreadRequest } from './thread-messages'
import { inProcessTransport, transportFailure, type Transport } from './transport'

export interface ThreadedTransportOptions {
  /** The built thread script, `out/main/transport-thread.js` next to the shell's entry. */
  script: URL
  /** The thread failed or stopped (the caller decides how loudly to say so). */
  onProblem: (message: string, error: unknown) => void
  /** Where attempts go when the thread cannot run (default: the main thread). */
  fallback?: Transport
  /** Thread losses after which it is not started again for this run (default 3). */
  maxRestarts?: number
}

interface Pending {
  request: SendRequest
  resolve: (result: SendResult) => void
  startedAt: number
}

/**
 * Sends attempts through one worker thread (transport-thread.ts), so HTTP uses the machine's
 * other core and never competes with the database work and API calls on the main thread.
 *
 * Nothing an attempt depends on is lost with the thread: a thread that never came up has taken
 * nothing to the wire, so its requests are sent on the main thread instead (and so is everything
 * after); a thread that dies while running makes its attempts on the wire failed ones (whether
 * the receiver got them is unknown), which the retry schedule sends again with the same
 * `webhook-id`, and the next attempt starts a new thread.
 */
export class ThreadedTransport implements Transport {
  private thread: Worker | null = null
  private threadReady = false
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private losses = 0
  private onMainThread = false
  private closed = false

  constructor(private readonly options: ThreadedTransportOptions) {}

  private get fallback(): Transport {
    return this.options.fallback ?? inProcessTransport
  }

  /** Where attempts go now: `thread`, or `main` after the thread could not run. */
  get mode(): 'thread' | 'main' {
    return this.onMainThread ? 'main' : 'thread'
  }

  send(request: SendRequest): Promise<SendResult> {
    if (this.closed) return Promise.resolve(transportFailure('delivery is stopping'))
    if (this.onMainThread) return this.fallback.send(request)
    const thread = this.thread ?? this.start()
    return new Promise((resolve) => {
      const id = this.nextId++
      this.pending.set(id, { request, resolve, startedAt: performance.now() })
      // Attempts on the wire keep the process alive, as their sockets would on the main thread.
      thread.ref()
      thread.postMessage({ id, request } satisfies ThreadRequest)
    })
  }

  async close(): Promise<void> {
    this.closed = true
    // Its exit resolves what is still on the wire as failed (see lost).
    await this.thread?.terminate()
  }

  private start(): Worker {
    const thread = new Worker(this.options.script)
    this.thread = thread
    this.threadReady = false
    thread.unref()
    thread.on('message', (reply: ThreadReply) => {
      if (reply.type === 'ready') {
        this.threadReady = true
        return
      }
      const pending = this.pending.get(reply.id)
      if (!pending) return
      this.pending.delete(reply.id)
      if (this.pending.size === 0) thread.unref()
      pending.resolve(reply.result)
    })
    thread.on('error', (error) => this.lost(thread, error))
    thread.on('exit', (code) => this.lost(thread, new Error(`the thread exited with code ${code}`)))
    return thread
  }

  private lost(thread: Worker, error: unknown): void {
    // 'error' is followed by 'exit': the first one handles the loss.
    if (this.thread !== thread) return
    this.thread = null
    const orphans = [...this.pending.values()]
    this.pending.clear()
    const reason = error instanceof Error ? error.message : String(error)
    if (this.closed) {
      for (const orphan of orphans)
        orphan.resolve(transportFailure('delivery stopped before the receiver answered'))
      return
    }
    if (!this.threadReady) {
      // It never took a request to the wire: send them here, and everything after.
      this.onMainThread = true
      this.options.onProblem('delivery thread could not start; sending on the main thread', error)
      for (const orphan of orphans) void this.fallback.send(orphan.request).then(orphan.resolve)
      return
    }
    this.losses += 1
    if (this.losses >= (this.options.maxRestarts ?? 3)) this.onMainThread = true
    this.options.onProblem(
      `delivery thread stopped (${this.losses} time(s)); ${orphans.length} attempt(s) on the wire ` +
        `count as failed and follow their retry schedule` +
        (this.onMainThread ? '; sending on the main thread from now on' : ''),
      error
    )
    for (const orphan of orphans)
      orphan.resolve(
        transportFailure(
          `delivery thread stopped before the receiver answered: ${reason}`,
          Math.round(performance.now() - orphan.startedAt)
        )
      )
  }
}
