import { describe, expect, it } from 'vitest'
import type { DeliveryStats } from '@shared/dto'
import { isSuccessStatus } from '@shared/http-status'
import { LogRepository, type NewLog } from '../../src/main/core/logs/log.repository'
import { ManualClock } from '../support/manual-clock'
import { hook, receiverWith, setup } from '../support/semantics-rig'

const HOUR = 3_600_000

/** What the dashboard must show, computed straight from the log rows as the old scan did. */
function fromLog(
  rows: Array<{
    app_id: number
    response_status: number
    response_time_ms: number
    created_at: number
  }>,
  now: number,
  hours: number,
  appId?: number
): Omit<DeliveryStats, 'buckets' | 'hours' | 'testSendsExcluded'> & { perHour: number[][] } {
  const firstHour = Math.floor(now / HOUR) - hours + 1
  const scoped = rows.filter(
    (row) => row.created_at >= firstHour * HOUR && (!appId || row.app_id === appId)
  )
  const perHour = Array.from({ length: hours }, (_, i) => {
    const inHour = scoped.filter((row) => Math.floor(row.created_at / HOUR) === firstHour + i)
    const ok = inHour.filter((row) => isSuccessStatus(row.response_status)).length
    return [ok, inHour.length - ok]
  })
  const succeeded = perHour.reduce((sum, [ok]) => sum + ok, 0)
  const failed = scoped.length - succeeded
  const answered = scoped
    .filter((row) => row.response_status > 0)
    .map((row) => row.response_time_ms)
    .sort((a, b) => a - b)
  return {
    perHour,
    succeeded,
    failed,
    successRate: scoped.length ? succeeded / scoped.length : null,
    p95ResponseMs: answered.length ? answered[Math.ceil(0.95 * answered.length) - 1] : null
  }
}

describe('hourly delivery rollups', () => {
  it('agree with the log: per hour, per app, totals and p95, whatever wrote the rows', async () => {
    const clock = new ManualClock(Date.parse('2026-11-01T10:20:00Z'))
    const { harness, byKey } = await setup({ clock })
    const products = byKey('products').id
    const orders = byKey('orders').id
    let calls = 0
    const receiver = await receiverWith((_request, _req, res) => {
      res.statusCode = ++calls % 4 === 0 ? 503 : 200
      res.end('ok')
    })
    await hook(harness, receiver, products, ['brand.created'])
    for (let n = 0; n < 8; n++)
      await harness.call('entities.create', { type: 'brand', data: { name: `R${n}` } })
    await receiver.waitFor(8)
    const webhookId = (await harness.core.db('webhooks').first('id')).id as number
    const logs = new LogRepository()
    const base: Omit<NewLog, 'appId' | 'responseStatus' | 'responseTimeMs' | 'createdAt'> = {
      deliveryId: null,
      messageId: 'msg_direct',
      webhookId,
      webhookExternalId: 'web_direct',
      event: 'brand.created',
      url: 'http://127.0.0.1/',
      requestHeaders: {},
      requestBody: '{}',
      responseBody: '',
      responseBodyTruncated: false,
      errorClass: null,
      error: null,
      attempt: 1,
      revision: null
    }
    const direct: NewLog[] = Array.from({ length: 300 }, (_, n) => ({
      ...base,
      appId: n % 3 === 0 ? orders : products,
      responseStatus: [200, 204, 500, 0, 301, 200][n % 6],
      responseTimeMs: (n * 37) % 900,
      createdAt: clock.now() - (n % 30) * HOUR - (n % 7) * 60_000
    }))
    await logs.insertMany(harness.core.db, direct.slice(0, 200))
    for (const log of direct.slice(200)) await logs.insert(harness.core.db, log)
    // Test sends are logged (and rolled up by the trigger) but the dashboard leaves them out,
    // as webhook health does: one that got through, one the receiver refused.
    await harness.call('webhooks.test', { id: webhookId })
    await harness.call('webhooks.update', { id: webhookId, url: 'http://127.0.0.1:9/' })
    await harness.call('webhooks.test', { id: webhookId })
    await expect
      .poll(async () => Number((await harness.core.db('webhook_logs').count({ n: '*' }))[0].n))
      .toBe(310)

    const rows = (
      await harness.core
        .db('webhook_logs')
        .select('message_id', 'app_id', 'response_status', 'response_time_ms', 'created_at')
    ).filter((row) => !String(row.message_id).startsWith('msgtest_'))
    expect(rows).toHaveLength(308)
    for (const scope of [
      { hours: 24 },
      { hours: 6, appId: orders },
      { hours: 48, appId: products }
    ]) {
      const stats = await harness.call('stats.deliveries', scope)
      const expected = fromLog(rows, clock.now(), scope.hours, scope.appId)
      expect(stats.buckets.map((b) => [b.succeeded, b.failed])).toEqual(expected.perHour)
      expect(stats).toMatchObject({
        succeeded: expected.succeeded,
        failed: expected.failed,
        successRate: expected.successRate,
        p95ResponseMs: expected.p95ResponseMs,
        testSendsExcluded: scope.appId === orders ? 0 : 2
      })
    }
  })
})
