import pg from 'pg'

export interface DatabaseProbe {
  serverVersion: string
  /** The app's tables are there already (another instance, or a copy, created them). */
  hasCatalog: boolean
}

/** What every failure short of a PostgreSQL server answering says, whatever the cause. */
export const NO_POSTGRES_ANSWER =
  'no PostgreSQL server answered at that host and port: check both, that the server runs and ' +
  'that it accepts connections from this machine'

/**
 * Connects once to a PostgreSQL URL and reports what is there, for the connection test in
 * Settings. It must not become a port scanner for whoever can reach Settings (on a team server,
 * the server's own network): a refused connection, a timeout, a name that does not resolve and
 * a port where something else listens all get the same words, and none of them comes back
 * before the timeout, so neither the message nor the time taken tells an open port from a
 * closed or filtered one. Only a PostgreSQL server's own answers (credentials refused, no such
 * database) are told apart: by then a PostgreSQL server has answered, which is what the test is
 * for.
 */
export async function probePostgres(url: string, timeoutMs = 5_000): Promise<DatabaseProbe> {
  const started = Date.now()
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs
  })
  try {
    await client.connect()
    const version = await client.query<{ server_version: string }>('SHOW server_version')
    const tables = await client.query<{ found: string | null }>(
      "SELECT to_regclass('public.knex_migrations')::text AS found"
    )
    return {
      serverVersion: version.rows[0].server_version,
      hasCatalog: tables.rows[0].found !== null
    }
  } catch (error) {
    const message = postgresAnswer(error as { code?: unknown })
    if (message === NO_POSTGRES_ANSWER) {
      const wait = timeoutMs - (Date.now() - started)
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    }
    throw new Error(message)
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * The words for a PostgreSQL server's own error (its SQLSTATE), or the one generic answer for
 * anything else: network errors carry Node's codes (ECONNREFUSED, ETIMEDOUT, ENOTFOUND, ...),
 * never a five-character SQLSTATE.
 */
function postgresAnswer(error: { code?: unknown }): string {
  switch (error.code) {
    case '28P01':
    case '28000':
      return 'the PostgreSQL server refused the user name or password'
    case '3D000':
      return 'the database does not exist on that PostgreSQL server: create it first (createdb)'
    default:
      // No SQLSTATE class starts with E; Node's five-letter codes (EPIPE, EPERM) all do.
      return typeof error.code === 'string' && /^(?!E)[0-9A-Z]{5}$/.test(error.code)
        ? `the PostgreSQL server refused the connection (SQLSTATE ${error.code})`
        : NO_POSTGRES_ANSWER
  }
}
