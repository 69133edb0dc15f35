import { homedir } from 'node:os'
import { join } from 'node:path'

/** The data folder of `npm run serve` and `npm run copy-to-postgres` when `--data-dir` is left out. */
export const DEFAULT_DATA_DIR = join(homedir(), '.indexed-pim-desktop')

// `--database URL|@FILE` or `PIM_DATABASE_URL`: checked, redacted and warned about in the core's
// database-url module, which the desktop's Settings also use; the shells read it from here.
export { databaseFromCommandLine, redactedDatabaseUrl } from '../core/db/database-url'
