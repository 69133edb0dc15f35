import { randomBytes } from 'node:crypto'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startCore } from '../core/pim-core'
import { createHttpShell } from './http-server'
import { makeDataDirPrivate } from './private-data-dir'
import { parseServeArgs, TOKEN_ON_COMMAND_LINE_WARNING } from './serve-args'

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
  const token = args.token ?? randomBytes(32).toString('base64url')
  makeDataDirPrivate(args.dataDir)
  const core = await startCore({ dataDir: args.dataDir })
  const server = createHttpShell({
    call: core.call,
    token,
    staticDir: join(dirname(fileURLToPath(import.meta.url)), '../renderer'),
    onPush: core.onPush
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(args.port, '127.0.0.1', resolve)
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : args.port
  console.log(`Indexed PIM headless shell on http://127.0.0.1:${port}/?token=${token}`)
  console.log(`Data directory: ${args.dataDir}`)

  let stopping = false
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: finishing in-flight deliveries, then exiting`)
    server.close()
    server.closeAllConnections()
    await core.close(5_000)
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
}

main().catch((error) => {
  console.error('serve: failed to start:', error)
  process.exit(1)
})
