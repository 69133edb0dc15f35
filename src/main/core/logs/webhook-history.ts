import type { WebhookHistoryBucket, WebhookHistoryDto } from '@shared/dto'
import { historyBucketHours, HOUR_MS } from '@shared/webhook-history'
import type { Db } from '../db/knex-factory'
import { isoFromMs } from '../support/clock'
import { realAttempts } from './test-sends-sql'
import { succeededSql } from './success-sql'

type Row = Record<string, unknown>

/**
 * One webhook's real attempts over the last `days`, counted per bucket in SQL: one range scan of
 * the (webhook_id, created_at) index, however many attempts there are. Test sends are left out,
 * as in health: they say nothing about the deliveries a receiver got. Buckets end with the
 * current hour, so their sum is the whole range and a 7-day history's last bar is the last 24 h.
 */
export async function webhookHistory(
  db: Db,
  webhookId: number,
  days: number,
  now: number
): Promise<WebhookHistoryDto> {
  const bucketHours = historyBucketHours(days)
  const bucketMs = bucketHours * HOUR_MS
  const count = (days * 24) / bucketHours
  const end = (Math.floor(now / HOUR_MS) + 1) * HOUR_MS
  const start = end - count * bucketMs
  // Whole numbers computed here, written into the SQL: integer division in both databases
  // (a bound parameter's type would be guessed differently by PostgreSQL).
  const bucketSql = `(created_at - ${start}) / ${bucketMs}`
  const rows: Row[] = await realAttempts(db('webhook_logs').where('webhook_id', webhookId))
    .andWhere('created_at', '>=', start)
    .andWhere('created_at', '<', end)
    .groupByRaw(bucketSql)
    .select(db.raw(`${bucketSql} as bucket`))
    .count({ attempts: '*' })
    .sum({ succeeded: db.raw(`CASE WHEN ${succeededSql()} THEN 1 ELSE 0 END`) })
  const byBucket = new Map(rows.map((row) => [Number(row.bucket), row]))
  const buckets: WebhookHistoryBucket[] = []
  for (let index = 0; index < count; index++) {
    const row = byBucket.get(index)
    const attempts = Number(row?.attempts ?? 0)
    const succeeded = Number(row?.succeeded ?? 0)
    buckets.push({
      start: isoFromMs(start + index * bucketMs),
      end: isoFromMs(start + (index + 1) * bucketMs),
      attempts,
      succeeded,
      failed: attempts - succeeded
    })
  }
  const attempts = buckets.reduce((sum, bucket) => sum + bucket.attempts, 0)
  const succeeded = buckets.reduce((sum, bucket) => sum + bucket.succeeded, 0)
  return {
    webhookId,
    days,
    bucketHours,
    buckets,
    attempts,
    succeeded,
    failed: attempts - succeeded,
    successRate: attempts === 0 ? null : succeeded / attempts
  }
}
