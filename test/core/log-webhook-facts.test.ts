import { describe, expect, it } from 'vitest'
import type { LogSummaryDto } from '@shared/dto'
import { eventually, type Harness } from '../support/core-harness'
import { brand, rig } from '../support/fault-rig'
import { parseCsv } from '../support/parse-csv'
import { hook, receiverWith, setup } from '../support/semantics-rig'

async function exportCsv(harness: Harness, appId: number): Promise<Array<Record<string, string>>> {
  const input = await harness.core.logExport.prepareExport({ appId, format: 'csv' })
  let text = ''
  for await (const chunk of harness.core.logExport.exportChunks(input)) text += chunk
  const [header, ...records] = parseCsv(text)
  return records.map((record) => Object.fromEntries(header.map((name, i) => [name, record[i]])))
}

describe('what an attempt keeps of its webhook (issue 19)', () => {
  it('keeps the name of a deleted webhook, names it "(deleted)" in the export and refuses redelivery with the right reason', async () => {
    const { harness, byKey } = await setup()
    const receiver = await receiverWith()
    const products = byKey('products')
    const webhook = await hook(harness, receiver, products.id, ['brand.created'])
    await harness.call('webhooks.update', { id: webhook.id, name: 'Brand feed' })
    await harness.call('entities.create', { type: 'brand', data: { name: 'Kept' } })
    const [sent] = await eventually(async () => {
      const page = await harness.call('logs.list', { appId: products.id })
      return page.items.length === 1 ? page.items : undefined
    })
    expect(sent).toMatchObject({ webhookId: webhook.id, webhookName: 'Brand feed' })
    // Renamed later: the row keeps the name of its time, the export names the webhook as now.
    await harness.call('webhooks.update', { id: webhook.id, name: 'Brand feed v2' })
    expect((await harness.call('logs.get', { id: sent.id })).webhookName).toBe('Brand feed')
    expect((await exportCsv(harness, products.id))[0]).toMatchObject({
      webhook: webhook.externalId,
      webhook_name: 'Brand feed v2'
    })

    await harness.call('webhooks.bulk', { ids: [webhook.id], action: 'delete' })
    const [kept] = (await harness.call('logs.list', { appId: products.id })).items
    expect(kept).toMatchObject({ webhookId: null, webhookName: 'Brand feed', deliveryId: null })
    expect(await harness.call('logs.get', { id: sent.id })).toMatchObject({
      webhookName: 'Brand feed',
      test: false
    })
    expect((await exportCsv(harness, products.id))[0].webhook_name).toBe('Brand feed (deleted)')

    const refusal = harness.call('logs.redeliver', { id: sent.id })
    await expect(refusal).rejects.toThrow(/webhook was deleted/)
    await expect(refusal).rejects.not.toThrow(/test send/i)
  })

  it('still calls a test send a test send when refusing to redeliver it', async () => {
    const { harness, byKey } = await setup()
    const receiver = await receiverWith()
    const webhook = await hook(harness, receiver, byKey('orders').id, ['order.created'])
    const { log } = await harness.call('webhooks.test', { id: webhook.id })
    expect(log.webhookName).toBe(webhook.name)
    await expect(harness.call('logs.redeliver', { id: log.id })).rejects.toThrow(
      /Test sends cannot be redelivered/
    )
  })

  it('stores response headers, capped and strings only, and returns them with the attempt', async () => {
    const { harness, byKey } = await setup()
    const receiver = await receiverWith((_request, _req, res) => {
      res.setHeader('Retry-After', '120')
      res.setHeader('X-Request-Id', 'req-42')
      // A hostile receiver: far more headers, and far bigger, than a log should keep.
      for (let n = 0; n < 60; n++) res.setHeader(`X-Noise-${n}`, 'x'.repeat(150))
      res.statusCode = 503
      res.end('busy')
    })
    const app = byKey('inventory')
    const webhook = await hook(harness, receiver, app.id, ['inventory.updated'])
    const { log } = await harness.call('webhooks.test', { id: webhook.id })
    expect(log.responseStatus).toBe(503)
    const detail = await harness.call('logs.get', { id: log.id })
    expect(detail.responseHeaders).toMatchObject({ 'retry-after': '120', 'x-request-id': 'req-42' })
    const kept = Object.entries(detail.responseHeaders ?? {})
    expect(kept.length).toBeLessThanOrEqual(50)
    expect(kept.reduce((sum, [name, value]) => sum + name.length + value.length, 0)).toBeLessThan(
      8 * 1024
    )
    expect(detail.responseHeadersOmitted).toBeGreaterThan(0)
    expect(kept.every(([, value]) => typeof value === 'string')).toBe(true)
  })

  it('has no response headers for an attempt that got no answer', async () => {
    const { harness, byKey } = await setup()
    const receiver = await receiverWith((_request, req) => void req.socket.destroy())
    const webhook = await hook(harness, receiver, byKey('orders').id, ['order.created'])
    const { log } = await harness.call('webhooks.test', { id: webhook.id })
    expect(log.responseStatus).toBe(0)
    expect(log.responseHeaders).toBeNull()
  })
})

describe('the attempt that disabled its webhook says so', () => {
  it('notes 410 Gone on the attempt that switched the webhook off', async () => {
    const r = await rig((_request, _req, res) => {
      res.statusCode = 410
      res.end()
    })
    await brand(r.harness, 'gone')
    const [gone] = await r.attempts(1)
    const webhook = await eventually(async () => {
      const current = await r.harness.call('webhooks.get', { id: r.webhookId })
      return current.active ? undefined : current
    })
    const noted = await eventually(async () => {
      const [row] = (await r.harness.call('logs.list', { appId: r.appId })).items
      return row.disabledWebhook ? row : undefined
    })
    expect(noted.id).toBe(gone.id)
    expect(noted.disabledWebhook).toBe(webhook.disabledReason)
    expect((await r.detail(gone)).disabledWebhook).toContain('410 Gone')
  })

  it('notes only the failure that made the streak reach the auto-disable limit', async () => {
    const r = await rig(
      (_request, _req, res) => {
        res.statusCode = 500
        res.end()
      },
      { settings: { autoDisableAfterFailures: 3 } },
      []
    )
    const pushed: LogSummaryDto[] = []
    r.harness.core.onPush((event) => {
      if (event.type === 'log.created') pushed.push(event.log)
    })
    for (const name of ['one', 'two', 'three']) {
      await brand(r.harness, name)
      await r.attempts(['one', 'two', 'three'].indexOf(name) + 1)
    }
    await eventually(async () =>
      (await r.harness.call('webhooks.get', { id: r.webhookId })).active ? undefined : true
    )
    const attempts = await r.attempts(3)
    const notes = attempts.map((attempt) => attempt.disabledWebhook)
    expect(notes.slice(0, 2)).toEqual([null, null])
    expect(notes[2]).toContain('3 deliveries in a row failed every retry')
    // The live push of that attempt carries the note too, so an open log shows it at once.
    expect(pushed.find((log) => log.id === attempts[2].id)?.disabledWebhook).toBe(notes[2])
  })
})
