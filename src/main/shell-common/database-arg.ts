import { homedir } from 'node:os'
import { join } from 'node:path'
import { checkPostgresUrl, redactedDatabaseUrl } from '../core/db/database-url'

/** The data folder of `npm run serve` and `npm run copy-to-postgres` when `--data-dir` is left out. */
export const DEFAULT_DATA_DIR = join(homedir(), '.indexed-pim-desktop')

/** `--database URL` wins over `PIM_DATABASE_URL`; either must be a PostgreSQL URL. */
export function parseDatabase(flag: string | undefined, env: string | undefined): string | null {
  const [given, source] = flag !== undefined ? [flag, '--database'] : [env, 'PIM_DATABASE_URL']
  if (given === undefined || given === '') return null
  return checkPostgresUrl(given, source)
}

export { redactedDatabaseUrl }
