import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { LogStatusFilter } from '@shared/api-contract'
import { createKnex } from '../../src/main/core/db/knex-factory'
import * as logBodySearch from '../../src/main/core/db/migrations/202612021200_add_log_body_search'
import { encodeCursor } from '../../src/main/core/logs/log.repository'
import { DATABASE_FILE } from '../../src/main/core/pim-core'
import { tempDir } from '../../test/support/core-harness'
import { startShell, type ShellProcess } from '../../test/support/shell-process'
import { createIdleWebhooks, insertGeneratedLog } from '../support/generated-log'
import { percentile, timeEach } from '../support/numbers'
import { record } from '../support/results'
import { uiLogsRender } from './ui-logs'

export const LOG_ROWS = 1_000_000
const WEBHOOKS = 5
/** 1,000,000 rows over the last ~47 hours: about half of them inside the dashboard's 24 h. */
const SPACING_MS = 170

/**
 * The log generated in SQL (`insertGeneratedLog`, with an outbox row per attempt for the message
 * view), then the OFFSET contrast. The body search index is dropped first and built afterwards by
 * its own migration, as on the upgrade of a database that already holds a million attempts.
 */
async function generateLog(
  file: string,
  appId: number,
  webhooks: Array<{ id: number; externalId: string }>
) {
  const db = createKnex(file)
  try {
    await logBodySearch.down(db)
    await insertGeneratedLog(db, {
      appId,
      webhooks,
      rows: LOG_ROWS,
      spacingMs: SPACING_MS,
      now: Date.now(),
      withDeliveries: true
    })
    const [{ first }] = await db('webhook_logs').where({ app_id: appId }).min({ first: 'id' })
    // The contrast: the same last page read by OFFSET, as a naive pager would.
    const offsetSamples = await timeEach(5, () =>
      db('webhook_logs')
        .where({ app_id: appId })
        .orderBy('id', 'desc')
        .offset(LOG_ROWS - 50)
        .limit(50)
        .select('id', 'message_id', 'event', 'response_status', 'created_at')
    )
    record('logs_offset_deep_page_ms', percentile(offsetSamples, 0.5))
    await buildSearchIndex(db)
    return Number(first)
  } finally {
    await db.destroy()
  }
}

async function databaseBytes(db: ReturnType<typeof createKnex>): Promise<number> {
  const [{ page_count: pages }] = await db.raw('PRAGMA page_count')
  const [{ page_size: size }] = await db.raw('PRAGMA page_size')
  return Number(pages) * Number(size)
}

/** The body search migration over a million existing attempts: its time and what it adds. */
async function buildSearchIndex(db: ReturnType<typeof createKnex>): Promise<void> {
  await db.raw('PRAGMA synchronous = FULL') // as the app runs its migrations
  const before = await databaseBytes(db)
  const started = performance.now()
  await db.transaction((trx) => logBodySearch.up(trx))
  record('logs_search_index_build_s', (performance.now() - started) / 1000)
  const after = await databaseBytes(db)
  record('logs_search_index_mb', (after - before) / 1e6)
  record('logs_database_mb', after / 1e6)
}

/** A row in the middle of the log that search has to find. */
const RARE = LOG_ROWS / 2

/**
 * Search through the API at a million attempts: each value searched for occurs once in the middle
 * of the log (rare) or in every row (common), alone and with a filter or a time range.
 */
