import { homedir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

export interface ServeArgs {
  port: number
  dataDir: string
  token: string | null
}

export const DEFAULT_PORT = 4780

/** `--port N --data-dir DIR --token T`; the token may also come from PIM_TOKEN. */
export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv): ServeArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      token: { type: 'string' }
    },
    strict: true
  })
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port)
  if ((values.port !== undefined && !/^\d+$/.test(values.port)) || port > 65535)
    throw new Error(`--port must be a whole number from 0 to 65535, not "${values.port}"`)
  const token = values.token ?? env.PIM_TOKEN ?? null
  if (token !== null && token.length < 8) throw new Error('--token must be at least 8 characters')
  return {
    port,
    dataDir: values['data-dir'] ?? join(homedir(), '.indexed-pim-desktop'),
    token
  }
}
