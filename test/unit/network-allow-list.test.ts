import { describe, expect, it } from 'vitest'
import {
  allowListEntryProblem,
  compileAllowList,
  parseAllowListEntry
} from '@shared/network-allow-list'
import { literalHostProblem } from '../../src/main/core/delivery/transport/address-guard'

describe('allow-list entries', () => {
  it('takes host names, IPv4 and IPv6 addresses and CIDR ranges', () => {
    for (const entry of [
      'hooks.internal',
      'LOCALHOST',
      'receiver',
      '10.20.0.0/16',
      '127.0.0.1/32',
      '0.0.0.0/0',
      '10.0.0.5',
      'fd00::/8',
      '::1',
      '[::1]',
      '::ffff:10.0.0.0/104'
    ])
      expect(allowListEntryProblem(entry), entry).toBeNull()
    expect(parseAllowListEntry(' Hooks.Internal ')).toEqual({
      kind: 'host',
      name: 'hooks.internal'
    })
  })

  it('refuses anything else, naming the entry and what is wrong', () => {
    for (const [entry, problem] of [
      ['http://hooks.internal/', /is not a host name, an IP address or a CIDR range/],
      ['hooks.internal:8080', /no scheme, port or path/],
      ['10.0.0.0/33', /the prefix length must be 0 to 32/],
      ['fd00::/129', /the prefix length must be 0 to 128/],
      ['10.0.0/8', /the part before "\/" must be an IP address/],
      ['2130706433', /is not a host name/],
      ['10.0.0.256', /is not a host name/],
      ['*.internal', /is not a host name/],
      ['', /is not a host name/]
    ] as const)
      expect(allowListEntryProblem(entry), entry).toMatch(problem)
    expect(allowListEntryProblem('10.0.0.0/33')).toContain('"10.0.0.0/33"')
  })

  it('matches names exactly and addresses by range, IPv4-mapped ones as IPv4', () => {
    const list = compileAllowList(['hooks.internal', '10.20.0.0/16', 'fd00::/8', '127.0.0.1'])
    expect(list.allowsHost('hooks.internal')).toBe(true)
    expect(list.allowsHost('HOOKS.internal.')).toBe(true)
    expect(list.allowsHost('evil.hooks.internal')).toBe(false)
    for (const address of ['10.20.3.4', '::ffff:10.20.0.1', 'fd12::1', '127.0.0.1'])
      expect(list.allowsAddress(address), address).toBe(true)
    for (const address of ['10.21.0.1', '127.0.0.2', 'fe80::1', '::1', 'not an address'])
      expect(list.allowsAddress(address), address).toBe(false)
    expect(compileAllowList(['bad/99']).allowsAddress('10.0.0.1')).toBe(false)
  })

  it('lets an allow-listed IP literal past the guard, and nothing else', () => {
    const list = compileAllowList(['127.0.0.1/32'])
    expect(literalHostProblem(new URL('http://127.0.0.1:8080/'), list)).toBeNull()
    expect(literalHostProblem(new URL('http://2130706433:8080/'), list)).toBeNull()
    expect(literalHostProblem(new URL('http://127.0.0.2:8080/'), list)).toContain('loopback')
    expect(literalHostProblem(new URL('http://[::1]:8080/'), list)).toContain('loopback')
  })
})
