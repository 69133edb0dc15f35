import { homedir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_PORT,
  MIN_TOKEN_LENGTH,
  parseServeArgs,
  redactedDatabaseUrl
} from '../../src/main/serve/serve-args'

const PORT_ERROR = /--port must be a whole number from 0 to 65535/
const TOKEN = 'a'.repeat(16) + 'B'.repeat(16)
const OTHER = 'z'.repeat(40)
const noFile = (path: string): string => {
  throw new Error(`ENOENT: no such file or directory, open '${path}'`)
}

describe('parseServeArgs', () => {
  it('has defaults: port 4780, data dir in the home directory, no token', () => {
    expect(DEFAULT_PORT).toBe(4780)
    expect(parseServeArgs([], {})).toEqual({
      port: 4780,
      dataDir: join(homedir(), '.indexed-pim-desktop'),
      token: null,
      tokenSource: null,
      database: null,
      deliver: true,
      databaseSource: null,
      databaseWarning: null,
      metrics: null
    })
  })

  it('reads every flag, in both --flag value and --flag=value forms', () => {
    expect(
      parseServeArgs(['--port', '8080', '--data-dir', '/tmp/pim', '--token', TOKEN], {})
    ).toEqual({
      port: 8080,
      dataDir: '/tmp/pim',
      token: TOKEN,
      tokenSource: '--token',
      database: null,
      deliver: true,
      databaseSource: null,
      databaseWarning: null,
      metrics: null
    })
    expect(parseServeArgs(['--port=9000', '--data-dir=/srv/pim'], {})).toMatchObject({
      port: 9000,
      dataDir: '/srv/pim'
    })
  })

  it('accepts --port 0 (pick a free port) and the top of the range', () => {
    expect(parseServeArgs(['--port', '0'], {}).port).toBe(0)
    expect(parseServeArgs(['--port', '65535'], {}).port).toBe(65535)
  })

  it.each([['65536'], ['abc'], ['1.5'], ['-1'], ['80abc'], ['99999999']])(
    'rejects --port=%s',
    (port) => {
      expect(() => parseServeArgs([`--port=${port}`], {})).toThrow(PORT_ERROR)
    }
  )

  // Number('') is 0: an unset `--port "$PORT"` must fail, not bind a random port.
  it('rejects an empty --port instead of treating it as 0', () => {
    expect(() => parseServeArgs(['--port='], {})).toThrow(PORT_ERROR)
    expect(() => parseServeArgs(['--port', ''], {})).toThrow(PORT_ERROR)
  })

  it('rejects unknown flags and stray positionals', () => {
    expect(() => parseServeArgs(['--verbose'], {})).toThrow(/verbose/)
    expect(() => parseServeArgs(['--host', '0.0.0.0'], {})).toThrow(/host/)
    expect(() => parseServeArgs(['serve'], {})).toThrow()
  })
})

describe('parseServeArgs: the token', () => {
  it('takes it from PIM_TOKEN', () => {
    expect(parseServeArgs([], { PIM_TOKEN: TOKEN })).toMatchObject({
      token: TOKEN,
      tokenSource: 'PIM_TOKEN'
    })
  })

  it('reads --token-file, without the trailing newline', () => {
    const files: Record<string, string> = {
      '/run/pim/token': `${TOKEN}\n`,
      '/crlf': `${TOKEN}\r\n`
    }
    const read = (path: string): string => files[path] ?? noFile(path)
    expect(parseServeArgs(['--token-file', '/run/pim/token'], {}, read)).toMatchObject({
      token: TOKEN,
      tokenSource: '--token-file'
    })
    expect(parseServeArgs(['--token-file=/crlf'], {}, read).token).toBe(TOKEN)
  })

  it('says which file it could not read', () => {
    expect(() => parseServeArgs(['--token-file', '/nope'], {}, noFile)).toThrow(
      /cannot read --token-file \/nope: ENOENT/
    )
  })

  it('prefers either flag over PIM_TOKEN, and refuses both flags at once', () => {
    expect(parseServeArgs(['--token', OTHER], { PIM_TOKEN: TOKEN }).token).toBe(OTHER)
    expect(parseServeArgs(['--token-file', '/t'], { PIM_TOKEN: TOKEN }, () => OTHER).token).toBe(
      OTHER
    )
    expect(() => parseServeArgs(['--token', TOKEN, '--token-file', '/t'], {}, () => OTHER)).toThrow(
      /either --token or --token-file/
    )
  })

  it(`refuses tokens shorter than ${MIN_TOKEN_LENGTH} characters from every source`, () => {
    expect(MIN_TOKEN_LENGTH).toBe(32)
    const short = TOKEN.slice(1)
    expect(() => parseServeArgs(['--token', short], {})).toThrow(
      /token from --token must be at least 32 characters, not 31/
    )
    expect(() => parseServeArgs([], { PIM_TOKEN: 'secret-token-123' })).toThrow(
      /token from PIM_TOKEN must be at least 32/
    )
    expect(() => parseServeArgs([], { PIM_TOKEN: '' })).toThrow(/at least 32/)
    expect(() => parseServeArgs(['--token-file', '/t'], {}, () => `${short}\n`)).toThrow(
      /token from --token-file must be at least 32/
    )
    expect(parseServeArgs(['--token', TOKEN], {}).token).toBe(TOKEN)
  })

  it('refuses spaces and control characters, which cannot travel in a header or URL', () => {
    for (const token of [`${TOKEN} x`, `${TOKEN}\tx`, `${TOKEN}é`])
      expect(() => parseServeArgs(['--token', token], {}), token).toThrow(/printable ASCII/)
  })
})

describe('--database and PIM_DATABASE_URL (team mode)', () => {
  const url = 'postgres://pim:s3cret@db.example:5432/catalog'

  it('takes a PostgreSQL URL from the flag, or else from the environment', () => {
    expect(parseServeArgs(['--database', url], {})).toMatchObject({
      database: url,
      databaseSource: '--database'
    })
    expect(parseServeArgs([], { PIM_DATABASE_URL: url })).toMatchObject({
      database: url,
      databaseSource: 'PIM_DATABASE_URL'
    })
    expect(
      parseServeArgs(['--database', 'postgresql://h/other'], { PIM_DATABASE_URL: url }).database
    ).toBe('postgresql://h/other')
    expect(parseServeArgs([], { PIM_DATABASE_URL: '' }).database).toBeNull()
  })

  it.each([
    ['not a url', /--database is not a URL: write it like postgres:/],
    ['mysql://h/db', /--database must start with postgres:\/\/ or postgresql:\/\//],
    ['postgres://host', /--database names no database/],
    ['/home/me/pim.sqlite', /--database is not a URL/]
  ])('refuses --database %s with a clear message', (given, message) => {
    expect(() => parseServeArgs(['--database', given], {})).toThrow(message)
  })

  it('names the variable when the environment holds the bad URL', () => {
    expect(() => parseServeArgs([], { PIM_DATABASE_URL: 'sqlite:pim' })).toThrow(
      /^PIM_DATABASE_URL must start with postgres:\/\//
    )
  })

  it('--no-deliver leaves delivering to npm run worker processes', () => {
    expect(parseServeArgs(['--no-deliver', '--database', url], {}).deliver).toBe(false)
    expect(() => parseServeArgs(['--no-deliver'], {})).toThrow(
      /--no-deliver needs a shared database/
    )
  })

  it('never prints the password', () => {
    expect(redactedDatabaseUrl(url)).toBe('postgres://pim:***@db.example:5432/catalog')
    expect(redactedDatabaseUrl('postgres://pim@h/db')).toBe('postgres://pim@h/db')
  })
})
