import knex, { type Knex } from 'knex'
import { migrationSource } from './migration-source'

export type Db = Knex | Knex.Transaction

/**
 * synchronous stays FULL (the default): a committed save must survive a power cut, not only a
 * crash of the process.
 *
 * One connection: SQLite serializes writers anyway, and a single connection makes every
 * transaction (entity write + outbox rows) atomic without SQLITE_BUSY retries between our own
 * connections. Everything inside a transaction must use the transaction object, never `db`.
 */
export function createKnex(filename: string): Knex {
  return knex({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(
        connection: { run(sql: string, cb: (err: Error | null) => void): void },
        done: (err: Error | null, connection: unknown) => void
      ) {
        const pragmas = [
          'PRAGMA journal_mode = WAL',
          'PRAGMA foreign_keys = ON',
          'PRAGMA busy_timeout = 5000'
        ]
        const next = (index: number): void => {
          if (index === pragmas.length) return done(null, connection)
          connection.run(pragmas[index], (err) => (err ? done(err, connection) : next(index + 1)))
        }
        next(0)
      }
    }
  })
}

export async function migrateToLatest(db: Knex): Promise<void> {
  await db.migrate.latest({ migrationSource })
}
