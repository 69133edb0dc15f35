import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { brand, rig } from '../support/fault-rig'

const HOUR = 3_600_000

/** The `v1,` signatures of a request that `secret` produced (checked by hand: the rig's clock is not today). */
function signedWith(secret: string, headers: Record<string, unknown>, body: string): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
  const expected = createHmac('sha256', key)
    .update(`${String(headers['webhook-id'])}.${String(headers['webhook-timestamp'])}.${body}`)
    .digest('base64')
  return String(headers['webhook-signature']).split(' ').includes(`v1,${expected}`)
}

describe("a webhook's page: its history and a rotation window of the operator's choice", () => {
  it('counts real attempts per hour over a day and per 24 h over a week, test sends left out', async () => {
    let status = 200
    const r = await rig(
      (_request, _req, res) => {
        res.statusCode = status
        res.end()
      },
      {},
      []
    )
    // Three days ago: one success. Two hours ago: a failure. Now: a success and a test send.
    r.advance(-3 * 24 * HOUR)
    await brand(r.harness, 'old')
    await r.attempts(1)
    status = 500
    r.advance(3 * 24 * HOUR - 2 * HOUR)
    await brand(r.harness, 'broken')
    await r.attempts(2)
    status = 200
    r.advance(2 * HOUR)
    await brand(r.harness, 'fixed')
    await r.attempts(3)
    await r.harness.call('webhooks.test', { id: r.webhookId })
    await r.attempts(4)

    const day = await r.harness.call('webhooks.history', { id: r.webhookId, days: 1 })
    expect(day).toMatchObject({
      webhookId: r.webhookId,
      days: 1,
      bucketHours: 1,
      attempts: 2,
      succeeded: 1,
      failed: 1,
      successRate: 0.5
    })
    expect(day.buckets).toHaveLength(24)
    // The last bucket is the current hour; the failure is two hours before it.
    const now = r.clock.now()
    const last = day.buckets[23]
    expect(Date.parse(last.start)).toBeLessThanOrEqual(now)
    expect(Date.parse(last.end)).toBeGreaterThan(now)
    expect(last).toMatchObject({ attempts: 1, succeeded: 1, failed: 0 })
    expect(day.buckets[21]).toMatchObject({ attempts: 1, succeeded: 0, failed: 1 })
    expect(day.buckets.reduce((sum, bucket) => sum + bucket.attempts, 0)).toBe(2)

    const week = await r.harness.call('webhooks.history', { id: r.webhookId, days: 7 })
    expect(week).toMatchObject({ bucketHours: 24, attempts: 3, succeeded: 2, failed: 1 })
    // The last bar ends with the current hour, so 72 h ago falls one hour into the fourth bar.
    expect(week.buckets.map((bucket) => bucket.attempts)).toEqual([0, 0, 0, 1, 0, 0, 2])
    expect(Date.parse(week.buckets[6].end) - Date.parse(week.buckets[0].start)).toBe(7 * 24 * HOUR)

    // Another webhook's attempts are not this one's.
    const other = await r.harness.call('webhooks.create', {
      appId: r.appId,
      url: r.receiver.url,
      events: ['brand.created']
    })
    expect(await r.harness.call('webhooks.history', { id: other.id, days: 7 })).toMatchObject({
      attempts: 0,
      successRate: null
    })
  })

  it('answers not found for an unknown or deleted webhook, and refuses bad ranges', async () => {
    const r = await rig((_request, _req, res) => void res.end())
    await r.harness.call('webhooks.bulk', { ids: [r.webhookId], action: 'delete' })
    const gone = await r.harness.fail('webhooks.history', { id: r.webhookId, days: 1 })
    expect(gone).toMatchObject({ code: 'not_found' })
    expect(gone.message).toContain(`Webhook ${r.webhookId}`)
    for (const days of [0, 31, 1.5, '7'])
      expect(await r.harness.fail('webhooks.history', { id: 1, days })).toMatchObject({
        code: 'invalid_argument',
        issues: [expect.objectContaining({ path: 'days' })]
      })
  })

  it('keeps the old secret valid for the hours chosen, and not a moment after', async () => {
    const r = await rig((_request, _req, res) => void res.end())
    const before = await r.harness.call('webhooks.get', { id: r.webhookId })
    const old = r.receiver.secrets[0]
    const rotated = await r.harness.call('webhooks.rotateSecret', {
      id: before.id,
      previousSecretHours: 2
    })
    expect(Date.parse(rotated.previousSecretExpiresAt!)).toBe(r.clock.now() + 2 * HOUR)

    await brand(r.harness, 'within')
    const [inside] = await r.receiver.waitFor(1)
    expect(signedWith(old, inside.headers, inside.body)).toBe(true)
    expect(signedWith(rotated.secret, inside.headers, inside.body)).toBe(true)

    r.advance(2 * HOUR - 1)
    await brand(r.harness, 'last moment')
    const [, edge] = await r.receiver.waitFor(2)
    expect(signedWith(old, edge.headers, edge.body)).toBe(true)

    r.advance(1)
    await brand(r.harness, 'after')
    const [, , after] = await r.receiver.waitFor(3)
    expect(signedWith(old, after.headers, after.body)).toBe(false)
    expect(signedWith(rotated.secret, after.headers, after.body)).toBe(true)
  })

  it('drops the old secret at once with 0 hours, keeps 24 h by default, refuses bad windows', async () => {
    const r = await rig((_request, _req, res) => void res.end())
    const old = r.receiver.secrets[0]
    const now = await r.harness.call('webhooks.rotateSecret', {
      id: r.webhookId,
      previousSecretHours: 0
    })
    expect(now.previousSecretExpiresAt).toBeNull()
    await brand(r.harness, 'leaked')
    const [request] = await r.receiver.waitFor(1)
    expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(1)
    expect(signedWith(old, request.headers, request.body)).toBe(false)
    expect(signedWith(now.secret, request.headers, request.body)).toBe(true)

    const byDefault = await r.harness.call('webhooks.rotateSecret', { id: r.webhookId })
    expect(Date.parse(byDefault.previousSecretExpiresAt!)).toBe(r.clock.now() + 24 * HOUR)

    for (const previousSecretHours of [-1, 169, 2.5, '24', null]) {
      const error = await r.harness.fail('webhooks.rotateSecret', {
        id: r.webhookId,
        previousSecretHours
      })
      expect(error).toMatchObject({
        code: 'invalid_argument',
        issues: [expect.objectContaining({ path: 'previousSecretHours' })]
      })
    }
    // Refused rotations changed nothing.
    expect((await r.harness.call('webhooks.revealSecret', { id: r.webhookId })).secret).toBe(
      byDefault.secret
    )
    const unknown = await r.harness.fail('webhooks.rotateSecret', {
      id: 9999,
      previousSecretHours: 1
    })
    expect(unknown.code).toBe('not_found')
  })
})
