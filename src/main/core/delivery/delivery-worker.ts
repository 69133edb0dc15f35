import { isSuccessStatus } from '../../../shared/http-status'
import type { Knex } from 'knex'
import type { DeliverySettings } from '../../../shared/delivery-settings'
import type { DeliveryStatus, LogDetailDto, LogSummaryDto } from '../../../shared/dto'
import { readableUtc, type Clock } from '../support/clock'
import { inTransaction } from '../support/transaction'
import { OutboxRepository, type DeliveryRow } from './outbox.repository'
import { performAttempt } from './delivery-attempt'
import type { SendResult } from './transport/http-sender'
import { LogRepository } from '../logs/log.repository'
import { nextRetry, parseRetryAfter } from './retry-policy'
import { WebhookRepository, type WebhookTarget } from '../webhooks/webhook.repository'

export interface DeliveryWorkerOptions {
  db: Knex
  clock: Clock
  concurrency: number
  settings: () => DeliverySettings
  retrySchedule: readonly number[]
  userAgent: string
  random?: () => number
  onLog?: (log: LogSummaryDto) => void
  /** The worker changed a webhook by itself (disabled it after 410 Gone). */
  onWebhookChanged?: (webhookId: number) => void
  onError?: (error: unknown) => void
}

/** Longest a timer sleeps even when nothing is due, as a safety net against missed wakes. */
const MAX_IDLE_MS = 60_000

/**
 * Drains the outbox: claims due rows under a lease, sends them with bounded concurrency, logs
 * every attempt and schedules the next one. Entity saves only `wake()` it; they never wait.
 */
export class DeliveryWorker {
  private readonly deliveries = new OutboxRepository()
  private readonly logs = new LogRepository()
  private readonly webhooks = new WebhookRepository()
  private readonly inFlight = new Set<Promise<void>>()
  private timer: NodeJS.Timeout | null = null
  private pumping = false
  private pumpAgain = false
  private running = false

  constructor(private readonly options: DeliveryWorkerOptions) {}

  private get leaseMs(): number {
    return this.options.settings().totalTimeoutMs + 30_000
  }

  async start(): Promise<void> {
    await this.deliveries.releaseAllLeases(this.options.db, this.options.clock.now())
    this.running = true
    this.wake()
  }

  /** Ask for a pump soon; calls while one runs coalesce into one more pass. */
  wake(): void {
    if (!this.running) return
    if (this.pumping) {
      this.pumpAgain = true
      return
    }
    void this.pump()
  }

