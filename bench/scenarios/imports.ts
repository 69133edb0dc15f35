import { Readable } from 'node:stream'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { expect } from 'vitest'
import type { ImportJobDto } from '@shared/imports'
import { startHarness, type Harness } from '../../test/support/core-harness'
import type { ShellProcess } from '../../test/support/shell-process'
import { sleep } from '../support/numbers'
import { startReceiverProcess } from '../support/receiver-process'
import { record } from '../support/results'
import { startBenchShell, stopBenchShell } from '../support/shell'

const ROWS = 20_000
const WEBHOOKS = 10
const RSS_ROWS = 100_000
const MAPPING = { externalId: 'externalId', name: 'name', sku: 'sku', price: 'price' }

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

async function settledRss(): Promise<number> {
  for (let n = 0; n < 4; n++) {
    gc()
    await sleep(100)
  }
  return process.memoryUsage().rss
}

/** A products CSV of `count` new rows, made as it is read (the bench never holds it whole). */
function* productsCsv(label: string, count: number): Generator<string> {
  yield 'externalId,name,sku,price\r\n'
  const chunk: string[] = []
  for (let n = 0; n < count; n++) {
    chunk.push(`prod_${label}_${n},"${label} product ${n}",${label}-${n},${(n % 500) + 0.99}\r\n`)
    if (chunk.length === 1_000) yield chunk.splice(0).join('')
  }
  if (chunk.length > 0) yield chunk.join('')
}

/** The browser's path: the file streamed to the upload route, then `imports.start`. */
async function uploadCsv(shell: ShellProcess, label: string, count: number): Promise<string> {
  const response = await fetch(
    `${shell.baseUrl}/api/imports/upload?name=${encodeURIComponent(`${label}.csv`)}`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${shell.token}`, 'content-type': 'text/csv' },
      body: Readable.toWeb(Readable.from(productsCsv(label, count))) as ReadableStream,
      duplex: 'half'
    } as RequestInit
  )
  const answer = (await response.json()) as { ok: boolean; data: { uploadId: string } }
  expect(answer.ok).toBe(true)
  return answer.data.uploadId
}

async function shellImport(shell: ShellProcess, label: string, count: number): Promise<number> {
  const started = performance.now()
  const uploadId = await uploadCsv(shell, label, count)
  let job: ImportJobDto = await shell.call('imports.start', {
    uploadId,
    type: 'product',
    mapping: MAPPING
  })
  while (job.state === 'running') {
    await sleep(50)
    job = await shell.call('imports.get', { jobId: job.id })
  }
  const ms = performance.now() - started
  expect(job).toMatchObject({ state: 'finished', created: count, refused: 0 })
  return ms
}

/**
 * 20,000 new products imported from a CSV through the headless shell as the UI does it (upload
 * route, then `imports.start`), with no webhook, then 20,000 more with 10 webhooks on
 * product.created whose 200,000 deliveries flow to a receiver process meanwhile.
 */
export async function importScenario(): Promise<void> {
  const receiver = await startReceiverProcess()
  const shell = await startBenchShell()
  try {
    const appId = (await shell.call('apps.list', {}))[0].id
    await shellImport(shell, 'WARM', 2_000)
    const alone = await shellImport(shell, 'ALONE', ROWS)
    for (let n = 0; n < WEBHOOKS; n++)
      await shell.call('webhooks.create', {
        appId,
        name: `Import ${n}`,
        url: receiver.url,
        events: ['product.created']
      })
    await receiver.reset()
    const busy = await shellImport(shell, 'BUSY', ROWS)
    await receiver.waitFor(ROWS * WEBHOOKS, 900_000)
    expect(await receiver.count()).toBe(ROWS * WEBHOOKS)
    record('import_rows_per_s', ROWS / (alone / 1000))
    record('import_ms_0_hooks', alone)
    record('import_ms_10_hooks', busy)
    record('import_ratio_10_hooks', busy / alone)
  } finally {
    await stopBenchShell(shell)
    await receiver.close()
  }
}

async function harnessImport(harness: Harness, label: string, count: number) {
  const upload = await harness.core.imports.stage(
    Readable.from(productsCsv(label, count)),
    `${label}.csv`
  )
  let job = await harness.call('imports.start', {
    uploadId: upload.uploadId,
    type: 'product',
    mapping: MAPPING
  })
  while (job.state === 'running') {
    await sleep(100)
    job = await harness.call('imports.get', { jobId: job.id })
  }
  expect(job).toMatchObject({ state: 'finished', created: count, refused: 0 })
}

/**
 * Resident memory over a 100,000-row import, in this process (so the heap can be collected before
 * reading it), into a SQLite file: after a 5,000-row warm-up, settled before and after.
 */
export async function importMemoryScenario(): Promise<void> {
  const harness = await startHarness()
  try {
    await harnessImport(harness, 'WARM', 5_000)
    const before = await settledRss()
    await harnessImport(harness, 'BIG', RSS_ROWS)
    const after = await settledRss()
    record('import_rss_growth_mb_100k', (after - before) / 1024 / 1024)
  } finally {
    await harness.close()
  }
}
