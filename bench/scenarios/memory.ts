import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { expect } from 'vitest'
import { eventually, startHarness } from '../../test/support/core-harness'
import { withConcurrency } from '../support/numbers'
import { startReceiverProcess } from '../support/receiver-process'
import { record } from '../support/results'

const WEBHOOKS = 50
const SAVES = 2_000
const DELIVERIES = WEBHOOKS * SAVES

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

async function settledRss(): Promise<number> {
  for (let n = 0; n < 4; n++) {
    gc()
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return process.memoryUsage().rss
}

/**
 * 100,000 deliveries through a core in this process (the same `call` dispatcher the shells
 * use; in-process so the heap can be collected before reading resident memory), to a receiver
 * in its own process.
 */
export async function memoryScenario(): Promise<void> {
  const receiver = await startReceiverProcess()
  const harness = await startHarness()
  try {
    const appId = (await harness.call('apps.list'))[0].id
    for (let n = 0; n < WEBHOOKS; n++)
      await harness.call('webhooks.create', {
        appId,
        url: receiver.url,
        events: ['product.updated']
      })
    const product = await harness.call('entities.create', {
      type: 'product',
      data: { name: 'Memory', sku: 'MEM-1', price: 1 }
    })
    let price = 1
    const save = () =>
      harness.call('entities.update', { type: 'product', id: product.id, data: { price: ++price } })
    const outboxDone = () =>
      eventually(async () => {
        const [{ n }] = await harness.core
          .db('deliveries')
          .whereIn('status', ['pending', 'delivering'])
          .count({ n: '*' })
        return Number(n) === 0
      }, 900_000)
    for (let n = 0; n < 20; n++) await save() // warm-up: 1,000 deliveries
    await receiver.waitFor(20 * WEBHOOKS)
    await outboxDone()
    const before = await settledRss()

    const started = performance.now()
    await withConcurrency(Array.from({ length: SAVES }), 2, save)
    await receiver.waitFor(20 * WEBHOOKS + DELIVERIES, 900_000)
    await outboxDone()
    const seconds = (performance.now() - started) / 1000
    const after = await settledRss()
    const [{ n: logged }] = await harness.core.db('webhook_logs').count({ n: '*' })
    expect(Number(logged)).toBe(DELIVERIES + 20 * WEBHOOKS)
    console.log(`memory scenario: ${DELIVERIES} deliveries in ${seconds.toFixed(1)} s`)
    record('rss_growth_mb_100k', (after - before) / 1024 / 1024)
  } finally {
    await harness.close()
    await receiver.close()
  }
}
