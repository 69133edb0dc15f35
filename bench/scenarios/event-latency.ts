import got from 'got'
import { Agent } from 'node:http'
import { startShell } from '../../test/support/shell-process'
import { percentile, sleep } from '../support/numbers'
import { record } from '../support/results'
import { timingReceiver } from '../support/timing-receiver'

const RUNS = 300
const PAUSE_MS = 15

/**
 * At low load (one save at a time, a pause between): from the product save returning to the
 * receiver having the webhook, against a bare got POST of a body of the same size from starting
 * it to the receiver having it.
 */
export async function eventLatencyScenario(): Promise<void> {
  const receiver = await timingReceiver()
  const shell = await startShell()
  try {
    const appId = (await shell.call('apps.list', {}))[0].id
    await shell.call('webhooks.create', { appId, url: receiver.url, events: ['product.updated'] })
    const product = await shell.call('entities.create', {
      type: 'product',
      data: { name: 'Latency', sku: 'LAT-1', price: 1 }
    })
    const pipeline: number[] = []
    for (let n = 0; n < RUNS + 20; n++) {
      await shell.call('entities.update', { type: 'product', id: product.id, data: { price: n } })
      const returned = performance.now()
      const arrived = await receiver.arrival(n)
      if (n >= 20) pipeline.push(Math.max(0, arrived - returned))
      await sleep(PAUSE_MS)
    }

    const body = JSON.stringify({ event: 'product.updated', padding: 'x'.repeat(600) })
    const agent = { http: new Agent({ keepAlive: true }) }
    const raw: number[] = []
    const offset = receiver.arrivals.length
    for (let n = 0; n < RUNS + 20; n++) {
      const started = performance.now()
      await got.post(receiver.url, {
        body,
        headers: { 'content-type': 'application/json' },
        agent,
        retry: { limit: 0 }
      })
      const arrived = await receiver.arrival(offset + n)
      if (n >= 20) raw.push(arrived - started)
      await sleep(PAUSE_MS)
    }
    agent.http.destroy()
    record('latency_event_to_delivery_p50_ms', percentile(pipeline, 0.5))
    record('latency_event_to_delivery_p99_ms', percentile(pipeline, 0.99))
    record('latency_raw_post_p99_ms', percentile(raw, 0.99))
    record('latency_ratio_p99', percentile(pipeline, 0.99) / percentile(raw, 0.99))
  } finally {
    shell.kill('SIGKILL')
    await shell.waitForExit()
    await receiver.close()
  }
}
