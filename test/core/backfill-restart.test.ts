import { join } from 'node:path'
import { rmSync } from 'node:fs'
import { afterEach, expect, it } from 'vitest'
import { eventually, startHarness, tempDir, type Harness } from '../support/core-harness'
import { startReceiver, type TestReceiver } from '../support/receiver'
import { backfillReaches, brandIdOf, bulkBrands, slowOk } from '../support/backfill-rig'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/**
 * A core stopped in the middle of a backfill (closed, as a quit does; a crash is the same for the
 * feeder, whose cursor commits with the rows it fed) and started again on the same data.
 */
it('goes on from its cursor after a restart: every record delivered, none fed twice', async () => {
  const dataDir = tempDir()
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
  const receiver: TestReceiver = await startReceiver(slowOk(10))
  cleanups.push(() => receiver.close())
  const first: Harness = await startHarness({ dataDir })
  let firstOpen = true
  cleanups.push(() => (firstOpen ? first.close() : undefined))
  const [app] = await first.call('apps.list')
  const webhook = await first.call('webhooks.create', {
    appId: app.id,
    url: receiver.url,
    events: ['brand.updated']
  })
  receiver.secrets.push(webhook.secret)
  const brands = await bulkBrands(first, 600)
  const { id } = await first.call('backfills.start', { webhookId: webhook.id, types: ['brand'] })
  await eventually(async () => receiver.requests.length >= 60)
  await first.close()
  firstOpen = false
  const before = await startHarness({
    dataDir,
    database: first.database ?? join(dataDir, 'pim.sqlite'),
    deliver: false
  })
  const halfway = await before.call('backfills.get', { id })
  await before.close()
  expect(halfway.state).toBe('running')
  expect(halfway.fed).toBeLessThan(600)

  const second = await startHarness({ dataDir, database: first.database })
  cleanups.push(() => second.close())
  const done = await backfillReaches(second, id, 'finished', 60_000)
  expect(done).toMatchObject({ total: 600, fed: 600, delivered: 600, failed: 0 })

  // No record missed.
  const received = receiver.requests
  expect([...new Set(received.map(brandIdOf))].sort((a, b) => a - b)).toEqual(brands)
  // No record fed twice: one message (webhook-id) per record. A message may arrive twice: the
  // attempts on the wire when the first core stopped finished without their outcome recorded
  // (at-least-once, as for any delivery), so at most the worker's rows in hand repeat.
  const messagesByRecord = new Map<number, Set<string>>()
  for (const request of received) {
    const messages = messagesByRecord.get(brandIdOf(request)) ?? new Set<string>()
    messages.add(String(request.headers['webhook-id']))
    messagesByRecord.set(brandIdOf(request), messages)
  }
  expect([...messagesByRecord.values()].every((messages) => messages.size === 1)).toBe(true)
  expect(received.length - 600).toBeLessThanOrEqual(2 * 8)
  expect(received.every((request) => request.standardSignatureValid)).toBe(true)
}, 120_000)
