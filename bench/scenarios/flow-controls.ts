import { expect } from 'vitest'
import { withConcurrency } from '../support/numbers'
import { startReceiverProcess, type ReceiverProcess } from '../support/receiver-process'
import { record } from '../support/results'
import type { ShellProcess } from '../../test/support/shell-process'
import { startBenchShell, stopBenchShell } from '../support/shell'

const WEBHOOKS = 10
const PRODUCTS = 1_000
const DELIVERIES = WEBHOOKS * PRODUCTS
const SAVE_LANES = 4
/** Far above what one machine drains per webhook: the limit's bookkeeping, not its pace. */
const HIGH_RATE = 1_000

/** Deliveries/s from the first update to the last delivery of `PRODUCTS` updates. */
async function drainRate(
  shell: ShellProcess,
  receiver: ReceiverProcess,
  ids: number[],
  price: number
): Promise<number> {
  await receiver.reset()
  const started = performance.now()
  await withConcurrency(ids, SAVE_LANES, (id) =>
    shell.call('entities.update', { type: 'product', id, data: { price } })
  )
  await receiver.waitFor(DELIVERIES)
  const rate = DELIVERIES / ((performance.now() - started) / 1000)
  expect(await receiver.count()).toBe(DELIVERIES)
  return rate
}

/**
 * What flow controls cost at full throughput: 1,000 product updates with 10 webhooks (10,000
 * deliveries) drained as they are, then with every webhook ordered per record, then with every
 * webhook rate-limited far above its pace. Each round updates every product once, so ordering
 * never has to wait for an earlier change: what it costs is the check itself.
 */
export async function flowControlsScenario(): Promise<void> {
  const receiver = await startReceiverProcess()
  const shell = await startBenchShell()
  try {
    const appId = (await shell.call('apps.list', {}))[0].id
    const webhooks: Array<{ id: number }> = []
    for (let n = 0; n < WEBHOOKS; n++)
      webhooks.push(
        await shell.call('webhooks.create', {
          appId,
          name: `Flow ${n}`,
          url: receiver.url,
          events: ['product.updated']
        })
      )
    const ids: number[] = []
    await withConcurrency(Array.from({ length: PRODUCTS }), SAVE_LANES, async (_item, n) => {
      const product = await shell.call('entities.create', {
        type: 'product',
        data: { name: `Flow ${n}`, sku: `FLOW-${n}`, price: 10 }
      })
      ids.push(product.id)
    })
    await drainRate(shell, receiver, ids, 11) // warm-up
    const plain = await drainRate(shell, receiver, ids, 12)
    const setAll = (controls: Record<string, unknown>) =>
      Promise.all(webhooks.map(({ id }) => shell.call('webhooks.update', { id, ...controls })))
    await setAll({ orderedPerRecord: true })
    const ordered = await drainRate(shell, receiver, ids, 13)
    await setAll({ orderedPerRecord: false, ratePerSecond: HIGH_RATE })
    const limited = await drainRate(shell, receiver, ids, 14)
    record('flow_plain_per_s', plain)
    record('flow_ordered_per_s', ordered)
    record('flow_ordered_ratio', ordered / plain)
    record('flow_rate_limited_per_s', limited)
    record('flow_rate_limited_ratio', limited / plain)
  } finally {
    await stopBenchShell(shell)
    await receiver.close()
  }
}
