import type { ChildProcess } from 'node:child_process'
import { expect } from 'vitest'
import { startPgCluster } from '../../test/support/pg-cluster'
import { startShell } from '../../test/support/shell-process'
import { startWorkerProcess, stopWorkerProcess } from '../../test/support/worker-process'
import { withConcurrency } from '../support/numbers'
import { startReceiverProcess, type ReceiverProcess } from '../support/receiver-process'
import { record } from '../support/results'

const WEBHOOKS = 10
const EVENTS = 1_000
const DELIVERIES = WEBHOOKS * EVENTS
const SAVE_LANES = 4

/**
 * Team mode: one API instance that does not deliver and N `npm run worker` processes on one
 * throwaway PostgreSQL; 1,000 saves with 10 webhooks each (10,000 deliveries) from the first save
 * to the last request at the receiver. Every process shares this machine's cores.
 */
async function drainWith(workerCount: number, receiver: ReceiverProcess): Promise<number> {
  const cluster = await startPgCluster()
  const database = await cluster.createDatabase()
  const api = await startShell({ serveArgs: ['--database', database, '--no-deliver'] })
  const workers: ChildProcess[] = []
  try {
    // Team mode's guard is on; stored before the workers start, which read settings then.
    await api.call('settings.update', { privateNetworkAllowList: ['127.0.0.1/32'] })
    const appId = (await api.call('apps.list', {}))[0].id
    for (let n = 0; n < WEBHOOKS; n++)
      await api.call('webhooks.create', {
        appId,
        url: receiver.url,
        events: ['brand.created']
      })
    for (let n = 0; n < workerCount; n++) workers.push(await startWorkerProcess(database))
    await receiver.reset()
    const started = performance.now()
    await withConcurrency(Array.from({ length: EVENTS }), SAVE_LANES, (_item, n) =>
      api.call('entities.create', { type: 'brand', data: { name: `Team ${n}` } })
    )
    await receiver.waitFor(DELIVERIES, 300_000)
    const rate = DELIVERIES / ((performance.now() - started) / 1000)
    expect(await receiver.count()).toBeGreaterThanOrEqual(DELIVERIES)
    return rate
  } finally {
    await Promise.all(workers.map((worker) => stopWorkerProcess(worker)))
    api.kill('SIGTERM')
    await api.waitForExit()
    await cluster.stop()
  }
}

export async function pgWorkersScenario(): Promise<void> {
  const receiver = await startReceiverProcess()
  try {
    const one = await drainWith(1, receiver)
    record('pg_throughput_1_worker_per_s', one)
    const three = await drainWith(3, receiver)
    record('pg_throughput_3_workers_per_s', three)
    record('pg_workers_ratio', three / one)
  } finally {
    await receiver.close()
  }
}
