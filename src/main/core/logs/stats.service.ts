import type { Knex } from 'knex'
import type { DeliveryStats, DeliveryStatsBucket } from '@shared/dto'
import type { Clock } from '../support/clock'
import { isoFromMs } from '../support/clock'

const HOUR_MS = 3_600_000

/**
 * Delivered vs failed attempts per hour, with totals and the p95 response time, read from the
 * hourly rollups (`delivery_rollups`, kept by a trigger on every log insert): the dashboard never
 * scans the log, however large it grows.
 */
export class StatsService {
  constructor(
    private readonly db: Knex,
    private readonly clock: Clock
  ) {}

  async deliveries(input: { appId?: number; hours: number }): Promise<DeliveryStats> {
    const now = this.clock.now()
    const firstHour = Math.floor(now / HOUR_MS) - input.hours + 1
    const scoped = () => {
      const query = this.db('delivery_rollups').where('hour', '>=', firstHour)
      if (input.appId) query.andWhere('app_id', input.appId)
      return query
    }
    const rows: Array<{ hour: number; succeeded: number; failed: number }> = await scoped()
      .groupBy('hour')
      .select('hour')
      .sum({ succeeded: 'succeeded', failed: 'failed' })
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
      p95ResponseMs: total === 0 ? null : await this.p95(scoped())
    }
  }

  /** Nearest-rank p95 of attempts that got an answer, from the response-time counts. */
  private async p95(scope: Knex.QueryBuilder): Promise<number | null> {
    const rows: Array<{ response_ms: number; attempts: number }> = await scope
      .andWhere('response_ms', '>=', 0)
      .groupBy('response_ms')
      .orderBy('response_ms')
      .select('response_ms')
      .sum({ attempts: this.db.raw('succeeded + failed') })
    const count = rows.reduce((sum, row) => sum + Number(row.attempts), 0)
    if (count === 0) return null
    const rank = Math.ceil(0.95 * count) // 1-based
    let seen = 0
    for (const row of rows) {
      seen += Number(row.attempts)
      if (seen >= rank) return Number(row.response_ms)
    }
    return null
  }
}
