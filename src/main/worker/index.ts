import { tmpdir } from 'node:os'
import { redactedDatabaseUrl } from '../core/db/database-url'
import { startCore } from '../core/pim-core'
import { transportThreadBeside } from '../shell-common/built-files'
import { startMetricsListener } from '../shell-common/metrics/metrics-listener'
import { stopOnSignals } from '../shell-common/stop-on-signals'
import { parseWorkerArgs } from './worker-args'

/**
 * `npm run worker`: a delivery-only process on the shared PostgreSQL, no UI and no API. Any number
 * run beside the app instances; they share the outbox through leased claims.
 */
async function main(): Promise<void> {
  let args
  try {
    args = parseWorkerArgs(process.argv.slice(2), process.env)
  } catch (error) {
    console.error(`worker: ${(error as Error).message}`)
    process.exit(2)
  }
  if (args.databaseWarning) console.warn(`worker: ${args.databaseWarning}`)
  const core = await startCore({
    // Nothing is stored locally: the database is the server's.
    dataDir: tmpdir(),
    keepPreferences: false,
    database: args.database,
    concurrency: args.concurrency,
    transportThread: transportThreadBeside(import.meta.url)
  })
  let metrics
  try {
    metrics = args.metrics && (await startMetricsListener(core.metrics, args.metrics))
  } catch (error) {
    await core.close(0)
    throw error
  }
  // Before the line that tells a waiting script (and the tests) the worker is at work.
  if (metrics) console.log(`Metrics on ${metrics.url}`)
  console.log(
    `Indexed PIM delivery worker (pid ${process.pid}, ${args.concurrency} at a time) on ` +
      redactedDatabaseUrl(args.database)
  )
  stopOnSignals(async () => {
    await metrics?.close()
    await core.close(5_000)
  })
}

main().catch((error: unknown) => {
  console.error('worker: failed to start:', error)
  process.exit(1)
})
