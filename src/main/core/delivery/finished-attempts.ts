import type { DeliverySettings } from '@shared/delivery-settings'
import type { LogSummaryDto } from '@shared/dto'
import type { Db } from '../db/knex-factory'
import { LogRepository, type NewLog } from '../logs/log.repository'
import type { AttemptOutcome } from './attempt-outcome'
import type { DeliveryTarget } from './delivery-targets'
import { OutboxRepository } from './outbox.repository'
import type { SendResult } from './transport/http-sender'
import { autoDisableReason, GONE_REASON, healthEffect } from './webhook-health-rules'
import { WebhookHealthWriter } from './webhook-health-writer'

/** An attempt that is over, waiting to be recorded with the others of its group. */
export interface FinishedAttempt {
  deliveryId: number
  target: DeliveryTarget
  result: SendResult
  log: NewLog
  outcome: AttemptOutcome
  now: number
}

export interface RecordContext {
  settings: DeliverySettings
  now: number
}

const logs = new LogRepository()
const outbox = new OutboxRepository()
const health = new WebhookHealthWriter()

/**
 * Group commit: records many finished attempts inside the caller's transaction with a handful of
 * statements — their log rows, their outbox outcomes, and what they mean for each webhook's
 * health (in attempt order). Attempts whose webhook was deleted meanwhile are dropped, as their
 * outbox rows went with it.
 */
export async function recordFinished(
  db: Db,
  done: FinishedAttempt[],
  context: RecordContext
): Promise<{ logs: LogSummaryDto[]; changedWebhooks: number[] }> {
  // One read for both: which webhooks still exist, and which have a streak a success ends.
  const streaks = await health.streaks(db, [...new Set(done.map((attempt) => attempt.target.id))])
  const kept = done.filter((attempt) => streaks.has(attempt.target.id))
  const saved = await logs.insertMany(
    db,
    kept.map((attempt) => attempt.log)
  )
  await outbox.finishMany(
    db,
    kept.map((attempt) => ({ id: attempt.deliveryId, outcome: attempt.outcome })),
    context.now
  )

  const changed = new Set<number>()
  // Successes only end streaks, so consecutive ones collapse into one statement (none when no
  // webhook had a streak, the usual case); any other effect on the same webhook first applies
  // the successes before it, keeping attempt order. A webhook changed earlier in this group may
  // have a streak the read above could not see.
  let recovering = new Set<number>()
  const applyRecoveries = async (): Promise<void> => {
    const ending = [...recovering].filter((id) => (streaks.get(id) ?? 0) > 0 || changed.has(id))
    recovering = new Set()
    if (ending.length === 0) return
    await health.endStreaks(db, ending)
    for (const id of ending) {
      changed.add(id)
      streaks.set(id, 0)
    }
  }
  // The attempt that switches its webhook off says so in its log row (written above, so noted
  // with its own UPDATE: disables are rare and the usual group pays nothing for them).
  const noteDisabled = async (index: number, reason: string): Promise<void> => {
    await logs.noteDisabledWebhook(db, saved[index].id, reason)
    saved[index] = { ...saved[index], disabledWebhook: reason }
  }
  for (const [index, attempt] of kept.entries()) {
    const id = attempt.target.id
    const effect = healthEffect(attempt.result.status, attempt.outcome.status)
    if (effect === 'none') continue
    if (effect === 'recovered') {
      recovering.add(id)
      continue
    }
    if (recovering.has(id)) await applyRecoveries()
    changed.add(id)
    if (effect === 'gone') {
      if (await health.disable(db, id, GONE_REASON, attempt.now))
        await noteDisabled(index, GONE_REASON)
      continue
    }
    const streak = await health.recordExhausted(db, id, attempt.now)
    const reason = autoDisableReason(
      { count: streak.streak, failingSince: streak.failingSince },
      attempt.now,
      context.settings
    )
    if (reason && (await health.disable(db, id, reason, attempt.now)))
      await noteDisabled(index, reason)
  }
  await applyRecoveries()
  return { logs: saved, changedWebhooks: [...changed] }
}
