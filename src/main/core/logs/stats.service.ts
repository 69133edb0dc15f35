import type { Knex } from 'knex'
import type { DeliveryStats, DeliveryStatsBucket } from '@shared/dto'
import type { Clock } from '../support/clock'
import { isoFromMs } from '../support/clock'
import { onlyTestSends } from './test-sends-sql'
import { succeededSql } from './success-sql'

const HOUR_MS = 3_600_000

type Row = Record<string, unknown>
interface TestSendCount {
  hour: number
  responseMs: number
  succeeded: number
  failed: number
}

/**
 * Successful vs failed attempts per hour, with totals and the p95 response time, read from the
 * hourly rollups (`delivery_rollups`, kept by a trigger on every log insert): the dashboard never
 * scans the log, however large it grows. Test sends are taken back out, so the dashboard counts
 * what webhook health counts (real deliveries: first attempts, retries, redeliveries, replays);
 * they are found through the `(app_id, message_id, id)` index by their message-id prefix, and
 * there are few of them (an operator sends each by hand).
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
    const tests = await this.testSends(firstHour, input.appId)
    const testsIn = (hour: number, key: 'succeeded' | 'failed') =>
      tests.filter((test) => test.hour === hour).reduce((sum, test) => sum + test[key], 0)
    const buckets: DeliveryStatsBucket[] = []
    let succeeded = 0
    let failed = 0
    for (let hour = firstHour; hour < firstHour + input.hours; hour++) {
      const row = byHour.get(hour)
      const bucket = {
        hourStart: isoFromMs(hour * HOUR_MS),
        succeeded: Number(row?.succeeded ?? 0) - testsIn(hour, 'succeeded'),
        failed: Number(row?.failed ?? 0) - testsIn(hour, 'failed')
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
      p95ResponseMs: total === 0 ? null : await this.p95(scoped(), tests),
      testSendsExcluded: tests.reduce((sum, test) => sum + test.succeeded + test.failed, 0)
    }
  }

  /** Test sends since the first hour, counted as the rollup trigger counted them. */
  private async testSends(firstHour: number, appId?: number): Promise<TestSendCount[]> {
    const apps = appId ? [appId] : (await this.db('apps').pluck('id')).map(Number)
    if (apps.length === 0) return []
    const rows: Row[] = await onlyTestSends(this.db('webhook_logs').whereIn('app_id', apps))
      .andWhere('created_at', '>=', firstHour * HOUR_MS)
      .groupBy('hour', 'response_ms')
      .select(
        this.db.raw('created_at / ? AS hour', [HOUR_MS]),
        this.db.raw(
          'CASE WHEN response_status > 0 THEN response_time_ms ELSE -1 END AS response_ms'
        )
      )
      .sum({ succeeded: this.db.raw(`CASE WHEN ${succeededSql()} THEN 1 ELSE 0 END`) })
      .sum({ failed: this.db.raw(`CASE WHEN ${succeededSql()} THEN 0 ELSE 1 END`) })
    return rows.map((row) => ({
      hour: Number(row.hour),
      responseMs: Number(row.response_ms),
      succeeded: Number(row.succeeded),
      failed: Number(row.failed)
    }))
  }

  /** Nearest-rank p95 of attempts that got an answer, from the response-time counts. */
  private async p95(scope: Knex.QueryBuilder, tests: TestSendCount[]): Promise<number | null> {
    const rows: Array<{ response_ms: number; attempts: number }> = await scope
      .andWhere('response_ms', '>=', 0)
      .groupBy('response_ms')
      .orderBy('response_ms')
      .select('response_ms')
      .sum({ attempts: this.db.raw('succeeded + failed') })
    for (const row of rows) {
      for (const test of tests) {
        if (test.responseMs === Number(row.response_ms)) {
          row.attempts = Number(row.attempts) - test.succeeded - test.failed
        }
      }
    }
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
