import { describe, expect, it } from 'vitest'
import {
  blockedAddressReason,
  literalHostProblem
} from '../../src/main/core/delivery/transport/address-guard'

describe('blockedAddressReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.0.10', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['::1', 'loopback'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private']
  ])('refuses %s (%s)', (address, range) => {
    expect(blockedAddressReason(address)).toContain(range)
  })

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111'])('allows public %s', (address) => {
    expect(blockedAddressReason(address)).toBeNull()
  })

  it('says so for something that is not an address', () => {
    expect(blockedAddressReason('example.com')).toContain('not an IP address')
  })
})

describe('literalHostProblem', () => {
  it('sees through the decimal, hex and octal forms the URL parser normalises', () => {
    for (const url of [
      'http://2130706433/',
      'http://0x7f000001/',
      'http://0177.0.0.1/',
      'http://[::1]/'
    ])
      expect(literalHostProblem(new URL(url)), url).toContain('private-network guard')
  })

  it('leaves host names to the DNS check and public literals alone', () => {
    expect(literalHostProblem(new URL('http://localhost:8080/'))).toBeNull()
    expect(literalHostProblem(new URL('https://93.184.215.14/hook'))).toBeNull()
  })
})
