import { readFileSync, statSync } from 'node:fs'
import { postgresUrlProblem } from '@shared/postgres-url'

/**
 * The PostgreSQL URL an operator gives (flag, environment, Settings), checked once with an error
 * that names where it came from and what is wrong, never the URL itself (it may hold a password).
 * SQLite needs no URL: it lives in the data folder.
 */
export function checkPostgresUrl(given: string, source: string): string {
  const problem = postgresUrlProblem(given)
  if (problem)
    throw new Error(`${source} ${problem} (the URL is not shown: it may hold a password)`)
  return given
}

/**
 * Query parameters that carry a credential. PostgreSQL's connection strings (libpq, and the pg
 * driver's pg-connection-string) take `password` and `sslpassword` (the client key's passphrase)
 * there as well as in the user-info part; `sslkey` names the client key's file. Anything named
 * like a secret is hidden too, in any case (a parameter name may be percent-encoded: it is
 * compared decoded).
 */
const SECRET_PARAMETER = /pass|secret|token|^sslkey$/i

/** Whether the URL holds a password in any form (user-info or a query parameter). */
export function hasDatabasePassword(database: string): boolean {
  try {
    const url = new URL(database)
    return (
      url.password !== '' || [...url.searchParams.keys()].some((key) => SECRET_PARAMETER.test(key))
    )
  } catch {
    return false
  }
}

const UNREADABLE = '(a database URL that cannot be read; not shown)'

/**
 * The URL without its password in any form, for logs, the console and the UI: the user-info
 * password and every credential parameter become `***`, the fragment goes. An unreadable URL is
 * not shown at all.
 */
export function redactedDatabaseUrl(database: string): string {
  let url: URL
  try {
    url = new URL(database)
  } catch {
    return UNREADABLE
  }
  // `user:password@host/db` without a scheme parses as a URL whose "path" is the password.
  if (!/^postgres(ql)?:$/.test(url.protocol)) return UNREADABLE
  if (url.password) url.password = '***'
  const params = [...url.searchParams]
  if (params.some(([key]) => SECRET_PARAMETER.test(key)))
    url.search = new URLSearchParams(
      params.map(([key, value]): [string, string] => [
        key,
        SECRET_PARAMETER.test(key) ? '***' : value
      ])
    ).toString()
  url.hash = ''
  return url.href
}

export type DatabaseSource = '--database' | 'PIM_DATABASE_URL'

export interface CommandLineDatabase {
  url: string
  source: DatabaseSource
  /** Printed at start: a password where `ps` shows it, or a URL file others can read. */
  warning: string | null
}

export const DATABASE_PASSWORD_WARNING =
  '--database holds a password, visible to every local user in the process list (ps); pass ' +
  'the URL in PIM_DATABASE_URL or in a file only you can read (--database @FILE) instead'

export interface UrlFileReader {
  read(path: string): string
  /** Permission bits; null where they mean nothing (Windows). */
  mode(path: string): number | null
}

const urlFiles: UrlFileReader = {
  read: (path) => readFileSync(path, 'utf8'),
  mode: (path) => (process.platform === 'win32' ? null : statSync(path).mode)
}

/**
 * `--database URL`, `--database @FILE` (the URL read from a file, so it shows in no process
 * list) or `PIM_DATABASE_URL`; the flag wins. Null when none is given: SQLite, or the choice
 * stored by Settings.
 */
export function databaseFromCommandLine(
  flag: string | undefined,
  env: string | undefined,
  files: UrlFileReader = urlFiles
): CommandLineDatabase | null {
  if (flag === undefined) {
    if (env === undefined || env === '') return null
    return {
      url: checkPostgresUrl(env, 'PIM_DATABASE_URL'),
      source: 'PIM_DATABASE_URL',
      warning: null
    }
  }
  if (flag === '') return null
  if (!flag.startsWith('@')) {
    const url = checkPostgresUrl(flag, '--database')
    return {
      url,
      source: '--database',
      warning: hasDatabasePassword(url) ? DATABASE_PASSWORD_WARNING : null
    }
  }
  const path = flag.slice(1)
  let text: string
  let mode: number | null
  try {
    text = files.read(path)
    mode = files.mode(path)
  } catch (error) {
    throw new Error(`cannot read --database @${path}: ${(error as Error).message}`)
  }
  // A trailing newline from `echo ... > file` is not part of the URL.
  const url = checkPostgresUrl(text.trim(), `the URL in --database @${path}`)
  const open = mode !== null && (mode & 0o077) !== 0 && hasDatabasePassword(url)
  return {
    url,
    source: '--database',
    warning: open
      ? `--database @${path}: the file holds a password and other users may read it ` +
        `(mode ${(mode! & 0o777).toString(8)}); chmod 600 it`
      : null
  }
}
