import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import type { ApiInput, ApiMethod, ApiOutput } from '@shared/api-contract'
import { examplePayload } from '@shared/sample-payload'
import { down as dropSearchIndex } from '../../src/main/core/db/migrations/202612021200_add_log_body_search'
import { LogRepository, type NewLog } from '../../src/main/core/logs/log.repository'
import { startCore } from '../../src/main/core/pim-core'
import { tempDir } from '../../test/support/core-harness'
import { percentile } from '../support/numbers'
import { record } from '../support/results'

const ROWS = 20_000
/** Attempts per transaction, about what the worker's group commit writes under load. */
const BATCH = 50
/** The retention pruner's batch. */
const DELETE_BATCH = 500
const ROUNDS = 3

/** A real product.updated body (about 850 bytes) with its own ids and name, as the log holds. */
function logRow(n: number, webhookId: number, appId: number): NewLog {
  const body = examplePayload('product.updated')
  const product = body.product as Record<string, unknown>
  Object.assign(product, {
    id: n,
    externalId: `prd_${randomBytes(15).toString('base64url').slice(0, 20)}`,
    name: `Trail tent ${n}`,
    sku: `TT-${n}`
  })
  return {
    deliveryId: null,
    messageId: `msg_${randomBytes(15).toString('base64url').slice(0, 20)}`,
    webhookId,
    webhookExternalId: 'web_bench',
    appId,
    event: 'product.updated',
    url: 'https://erp.example.com/hooks/pim',
    requestHeaders: { 'content-type': 'application/json' },
    requestBody: JSON.stringify(body),
    responseStatus: n % 10 === 0 ? 500 : 200,
    responseBody: n % 10 === 0 ? `{"error":"stock for TT-${n} is locked"}` : '{"ok":true}',
    responseBodyTruncated: false,
    responseTimeMs: n % 300,
    errorClass: n % 10 === 0 ? 'http_status' : null,
    error: n % 10 === 0 ? 'receiver answered HTTP 500' : null,
    attempt: 1,
    revision: null,
    createdAt: Date.now()
  }
}

interface WriteCost {
  insertCpuUs: number
  insertWallUs: number
  deleteCpuUs: number
  bytesPerRow: number
}

const cpuUs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since)
  return used.user + used.system
}

/** 20,000 attempts written as group commits, then deleted as the pruner does, on a fresh core. */
async function writeCost(withIndex: boolean): Promise<WriteCost> {
  const dataDir = tempDir('pim-bench-search-writes-')
  const core = await startCore({ dataDir, deliver: false, logError: () => {} })
  try {
    const db = core.db
    if (!withIndex) await dropSearchIndex(db)
    const call = async <M extends ApiMethod>(method: M, input: ApiInput<M>) => {
      const answer = await core.call(method, input)
      if (!answer.ok) throw new Error(`${method}: ${answer.error.message}`)
      return answer.data as ApiOutput<M>
    }
    const appId = (await call('apps.list', {}))[0].id
    const webhook = await call('webhooks.create', {
      appId,
      url: 'https://erp.example.com/hooks/pim',
      events: ['product.updated'],
      active: false
    })
    const rows = Array.from({ length: ROWS }, (_, n) => logRow(n + 1, webhook.id, appId))
    const [{ page_count: pagesBefore }] = await db.raw('PRAGMA page_count')
    const repository = new LogRepository()
    let cpu = process.cpuUsage()
    let started = performance.now()
    for (let start = 0; start < ROWS; start += BATCH)
      await db.transaction((trx) => repository.insertMany(trx, rows.slice(start, start + BATCH)))
    const insertCpuUs = cpuUs(cpu) / ROWS
    const insertWallUs = ((performance.now() - started) * 1000) / ROWS
    const [{ page_count: pages }] = await db.raw('PRAGMA page_count')
    const [{ page_size: size }] = await db.raw('PRAGMA page_size')
    cpu = process.cpuUsage()
    started = performance.now()
    for (;;) {
      const deleted = await db('webhook_logs')
        .whereIn('id', db('webhook_logs').limit(DELETE_BATCH).select('id'))
        .delete()
      if (deleted < DELETE_BATCH) break
    }
    return {
      insertCpuUs,
      insertWallUs,
      deleteCpuUs: cpuUs(cpu) / ROWS,
      bytesPerRow: ((Number(pages) - Number(pagesBefore)) * Number(size)) / ROWS
    }
  } finally {
    await core.close(1_000)
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/**
 * What the FTS5 index costs the log's writers, measured directly (the throughput scenario shows
 * it within the whole pipeline): the same 20,000 realistic attempts inserted in transactions of
 * 50 through `LogRepository.insertMany`, as the worker's group commit does, then deleted in the
 * pruner's batches of 500, without and with the index's triggers, alternating, median of 3.
 */
export async function logSearchWritesScenario(): Promise<void> {
  const runs: Record<'with' | 'without', WriteCost[]> = { with: [], without: [] }
  for (let round = 0; round < ROUNDS; round++) {
    runs.without.push(await writeCost(false))
    runs.with.push(await writeCost(true))
  }
  const median = (variant: 'with' | 'without', key: keyof WriteCost) =>
    percentile(
      runs[variant].map((run) => run[key]),
      0.5
    )
  record('logs_insert_cpu_us_per_row_without_index', median('without', 'insertCpuUs'))
  record('logs_insert_cpu_us_per_row_with_index', median('with', 'insertCpuUs'))
  record('logs_insert_wall_us_per_row_without_index', median('without', 'insertWallUs'))
  record('logs_insert_wall_us_per_row_with_index', median('with', 'insertWallUs'))
  record('logs_delete_cpu_us_per_row_without_index', median('without', 'deleteCpuUs'))
  record('logs_delete_cpu_us_per_row_with_index', median('with', 'deleteCpuUs'))
  record(
    'logs_search_index_bytes_per_row',
    median('with', 'bytesPerRow') - median('without', 'bytesPerRow')
  )
  record('logs_log_bytes_per_row', median('without', 'bytesPerRow'))
}
