import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { expect } from 'vitest'
import { sleep, withConcurrency } from '../support/numbers'
import { startReceiverProcess } from '../support/receiver-process'
import { rawGot, rawHttp } from '../support/bare-loops'
import { record } from '../support/results'
import {
  connectionStats,
  processCpuMs,
  startBenchShell,
  stopBenchShell,
  threadCpuMs,
  type ConnectionStats
} from '../support/shell'

const WEBHOOKS = 10
const PRODUCTS = 2_000
const DELIVERIES = WEBHOOKS * PRODUCTS
/** Parallel API calls of the operator's bulk edit. */
const SAVE_LANES = 4

/**
 * The operator bulk-edits the price of 2,000 products (4 API calls at a time) with 10 webhooks
 * on product.updated: 20,000 deliveries from the saves to the last log row, through the headless
 * shell. Then bare got and bare node:http loops send exactly the bodies and headers the receiver
 * got, with the worker's concurrency, to the same receiver process.
 */
export async function throughputScenario(): Promise<void> {
  const receiver = await startReceiverProcess()
  const statsFile = join(mkdtempSync(join(tmpdir(), 'pim-bench-connection-')), 'stats.json')
  const shell = await startBenchShell({ connectionStats: statsFile })
  try {
    const appId = (await shell.call('apps.list', {}))[0].id
    for (let n = 0; n < WEBHOOKS; n++)
      await shell.call('webhooks.create', {
        appId,
        name: `Bulk ${n}`,
        url: receiver.url,
        events: ['product.updated']
      })
    const ids: number[] = []
    await withConcurrency(Array.from({ length: PRODUCTS }), SAVE_LANES, async (_item, n) => {
      const product = await shell.call('entities.create', {
        type: 'product',
        data: { name: `Bulk ${n}`, sku: `BULK-${n}`, price: 10 }
      })
      ids.push(product.id)
    })
    await receiver.reset(true)

    const connectionBefore = await connectionStats(statsFile)
    const cpuBefore = processCpuMs(shell.child.pid)
    const threadsBefore = threadCpuMs(shell.child.pid)
    const started = performance.now()
    await withConcurrency(ids, SAVE_LANES, (id) =>
      shell.call('entities.update', { type: 'product', id, data: { price: 12.5 } })
    )
    await receiver.waitFor(DELIVERIES)
    for (;;) {
      const stats = await shell.call('stats.deliveries', { appId, hours: 1 })
      if (stats.succeeded + stats.failed >= DELIVERIES) {
        expect(stats.failed).toBe(0)
        break
      }
      await sleep(50)
    }
    const pipeline = DELIVERIES / ((performance.now() - started) / 1000)
    const cpuAfter = processCpuMs(shell.child.pid)
    const threadsAfter = threadCpuMs(shell.child.pid)
    recordConnectionUse(connectionBefore, await connectionStats(statsFile))

    const sent = await receiver.recorded()
    expect(sent).toHaveLength(DELIVERIES)
    await receiver.reset()
    const { rate: gotRate, cpuMs: gotCpuMs } = await rawGot(receiver.url, sent)
    const httpRate = await rawHttp(receiver.url, sent)
    expect(await receiver.count()).toBe(2 * DELIVERIES)

    record('throughput_pipeline_per_s', pipeline)
    record('throughput_raw_got_per_s', gotRate)
    record('throughput_ratio', pipeline / gotRate)
    record('throughput_raw_http_per_s', httpRate)
    // CPU per message does not depend on what else the machine runs: the profile's yardstick.
    record('throughput_raw_got_cpu_ms_per_request', gotCpuMs / DELIVERIES)
    if (cpuBefore !== null && cpuAfter !== null) {
      const pipelineCpuMs = (cpuAfter - cpuBefore) / DELIVERIES
      record('throughput_pipeline_cpu_ms_per_delivery', pipelineCpuMs)
      record('cpu_per_delivery_ratio', pipelineCpuMs / (gotCpuMs / DELIVERIES))
    }
    // Where that CPU went: the event loop (the one thread the database work and API share) and the
    // others (transport thread, libuv's pool running SQLite, GC helpers).
    for (const [thread, ms] of Object.entries(threadsAfter))
      console.log(
        `shell thread ${thread}: ${((ms - (threadsBefore[thread] ?? 0)) / DELIVERIES).toFixed(3)} ms/delivery`
      )
    if ('main' in threadsAfter)
      record(
        'throughput_main_thread_cpu_ms_per_delivery',
        (threadsAfter.main - (threadsBefore.main ?? 0)) / DELIVERIES
      )
  } finally {
    await stopBenchShell(shell)
    await receiver.close()
    rmSync(dirname(statsFile), { recursive: true, force: true })
  }
}

/**
 * How the one SQLite connection was used while the 20,000 deliveries went through: the share of
 * the time it was held, and what saves and the worker's group commits each held it for.
 */
function recordConnectionUse(before: ConnectionStats, after: ConnectionStats): void {
  const delta = (kind: string) => {
    const [from, to] = [before.transactions[kind], after.transactions[kind]]
    const count = (to?.count ?? 0) - (from?.count ?? 0)
    return {
      count,
      heldMs: ((to?.heldMs ?? 0) - (from?.heldMs ?? 0)) / Math.max(count, 1),
      inDriverMs: ((to?.inDriverMs ?? 0) - (from?.inDriverMs ?? 0)) / Math.max(count, 1),
      statements: ((to?.statements ?? 0) - (from?.statements ?? 0)) / Math.max(count, 1)
    }
  }
  const busy = after.busyMs - before.busyMs
  const save = delta('save')
  const worker = delta('worker')
  record('throughput_connection_busy_ratio', busy / (after.at - before.at))
  record('throughput_connection_ms_per_delivery', busy / DELIVERIES)
  record('throughput_save_tx_ms', save.heldMs)
  record('throughput_save_tx_in_driver_ms', save.inDriverMs)
  record('throughput_save_statements', save.statements)
  record('throughput_worker_groups', worker.count)
  record('throughput_worker_group_tx_ms', worker.heldMs)
  record('throughput_worker_group_tx_in_driver_ms', worker.inDriverMs)
  record('throughput_worker_group_statements', worker.statements)
}
