import { afterAll, beforeAll, expect, it } from 'vitest'
import { startCore, type PimCore } from '../../src/main/core/pim-core'
import { tempDir } from '../support/core-harness'
import { sharedPgCluster, type PgCluster } from '../support/pg-shared'
import { startReceiver, type TestReceiver } from '../support/receiver'

/**
 * Flow controls hold across processes: two delivery workers (two cores, each with its own pool)
 * share one PostgreSQL outbox. A rate limit and an in-flight limit count both workers' requests,
 * and one record's changes still go one at a time in the order of the saves.
 */
let cluster: PgCluster
let receiver: TestReceiver
let onWire = 0
let mostOnWire = 0
const onWireByRecord = new Map<string, number>()
let mostOnWireForOneRecord = 0
beforeAll(async () => {
  cluster = await sharedPgCluster()
  receiver = await startReceiver(async (request, _req, res) => {
    const record = String((request.json.brand as { id: number }).id)
    onWire += 1
    onWireByRecord.set(record, (onWireByRecord.get(record) ?? 0) + 1)
    mostOnWire = Math.max(mostOnWire, onWire)
    mostOnWireForOneRecord = Math.max(mostOnWireForOneRecord, onWireByRecord.get(record)!)
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.floor(Math.random() * 15)))
    onWire -= 1
    onWireByRecord.set(record, onWireByRecord.get(record)! - 1)
    res.end()
  })
}, 60_000)
afterAll(async () => {
  await receiver?.close()
})

it('honours one webhook rate limit, in-flight limit and per-record order across two workers', async () => {
  const database = await cluster.createDatabase()
  const options = {
    database,
    logError: () => {},
    settings: { privateNetworkAllowList: ['127.0.0.1/32'] }
  }
  const workers: PimCore[] = [
    await startCore({ ...options, dataDir: tempDir() }),
    await startCore({ ...options, dataDir: tempDir() })
  ]
  const callOn = async (worker: PimCore, method: string, input: unknown = {}) => {
    const result = await worker.call(method, input)
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
    return result.data as never
  }
  try {
    const [app]: Array<{ id: number }> = await callOn(workers[0], 'apps.list')
    const webhook: { id: number; secret: string } = await callOn(workers[0], 'webhooks.create', {
      appId: app.id,
      url: receiver.url,
      events: ['brand.created', 'brand.updated'],
      ratePerSecond: 20,
      maxInFlight: 1,
      orderedPerRecord: true
    })
    receiver.secrets.push(webhook.secret)
    const records: Array<{ id: number }> = []
    for (let n = 0; n < 4; n++)
      records.push(
        await callOn(workers[n % 2], 'entities.create', {
          type: 'brand',
          data: { name: `R${n}-0` }
        })
      )
    // Both workers' saves change each record five times, interleaved.
    for (let step = 1; step <= 5; step++)
      await Promise.all(
        records.map((record, n) =>
          callOn(workers[(n + step) % 2], 'entities.update', {
            type: 'brand',
            id: record.id,
            data: { name: `R${n}-${step}` }
          })
        )
      )
    const total = records.length * 6
    await receiver.waitFor(total, 30_000)
    expect(receiver.requests.every((request) => request.standardSignatureValid)).toBe(true)
    expect(mostOnWire).toBe(1)
    expect(mostOnWireForOneRecord).toBe(1)
    // 20 per second, one request every 50 ms, across both workers: no second holds more than 21
    // of them (one of slack for the loopback's jitter; unlimited, all 24 would come at once).
    const times = receiver.requests.map((request) => request.receivedAt).sort((a, b) => a - b)
    for (let start = 0; start + 21 < times.length; start++)
      expect(times[start + 21] - times[start]).toBeGreaterThanOrEqual(1_000)
    for (const [n] of records.entries()) {
      const seen = receiver.requests
        .map((request) => (request.json.brand as { name: string }).name)
        .filter((name) => name.startsWith(`R${n}-`))
      expect(seen).toEqual([0, 1, 2, 3, 4, 5].map((step) => `R${n}-${step}`))
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.close()))
  }
}, 120_000)
