import type { Knex } from 'knex'
import type { WebhookHealthDto } from '@shared/dto'
import { classifyWebhookHealth, HEALTH_WINDOW_HOURS, successRate } from '@shared/webhook-health'
import type { Db } from '../db/knex-factory'
import { isoFromMs } from '../support/clock'
import { TEST_MESSAGE_PREFIX } from '../logs/log.repository'
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
 * nothing about the deliveries a receiver got. Every query walks the (webhook_id, created_at) or
 * (webhook_id, status, ...) indexes, a handful of rows per webhook.
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
    const realDeliveries = (query: Knex.QueryBuilder) =>
      query.whereRaw('substr(message_id, 1, ?) <> ?', [
        TEST_MESSAGE_PREFIX.length + 1,
        `${TEST_MESSAGE_PREFIX}_`
      ])

    const windowRows: Row[] = await realDeliveries(
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
      const latest: Row | undefined = await realDeliveries(
        db('webhook_logs').where('webhook_id', subject.id)
      )
        .orderBy('created_at', 'desc')
        .first('created_at', 'response_status')
      const lastSuccess: Row | undefined = await realDeliveries(
        db('webhook_logs').where('webhook_id', subject.id).andWhereRaw(succeededSql())
      )
        .orderBy('created_at', 'desc')
        .first('created_at')
      const window = windowById.get(subject.id)
      const retries = retriesById.get(subject.id)
      const attempts = Number(window?.attempts ?? 0)
      const succeeded = Number(window?.succeeded ?? 0)
      const status = latest ? Number(latest.response_status) : null
      const lastAttemptFailed = status === null ? null : status < 200 || status > 299
      const pendingRetries = Number(retries?.waiting ?? 0)
      result.set(subject.id, {
        state: classifyWebhookHealth({
          ...subject,
          attempts,
          succeeded,
          pendingRetries,
          lastAttemptFailed
        }),
        windowHours: HEALTH_WINDOW_HOURS,
        attempts,
        succeeded,
        failed: attempts - succeeded,
        successRate: successRate({ attempts, succeeded }),
        pendingRetries,
        nextRetryAt: retries?.next == null ? null : isoFromMs(Number(retries.next)),
        lastAttemptAt: latest ? isoFromMs(Number(latest.created_at)) : null,
        lastAttemptFailed,
        lastSuccessAt: lastSuccess ? isoFromMs(Number(lastSuccess.created_at)) : null
      })
    }
    return result
  }
}
