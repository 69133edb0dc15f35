// Preloaded into a benchmarked shell (`node --import`, see shell.ts): times how long the one
// SQLite connection is held, by transaction kind, so the bench can show where a pipeline bound
// by that connection spends it. A transaction is held from its BEGIN being issued to its
// COMMIT/ROLLBACK being answered (statements between wait their turn on it), and of that, how long
// its statements were in the driver (issue to answer: the thread-pool trip and SQLite's work; the
// rest is the main thread preparing the next statement or busy elsewhere); a statement outside
// any transaction is held from issue to answer. Every 200 ms the totals go to the JSON file named
// by PIM_BENCH_CONNECTION_STATS. It patches the sqlite3 driver's two entry points knex uses.
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { isMainThread } from 'node:worker_threads'

// knex loads the driver with require(): patch that same module instance.
const { Database } = createRequire(join(process.cwd(), 'package.json'))('sqlite3')

const file = process.env.PIM_BENCH_CONNECTION_STATS
const totals = {
  busyMs: 0,
  transactions: {},
  single: { count: 0, heldMs: 0 }
}
let open = null

/** What a transaction was for, from what it wrote. */
function kindOf(statements) {
  if (statements.some((sql) => sql.includes('into `webhook_logs`'))) return 'worker'
  if (
    statements.some(
      (sql) => sql.includes('into `events`') || sql.includes('into `product_revisions`')
    )
  )
    return 'save'
  if (statements.some((sql) => sql.includes('update `deliveries`'))) return 'worker'
  return 'other'
}

function wrap(method) {
  const original = Database.prototype[method]
  Database.prototype[method] = function (sql, ...rest) {
    const text = String(sql)
    const callback = typeof rest[rest.length - 1] === 'function' ? rest.pop() : null
    const issued = performance.now()
    if (/^BEGIN/i.test(text)) open = { started: issued, statements: [], inDriverMs: 0 }
    else if (open) open.statements.push(text)
    const transaction = open
    const ending = transaction !== null && /^(COMMIT|ROLLBACK)/i.test(text)
    return original.call(this, sql, ...rest, function (...args) {
      const answered = performance.now()
      if (transaction) transaction.inDriverMs += answered - issued
      if (ending) {
        const held = answered - transaction.started
        const kind = kindOf(transaction.statements)
        const entry = (totals.transactions[kind] ??= {
          count: 0,
          heldMs: 0,
          inDriverMs: 0,
          statements: 0
        })
        entry.count += 1
        entry.heldMs += held
        entry.inDriverMs += transaction.inDriverMs
        entry.statements += transaction.statements.length + 1
        totals.busyMs += held
        if (open === transaction) open = null
      } else if (!transaction) {
        totals.single.count += 1
        totals.single.heldMs += answered - issued
        totals.busyMs += answered - issued
      }
      if (callback) return callback.apply(this, args)
    })
  }
}

// Worker threads inherit the preload; the database is the main thread's.
if (file && isMainThread) {
  wrap('all')
  wrap('run')
  setInterval(
    () => writeFileSync(file, JSON.stringify({ at: performance.now(), ...totals })),
    200
  ).unref()
}
