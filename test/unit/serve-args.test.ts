import { homedir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_PORT, parseServeArgs } from '../../src/main/serve/serve-args'

const PORT_ERROR = /--port must be a whole number from 0 to 65535/

describe('parseServeArgs', () => {
  it('has defaults: port 4780, data dir in the home directory, no token', () => {
    expect(DEFAULT_PORT).toBe(4780)
    expect(parseServeArgs([], {})).toEqual({
      port: 4780,
      dataDir: join(homedir(), '.indexed-pim-desktop'),
      token: null
    })
  })

  it('reads every flag, in both --flag value and --flag=value forms', () => {
    expect(
      parseServeArgs(['--port', '8080', '--data-dir', '/tmp/pim', '--token', 'abcdefgh123'], {})
    ).toEqual({ port: 8080, dataDir: '/tmp/pim', token: 'abcdefgh123' })
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

  it('falls back to PIM_TOKEN when --token is absent', () => {
    expect(parseServeArgs([], { PIM_TOKEN: 'from-env-123' }).token).toBe('from-env-123')
  })

  it('prefers --token over PIM_TOKEN', () => {
    expect(parseServeArgs(['--token', 'from-flag-1'], { PIM_TOKEN: 'from-env-123' }).token).toBe(
      'from-flag-1'
    )
  })

  it('rejects tokens shorter than 8 characters from either source', () => {
    expect(() => parseServeArgs(['--token', '1234567'], {})).toThrow(/at least 8 characters/)
    expect(() => parseServeArgs([], { PIM_TOKEN: 'short' })).toThrow(/at least 8 characters/)
    expect(parseServeArgs(['--token', '12345678'], {}).token).toBe('12345678')
  })
})
