import { readFileSync, rmSync } from 'node:fs'
import { get } from 'node:http'
import type { IncomingMessage } from 'node:http'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { LogExportInput } from '@shared/api-contract'
import { exportRowCounter } from '@shared/log-export'
import { createKnex } from '../../src/main/core/db/knex-factory'
import { DATABASE_FILE } from '../../src/main/core/pim-core'
import { tempDir } from '../../test/support/core-harness'
import { startShell, type ShellProcess } from '../../test/support/shell-process'
import { createIdleWebhooks, insertGeneratedLog } from '../support/generated-log'
import { sleep } from '../support/numbers'
import { record } from '../support/results'

const BIG = 1_000_000
const SMALL = 10_000
const MIDDLE = 100_000
const RSS_SAMPLE_MS = 20
/** The slow client reads at this share of the rate the shell managed for a fast one. */
const SLOW_SHARE = 1 / 3

/** Resident memory of a process in bytes (Linux `/proc/<pid>/status`, VmRSS in kB). */
function rssOf(pid: number): number {
  const line = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  if (!line) throw new Error(`no VmRSS for process ${pid}`)
  return Number(line[1]) * 1024
}

async function ticketFor(shell: ShellProcess, input: LogExportInput): Promise<string> {
  const answer = await shell.post('export/ticket', input)
  if (!answer.body.ok) throw new Error(`export ticket refused: ${answer.body.error.message}`)
  return (answer.body.data as { ticket: string }).ticket
}

interface Download {
  rows: number
  bytes: number
  seconds: number
  /** Peak resident memory of the shell during the download minus just before it, in MB. */
  rssGrowthMb: number
}

/**
 * Downloads an export through the shell's HTTP route as a client would, counting its rows. With
 * `bytesPerSecond` the client reads no faster than that: the stream pauses between chunks, the
 * socket fills, and the shell has to wait (backpressure) instead of reading the log ahead.
 */
async function download(
  shell: ShellProcess,
  input: LogExportInput,
  bytesPerSecond: number | null
): Promise<Download> {
  const pid = shell.child.pid!
  const ticket = await ticketFor(shell, input)
  const before = rssOf(pid)
  let peak = before
  const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), RSS_SAMPLE_MS)
  const started = performance.now()
  try {
    const response = await new Promise<IncomingMessage>((resolve, reject) =>
      get(`${shell.baseUrl}/api/export?ticket=${ticket}`, resolve).on('error', reject)
    )
    expect(response.statusCode).toBe(200)
    const counter = exportRowCounter(input.format)
    let rows = 0
    let bytes = 0
    for await (const chunk of response as AsyncIterable<Buffer>) {
      bytes += chunk.length
      rows = counter.add(chunk)
      if (bytesPerSecond === null) continue
      const due = started + (bytes / bytesPerSecond) * 1000
      const wait = due - performance.now()
      if (wait > 0) await sleep(wait)
    }
    const seconds = (performance.now() - started) / 1000
    peak = Math.max(peak, rssOf(pid))
    return { rows, bytes, seconds, rssGrowthMb: (peak - before) / 1024 / 1024 }
  } finally {
    clearInterval(sampler)
  }
}

/**
 * A fresh shell on the seeded data, warmed up by a one-row export (modules loaded, statements
 * prepared), so each measured download starts from the same state.
 */
async function freshShell(dataDir: string, appId: number): Promise<ShellProcess> {
  const shell = await startShell({ dataDir })
  const warm = await download(shell, { appId, format: 'csv', messageId: 'msg_bench1' }, null)
  expect(warm.rows).toBe(1)
  return shell
}

async function stop(shell: ShellProcess): Promise<void> {
  shell.kill('SIGKILL')
  await shell.waitForExit()
}