async function searchTimes(shell: ShellProcess, appId: number): Promise<void> {
  const time = async (
    method: 'logs.list' | 'logs.messages',
    input: Record<string, unknown>,
    expected: number
  ) => {
    const samples = await timeEach(5, async () => {
      const page = await shell.call(method, { appId, limit: 50, ...input })
      expect(page.items).toHaveLength(expected)
    })
    return percentile(samples, 0.5)
  }
  const middle = Date.now() - (LOG_ROWS / 2) * SPACING_MS
  const hour = {
    from: new Date(middle - 3_600_000).toISOString(),
    to: new Date(middle).toISOString()
  }
  const list = (input: Record<string, unknown>, expected: number) =>
    time('logs.list', input, expected)
  record('logs_search_message_id_ms', await list({ messageId: `msg_bench${RARE}` }, 1))
  record('logs_search_record_external_id_ms', await list({ record: `prd_bench${RARE}` }, 1))
  record('logs_search_record_id_ms', await list({ record: String(RARE) }, 1))
  record('logs_search_text_ms', await list({ text: `Tent ${RARE}` }, 1))
  record('logs_search_text_common_ms', await list({ text: 'tent' }, 50))
  record('logs_search_text_status_ms', await list({ text: 'tent', status: 'failure' }, 50))
  record('logs_search_text_range_ms', await list({ text: 'tent', ...hour }, 50))
  record('logs_search_range_ms', await list({ ...hour, status: 'failure' }, 50))
  // Two characters have no trigram: the log is read newest first, all of it for a rare pair.
  record('logs_search_text_short_ms', await list({ text: 'zq' }, 0))
  const messages = (input: Record<string, unknown>, expected: number) =>
    time('logs.messages', input, expected)
  record('logs_search_messages_record_ms', await messages({ record: `prd_bench${RARE}` }, 1))
  record('logs_search_messages_text_ms', await messages({ text: 'tent' }, 50))
  record('logs_search_messages_range_ms', await messages({ text: 'tent', ...hour }, 50))
}

async function pageTimes(
  shell: ShellProcess,
  appId: number,
  filter: { status?: LogStatusFilter; webhookId?: number },
  deepCursor: string
): Promise<{ first: number; deep: number }> {
  const first = await timeEach(20, async () => {
    const page = await shell.call('logs.list', { appId, limit: 50, ...filter })
    expect(page.items).toHaveLength(50)
  })
  const deep = await timeEach(20, async () => {
    const page = await shell.call('logs.list', { appId, limit: 50, cursor: deepCursor, ...filter })
    expect(page.items).toHaveLength(50)
  })
  return { first: percentile(first, 0.5), deep: percentile(deep, 0.5) }
}

/**
 * A 1,000,000-row log for one app, generated in SQL while the shell is stopped (the search index
 * built by its migration); then, through the restarted headless shell: keyset pages at the start
 * and at the end (no filter, status, webhook), the dashboard's 24 h numbers, searches, and the
 * log viewer in Chromium.
 */
export async function logVolumeScenario(): Promise<void> {
  const dataDir = tempDir('pim-bench-logs-')
  let shell = await startShell({ dataDir })
  try {
    const appId = (await shell.call('apps.list', {}))[0].id
    const webhooks = await createIdleWebhooks(shell, appId, WEBHOOKS)
    shell.kill('SIGTERM')
    await shell.waitForExit()
    const generated = performance.now()
    const firstId = await generateLog(join(dataDir, DATABASE_FILE), appId, webhooks)
    console.log(
      `generated ${LOG_ROWS} log rows in ${((performance.now() - generated) / 1000).toFixed(1)} s`
    )
    record('logs_rows', LOG_ROWS)

    shell = await startShell({ dataDir })
    const plain = await pageTimes(shell, appId, {}, encodeCursor(firstId + 51))
    // Every 10th row failed; every 5th belongs to the first webhook (ids follow n).
    const failures = await pageTimes(
      shell,
      appId,
      { status: 'failure' },
      encodeCursor(firstId + 520)
    )
    const byWebhook = await pageTimes(
      shell,
      appId,
      { webhookId: webhooks[0].id },
      encodeCursor(firstId + 260)
    )
    record('logs_first_page_ms', plain.first)
    record('logs_deep_page_ms', plain.deep)
    record('logs_first_page_ms_status', failures.first)
    record('logs_deep_page_ms_status', failures.deep)
    record('logs_first_page_ms_webhook', byWebhook.first)
    record('logs_deep_page_ms_webhook', byWebhook.deep)
    record(
      'logs_depth_ratio',
      Math.max(...[plain, failures, byWebhook].map((times) => times.deep / times.first))
    )

    const stats = await timeEach(10, async () => {
      const answer = await shell.call('stats.deliveries', { hours: 24 })
      expect(answer.succeeded + answer.failed).toBeGreaterThan(LOG_ROWS / 3)
    })
    record('stats_24h_ms', percentile(stats, 0.5))
    await searchTimes(shell, appId)

    record('ui_logs_render_ms', await uiLogsRender(shell, appId))
  } finally {
    shell.kill('SIGKILL')
    await shell.waitForExit()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
