import { expect } from 'vitest'
import { withConcurrency } from '../support/numbers'
import { startReceiverProcess } from '../support/receiver-process'
import { record } from '../support/results'
import type { ShellProcess } from '../../test/support/shell-process'
import { startBenchShell, stopBenchShell } from '../support/shell'

const PRODUCTS = 2_000
const WEBHOOKS = 10
/** Parallel API calls, as an operator's script or import would make them. */
const SAVE_LANES = 4

/** Wall time of creating `PRODUCTS` products through the API, `SAVE_LANES` calls at a time. */
async function createProducts(shell: ShellProcess, label: string): Promise<number> {
  const started = performance.now()
  await withConcurrency(Array.from({ length: PRODUCTS }), SAVE_LANES, (_item, n) =>
    shell.call('entities.create', {
      type: 'product',
      data: { name: `${label} ${n}`, sku: `${label}-${n}`, price: 10 }
    })
  )
  return performance.now() - started
}

/**
 * Saves that do not wait for delivery: 2,000 product creates through the headless shell's API
 * with no webhook, then 2,000 more with 10 webhooks on product.created whose 20,000 deliveries
 * flow to a receiver process while the creates run (and are all delivered afterwards).
 */
export async function bulkSaveScenario(): Promise<void> {
  const receiver = await startReceiverProcess()
  const shell = await startBenchShell()
  try {
    const appId = (await shell.call('apps.list', {}))[0].id
    await createProducts(shell, 'WARM') // the same warm-up for both rounds
    const alone = await createProducts(shell, 'ALONE')
    for (let n = 0; n < WEBHOOKS; n++)
      await shell.call('webhooks.create', {
        appId,
        name: `Bulk ${n}`,
        url: receiver.url,
        events: ['product.created']
      })
    await receiver.reset()
    const busy = await createProducts(shell, 'BUSY')
    await receiver.waitFor(PRODUCTS * WEBHOOKS)
    expect(await receiver.count()).toBe(PRODUCTS * WEBHOOKS)
    record('bulk_save_ms_0_hooks', alone)
    record('bulk_save_ms_10_hooks', busy)
    record('bulk_save_ratio', busy / alone)
  } finally {
    await stopBenchShell(shell)
    await receiver.close()
  }
}
