import { fileURLToPath } from 'node:url'
import { startHeadlessShell, stopOnSignals } from './headless-shell'
import { parseServeArgs, redactedDatabaseUrl, TOKEN_ON_COMMAND_LINE_WARNING } from './serve-args'

const staticDir = fileURLToPath(new URL('../renderer', import.meta.url))

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
  const shell = await startHeadlessShell({
    ...args,
    staticDir,
    core: args.database ? { databaseFile: args.database } : {}
  })
  console.log(`Indexed PIM headless shell on ${shell.url}`)
  console.log(
    args.database
      ? `Database: ${redactedDatabaseUrl(args.database)} (team mode)`
      : `Data directory: ${args.dataDir}`
  )
  stopOnSignals(() => shell.stop())
}

main().catch((error) => {
  console.error('serve: failed to start:', error)
  process.exit(1)
})
