import { readDatabaseChoice } from '../core/db/database-choice'
import { rendererDirBeside, transportThreadBeside } from '../shell-common/built-files'
import { startHeadlessShell } from '../shell-common/headless/headless-shell'
import { startMetricsListener } from '../shell-common/metrics/metrics-listener'
import { stopOnSignals } from '../shell-common/stop-on-signals'
import { parseServeArgs, redactedDatabaseUrl, TOKEN_ON_COMMAND_LINE_WARNING } from './serve-args'

const staticDir = rendererDirBeside(import.meta.url)
const transportThread = transportThreadBeside(import.meta.url)

/** Headless shell: the same core as the desktop app, behind a loopback HTTP API. */
async function main(): Promise<void> {
  let args
  try {
    args = parseServeArgs(process.argv.slice(2), process.env)
  } catch (error) {
    console.error(`serve: ${(error as Error).message}`)
    process.exit(2)
  }
  if (args.tokenSource === '--token') console.warn(TOKEN_ON_COMMAND_LINE_WARNING)
  if (args.databaseWarning) console.warn(`serve: ${args.databaseWarning}`)
  // The command line wins; otherwise the database chosen in Settings; otherwise SQLite.
  const database = args.database ?? readDatabaseChoice(args.dataDir)
  const shell = await startHeadlessShell({
    ...args,
    staticDir,
    core: {
      deliver: args.deliver,
      transportThread,
      // One shell per data folder, in team mode too (its preferences and Settings live there).
      lockDataDir: true,
      ...(database ? { database, databaseFixedBy: args.databaseSource ?? undefined } : {})
    }
  })
  let metrics
  try {
    metrics = args.metrics && (await startMetricsListener(shell.core.metrics, args.metrics))
  } catch (error) {
    await shell.stop()
    throw error
  }
  // Before the URL line, which tells a waiting script (and the tests) the shell is ready.
  if (metrics) console.log(`Metrics on ${metrics.url}`)
  console.log(`Indexed PIM headless shell on ${shell.url}`)
  console.log(
    database
      ? `Database: ${redactedDatabaseUrl(database)} (team mode)`
      : `Data directory: ${args.dataDir}`
  )
  stopOnSignals(async () => {
    await metrics?.close()
    await shell.stop()
  })
}

main().catch((error) => {
  console.error('serve: failed to start:', error)
  process.exit(1)
})
