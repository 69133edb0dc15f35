/**
 * What is wrong with a PostgreSQL URL an operator gave (flag, environment, Settings), in words
 * that never repeat the URL: it may hold a password, and a mistyped one is still a password.
 * Null when it is a `postgres://` or `postgresql://` URL with a host and a database.
 */
export function postgresUrlProblem(value: string): string | null {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'is not a URL: write it like postgres://user@host:5432/pim'
  }
  if (!/^postgres(ql)?:$/i.test(url.protocol))
    return 'must start with postgres:// or postgresql:// (SQLite needs no URL)'
  if (!url.hostname) return 'has no host: write it like postgres://user@host:5432/pim'
  if (url.pathname.length < 2) return 'names no database: add it after the host, as in /pim'
  if (!decodes(url.username))
    return 'has a user name that is not valid percent-encoding (write % as %25)'
  if (!decodes(url.password))
    return 'has a password that is not valid percent-encoding (write % as %25)'
  return null
}

/** What the pg driver does with the user-info part; `%zz` or a broken UTF-8 sequence throws. */
function decodes(text: string): boolean {
  try {
    // The result is used, so a bundler cannot drop the call as free of side effects.
    return typeof decodeURIComponent(text) === 'string'
  } catch {
    return false
  }
}
