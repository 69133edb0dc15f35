import { readDatabaseChoice } from '../core/db/database-choice'
import { rendererDirBeside, transportThreadBeside } from '../shell-common/built-files'
import { startHeadlessShell } from '../shell-common/headless/headless-shell'
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
      ...(database ? { database, databaseFixedBy: args.databaseSource ?? undefined } : {})
    }
  })
  console.log(`Indexed PIM headless shell on ${shell.url}`)
  console.log(
    database
      ? `Database: ${redactedDatabaseUrl(database)} (team mode)`
      : `Data directory: ${args.dataDir}`
  )
  stopOnSignals(() => shell.stop())
}

main().catch((error) => {
  console.error('serve: failed to start:', error)
  process.exit(1)
})
