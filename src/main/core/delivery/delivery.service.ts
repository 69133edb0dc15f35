import type { Knex } from 'knex'
import type { ApiParsed } from '@shared/api-contract'
import type {
  LogDetailDto,
  LogSummaryDto,
  ReplayPreview,
  ReplayProgress,
  ReplayStarted
} from '@shared/dto'
import { isSuccessStatus } from '@shared/http-status'
import { redeliveryRefusal } from '@shared/log-webhook'
import { LogRepository } from '../logs/log.repository'
import type { Clock } from '../support/clock'
import { conflict, notFound } from '../support/core-error'
import { externalId } from '../support/ids'
import { inTransaction } from '../support/transaction'
import type { Db } from '../db/knex-factory'
import { performAttempt, queuedMessage, type AttemptSettings } from './delivery-attempt'
import type { DeliveryTargets } from './delivery-targets'
import { OutboxRepository } from './outbox.repository'
import { ReplayRepository, type ReplayRange } from './replay.repository'

export interface DeliveryServiceEvents {
  /** Replayed deliveries are due: the worker should look at the outbox again. */
  deliveriesDue(): void
  logCreated(log: LogSummaryDto): void
}

/** What a replay needs to know of a webhook (the webhooks' repository answers it). */
export interface WebhookLookup {
  find(db: Db, id: number): Promise<{ name: string; active: boolean } | null>
}

function replayRange(input: { from: string; to: string }): ReplayRange {
  return { from: Date.parse(input.from), to: Date.parse(input.to) }
}

/**
 * What an operator does to deliveries by hand: resend one now (redeliver), or send the failed
 * ones of a time range again (replay) and follow how that goes.
 */
export class DeliveryService {
  private readonly deliveries = new OutboxRepository()
  private readonly replays = new ReplayRepository()
  private readonly logs = new LogRepository()

  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
    private readonly attemptSettings: AttemptSettings,
    private readonly events: DeliveryServiceEvents,
    private readonly targets: DeliveryTargets,
    private readonly webhooks: WebhookLookup
  ) {}

  /**
   * Resends the exact bytes of a logged delivery, with its webhook-id, right now. It never moves
   * a scheduled retry; it only ends the delivery early when it succeeds.
   */
  async redeliver(logId: number): Promise<LogDetailDto> {
    const logged = await this.logs.get(this.db, logId)
    if (!logged) throw notFound('Log entry', logId)
    const refusal = redeliveryRefusal(logged)
    if (refusal || logged.deliveryId === null)
      throw conflict(`Log entry ${logId} cannot be redelivered. ${refusal}`)
    const delivery = await this.deliveries.find(this.db, logged.deliveryId)
    const target = delivery && (await this.targets.target(this.db, delivery.webhookId))
    if (!delivery || !target)
      throw conflict(
        `Log entry ${logId} cannot be resent: its webhook or delivery no longer exists`
      )
    const { result, log } = await performAttempt(
      this.attemptSettings,
      target,
      queuedMessage(delivery, target),
      delivery.attempts + 1
    )
    const now = this.clock.now()
    const saved = await inTransaction(this.db, async (unit) => {
      const summary = await this.logs.insert(unit.db, log)
      await this.deliveries.recordManualAttempt(
        unit.db,
        delivery.id,
        isSuccessStatus(result.status),
        now
      )
      return summary
    })
    this.events.logCreated(saved)
    const detail = await this.logs.get(this.db, saved.id)
    if (!detail) throw new Error(`log ${saved.id} cannot be read back`)
    return detail
  }

  /** How many deliveries a replay of this range would send, by kind. */
  async replayPreview(input: ApiParsed<'webhooks.replayPreview'>): Promise<ReplayPreview> {
    if (!(await this.webhooks.find(this.db, input.id))) throw notFound('Webhook', input.id)
    return this.replays.countReplayable(this.db, input.id, replayRange(input))
  }

  /**
   * Sends the failed deliveries of the time range again. Exhausted ones are queued with a fresh
   * retry schedule; with scope `failed`, pending retries are also sent now, and a failure puts
   * them back on the retry they were waiting for.
   */
  async replay(input: ApiParsed<'webhooks.replay'>): Promise<ReplayStarted> {
    const batchId = externalId('rpl')
    const counts = await inTransaction(this.db, async (unit) => {
      const webhook = await this.webhooks.find(unit.db, input.id)
      if (!webhook) throw notFound('Webhook', input.id)
      if (!webhook.active)
        throw conflict(
          `Webhook "${webhook.name}" is inactive; turn it on before replaying its deliveries`
        )
      const now = this.clock.now()
      const range = replayRange(input)
      const exhausted = await this.replays.replayExhausted(unit.db, input.id, range, batchId, now)
      const retrying =
        input.scope === 'failed'
          ? await this.replays.replayRetrying(unit.db, input.id, range, batchId, now)
          : 0
      return { exhausted, retrying }
    })
    this.events.deliveriesDue()
    return { batchId, queued: counts.exhausted + counts.retrying, ...counts }
  }

  async replayProgress(batchId: string): Promise<ReplayProgress> {
    const { nextRetryAt, webhookActive, ...counts } = await this.replays.replayProgress(
      this.db,
      batchId
    )
    const total = counts.pending + counts.retrying + counts.succeeded + counts.failed
    if (total === 0) throw notFound('Replay', batchId)
    return {
      batchId,
      total,
      ...counts,
      nextRetryAt: nextRetryAt === null ? null : new Date(nextRetryAt).toISOString(),
      finished: counts.pending + counts.retrying === 0,
      webhookActive: webhookActive ?? false
    }
  }
}
