import { describe, expect, it } from 'vitest'
import type { Knex } from 'knex'
import { eventually, onPostgres } from '../support/core-harness'
import { brand, rig, type Rig } from '../support/fault-rig'

/**
 * Every index on the two hot tables (`deliveries`, `webhook_logs`) is written on every insert and,
 * for the outbox, on every status change; each one must be needed by a query, and every query
 * must have its index. The statements checked here are the real ones: whatever the core sent to
 * SQLite while it delivered, replayed, answered the log, health and history screens and pruned,
 * recorded through knex's `query` event and asked again with `EXPLAIN QUERY PLAN`.
 * SQLite only: the plans are SQLite's (PostgreSQL's planner decides by its statistics).
 */

interface Statement {
  sql: string
  bindings: unknown[]
}

/** Names the two tables go by in the core's SQL (`latest` and `attempt` are webhook_logs). */
const HOT_NAMES = ['deliveries', 'webhook_logs', 'latest', 'attempt']
const HOT_SQL = /[`"\s](deliveries|webhook_logs)[`"\s]/

function recorder(db: Knex) {
  const seen: Statement[] = []
  db.on('query', (query: { sql: string; bindings?: unknown[] }) => {
    if (HOT_SQL.test(query.sql)) seen.push({ sql: query.sql, bindings: query.bindings ?? [] })
  })
  return {
    seen,
    /** The statements `work` sent. */
    async during(work: () => Promise<unknown>): Promise<Statement[]> {
      const from = seen.length
      await work()
      return seen.slice(from)
    }
  }
}

type SqliteConnection = {
  all(sql: string, bindings: unknown[], done: (err: Error | null, rows: unknown[]) => void): void
}

/** SQLite's plan of one statement, one line per step ("SEARCH deliveries USING INDEX …"). */
async function planOf(db: Knex, statement: Statement): Promise<string[]> {
  const connection = (await db.client.acquireConnection()) as SqliteConnection
  try {
    const rows = await new Promise<unknown[]>((resolve, reject) =>
      connection.all(`EXPLAIN QUERY PLAN ${statement.sql}`, statement.bindings, (err, result) =>
        err ? reject(err) : resolve(result)
      )
    )
    return rows.map((row) => String((row as { detail: string }).detail))
  } finally {
    await db.client.releaseConnection(connection)
  }
}

/** A step that reads a whole hot table, or the whole of one of its indexes. */
const fullScan = (step: string) =>
  HOT_NAMES.some((name) => new RegExp(`^SCAN ${name}\\b(?!_)`).test(step))

/** The plans of `statements`, failing on a full scan of a hot table. */
async function plansWithoutScans(db: Knex, statements: Statement[]): Promise<string[]> {
  const plans: string[] = []
  for (const statement of statements) {
    const plan = await planOf(db, statement)
    expect(plan.filter(fullScan), statement.sql).toEqual([])
    plans.push(plan.join(' | '))
  }
  return plans
}

const usesIndex = (plans: string[], index: string) =>
  plans.some((plan) => new RegExp(`INDEX ${index}\\b`).test(plan))

describe.skipIf(onPostgres)('indexes of the hot tables', () => {
  let r: Rig

  it('serve every query the core sends them, and no query scans either table', async () => {
    r = await rig(
      (request, _req, res) => {
        const name = (request.json.brand as { name?: string } | undefined)?.name ?? ''
        res.statusCode = name.startsWith('bad') ? 500 : 200
        res.end()
      },
      {},
      [60]
    )
    const { harness } = r
    const db = harness.core.db
    const record = recorder(db)
    const call = (method: Parameters<typeof harness.call>[0], input: unknown) =>
      record.during(() => harness.call(method, input))

    // Delivering: claims, marking on the wire, finishing, a retry that exhausts.
    const from = new Date(r.clock.now()).toISOString()
    await brand(harness, 'ok1')
    await brand(harness, 'bad1')
    await r.attempts(2)
    r.advance(60_000)
    const [, , exhausted] = await r.attempts(3)
    expect(exhausted.responseStatus).toBe(500)
    const to = new Date(r.clock.now()).toISOString()

    // A replay of the exhausted delivery, which fails again and waits for its retry.
    const preview = await call('webhooks.replayPreview', { id: r.webhookId, from, to })
    let batchId = ''
    const replay = await record.during(async () => {
      const started = await harness.call('webhooks.replay', {
        id: r.webhookId,
        from,
        to,
        scope: 'exhausted'
      })
      expect(started.queued).toBe(1)
      batchId = started.batchId
    })
    await r.attempts(4)
    const progress = await call('webhooks.replayProgress', { batchId })

    // The webhook's health (window counts, waiting retries, its last attempts) and history.
    const health = await call('webhooks.get', { id: r.webhookId })
    const history = await call('webhooks.history', { id: r.webhookId, days: 7 })
    await harness.call('webhooks.test', { id: r.webhookId })
    const stats = await call('stats.deliveries', { appId: r.appId })
    // A Prometheus scrape: the outbox's waiting rows, each webhook's oldest and held ones.
    const scrape = await record.during(() => harness.core.metrics.scrape())

    // The log, by attempt with each filter and by message.
    const appId = r.appId
    const list = (filter: Record<string, unknown>) => call('logs.list', { appId, ...filter })
    const messages = (filter: Record<string, unknown>) =>
      call('logs.messages', { appId, ...filter })
    const logs = {
      all: await list({}),
      event: await list({ event: 'brand.created' }),
      webhook: await list({ webhookId: r.webhookId }),
      status: await list({ status: '5xx' }),
      failure: await list({ status: 'failure' }),
      delivery: await list({ deliveryId: exhausted.deliveryId }),
      message: await list({ messageId: exhausted.messageId }),
      range: await list({ from, to }),
      text: await list({ text: 'bad1' }),
      record: await list({ record: 'brd_1' })
    }
    const byMessage = {
      all: await messages({}),
      webhook: await messages({ webhookId: r.webhookId }),
      state: await messages({ state: 'failed' }),
      message: await messages({ messageId: exhausted.messageId }),
      text: await messages({ text: 'bad1' })
    }
    const detail = await call('logs.get', { id: exhausted.id })

    // Flow controls: a limited, ordered webhook's claim and wake-up, a hold's counts, a discard.
    const logged = (await harness.call('logs.list', { appId, limit: 200 })).items.length
    const limits = { ratePerSecond: 1000, maxInFlight: 4, orderedPerRecord: true }
    await harness.call('webhooks.update', { id: r.webhookId, ...limits })
    await brand(harness, 'ok2')
    await r.attempts(logged + 1)
    await harness.call('webhooks.hold', { id: r.webhookId })
    await brand(harness, 'ok3')
    const held = await record.during(async () => {
      // The new save's delivery and the replayed one waiting for its retry.
      expect((await harness.call('webhooks.get', { id: r.webhookId })).flow.held).toBe(2)
      await harness.call('webhooks.discardHeld', { id: r.webhookId })
    })
    expect(held.length).toBeGreaterThan(0)
    await harness.call('webhooks.resume', { id: r.webhookId })

    // Pruning everything once it is older than the retention.
    r.clock.advance(40 * 86_400_000)
    const pruning = await record.during(() => harness.core.pruner.pruneOnce())

    // Every statement sent to either table has an index to go by.
    const everything = await plansWithoutScans(db, record.seen)
    const plans = (statements: Statement[]) => plansWithoutScans(db, statements)
    const claim = record.seen.filter((s) =>
      /from `deliveries` inner join `webhooks`[\s\S]*order by `deliveries`.`next_attempt_at`/.test(
        s.sql
      )
    )
    expect(claim.length).toBeGreaterThan(0)
    expect(
      usesIndex(await plans(claim), 'deliveries_status_next_attempt_at_webhook_id_index')
    ).toBe(true)
    expect(everything.length).toBeGreaterThan(20)

    const expectations: Array<[string, Statement[], string]> = [
      ['replay preview', preview, 'deliveries_webhook_id_status_created_at_index'],
      ['replay', replay, 'deliveries_webhook_id_status_created_at_index'],
      ['replay progress', progress, 'deliveries_replay_batch_index'],
      [
        'health: waiting retries per webhook',
        health,
        'deliveries_webhook_id_status_created_at_index'
      ],
      ['health: last attempts', health, 'webhook_logs_webhook_id_created_at_index'],
      ['history', history, 'webhook_logs_webhook_id_created_at_index'],
      ['metrics: waiting rows', scrape, 'deliveries_status_next_attempt_at_webhook_id_index'],
      [
        'metrics: oldest and held rows per webhook',
        scrape,
        'deliveries_webhook_id_status_created_at_index'
      ],
      ['dashboard test sends', stats, 'webhook_logs_app_id_message_id_id_index'],
      ['log', logs.all, 'webhook_logs_app_id_id_index'],
      ['log by event', logs.event, 'webhook_logs_app_id_event_id_index'],
      ['log by webhook', logs.webhook, 'webhook_logs_app_id_webhook_id_id_index'],
      ['log by status', logs.status, 'webhook_logs_app_id_response_status_id_index'],
      ['log of failures', logs.failure, 'webhook_logs_app_id_id_index'],
      ['log of a delivery', logs.delivery, 'webhook_logs_delivery_id_index'],
      ['log by webhook-id', logs.message, 'webhook_logs_app_id_message_id_id_index'],
      ['log in a time range', logs.range, 'webhook_logs_created_at_index'],
      ['messages', byMessage.all, 'deliveries_app_id_id_index'],
      ['messages: latest attempt', byMessage.all, 'webhook_logs_delivery_id_index'],
      ['messages by webhook', byMessage.webhook, 'deliveries_app_id_webhook_id_id_index'],
      ['messages by state', byMessage.state, 'deliveries_app_id_id_index'],
      ['messages by webhook-id', byMessage.message, 'deliveries_message_id_unique'],
      ['log detail', detail, 'deliveries'],
      ['pruning attempts', pruning, 'webhook_logs_created_at_index'],
      ['pruning finished deliveries', pruning, 'deliveries_finished_status_updated_at_index'],
      ['pruning events', pruning, 'deliveries_event_id_index']
    ]
    for (const [what, statements, index] of expectations) {
      expect(statements.length, what).toBeGreaterThan(0)
      const found = await plans(statements)
      expect(
        index === 'deliveries'
          ? found.some((plan) => plan.includes('deliveries USING INTEGER PRIMARY KEY'))
          : usesIndex(found, index),
        `${what}: ${index} in\n${found.join('\n')}`
      ).toBe(true)
    }
    // Search by text and record goes through the FTS5 index (no scan, checked above).
    expect((await plans(logs.text)).some((plan) => plan.includes('VIRTUAL TABLE'))).toBe(true)
    expect((await plans(logs.record)).some((plan) => plan.includes('VIRTUAL TABLE'))).toBe(true)
    expect(byMessage.text.length).toBeGreaterThan(0)
  })

  it('keep a backfill on its own partial index, off the live rows’ indexes', async () => {
    r = await rig((_request, _req, res) => void res.end())
    const { harness } = r
    const db = harness.core.db
    const record = recorder(db)
    await harness.call('webhooks.update', {
      id: r.webhookId,
      events: ['brand.created', 'brand.updated']
    })
    for (let n = 0; n < 5; n++) await brand(harness, `state ${n}`)
    await r.attempts(5)
    const work = await record.during(async () => {
      const started = await harness.call('backfills.start', {
        webhookId: r.webhookId,
        types: ['brand']
      })
      await r.attempts(10)
      await harness.call('backfills.get', { id: started.id })
      const next = await eventually(async () => {
        const done = await harness.call('backfills.get', { id: started.id })
        return done.state === 'finished' && done
      })
      expect(next.delivered).toBe(5)
      const again = await harness.call('backfills.start', {
        webhookId: r.webhookId,
        types: ['brand']
      })
      await harness.call('backfills.cancel', { id: again.id })
    })
    const backfillStatements = work.filter((s) => /backfill_id/.test(s.sql))
    expect(backfillStatements.length).toBeGreaterThan(0)
    const found = await plansWithoutScans(db, backfillStatements)
    for (const [index, plan] of found.entries())
      if (!/^insert/i.test(backfillStatements[index].sql))
        expect(plan, backfillStatements[index].sql).toMatch(/INDEX deliveries_backfill_index\b/)
    // The claim is the statement it was: it never names the backfill column.
    const claims = work.filter((s) =>
      /from `deliveries` inner join `webhooks`[\s\S]*order by `deliveries`.`next_attempt_at`/.test(
        s.sql
      )
    )
    expect(claims.length).toBeGreaterThan(0)
    expect(claims.some((s) => /backfill/.test(s.sql))).toBe(false)
  })

  it('index every foreign key column of the hot tables, for deletes of the rows they refer to', async () => {
    r = await rig((_request, _req, res) => void res.end())
    const db = r.harness.core.db
    for (const table of ['deliveries', 'webhook_logs']) {
      const keys: Array<{ from: string }> = await db.raw(`PRAGMA foreign_key_list(${table})`)
      const indexes: Array<{ name: string; partial: number }> = await db.raw(
        `PRAGMA index_list(${table})`
      )
      const leading = new Set<string>()
      for (const index of indexes.filter((index) => index.partial === 0)) {
        const columns: Array<{ name: string }> = await db.raw(`PRAGMA index_info(${index.name})`)
        leading.add(columns[0].name)
      }
      expect(keys.length).toBeGreaterThan(0)
      for (const key of keys) expect(leading, `${table}.${key.from}`).toContain(key.from)
    }
  })
})
