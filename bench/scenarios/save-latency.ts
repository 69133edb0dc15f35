import { percentile, timeEach } from '../support/numbers'
import { startReceiverProcess } from '../support/receiver-process'
import { record } from '../support/results'
import { startBenchShell, stopBenchShell } from '../support/shell'

const SAVES = 300
const WEBHOOKS = 50

/**
 * Product updates through the headless shell's API, one after the other: first with no webhook
 * listening, then with 50 active webhooks on product.updated, whose 15,000 deliveries flow to a
 * receiver process while the saves are timed.
 */
export async function saveLatencyScenario(): Promise<void> {
  const receiver = await startReceiverProcess()
  const shell = await startBenchShell()
  try {
    const appId = (await shell.call('apps.list', {}))[0].id
    const product = await shell.call('entities.create', {
      type: 'product',
      data: { name: 'Latency', sku: 'LAT-1', price: 1 }
    })
    let price = 1
    const save = () =>
      shell.call('entities.update', { type: 'product', id: product.id, data: { price: ++price } })
    await timeEach(30, save) // warm-up
    const alone = await timeEach(SAVES, save)
    for (let n = 0; n < WEBHOOKS; n++)
      await shell.call('webhooks.create', {
        appId,
        name: `Listener ${n}`,
        url: receiver.url,
        events: ['product.updated']
      })
    await timeEach(10, save)
    const busy = await timeEach(SAVES, save)
    const p50Alone = percentile(alone, 0.5)
    const p50Busy = percentile(busy, 0.5)
    record('save_p50_ms_0_hooks', p50Alone)
    record('save_p50_ms_50_hooks', p50Busy)
    record('save_overhead_ratio', p50Busy / p50Alone)
    record('save_p95_ms_50_hooks', percentile(busy, 0.95))
  } finally {
    await stopBenchShell(shell)
    await receiver.close()
  }
}
