import type { ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, expect, it } from 'vitest'
import pg from 'pg'
import { sharedPgCluster, type PgCluster } from '../support/pg-shared'
import { startReceiver, type TestReceiver } from '../support/receiver'
import { startShell } from '../support/shell-process'
import { startWorkerProcess } from '../support/worker-process'
import { PREFETCH_ROUNDS } from '../../src/main/core/delivery/delivery-worker'
import { DEFAULT_CONCURRENCY } from '../../src/main/core/pim-core'

/**
 * Team mode under fire: one API instance (not delivering) and three `npm run worker` processes on
 * one PostgreSQL; a burst of 2,000 events; two workers SIGKILLed at random moments mid-drain.
 */
const EVENTS = 2_000
let cluster: PgCluster
let receiver: TestReceiver
const workers: ChildProcess[] = []

beforeAll(async () => {
  cluster = await sharedPgCluster()
  // A little latency keeps attempts on the wire when a worker dies.
  receiver = await startReceiver((_request, _req, res) => {
    setTimeout(() => res.end('ok'), 2 + Math.random() * 8)
  })
}, 60_000)
afterAll(async () => {
  for (const worker of workers) worker.kill('SIGKILL')
  await receiver?.close()
})

const distinctIds = () => new Set(receiver.requests.map((r) => String(r.headers['webhook-id'])))

it('delivers every event at least once when two of three workers are killed mid-drain', async () => {
  const database = await cluster.createDatabase()
  const api = await startShell({ serveArgs: ['--database', database, '--no-deliver'] })
  // Team mode's guard is on: the loopback receiver is allowed before the workers read settings.
  await api.call('settings.update', { privateNetworkAllowList: ['127.0.0.1/32'] })
  const pool = await Promise.all([1, 2, 3].map(() => startWorkerProcess(database)))
  workers.push(...pool)
  const [app] = await api.call('apps.list', {})
  const webhook = await api.call('webhooks.create', {
    appId: app.id,
    url: receiver.url,
    events: ['brand.created']
  })
  receiver.secrets.push(webhook.secret)
  // Killed workers' leases run out after the total timeout plus 30 s.
  await api.call('settings.update', { totalTimeoutMs: 2_000 })

  const killAt = [200 + Math.floor(Math.random() * 500), 800 + Math.floor(Math.random() * 600)]
  const burst = (async () => {
    for (let n = 0; n < EVENTS; n++)
      await api.call('entities.create', { type: 'brand', data: { name: `Burst ${n}` } })
  })()
  const killed: Array<{ at: number; pid: number | undefined }> = []
  for (const [index, at] of killAt.entries()) {
    // Only a bound on a hang: with other suites running beside it the drain can be slow.
    await receiver.waitFor(at, 120_000)
    pool[index].kill('SIGKILL')
    killed.push({ at: receiver.requests.length, pid: pool[index].pid })
  }
  await burst

  await expect.poll(() => distinctIds().size, { timeout: 90_000, interval: 500 }).toBe(EVENTS)
  const duplicatesNow = () => receiver.requests.length - EVENTS
  expect(pool[2].exitCode).toBeNull() // the survivor is still at work

  // Nothing stuck: every delivery ended as succeeded, none left pending or leased.
  const client = new pg.Client({ connectionString: database })
  await client.connect()
  try {
    await expect
      .poll(
        async () =>
          (
            await client.query<{ status: string; count: string }>(
              'SELECT status, count(*) FROM deliveries GROUP BY status'
            )
          ).rows.map((row) => [row.status, Number(row.count)]),
        // The killed workers' last leases run out (2 s + 30 s) before the survivor retakes them.
        { timeout: 60_000, interval: 1_000 }
      )
      .toEqual([['succeeded', EVENTS]])
  } finally {
    await client.end()
  }
  // Only attempts the killed workers had leased can come twice: at most the rows each held
  // (PREFETCH_ROUNDS per slot), and each repeat carries its delivery's webhook-id.
  const duplicates = duplicatesNow()
  expect(duplicates).toBeLessThanOrEqual(2 * PREFETCH_ROUNDS.postgres * DEFAULT_CONCURRENCY)
  expect(receiver.requests.every((r) => r.standardSignatureValid && r.hexSignatureValid)).toBe(true)
  console.log(
    `worker crash test: ${EVENTS} events, ${receiver.requests.length} requests, ` +
      `${duplicates} duplicates; workers killed after ${killed.map((k) => k.at).join(' and ')} requests`
  )
}, 300_000)
