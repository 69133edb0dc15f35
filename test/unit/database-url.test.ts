import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  checkPostgresUrl,
  DATABASE_PASSWORD_WARNING,
  databaseFromCommandLine,
  hasDatabasePassword,
  redactedDatabaseUrl
} from '../../src/main/core/db/database-url'
import { parseWorkerArgs } from '../../src/main/worker/worker-args'
import { parseServeArgs } from '../../src/main/serve/serve-args'

const SECRET = 'S3cr3t-pw'
/** Every way a connection string can carry a password (pg's docs: user-info and parameters). */
const WITH_PASSWORDS = [
  `postgres://pim:${SECRET}@db.example:5432/catalog`,
  `postgres://pim@db.example/catalog?password=${SECRET}`,
  `postgres://pim@db.example/catalog?sslmode=verify-full&sslpassword=${SECRET}`,
  `postgresql://pim@db.example/catalog?PASSWORD=${SECRET}&application_name=pim`,
  `postgres://pim@db.example/catalog?pass%77ord=${SECRET}`,
  `postgres://pim@db.example/catalog?password=${encodeURIComponent(SECRET + '/&=')}`,
  `postgres://pim:${SECRET.replace('3', '%33')}@db.example/catalog`,
  `postgres://:${SECRET}@db.example/catalog#password=${SECRET}`
]

const dir = mkdtempSync(join(tmpdir(), 'pim-dburl-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function urlFile(name: string, text: string, mode: number): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  chmodSync(path, mode)
  return path
}

describe('redactedDatabaseUrl', () => {
  it('hides the password in every form, keeping what tells servers apart', () => {
    for (const url of WITH_PASSWORDS) {
      const shown = redactedDatabaseUrl(url)
      expect(shown, url).not.toContain('S3cr')
      expect(shown, url).not.toContain('%33cr')
      expect(shown, url).toContain('db.example')
      expect(shown, url).toContain('***')
      expect(hasDatabasePassword(url), url).toBe(true)
    }
    expect(redactedDatabaseUrl(WITH_PASSWORDS[2])).toBe(
      'postgres://pim@db.example/catalog?sslmode=verify-full&sslpassword=***'
    )
    expect(redactedDatabaseUrl('postgres://pim@h/db')).toBe('postgres://pim@h/db')
    expect(hasDatabasePassword('postgres://pim@h/db?sslmode=require')).toBe(false)
  })

  it('shows nothing of a URL it cannot read', () => {
    expect(redactedDatabaseUrl(`pim:${SECRET}@host/db`)).not.toContain(SECRET)
    expect(redactedDatabaseUrl(`mysql://pim:${SECRET}@host/db`)).not.toContain(SECRET)
    expect(redactedDatabaseUrl(`://${SECRET}`)).toBe(
      '(a database URL that cannot be read; not shown)'
    )
  })
})

describe('checking a database URL', () => {
  it('says which part is wrong without repeating the URL', () => {
    for (const [given, problem] of [
      [`pim:${SECRET}@db-42.example/db`, /must start with postgres:\/\//],
      [`postgres//pim:${SECRET}@db-42.example/db`, /is not a URL/],
      [`mysql://pim:${SECRET}@db-42.example/db`, /must start with postgres:\/\//],
      [`postgres://pim:${SECRET}@db-42.example`, /names no database/],
      [
        `postgres://pim:${SECRET}%zz@db-42.example/db`,
        /password that is not valid percent-encoding/
      ]
    ] as const) {
      let message = ''
      try {
        checkPostgresUrl(given, '--database')
      } catch (error) {
        message = (error as Error).message
      }
      expect(message, given).toMatch(problem)
      expect(message, given).toMatch(/^--database /)
      expect(message, given).not.toContain(SECRET)
      expect(message, given).not.toContain('db-42')
    }
  })
})

describe('a database on the command line', () => {
  it('warns, as for --token, when --database holds a password in any form', () => {
    for (const url of WITH_PASSWORDS) {
      expect(databaseFromCommandLine(url, undefined)?.warning, url).toBe(DATABASE_PASSWORD_WARNING)
      // The environment is not in the process list.
      expect(databaseFromCommandLine(undefined, url)).toEqual({
        url,
        source: 'PIM_DATABASE_URL',
        warning: null
      })
    }
    expect(databaseFromCommandLine('postgres://pim@h/db', undefined)?.warning).toBeNull()
    expect(DATABASE_PASSWORD_WARNING).toMatch(/PIM_DATABASE_URL/)
    expect(parseServeArgs(['--database', WITH_PASSWORDS[1]], {}).databaseWarning).toBe(
      DATABASE_PASSWORD_WARNING
    )
    expect(parseWorkerArgs(['--database', WITH_PASSWORDS[2]], {}).databaseWarning).toBe(
      DATABASE_PASSWORD_WARNING
    )
  })

  it('reads --database @FILE, newline trimmed, warning only when others may read a password', () => {
    const url = WITH_PASSWORDS[0]
    const privateFile = urlFile('private.url', `${url}\n`, 0o600)
    expect(databaseFromCommandLine(`@${privateFile}`, 'postgres://ignored@h/db')).toEqual({
      url,
      source: '--database',
      warning: null
    })
    const shared = urlFile('shared.url', url, 0o644)
    expect(databaseFromCommandLine(`@${shared}`, undefined)?.warning).toMatch(
      /other users may read it \(mode 644\); chmod 600 it/
    )
    const noPassword = urlFile('plain.url', 'postgres://pim@h/db', 0o644)
    expect(databaseFromCommandLine(`@${noPassword}`, undefined)?.warning).toBeNull()
    expect(parseServeArgs(['--database', `@${privateFile}`], {})).toMatchObject({
      database: url,
      databaseSource: '--database',
      databaseWarning: null
    })

    const bad = urlFile('bad.url', `mysql://pim:${SECRET}@h/db`, 0o600)
    expect(() => databaseFromCommandLine(`@${bad}`, undefined)).toThrow(
      /^the URL in --database @.*bad\.url must start with postgres:\/\//
    )
    expect(() => databaseFromCommandLine(`@${bad}`, undefined)).not.toThrow(SECRET)
    expect(() => databaseFromCommandLine(`@${join(dir, 'missing')}`, undefined)).toThrow(
      /cannot read --database @.*missing: ENOENT/
    )
  })
})