  /** Stop claiming; wait up to `graceMs` for in-flight attempts. Unfinished ones resume on restart. */
  async stop(graceMs = 5_000): Promise<void> {
    this.running = false
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.inFlight.size === 0) return
    let graceTimer: NodeJS.Timeout | undefined
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => (graceTimer = setTimeout(resolve, graceMs)))
    ])
    clearTimeout(graceTimer)
  }

  get activeAttempts(): number {
    return this.inFlight.size
  }

  private async pump(): Promise<void> {
    this.pumping = true
    try {
      do {
        this.pumpAgain = false
        while (this.running && this.inFlight.size < this.options.concurrency) {
          const free = this.options.concurrency - this.inFlight.size
          const now = this.options.clock.now()
          const claimed = await inTransaction(this.options.db, (unit) =>
            this.deliveries.claimDue(unit.db, now, free, now + this.leaseMs)
          )
          for (const delivery of claimed) this.track(this.attempt(delivery))
          if (claimed.length < free) break
        }
      } while (this.pumpAgain && this.running)
      await this.scheduleNextWake()
    } catch (error) {
      this.options.onError?.(error)
      if (this.running) this.armTimer(1_000)
    } finally {
      this.pumping = false
      // A wake that arrived while the next wake-up was being computed must not wait for the timer.
      if (this.pumpAgain && this.running) this.wake()
    }
  }

  private track(attempt: Promise<void>): void {
    const tracked = attempt
      .catch((error) => this.options.onError?.(error))
      .finally(() => {
        this.inFlight.delete(tracked)
        this.wake()
      })
    this.inFlight.add(tracked)
  }

  private async scheduleNextWake(): Promise<void> {
    if (!this.running) return
    // Every slot is busy: a finishing attempt wakes the pump, so a due backlog must not spin it.
    if (this.inFlight.size >= this.options.concurrency) return this.armTimer(MAX_IDLE_MS)
    const next = await this.deliveries.nextWakeAt(this.options.db)
    const delay = next === null ? MAX_IDLE_MS : next - this.options.clock.now()
    this.armTimer(Math.min(Math.max(delay, 0), MAX_IDLE_MS))
  }

  private armTimer(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      this.wake()
    }, delayMs)
    this.timer.unref?.()
  }

  private async attempt(delivery: DeliveryRow): Promise<void> {
    const target = await this.webhooks.target(this.options.db, delivery.webhookId)
    if (!target) return // deleted meanwhile; its outbox rows went with it
    const attempt = delivery.attempts + 1
    const { result, log } = await performAttempt(
      this.options,
      target,
      { ...delivery, deliveryId: delivery.id },
      attempt
    )
    const now = this.options.clock.now()
    const outcome =
      delivery.replayResumeAt !== null
        ? this.replayOutcome(result, delivery.replayResumeAt, now)
        : this.outcome(result, attempt, now, target)
    let webhookChanged = false
    const saved = await inTransaction(this.options.db, async (unit) => {
      const summary = await this.logs.insert(unit.db, log)
      await this.deliveries.finish(unit.db, delivery.id, outcome, now)
      webhookChanged = await this.updateHealth(unit.db, target, result, outcome.status, now)
      return summary
    })
    this.options.onLog?.(saved)
    if (webhookChanged) this.options.onWebhookChanged?.(target.id)
  }

  /**
   * Keeps the webhook's failure streak and disables it when the receiver said 410 Gone or kept
   * failing past the configured limits. Returns whether the webhook row changed.
   */
  private async updateHealth(
    db: Knex.Transaction,
    target: WebhookTarget,
    result: SendResult,
    status: DeliveryStatus,
    now: number
  ): Promise<boolean> {
    if (status === 'succeeded') return this.webhooks.recordSuccess(db, target.id)
    if (result.status === 410) {
      await this.webhooks.disable(
        db,
        target.id,
        'The receiver answered 410 Gone: it asked for no more deliveries.',
        now
      )
      return true
    }
    if (status !== 'failed') return false
    const { streak, failingSince } = await this.webhooks.recordExhausted(db, target.id, now)
    const limits = this.options.settings()
    const failingForMs = now - failingSince
    if (
      streak >= limits.autoDisableAfterFailures ||
      failingForMs >= limits.autoDisableAfterDays * 86_400_000
    )
      await this.webhooks.disable(
        db,
        target.id,
        `Automatically, after ${streak} deliver${streak === 1 ? 'y' : 'ies'} in a row failed ` +
          `every retry (failing since ${readableUtc(failingSince)}).`,
        now
      )
    return true
  }

  private outcome(
    result: SendResult,
    attemptsMade: number,
    now: number,
    target: WebhookTarget
  ): { status: DeliveryStatus; nextAttemptAt: number } {
    if (isSuccessStatus(result.status)) return { status: 'succeeded', nextAttemptAt: now }
    if (result.status === 410) return { status: 'failed', nextAttemptAt: now }
    const retryAfterMs =
      result.status === 429 || result.status === 503
        ? parseRetryAfter(result.responseHeaders['retry-after'], now)
        : null
    const decision = nextRetry({
      attemptsMade,
      schedule: target.retryScheduleMs ?? this.options.retrySchedule,
      random: (this.options.random ?? Math.random)(),
      retryAfterMs,
      backOff: result.status === 429 || result.errorClass === 'timeout'
    })
    return decision.retry
      ? { status: 'pending', nextAttemptAt: now + decision.delayMs }
      : { status: 'failed', nextAttemptAt: now }
  }

  /** A replayed pending retry that failed again goes back to the retry it was waiting for. */
  private replayOutcome(
    result: SendResult,
    resumeAt: number,
    now: number
  ): { status: DeliveryStatus; nextAttemptAt: number } {
    if (isSuccessStatus(result.status)) return { status: 'succeeded', nextAttemptAt: now }
    if (result.status === 410) return { status: 'failed', nextAttemptAt: now }
    return { status: 'pending', nextAttemptAt: resumeAt }
  }

  /**
   * An operator's extra attempt: same body and webhook-id, sent now. It never moves a scheduled
   * retry; it only ends the delivery early when it succeeds.
   */
  async redeliver(deliveryId: number): Promise<LogDetailDto | null> {
    const delivery = await this.deliveries.find(this.options.db, deliveryId)
    if (!delivery) return null
    const target = await this.webhooks.target(this.options.db, delivery.webhookId)
    if (!target) return null
    const { result, log } = await performAttempt(
      this.options,
      target,
      { ...delivery, deliveryId: delivery.id },
      delivery.attempts + 1
    )
    const now = this.options.clock.now()
    const summary = await inTransaction(this.options.db, async (unit) => {
      const saved = await this.logs.insert(unit.db, log)
      await this.deliveries.recordManualAttempt(
        unit.db,
        delivery.id,
        isSuccessStatus(result.status),
        now
      )
      return saved
    })
    this.options.onLog?.(summary)
    return this.logs.get(this.options.db, summary.id)
  }
}
