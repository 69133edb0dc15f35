import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import {
  DEFAULT_DATA_DIR,
  databaseFromCommandLine,
  redactedDatabaseUrl
} from '../shell-common/database-arg'
import {
  METRICS_OPTIONS,
  parseMetricsArgs,
  type MetricsArgs
} from '../shell-common/metrics/metrics-args'

export type TokenSource = '--token' | '--token-file' | 'PIM_TOKEN'

export interface ServeArgs {
  port: number
  dataDir: string
  /** Null: generate one. */
  token: string | null
  tokenSource: TokenSource | null
  /** A `postgres://` URL (team mode), or null for SQLite in the data folder. */
  database: string | null
  /** False with `--no-deliver`: API and UI only, `npm run worker` processes deliver (team mode). */
  deliver: boolean
  /** Where `database` came from; null: not fixed here (Settings' choice or SQLite). */
  databaseSource: '--database' | 'PIM_DATABASE_URL' | null
  /** To print at start, as for `--token`: a password on the command line (database-url.ts). */
  databaseWarning: string | null
  /** `--metrics-port` (and `--metrics-host`): where Prometheus scrapes; null: not exposed. */
  metrics: MetricsArgs | null
}

export const DEFAULT_PORT = 4780
/** As long as a generated token; anything shorter is guessable by a patient local process. */
export const MIN_TOKEN_LENGTH = 32

export const TOKEN_ON_COMMAND_LINE_WARNING =
  'serve: --token is visible to every local user in the process list (ps); ' +
  'pass it in PIM_TOKEN or --token-file instead'

function checkToken(token: string, source: TokenSource): string {
  if (token.length < MIN_TOKEN_LENGTH)
    throw new Error(
      `the token from ${source} must be at least ${MIN_TOKEN_LENGTH} characters, not ` +
        `${token.length}; leave it out to have a random one generated`
    )
  // It travels in an Authorization header and in the printed URL.
  if (!/^[\x21-\x7e]+$/.test(token))
    throw new Error(`the token from ${source} must be printable ASCII without spaces`)
  return token
}

function readTokenFile(path: string, readFile: (path: string) => string): string {
  let text: string
  try {
    text = readFile(path)
  } catch (error) {
    throw new Error(`cannot read --token-file ${path}: ${(error as Error).message}`)
  }
  // A trailing newline from `echo ... > file` is not part of the token.
  return text.replace(/\r?\n$/, '')
}

/**
 * `--port N --data-dir DIR` and the token from `--token-file PATH`, `PIM_TOKEN` or (kept for
 * old scripts) `--token T`; at most one of the two flags.
 */
export function parseServeArgs(
  argv: string[],
  env: NodeJS.ProcessEnv,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8')
): ServeArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      token: { type: 'string' },
      'token-file': { type: 'string' },
      database: { type: 'string' },
      'no-deliver': { type: 'boolean', default: false },
      ...METRICS_OPTIONS
    },
    strict: true
  })
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port)
  if ((values.port !== undefined && !/^\d+$/.test(values.port)) || port > 65535)
    throw new Error(`--port must be a whole number from 0 to 65535, not "${values.port}"`)
  if (values.token !== undefined && values['token-file'] !== undefined)
    throw new Error('give either --token or --token-file, not both')

  let token: string | null = null
  let tokenSource: TokenSource | null = null
  if (values['token-file'] !== undefined) {
    token = readTokenFile(values['token-file'], readFile)
    tokenSource = '--token-file'
  } else if (values.token !== undefined) {
    token = values.token
    tokenSource = '--token'
  } else if (env.PIM_TOKEN !== undefined) {
    token = env.PIM_TOKEN
    tokenSource = 'PIM_TOKEN'
  }
  const chosen = databaseFromCommandLine(values.database, env.PIM_DATABASE_URL)
  const database = chosen?.url ?? null
  if (values['no-deliver'] && database === null)
    throw new Error(
      '--no-deliver needs a shared database (--database or PIM_DATABASE_URL): on SQLite no ' +
        'other process could deliver'
    )
  return {
    port,
    dataDir: values['data-dir'] ?? DEFAULT_DATA_DIR,
    token: token === null || tokenSource === null ? null : checkToken(token, tokenSource),
    tokenSource,
    database,
    deliver: !values['no-deliver'],
    databaseSource: chosen?.source ?? null,
    databaseWarning: chosen?.warning ?? null,
    metrics: parseMetricsArgs(values)
  }
}

export { redactedDatabaseUrl }
