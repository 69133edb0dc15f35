import type { Db } from '../db/knex-factory'

type Row = Record<string, unknown>

/**
 * What finished attempts write to their webhooks: failure streaks and automatic disables. Streaks
 * are incremented in SQL under the row lock, so two workers never lose an update.
 */
export class WebhookHealthWriter {
  /** Failure streaks of these webhooks, by id; deleted ones are missing. */
  async streaks(db: Db, ids: number[]): Promise<Map<number, number>> {
    const rows: Row[] = await db('webhooks').whereIn('id', ids).select('id', 'failure_streak')
    return new Map(rows.map((row) => [Number(row.id), Number(row.failure_streak)]))
  }

  /** Ends the failure streaks of these webhooks (callers pass those that may have one). */
  async endStreaks(db: Db, ids: number[]): Promise<void> {
    await db('webhooks')
      .whereIn('id', ids)
      .andWhere('failure_streak', '>', 0)
      .update({ failure_streak: 0, failing_since: null })
  }

  /** Another delivery exhausted its retries; returns the streak as it now stands. */
  async recordExhausted(
    db: Db,
    id: number,
    now: number
  ): Promise<{ streak: number; failingSince: number }> {
    await db('webhooks')
      .where({ id })
      .update({
        failure_streak: db.raw('failure_streak + 1'),
        failing_since: db.raw('COALESCE(failing_since, ?)', [now])
      })
    const row = await db('webhooks').where({ id }).first('failure_streak', 'failing_since')
    return {
      streak: Number(row?.failure_streak ?? 0),
      failingSince: Number(row?.failing_since ?? now)
    }
  }

  /**
   * Switches the webhook off with its reason. Only the attempt that actually disables it counts:
   * a webhook already disabled (by an earlier 410 or streak, in this group or by another worker)
   * keeps its first reason and time, and the answer is false. A held webhook is never switched
   * off: the operator already stopped it, and an attempt that was on the wire when they did must
   * not turn a hold into a disable.
   */
  async disable(db: Db, id: number, reason: string, now: number): Promise<boolean> {
    const changed = await db('webhooks')
      .where({ id })
      .whereNull('disabled_reason')
      .whereNull('held_since')
      .update({ active: false, disabled_reason: reason, disabled_at: now, updated_at: now })
    return Number(changed) > 0
  }
}
