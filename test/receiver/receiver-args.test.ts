import { describe, expect, it } from 'vitest'
import {
  DEFAULT_RECEIVER_PORT,
  parseReceiverArgs,
  RECEIVER_USAGE
} from '../../src/receiver/receiver-args'
import { generateSecret } from './requests'

const SECRET = generateSecret()
const noFile = (path: string): string => {
  throw new Error(`ENOENT: no such file or directory, open '${path}'`)
}

describe('parseReceiverArgs', () => {
  it('has defaults: port 4790 on 127.0.0.1, no secret, 300 s tolerance, no rules', () => {
    expect(DEFAULT_RECEIVER_PORT).toBe(4790)
    expect(parseReceiverArgs([])).toEqual({
      help: false,
      port: 4790,
      portGiven: false,
      host: '127.0.0.1',
      allowedHosts: [],
      secrets: [],
      toleranceSeconds: 300,
      rules: {},
      maxRecords: 1000,
      hostWarning: null
    })
  })

  it('reads every flag, repeated secrets and rules included', () => {
    const other = generateSecret()
    const args = parseReceiverArgs(
      [
        '--port=0',
        '--secret',
        SECRET,
        '--secret',
        other,
        '--tolerance',
        '60',
        '--rule',
        '/flaky=status:500,ratio:0.4',
        '--rule',
        '/slow=delay:20000',
        '--max-records',
        '50'
      ],
      noFile
    )
    expect(args).toMatchObject({
      port: 0,
      portGiven: true,
      secrets: [SECRET, other],
      toleranceSeconds: 60,
      maxRecords: 50,
      rules: { '/flaky': { status: 500, failureRatio: 0.4 }, '/slow': { delayMs: 20000 } }
    })
  })

  it('reads a rules file, with --rule winning for the same target', () => {
    const files: Record<string, string> = {
      'rules.json': '{"/a":{"status":503,"retryAfterSeconds":30},"/b":{"status":500}}'
    }
    const args = parseReceiverArgs(
      ['--rules', 'rules.json', '--rule', '/b=status:410'],
      (path) => files[path] ?? noFile(path)
    )
    expect(args.rules).toEqual({
      '/a': { status: 503, retryAfterSeconds: 30 },
      '/b': { status: 410 }
    })
    expect(() => parseReceiverArgs(['--rules', 'missing.json'], noFile)).toThrow(
      /cannot read --rules missing.json: ENOENT/
    )
  })

  it('warns when --host lets the network in, and not for loopback', () => {
    expect(parseReceiverArgs(['--host', '0.0.0.0']).hostWarning).toMatch(
      /--host 0.0.0.0 accepts requests from the network/
    )
    expect(parseReceiverArgs(['--host', '::1']).hostWarning).toBeNull()
    expect(parseReceiverArgs(['--host', 'localhost']).hostWarning).toBeNull()
  })

  it('takes the host names senders may use, repeated, and refuses what is not a name', () => {
    const args = parseReceiverArgs(['--allow-host', 'Receiver.LAN', '--allow-host', 'hooks'])
    expect(args.allowedHosts).toEqual(['receiver.lan', 'hooks'])
    for (const bad of ['http://receiver.lan', 'receiver.lan:4790', 'a b', '', 'x_y.lan'])
      expect(() => parseReceiverArgs(['--allow-host', bad]), bad).toThrow(
        /--allow-host takes a host name like receiver.lan/
      )
  })

  it.each([
    [['--port', 'abc'], /--port must be a whole number from 0 to 65535, not "abc"/],
    [['--port', '65536'], /--port must be a whole number from 0 to 65535/],
    [['--port='], /--port must be a whole number/],
    [['--port', '-1'], /--port/],
    [['--tolerance', '1.5'], /--tolerance must be a whole number/],
    [['--max-records', '0'], /--max-records must be a whole number from 1/],
    [['--secret', 'sk_test_abc'], /--secret: a secret must start with "whsec_"/],
    [['--secret', 'whsec_abc'], /--secret: a secret must be "whsec_" followed by standard base64/],
    [['--secret', 'whsec_'], /standard base64/],
    [['--rule', 'flaky'], /--rule "flaky": write it as TARGET=SETTING:VALUE/],
    [['--verbose'], /Unknown option '--verbose' \(see --help\)/],
    [['extra'], /extra.*\(see --help\)/],
    [['--secret'], /Option '--secret <value>' argument missing/],
    [['--host', ''], /--host needs an address/]
  ])('refuses %j with a clear error', (argv, message) => {
    expect(() => parseReceiverArgs(argv, noFile)).toThrow(message)
  })

  it('does not echo a whole malformed secret back', () => {
    const almost = SECRET.slice(0, -1)
    expect(() => parseReceiverArgs(['--secret', almost])).toThrow(/ending "/)
    expect(() => parseReceiverArgs(['--secret', almost])).not.toThrow(almost)
  })

  it('has --help, and the usage names every flag', () => {
    expect(parseReceiverArgs(['--help']).help).toBe(true)
    expect(parseReceiverArgs(['-h']).help).toBe(true)
    for (const flag of [
      '--port',
      '--host',
      '--secret',
      '--tolerance',
      '--rule',
      '--rules',
      '--max-records'
    ])
      expect(RECEIVER_USAGE).toContain(flag)
  })
})
