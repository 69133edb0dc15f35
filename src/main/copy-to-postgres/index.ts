import { parseArgs } from 'node:util'
import {
  DEFAULT_DATA_DIR,
  databaseFromCommandLine,
  redactedDatabaseUrl
} from '../shell-common/database-arg'
import { copySqliteToPostgres } from './copy-to-postgres'

/**
 * `npm run copy-to-postgres -- --database postgres://... [--data-dir DIR]`: moves a catalog from
 * this computer's SQLite data folder to a new, empty PostgreSQL database, every table.
 */
async function main(): Promise<void> {
  let dataDir: string
  let database: string
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      options: { 'data-dir': { type: 'string' }, database: { type: 'string' } },
      strict: true
    })
    dataDir = values['data-dir'] ?? DEFAULT_DATA_DIR
    const parsed = databaseFromCommandLine(values.database, process.env.PIM_DATABASE_URL)
    if (!parsed) throw new Error('give the target with --database postgres://user@host/db')
    if (parsed.warning) console.warn(`copy-to-postgres: ${parsed.warning}`)
    database = parsed.url
  } catch (error) {
    console.error(`copy-to-postgres: ${(error as Error).message}`)
    process.exit(2)
  }
  console.log(`Copying ${dataDir} to ${redactedDatabaseUrl(database)} ...`)
  const report = await copySqliteToPostgres(dataDir, database, (line) => console.log(`  ${line}`))
  const rows = report.tables.reduce((sum, table) => sum + table.rows, 0)
  console.log(`Copied ${rows} rows in ${report.tables.length} tables; every count matches.`)
  console.log(`Start the app on it: npm run serve -- --database ${redactedDatabaseUrl(database)}`)
}

main().catch((error: unknown) => {
  console.error(`copy-to-postgres: ${(error as Error).message}`)
  process.exit(1)
})
