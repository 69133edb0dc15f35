import { succeededSql } from './success-sql'
import type { Knex } from 'knex'
import type { DeliveryStats, DeliveryStatsBucket } from '@shared/dto'
import type { Clock } from '../support/clock'
import { isoFromMs } from '../support/clock'

const HOUR_MS = 3_600_000

/** Delivered vs failed attempts per hour, with totals and the p95 response time. */
export class StatsService {
  constructor(
    private readonly db: Knex,
    private readonly clock: Clock
  ) {}

  async deliveries(input: { appId?: number; hours: number }): Promise<DeliveryStats> {
    const now = this.clock.now()
    const firstHour = Math.floor(now / HOUR_MS) - input.hours + 1
    const since = firstHour * HOUR_MS
    const scoped = () => {
      const query = this.db('webhook_logs').where('created_at', '>=', since)
      if (input.appId) query.andWhere('app_id', input.appId)
      return query
    }
    const rows: Array<{ hour: number; succeeded: number; failed: number }> = await scoped()
      .select(this.db.raw('CAST(created_at / ? AS INTEGER) AS hour', [HOUR_MS]))
      .select(this.db.raw(`SUM(CASE WHEN ${succeededSql()} THEN 1 ELSE 0 END) AS succeeded`))
      .select(this.db.raw(`SUM(CASE WHEN ${succeededSql()} THEN 0 ELSE 1 END) AS failed`))
      .groupBy('hour')
    const byHour = new Map(rows.map((row) => [Number(row.hour), row]))
    const buckets: DeliveryStatsBucket[] = []
    let succeeded = 0
    let failed = 0
    for (let hour = firstHour; hour < firstHour + input.hours; hour++) {
      const row = byHour.get(hour)
      const bucket = {
        hourStart: isoFromMs(hour * HOUR_MS),
        succeeded: Number(row?.succeeded ?? 0),
        failed: Number(row?.failed ?? 0)
      }
      succeeded += bucket.succeeded
      failed += bucket.failed
      buckets.push(bucket)
    }
    const total = succeeded + failed
    return {
      hours: input.hours,
      buckets,
      succeeded,
      failed,
      successRate: total === 0 ? null : succeeded / total,
      p95ResponseMs: await this.p95(scoped(), total)
    }
  }

  /** Nearest-rank p95 of attempts that got an answer, read with one indexed offset query. */
  private async p95(scope: Knex.QueryBuilder, total: number): Promise<number | null> {
    if (total === 0) return null
    const answered = scope.andWhere('response_status', '>', 0)
    const [{ count }] = await answered.clone().count({ count: '*' })
    if (Number(count) === 0) return null
    const rank = Math.ceil(0.95 * Number(count)) - 1
    const row = await answered
      .orderBy('response_time_ms')
      .offset(rank)
      .limit(1)
      .first('response_time_ms')
    return row ? Number(row.response_time_ms) : null
  }
}
