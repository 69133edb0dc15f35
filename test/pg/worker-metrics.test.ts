import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, beforeAll, expect, it } from 'vitest'
import { startCore, type PimCore } from '../../src/main/core/pim-core'
import { eventually, tempDir } from '../support/core-harness'
import { repoRoot } from '../support/electron-bundle'
import { parseMetrics, samplesOf, valueOf } from '../support/metrics-text'
import { sharedPgCluster, type PgCluster } from '../support/pg-shared'
import { stopWorkerProcess } from '../support/worker-process'

let cluster: PgCluster
let app: PimCore | null = null
let worker: ChildProcess | null = null
beforeAll(async () => {
  cluster = await sharedPgCluster()
}, 60_000)
afterEach(async () => {
  if (worker) await stopWorkerProcess(worker, 'SIGKILL')
  await app?.close(0)
  worker = null
  app = null
})

/** `npm run worker -- --metrics-port 0` and the metrics URL it prints before it is at work. */
function startWorkerWithMetrics(database: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'out/main/worker.js'), '--database', database, '--metrics-port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  )
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output}`)), 20_000)
    const read = (chunk: Buffer): void => {
      output += chunk.toString()
      const url = /Metrics on (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(output)?.[1]
      if (url && output.includes('Indexed PIM delivery worker')) {
        clearTimeout(timer)
        resolve({ child, url })
      }
    }
    child.stdout?.on('data', read)
    child.stderr?.on('data', read)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`worker exited with ${code}:\n${output}`))
    })
  })
}

/**
 * A team-mode worker process on PostgreSQL counts the attempts it makes and reads the shared
 * outbox: here its one attempt is refused by team mode's private-network guard (the receiver
 * address is loopback), which is a failed attempt like any other.
 */
it('a worker process exposes what it attempted and what the database holds', async () => {
  const database = await cluster.createDatabase()
  // An app instance that does not deliver: every attempt is the worker's.
  app = await startCore({ database, dataDir: tempDir(), deliver: false, logError: () => {} })
  const call = async (method: string, input: unknown = {}) => {
    const result = await app!.call(method, input)
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
    return result.data as never
  }
  const [first]: Array<{ id: number }> = await call('apps.list')
  const webhook: { externalId: string } = await call('webhooks.create', {
    appId: first.id,
    url: 'http://127.0.0.1:9/hook',
    events: ['brand.created'],
    retrySchedule: []
  })
  const started = await startWorkerWithMetrics(database)
  worker = started.child
  await call('entities.create', { type: 'brand', data: { name: 'Guarded' } })

  const failure = { outcome: 'failure', event: 'brand.created', error_class: 'blocked_address' }
  const samples = await eventually(async () => {
    const answer = await fetch(started.url)
    expect(answer.status).toBe(200)
    const now = parseMetrics(await answer.text())
    return valueOf(now, 'pim_delivery_attempts_total', failure) === 1 && now
  }, 15_000)
  expect(
    valueOf(samples, 'pim_delivery_attempt_duration_seconds_count', { outcome: 'failure' })
  ).toBe(1)
  expect(valueOf(samples, 'pim_deliveries_waiting', { state: 'due' })).toBe(0)
  expect(valueOf(samples, 'pim_worker_attempts_in_flight')).toBe(0)
  // One state at 1 (which one depends on whether the verdict, kept 30 s, predates the attempt).
  const health = samplesOf(samples, 'pim_webhook_health', { webhook: webhook.externalId })
  expect(health.map((sample) => sample.value).sort()).toEqual([0, 0, 0, 0, 0, 1])

  // The app instance's own registry saw none of it: counters are per process.
  const own = parseMetrics((await app.metrics.scrape()).text)
  expect(valueOf(own, 'pim_delivery_attempts_total', failure)).toBeUndefined()
})
