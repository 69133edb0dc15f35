import { parseArgs } from 'node:util'
import { databaseFromCommandLine } from '../shell-common/database-arg'
import {
  METRICS_OPTIONS,
  parseMetricsArgs,
  type MetricsArgs
} from '../shell-common/metrics/metrics-args'

export interface WorkerArgs {
  database: string
  concurrency: number
  /** A password on the command line, to print at start (database-url.ts). */
  databaseWarning: string | null
  /** `--metrics-port` (and `--metrics-host`): where Prometheus scrapes; null: not exposed. */
  metrics: MetricsArgs | null
}

/**
 * `npm run worker -- --database postgres://...|@FILE [--concurrency N] [--metrics-port N
 * [--metrics-host ADDRESS]]` (or `PIM_DATABASE_URL`).
 */
export function parseWorkerArgs(argv: string[], env: NodeJS.ProcessEnv): WorkerArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      database: { type: 'string' },
      concurrency: { type: 'string' },
      ...METRICS_OPTIONS
    },
    strict: true
  })
  // Before the database, which a bad flag beside it should not hide.
  const metrics = parseMetricsArgs(values)
  const chosen = databaseFromCommandLine(values.database, env.PIM_DATABASE_URL)
  if (!chosen)
    throw new Error(
      'a delivery worker needs the shared database: --database postgres://user@host/db or ' +
        'PIM_DATABASE_URL (on SQLite the app delivers by itself)'
    )
  const concurrency = values.concurrency === undefined ? 8 : Number(values.concurrency)
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256)
    throw new Error(
      `--concurrency must be a whole number from 1 to 256, not "${values.concurrency}"`
    )
  return {
    database: chosen.url,
    concurrency,
    databaseWarning: chosen.warning,
    metrics
  }
}
