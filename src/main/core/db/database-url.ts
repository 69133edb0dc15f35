/**
 * The PostgreSQL URL an operator gives (flag, environment, Settings), checked once with an error
 * that names where it came from. SQLite needs no URL: it lives in the data folder.
 */
export function checkPostgresUrl(given: string, source: string): string {
  let url: URL
  try {
    url = new URL(given)
  } catch {
    throw new Error(`${source} must be a URL like postgres://user@host:5432/pim, not "${given}"`)
  }
  if (!/^postgres(ql)?:$/.test(url.protocol) || !url.hostname || url.pathname.length < 2)
    throw new Error(
      `${source} must be a PostgreSQL URL with a host and a database, like ` +
        `postgres://user@host:5432/pim (SQLite needs no URL: it lives in --data-dir)`
    )
  return given
}

/** The URL without its password, for logs, the console and the UI. */
export function redactedDatabaseUrl(database: string): string {
  const url = new URL(database)
  if (url.password) url.password = '***'
  return url.href
}
