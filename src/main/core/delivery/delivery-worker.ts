import type { Knex } from 'knex'
import type { DeliverySettings } from '@shared/delivery-settings'
import type { DeliveryStatus, LogSummaryDto } from '@shared/dto'
import { LogRepository } from '../logs/log.repository'
import type { Clock } from '../support/clock'
import { inTransaction } from '../support/transaction'
import type { WebhookRepository, WebhookTarget } from '../webhooks/webhook.repository'
import { attemptOutcome } from './attempt-outcome'
import { performAttempt } from './delivery-attempt'
import { OutboxRepository, type DeliveryRow } from './outbox.repository'
import type { SendResult } from './transport/http-sender'
import { autoDisableReason, GONE_REASON, healthEffect } from './webhook-health-rules'

export interface DeliveryWorkerOptions {
  db: Knex
  clock: Clock
  concurrency: number
  settings: () => DeliverySettings
  retrySchedule: readonly number[]
  userAgent: string
  /** Opens sealed secrets to sign with; shared with the services. */
  webhooks: WebhookRepository
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
    const target = await this.options.webhooks.target(this.options.db, delivery.webhookId)
    if (!target) return // deleted meanwhile; its outbox rows went with it
    const attempt = delivery.attempts + 1
    const { result, log } = await performAttempt(
      this.options,
      target,
      { ...delivery, deliveryId: delivery.id },
      attempt
    )
    const now = this.options.clock.now()
    const outcome = attemptOutcome({
      status: result.status,
      errorClass: result.errorClass,
      retryAfterHeader: result.responseHeaders['retry-after'],
      attemptsMade: attempt,
      now,
      schedule: target.retryScheduleMs ?? this.options.retrySchedule,
      random: (this.options.random ?? Math.random)(),
      replayResumeAt: delivery.replayResumeAt
    })
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
   * Applies what the attempt means for the webhook (see webhook-health-rules): ends or grows its
   * failure streak, disables it on 410 Gone or past the limits. Returns whether the row changed.
   */
  private async updateHealth(
    db: Knex.Transaction,
    target: WebhookTarget,
    result: SendResult,
    status: DeliveryStatus,
    now: number
  ): Promise<boolean> {
    switch (healthEffect(result.status, status)) {
      case 'none':
        return false
      case 'recovered':
        return this.options.webhooks.recordSuccess(db, target.id)
      case 'gone':
        await this.options.webhooks.disable(db, target.id, GONE_REASON, now)
        return true
      case 'exhausted': {
        const streak = await this.options.webhooks.recordExhausted(db, target.id, now)
        const reason = autoDisableReason(
          { count: streak.streak, failingSince: streak.failingSince },
          now,
          this.options.settings()
        )
        if (reason) await this.options.webhooks.disable(db, target.id, reason, now)
        return true
      }
    }
  }
}
