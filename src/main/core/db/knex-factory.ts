import knex, { type Knex } from 'knex'
import pg from 'pg'

export type Db = Knex | Knex.Transaction

/**
 * synchronous stays FULL (the default): a committed save must survive a power cut, not only a
 * crash of the process.
 *
 * One connection: SQLite serializes writers anyway, and a single connection makes every
 * transaction (entity write + outbox rows) atomic without SQLITE_BUSY retries between our own
 * connections. Everything inside a transaction must use the transaction object, never `db`.
 *
 * compileSqlOnError off: by default knex prefixes a failed query's message with the SQL with its
 * values filled in, and bound values are webhook secrets, URLs and customer data that would then
 * reach the log and any error report. The message keeps the SQL with `?` placeholders and the
 * driver's message; the error keeps its `code` (SQLITE_CONSTRAINT, ...).
 */
export function createKnex(database: string): Knex {
  return isPostgresUrl(database) ? createPostgresKnex(database) : createSqliteKnex(database)
}

/** `postgres://` or `postgresql://`: team mode on a shared server; anything else is a SQLite file. */
export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//i.test(database)
}

/** Which SQL dialect a connection speaks, for the few queries that must differ. */
export function dialectOf(db: Db): 'sqlite' | 'postgres' {
  return db.client.config.client === 'pg' ? 'postgres' : 'sqlite'
}

/**
 * PostgreSQL: a small pool (several connections are what the server is for; transactions are
 * real, so a save's entity write and outbox rows still commit together). Numeric types come back
 * as JavaScript numbers, as they do from SQLite: BIGINT ids and counts fit easily in 2^53.
 */
function createPostgresKnex(url: string): Knex {
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value))
  pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value))
  return knex({
    client: 'pg',
    connection: url,
    compileSqlOnError: false,
    pool: { min: 0, max: 10 }
  })
}

function createSqliteKnex(filename: string): Knex {
  return knex({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    compileSqlOnError: false,
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

/**
 * Serializes a transaction with every other one that takes the same lock, across processes on a
 * shared PostgreSQL (released at commit); SQLite has one writer anyway.
 */
export async function lockForTransaction(db: Db, name: string): Promise<void> {
  if (dialectOf(db) === 'postgres')
    await db.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [name])
}
