import { describe, expect, it } from 'vitest'
import type { BackfillDto } from '@shared/backfill'
import type { PushEvent } from '@shared/dto'
import type { EventName } from '@shared/entity-catalog'
import { eventually, quietPeriod } from '../support/core-harness'
import { validatorFor } from '../support/event-validation'
import { hook, receiverWith, setup } from '../support/semantics-rig'
import {
  backfillReaches,
  brandIdOf,
  bulkBrands,
  isBackfill,
  markerOf,
  slowOk
} from '../support/backfill-rig'

/**
 * "Send current state…" on both databases (the postgres project runs this file on PostgreSQL),
 * with loopback receivers that verify both signatures of every request.
 */

describe('a backfill', () => {
  it('delivers every chosen record once, to that webhook only, marked and signed', async () => {
    const { harness, byKey } = await setup()
    const target = await receiverWith()
    const other = await receiverWith()
    const app = byKey('products').id
    const events = ['brand.updated', 'product.updated']
    const webhook = await hook(harness, target, app, events)
    await hook(harness, other, app, events)
    const pushes: PushEvent[] = []
    harness.core.onPush((event) => pushes.push(event))
    const brands = await bulkBrands(harness, 40, 'Shelf')
    const product = await harness.call('entities.create', {
      type: 'product',
      data: { name: 'Lamp', sku: 'LAMP-1', status: 'active', brandId: brands[3] }
    })

    const started = await harness.call('backfills.start', {
      webhookId: webhook.id,
      types: ['brand', 'product']
    })
    expect(started).toMatchObject({ state: 'running', total: 41, match: 'all', search: null })
    expect(started.externalId).toMatch(/^bkf_/)
    const done = await backfillReaches(harness, started.id, 'finished')
    expect(done).toMatchObject({ total: 41, fed: 41, delivered: 41, failed: 0 })
    expect(done.finishedAt).not.toBeNull()

    const got = await target.waitFor(41)
    expect(got).toHaveLength(41)
    for (const request of got) {
      expect(request.standardSignatureValid && request.hexSignatureValid).toBe(true)
      expect(markerOf(request)).toEqual({
        id: started.externalId,
        started_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/)
      })
      const event = request.json.event as EventName
      expect(request.headers['x-webhook-event']).toBe(event)
      const validate = validatorFor(event)
      expect(validate(request.json), JSON.stringify(validate.errors)).toBe(true)
      // The marker is the body's last key: everything before it is a live change's shape.
      expect(Object.keys(request.json).at(-1)).toBe('backfill')
    }
    const brandBodies = got.filter((request) => request.json.event === 'brand.updated')
    expect(brandBodies.map(brandIdOf).sort((a, b) => a - b)).toEqual(brands)
    expect(new Set(got.map((request) => request.headers['webhook-id'])).size).toBe(41)
    const lamp = got.find((request) => request.json.event === 'product.updated')!
    expect(lamp.json.product).toMatchObject({
      id: product.id,
      sku: 'LAMP-1',
      brand: { id: brands[3], externalId: 'brand_shelf_3' }
    })
    expect(lamp.json.revision).toMatchObject({ action: 'updated', changes: [] })

    // The other webhook on the same events heard nothing.
    await quietPeriod()
    expect(other.requests).toHaveLength(0)
    // Progress was pushed, ending with the finished state.
    const progress = pushes.filter((push) => push.type === 'backfill.progress')
    expect(progress.length).toBeGreaterThan(0)
    await eventually(async () => {
      const last = pushes.filter((push) => push.type === 'backfill.progress').at(-1)
      return last?.type === 'backfill.progress' && last.backfill.state === 'finished'
    })
    expect(await harness.call('backfills.list', { webhookId: webhook.id })).toMatchObject([
      { id: started.id, state: 'finished' }
    ])
  })

  it('lets live saves through while most of a 2,000-record backfill is still to come', async () => {
    const { harness, byKey } = await setup()
    // A receiver with a little work per backfill message, so the backfill lasts a while.
    const receiver = await receiverWith((request, req, res) =>
      isBackfill(request) ? slowOk(4)(request, req, res) : void res.end()
    )
    const webhook = await hook(harness, receiver, byKey('products').id, ['brand.updated'])
    const brands = await bulkBrands(harness, 2_000)
    const started = await harness.call('backfills.start', {
      webhookId: webhook.id,
      types: ['brand']
    })
    await eventually(async () => receiver.requests.length >= 50)
    const window = 2 * 8
    const queuedNow = async () =>
      Number(
        (
          await harness.core
            .db('deliveries')
            .where('backfill_id', started.id)
            .whereIn('status', ['pending', 'claimed', 'delivering'])
            .count({ n: '*' })
        )[0].n
      )
    for (let n = 0; n < 5; n++) {
      await harness.call('entities.update', {
        type: 'brand',
        id: brands[1_990 + n],
        data: { name: `Live ${n}` }
      })
      // The backfill never holds more than its window in the outbox.
      expect(await queuedNow()).toBeLessThanOrEqual(window)
    }
    const isLive = (request: (typeof receiver.requests)[number]) => !isBackfill(request)
    await eventually(async () => receiver.requests.filter(isLive).length === 5)
    const backfillSoFar = receiver.requests.filter(isBackfill).length
    // Every live save arrived while more than half the backfill had not.
    expect(backfillSoFar).toBeLessThan(1_000)
    const done = await backfillReaches(harness, started.id, 'finished', 60_000)
    expect(done).toMatchObject({ total: 2_000, fed: 2_000, delivered: 2_000, failed: 0 })
    const all = receiver.requests
    expect(all.filter(isBackfill)).toHaveLength(2_000)
    expect(all.filter(isLive).map((request) => request.json.brand)).toMatchObject(
      [0, 1, 2, 3, 4].map((n) => ({ name: `Live ${n}` }))
    )
    expect(all.every((request) => request.standardSignatureValid)).toBe(true)
  }, 120_000)

  it('pauses (no new deliveries once the queued ones finish) and resumes to the end', async () => {
    const { harness, byKey } = await setup()
    const receiver = await receiverWith(slowOk(10))
    const webhook = await hook(harness, receiver, byKey('products').id, ['brand.updated'])
    await bulkBrands(harness, 1_000)
    const { id } = await harness.call('backfills.start', {
      webhookId: webhook.id,
      types: ['brand']
    })
    await eventually(async () => receiver.requests.length >= 20)
    const paused = await harness.call('backfills.pause', { id })
    expect(paused.state).toBe('paused')
    // Rows queued before the pause may finish; then nothing more.
    const settled = await eventually(async () => {
      const now = await harness.call('backfills.get', { id })
      return now.delivered + now.failed === now.fed ? now : undefined
    })
    expect(settled.fed).toBeLessThan(1_000)
    const seen = receiver.requests.length
    await quietPeriod(600)
    expect(receiver.requests.length).toBe(seen)
    expect((await harness.call('backfills.get', { id })).fed).toBe(settled.fed)
    // Pausing again changes nothing; resuming goes on from the cursor.
    expect((await harness.call('backfills.pause', { id })).state).toBe('paused')
    expect((await harness.call('backfills.resume', { id })).state).toBe('running')
    const done = await backfillReaches(harness, id, 'finished', 60_000)
    expect(done).toMatchObject({ total: 1_000, fed: 1_000, delivered: 1_000 })
    expect(new Set(receiver.requests.map(brandIdOf)).size).toBe(1_000)
    expect(receiver.requests).toHaveLength(1_000)
  }, 120_000)

  it('cancels: feeding stops and its queued rows leave the outbox', async () => {
    const { harness, byKey } = await setup()
    const receiver = await receiverWith(slowOk(10))
    const webhook = await hook(harness, receiver, byKey('products').id, ['brand.updated'])
    await bulkBrands(harness, 1_000)
    const { id } = await harness.call('backfills.start', {
      webhookId: webhook.id,
      types: ['brand']
    })
    await eventually(async () => receiver.requests.length >= 20)
    const cancelled = await harness.call('backfills.cancel', { id })
    expect(cancelled.state).toBe('cancelled')
    expect(cancelled.finishedAt).not.toBeNull()
    const pending = await harness.core
      .db('deliveries')
      .where({ backfill_id: id, status: 'pending' })
    expect(pending).toHaveLength(0)
    // Attempts already on the wire finish; then nothing more arrives.
    await quietPeriod(300)
    const seen = receiver.requests.length
    await quietPeriod(600)
    expect(receiver.requests.length).toBe(seen)
    expect(seen).toBeLessThan(1_000)
    expect(await harness.fail('backfills.resume', { id })).toMatchObject({ code: 'conflict' })
    // A cancelled backfill no longer blocks a new one.
    const next = await harness.call('backfills.start', { webhookId: webhook.id, types: ['brand'] })
    expect(next.state).toBe('running')
    await harness.call('backfills.cancel', { id: next.id })
  })

  it('goes with its webhook when the webhook is deleted mid-backfill', async () => {
    const { harness, byKey } = await setup()
    const receiver = await receiverWith(slowOk(10))
    const webhook = await hook(harness, receiver, byKey('products').id, ['brand.updated'])
    await bulkBrands(harness, 500)
    const { id } = await harness.call('backfills.start', {
      webhookId: webhook.id,
      types: ['brand']
    })
    await eventually(async () => receiver.requests.length >= 10)
    // On PostgreSQL a feeding pass and the deletion lock in the same order (no deadlock).
    await harness.call('webhooks.bulk', { ids: [webhook.id], action: 'delete' })
    expect(await harness.fail('backfills.get', { id })).toMatchObject({ code: 'not_found' })
    expect(await harness.core.db('deliveries').where({ backfill_id: id })).toHaveLength(0)
  })

  it('counts failures after the webhook’s own retries, and retries on its schedule', async () => {
    const { harness, byKey } = await setup({ random: () => 0.5 })
    const tries = new Map<number, number>()
    const receiver = await receiverWith((request, _req, res) => {
      const name = (request.json.brand as { name: string }).name
      const id = brandIdOf(request)
      tries.set(id, (tries.get(id) ?? 0) + 1)
      const fail = name.startsWith('Dead') || (name.startsWith('Flaky') && tries.get(id) === 1)
      res.statusCode = fail ? 500 : 200
      res.end()
    })
    const webhook = await harness.call('webhooks.create', {
      appId: byKey('products').id,
      url: receiver.url,
      events: ['brand.updated'],
      retrySchedule: [1]
    })
    receiver.secrets.push(webhook.secret)
    await bulkBrands(harness, 6, 'Fine')
    await bulkBrands(harness, 2, 'Flaky')
    await bulkBrands(harness, 2, 'Dead')
    const { id } = await harness.call('backfills.start', {
      webhookId: webhook.id,
      types: ['brand']
    })
    const done = await backfillReaches(harness, id, 'finished')
    expect(done).toMatchObject({ total: 10, fed: 10, delivered: 8, failed: 2 })
    // Fine once each, Flaky and Dead twice each: the first attempt and the one retry.
    expect(receiver.requests).toHaveLength(6 + 2 * 2 + 2 * 2)
    expect(receiver.requests.every((request) => request.standardSignatureValid)).toBe(true)
    const flaky = receiver.requests.find((request) =>
      (request.json.brand as { name: string }).name.startsWith('Flaky')
    )!
    const retried = receiver.requests.filter((request) => brandIdOf(request) === brandIdOf(flaky))
    expect(retried).toHaveLength(2)
    // The retry came about a second later (the schedule's one second, no jitter at 0.5).
    expect(retried[1].receivedAt - retried[0].receivedAt).toBeGreaterThanOrEqual(900)
    expect(retried[0].headers['webhook-id']).toBe(retried[1].headers['webhook-id'])
    const log = await harness.call('logs.list', {
      appId: byKey('products').id,
      webhookId: webhook.id
    })
    expect(log.items).toHaveLength(14)
  })

  it('selects by the entity list’s search, or by the webhook’s own conditions', async () => {
    const { harness, byKey } = await setup()
    const receiver = await receiverWith()
    const app = byKey('products').id
    const webhook = await hook(harness, receiver, app, ['brand.updated', 'product.updated'])
    await bulkBrands(harness, 5, 'Alpha')
    await bulkBrands(harness, 5, 'Beta')
    const bySearch = await harness.call('backfills.start', {
      webhookId: webhook.id,
      types: ['brand'],
      match: 'search',
      search: 'alpha'
    })
    expect(bySearch).toMatchObject({ total: 5, match: 'search', search: 'alpha' })
    await backfillReaches(harness, bySearch.id, 'finished')
    expect(receiver.requests.map((r) => (r.json.brand as { name: string }).name).sort()).toEqual(
      [0, 1, 2, 3, 4].map((n) => `Alpha ${n}`)
    )

    const now = new Date().toISOString()
    await harness.core.db('products').insert(
      Array.from({ length: 30 }, (_, n) => ({
        external_id: `prod_cond_${n}`,
        name: `Cond ${n}`,
        sku: `COND-${n}`,
        status: n % 3 === 0 ? 'active' : 'draft',
        created_at: now,
        updated_at: now
      }))
    )
    // Narrowed to price changes of active products: a backfill sends state, so only the
    // conditions apply.
    await harness.call('webhooks.update', {
      id: webhook.id,
      filters: {
        'product.updated': {
          fields: ['price'],
          conditions: [{ field: 'status', op: 'eq', value: 'active' }]
        }
      }
    })
    const byConditions = await harness.call('backfills.start', {
      webhookId: webhook.id,
      types: ['product'],
      match: 'conditions'
    })
    expect(byConditions.total).toBe(10)
    const done = await backfillReaches(harness, byConditions.id, 'finished')
    expect(done).toMatchObject({ fed: 10, delivered: 10 })
    const products = receiver.requests.filter((r) => r.json.event === 'product.updated')
    expect(products).toHaveLength(10)
    for (const request of products) expect(request.json.product).toMatchObject({ status: 'active' })
  })

  it('refuses what it cannot do, in words', async () => {
    const { harness, byKey } = await setup()
    const receiver = await receiverWith(slowOk(50))
    const app = byKey('products').id
    const webhook = await hook(harness, receiver, app, ['brand.updated', 'brand.created'])
    const off = await hook(harness, receiver, app, ['brand.updated'], false)
    await bulkBrands(harness, 200)

    const unknown = await harness.fail('backfills.start', { webhookId: 9_999, types: ['brand'] })
    expect(unknown).toMatchObject({ code: 'not_found' })
    const inactive = await harness.fail('backfills.start', { webhookId: off.id, types: ['brand'] })
    expect(inactive.code).toBe('conflict')
    expect(inactive.message).toMatch(/turned off/)
    const notSubscribed = await harness.fail('backfills.start', {
      webhookId: webhook.id,
      types: ['product']
    })
    expect(notSubscribed).toMatchObject({ code: 'invalid_argument' })
    expect(notSubscribed.message).toMatch(/types: .*product\.updated/)
    const noSearch = await harness.fail('backfills.start', {
      webhookId: webhook.id,
      types: ['brand'],
      match: 'search'
    })
    expect(noSearch.issues).toMatchObject([{ path: 'search' }])
    const noTypes = await harness.fail('backfills.start', { webhookId: webhook.id, types: [] })
    expect(noTypes.issues).toMatchObject([{ path: 'types' }])
    const badType = await harness.fail('backfills.start', { webhookId: webhook.id, types: ['app'] })
    expect(badType.issues?.[0].path).toMatch(/^types/)

    const first = await harness.call('backfills.start', { webhookId: webhook.id, types: ['brand'] })
    const second = await harness.fail('backfills.start', {
      webhookId: webhook.id,
      types: ['brand']
    })
    expect(second.code).toBe('conflict')
    expect(second.message).toContain(first.externalId)
    await harness.call('backfills.cancel', { id: first.id })
    expect(await harness.fail('backfills.pause', { id: first.id })).toMatchObject({
      code: 'conflict'
    })
    expect(await harness.fail('backfills.get', { id: 9_999 })).toMatchObject({ code: 'not_found' })
    const listed: BackfillDto[] = await harness.call('backfills.list', {})
    expect(listed.map((backfill) => backfill.id)).toContain(first.id)
  })
})
