import type { WebhookHealthDto } from '@shared/dto'
import { isSuccessStatus } from '@shared/http-status'
import {
  HEALTH_WINDOW_HOURS,
  judgeWebhookHealth,
  RECENT_ATTEMPTS,
  successRate
} from '@shared/webhook-health'
import type { Db } from '../db/knex-factory'
import { isoFromMs } from '../support/clock'
import { realAttempts } from '../logs/test-sends-sql'
import { succeededSql } from '../logs/success-sql'

type Row = Record<string, unknown>

/** What the health verdict needs from the webhook row itself. */
export interface HealthSubject {
  id: number
  active: boolean
  disabledReason: string | null
  failureStreak: number
}

/**
 * Reads each webhook's recent attempts and waiting retries. Test sends are left out: they say
 * nothing about the deliveries a receiver got. Two grouped queries for all the webhooks (window
 * counts, waiting retries), then per webhook one walk of the (webhook_id, created_at) index for
 * its latest 20 attempts, and a second only when none of them succeeded (the last success).
 */
export class WebhookHealthRepository {
  async healthOf(
    db: Db,
    subjects: HealthSubject[],
    now: number
  ): Promise<Map<number, WebhookHealthDto>> {
    const ids = subjects.map((subject) => subject.id)
    if (ids.length === 0) return new Map()
    const since = now - HEALTH_WINDOW_HOURS * 3_600_000

    const windowRows: Row[] = await realAttempts(
      db('webhook_logs').whereIn('webhook_id', ids).andWhere('created_at', '>=', since)
    )
      .groupBy('webhook_id')
      .select('webhook_id')
      .count({ attempts: '*' })
      .sum({ succeeded: db.raw(`CASE WHEN ${succeededSql()} THEN 1 ELSE 0 END`) })
    const windowById = new Map(windowRows.map((row) => [Number(row.webhook_id), row]))

    const retryRows: Row[] = await db('deliveries')
      .whereIn('webhook_id', ids)
      .whereIn('status', ['pending', 'claimed'])
      .andWhere('attempts', '>', 0)
      .groupBy('webhook_id')
      .select('webhook_id')
      .count({ waiting: '*' })
      .min({ next: 'next_attempt_at' })
    const retriesById = new Map(retryRows.map((row) => [Number(row.webhook_id), row]))

    const result = new Map<number, WebhookHealthDto>()
    for (const subject of subjects) {
      // The latest real attempts, newest first: one walk of (webhook_id, created_at), 20 rows.
      const recentRows: Row[] = await realAttempts(
        db('webhook_logs').where('webhook_id', subject.id)
      )
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' }
        ])
        .limit(RECENT_ATTEMPTS)
        .select('created_at', 'response_status')
      // Older attempts are no evidence about today: a day's quiet lets old failures go.
      const recent = recentRows
        .filter((row) => Number(row.created_at) >= since)
        .map((row) => isSuccessStatus(Number(row.response_status)))
        .reverse()
      const latest = recentRows[0]
      // Only when none of those succeeded does the last success need a look further back.
      const lastSuccess: Row | undefined =
        recentRows.find((row) => isSuccessStatus(Number(row.response_status))) ??
        (await realAttempts(
          db('webhook_logs').where('webhook_id', subject.id).andWhereRaw(succeededSql())
        )
          .orderBy('created_at', 'desc')
          .first('created_at'))
      const window = windowById.get(subject.id)
      const retries = retriesById.get(subject.id)
      const attempts = Number(window?.attempts ?? 0)
      const succeeded = Number(window?.succeeded ?? 0)
      const pendingRetries = Number(retries?.waiting ?? 0)
      const verdict = judgeWebhookHealth({
        ...subject,
        attempts,
        succeeded,
        pendingRetries,
        hasAttempts: latest !== undefined,
        recent
      })
      result.set(subject.id, {
        state: verdict.state,
        reason: verdict.reason,
        windowHours: HEALTH_WINDOW_HOURS,
        attempts,
        succeeded,
        failed: attempts - succeeded,
        successRate: successRate({ attempts, succeeded }),
        pendingRetries,
        nextRetryAt: retries?.next == null ? null : isoFromMs(Number(retries.next)),
        lastAttemptAt: latest ? isoFromMs(Number(latest.created_at)) : null,
        lastAttemptFailed: latest ? !isSuccessStatus(Number(latest.response_status)) : null,
        lastSuccessAt: lastSuccess ? isoFromMs(Number(lastSuccess.created_at)) : null,
        recentAttempts: recent.length,
        recentSucceeded: recent.filter(Boolean).length,
        failedInARow: verdict.failedInARow,
        succeededInARow: verdict.succeededInARow
      })
    }
    return result
  }
}