/**
 * Memory stays flat however long the export: 1,000,000 log rows of one app (generated in SQL,
 * `insertGeneratedLog`) downloaded as CSV through the headless shell's `GET /api/export`, once
 * read as fast as the client can (rows/s) and once by a client three times slower than that
 * (the resident memory of the shell, peak during the download minus before it), against the
 * same slow download of 10,000 and of 100,000 rows of two other apps. Each download runs in a
 * fresh shell process. The heap settles within the first 100,000 rows (V8 sizes its young
 * generation and old space to the allocation rate), so 10,000 rows show part of that warm-up
 * and 100,000 rows all of it: the 1M / 100k ratio is the one that tells whether memory grows
 * with the length of the export.
 */
export async function logExportScenario(): Promise<void> {
  const dataDir = tempDir('pim-bench-export-')
  try {
    const setup = await startShell({ dataDir })
    const [big, small, middle] = await setup.call('apps.list', {})
    const seeds = [
      { app: big, rows: BIG, webhooks: await createIdleWebhooks(setup, big.id, 5) },
      { app: small, rows: SMALL, webhooks: await createIdleWebhooks(setup, small.id, 1) },
      { app: middle, rows: MIDDLE, webhooks: await createIdleWebhooks(setup, middle.id, 1) }
    ]
    await stop(setup)
    const db = createKnex(join(dataDir, DATABASE_FILE))
    const seeded = performance.now()
    try {
      const now = Date.now()
      for (const seed of seeds)
        await insertGeneratedLog(db, {
          appId: seed.app.id,
          webhooks: seed.webhooks,
          rows: seed.rows,
          spacingMs: 170,
          now
        })
    } finally {
      await db.destroy()
    }
    console.log(
      `seeded ${BIG + SMALL + MIDDLE} log rows in ${((performance.now() - seeded) / 1000).toFixed(1)} s`
    )

    const measure = async (appId: number, rows: number, pace: number | null) => {
      const shell = await freshShell(dataDir, appId)
      try {
        const result = await download(shell, { appId, format: 'csv' }, pace)
        expect(result.rows).toBe(rows)
        return result
      } finally {
        await stop(shell)
      }
    }
    const fast = await measure(big.id, BIG, null)
    const pace = (fast.bytes / fast.seconds) * SLOW_SHARE
    console.log(
      `export of ${BIG} rows read at full speed: ${fast.seconds.toFixed(1)} s, ` +
        `${(fast.bytes / 1024 / 1024).toFixed(0)} MB, shell RSS +${fast.rssGrowthMb.toFixed(1)} MB; ` +
        `slow client at ${(pace / 1024 / 1024).toFixed(1)} MB/s`
    )
    const smallSlow = await measure(small.id, SMALL, pace)
    const middleSlow = await measure(middle.id, MIDDLE, pace)
    const slow = await measure(big.id, BIG, pace)
    console.log(
      `slow exports, shell RSS growth: ${SMALL} rows +${smallSlow.rssGrowthMb.toFixed(1)} MB, ` +
        `${MIDDLE} rows +${middleSlow.rssGrowthMb.toFixed(1)} MB, ` +
        `${BIG} rows +${slow.rssGrowthMb.toFixed(1)} MB in ${slow.seconds.toFixed(1)} s`
    )

    // A floor of 1 MB keeps a ratio meaningful should a baseline barely move the RSS.
    const ratio = (of: Download, to: Download) => of.rssGrowthMb / Math.max(1, to.rssGrowthMb)
    record('export_rows', fast.rows)
    record('export_rows_per_s', fast.rows / fast.seconds)
    record('export_rss_growth_mb', slow.rssGrowthMb)
    record('export_rss_growth_mb_10k', smallSlow.rssGrowthMb)
    record('export_rss_ratio_1m_vs_10k', ratio(slow, smallSlow))
    record('export_rss_growth_mb_100k', middleSlow.rssGrowthMb)
    record('export_rss_ratio_1m_vs_100k', ratio(slow, middleSlow))
    record('export_fast_rss_growth_mb', fast.rssGrowthMb)
    record('export_slow_rows_per_s', slow.rows / slow.seconds)
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}
