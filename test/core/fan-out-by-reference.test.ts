import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { callOrThrow } from '../../src/main/core/api/api-dispatcher'
import { createKnex } from '../../src/main/core/db/knex-factory'
import { migrationSource } from '../../src/main/core/db/migration-source'
import { startCore } from '../../src/main/core/pim-core'
import { eventually, tempDir } from '../support/core-harness'
import { hook, receiverWith, setup } from '../support/semantics-rig'

describe('fan-out by reference: one stored event, bodies assembled at send time', () => {
  it('stores the event once and gives each webhook a body naming its own app and webhook', async () => {
    const { harness, byKey } = await setup()
    const receiver = await receiverWith()
    const first = await hook(harness, receiver, byKey('products').id, ['brand.created'])
    const second = await hook(harness, receiver, byKey('orders').id, ['brand.created'])
    await harness.call('entities.create', { type: 'brand', data: { name: 'Shared' } })
    const requests = await receiver.waitFor(2)
    const [{ n: events }] = await harness.core.db('events').count({ n: '*' })
    expect(Number(events)).toBe(1)
    const rows = await harness.core.db('deliveries').select('event_id')
    expect(new Set(rows.map((row) => row.event_id)).size).toBe(1)
    const byWebhook = new Map(
      requests.map((r) => [(r.json.webhook as { external_id: string }).external_id, r])
    )
    expect((byWebhook.get(first.externalId)!.json.app as { name: string }).name).toBe('Products')
    expect((byWebhook.get(second.externalId)!.json.app as { name: string }).name).toBe('Orders')
    expect(requests.every((r) => r.standardSignatureValid && r.hexSignatureValid)).toBe(true)
    const { app: _a, webhook: _w, ...rest } = requests[0].json
    const { app: _b, webhook: _x, ...other } = requests[1].json
    expect(rest).toEqual(other)
  })

  it('sends identical bytes on every retry and on redelivery, even after the app is renamed', async () => {
    const { harness, byKey } = await setup({ retrySchedule: [40], random: () => 0.5 })
    let answered = 0
    const receiver = await receiverWith((_request, _req, res) => {
      res.statusCode = answered++ === 0 ? 500 : 200
      res.end('ok')
    })
    const app = byKey('products')
    await hook(harness, receiver, app.id, ['brand.updated'])
    const brand = await harness.call('entities.create', { type: 'brand', data: { name: 'B' } })
    await harness.call('entities.update', { type: 'brand', id: brand.id, data: { name: 'C' } })
    await receiver.waitFor(1)
    await harness.call('apps.update', { id: app.id, name: 'Renamed after the event' })
    await receiver.waitFor(2)
    const logs = await harness.call('logs.list', { appId: app.id })
    await harness.call('logs.redeliver', { id: logs.items[0].id })
    const [a, b, c] = await receiver.waitFor(3)
    expect(b.body).toBe(a.body)
    expect(c.body).toBe(a.body)
    expect(new Set([a, b, c].map((r) => r.headers['webhook-id'])).size).toBe(1)
    expect((a.json.app as { name: string }).name).toBe('Products')
    expect([a, b, c].every((r) => r.standardSignatureValid)).toBe(true)
  })

  it('sends a delivery queued before the migration with exactly its stored bytes', async () => {
    const dataDir = tempDir()
    const before = await startCore({ dataDir, deliver: false, logError: () => {} })
    const receiver = await receiverWith()
    const [app] = await callOrThrow(before.call, 'apps.list', {})
    const created = await callOrThrow(before.call, 'webhooks.create', {
      appId: app.id,
      url: receiver.url,
      events: ['brand.created']
    })
    receiver.secrets.push(created.secret)
    await before.call('entities.create', { type: 'brand', data: { name: 'Old' } })
    await before.close()

    // Back to the schema where every outbox row carried its own body, with a body of its own.
    const db = createKnex(join(dataDir, 'pim.sqlite'))
    // Its outbox row is still in the event's list: downgrading writes it, as the old code needs.
    await db.migrate.down({ migrationSource, name: '202612060900_add_flow_controls' })
    await db.migrate.down({ migrationSource, name: '202612050800_add_event_fan_out' })
    await db.migrate.down({ migrationSource, name: '202612011000_add_delivery_events' })
    const [queued] = await db('deliveries').select('id', 'body')
    expect(JSON.parse(String(queued.body))).toMatchObject({ event: 'brand.created' })
    const legacy = '{"event":"brand.created","legacy":"exact bytes, \\u00e4"}'
    await db('deliveries').where({ id: queued.id }).update({ body: legacy })
    await db.destroy()

    const after = await startCore({ dataDir, logError: () => {} })
    try {
      const [request] = await receiver.waitFor(1)
      expect(request.body).toBe(legacy)
      expect(request.standardSignatureValid).toBe(true)
      await eventually(async () => {
        const row = await after.db('deliveries').where({ id: queued.id }).first('status')
        return row?.status === 'succeeded'
      })
    } finally {
      await after.close()
    }
  })
})
