import pg from 'pg'

export interface DatabaseProbe {
  serverVersion: string
  /** The app's tables are there already (another instance, or a copy, created them). */
  hasCatalog: boolean
}

/**
 * Connects once to a PostgreSQL URL and reports what is there, for the connection test in
 * Settings. Errors come back in words an operator can act on.
 */
export async function probePostgres(url: string, timeoutMs = 5_000): Promise<DatabaseProbe> {
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
    throw new Error(probeMessage(error as NodeJS.ErrnoException & { code?: string }))
  } finally {
    await client.end().catch(() => {})
  }
}

function probeMessage(error: NodeJS.ErrnoException & { code?: string }): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'nothing answers at that host and port: is PostgreSQL running there?'
    case 'ENOTFOUND':
      return 'the host name does not resolve'
    case '28P01':
    case '28000':
      return 'the server refused the user name or password'
    case '3D000':
      return 'the database does not exist on that server: create it first (createdb)'
    default:
      return error.message || 'the connection failed'
  }
}
