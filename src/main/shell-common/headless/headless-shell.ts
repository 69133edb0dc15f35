import { randomBytes } from 'node:crypto'
import { startCore, type CoreOptions, type PimCore } from '../../core/pim-core'
import { createHttpShell } from './http-server'
import { makeDataDirPrivate } from '../private-data-dir'

export interface HeadlessShellOptions {
  port: number
  dataDir: string
  /** Null: a random one for this run. */
  token: string | null
  /**
   * The built renderer. Each entry passes its own (`out/main/<entry>.js` -> `out/renderer`): code
   * shared by two entries is bundled into a chunk one folder deeper.
   */
  staticDir: string
  /** Extra core options (the demo's clock and simulator handle). */
  core?: Partial<CoreOptions>
}

export interface HeadlessShell {
  core: PimCore
  port: number
  /** The URL to open, token included. */
  url: string
  /** Stops taking requests, lets in-flight deliveries finish (up to 5 s), closes the database. */
  stop(): Promise<void>
}

/** The core behind the loopback HTTP API and the renderer's files: `npm run serve` and the demo. */
export async function startHeadlessShell(options: HeadlessShellOptions): Promise<HeadlessShell> {
  const token = options.token ?? randomBytes(32).toString('base64url')
  makeDataDirPrivate(options.dataDir)
  const core = await startCore({ ...options.core, dataDir: options.dataDir })
  const server = createHttpShell({
    call: core.call,
    token,
    staticDir: options.staticDir,
    onPush: core.onPush,
    logExport: core.logExport,
    imports: core.imports,
    recordExport: core.recordExport
  })
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port, '127.0.0.1', resolve)
    })
  } catch (error) {
    await core.close(0)
    throw error
  }
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  return {
    core,
    port,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    async stop() {
      server.close()
      server.closeAllConnections()
      await core.close(5_000)
    }
  }
}
