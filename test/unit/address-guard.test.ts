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

  it.each([
    ['192.0.2.1', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['240.0.0.1', 'reserved']
  ])('refuses documentation and reserved IPv4 %s (%s)', (address, range) => {
    expect(blockedAddressReason(address)).toContain(range)
  })

  it.each([
    ['::127.0.0.1', 'embedding 127.0.0.1 is a loopback address'],
    ['::7f00:1', 'embedding 127.0.0.1 is a loopback address'],
    ['::a00:1', 'embedding 10.0.0.1 is a private address'],
    ['::169.254.169.254', 'embedding 169.254.169.254 is a linkLocal address'],
    // Deprecated, so refused even when the IPv4 address inside is public.
    ['::8.8.8.8', 'IPv4-compatible']
  ])('refuses the IPv4-compatible form %s', (address, reason) => {
    expect(blockedAddressReason(address)).toContain('IPv4-compatible')
    expect(blockedAddressReason(address)).toContain(reason)
  })

  it.each([
    ['ff02::1', 'multicast'],
    ['ff0e::1234', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['3fff::1', 'reserved'],
    ['fec0::1', 'deprecatedSiteLocal'],
    ['100::1', 'discard'],
    ['::ffff:0:a00:1', 'rfc6145'],
    ['64:ff9b:1::a00:1', 'rfc6052'],
    ['5f00::1', 'segmentRouting'],
    ['2001:2::1', 'benchmarking'],
    ['2001:20::1', 'orchid2'],
    ['4000::1', 'outside IPv6 global unicast (unassigned)'],
    ['e000::1', 'outside IPv6 global unicast (unassigned)']
  ])('refuses IPv6 %s outside global unicast or in a special block (%s)', (address, range) => {
    expect(blockedAddressReason(address)).toContain(range)
  })

  it.each([
    ['64:ff9b::7f00:1', 'embedding 127.0.0.1 is a loopback address'],
    ['64:ff9b::a00:1', 'embedding 10.0.0.1 is a private address'],
    ['64:ff9b::169.254.169.254', 'embedding 169.254.169.254 is a linkLocal address'],
    ['64:ff9b::6440:1', 'embedding 100.64.0.1 is a carrierGradeNat address']
  ])('refuses NAT64 %s', (address, reason) => {
    expect(blockedAddressReason(address)).toContain(reason)
  })

  // On an IPv6-only network DNS64 answers with these for every public IPv4-only host.
  it('allows NAT64 addresses of public IPv4 hosts', () => {
    expect(blockedAddressReason('64:ff9b::808:808')).toBeNull()
    expect(blockedAddressReason('64:ff9b::93.184.215.14')).toBeNull()
  })

  it.each([
    ['2002:7f00:1::1', '6to4 address, embedding 127.0.0.1 is a loopback address'],
    ['2002:c0a8:1::1', '6to4 address, embedding 192.168.0.1 is a private address'],
    ['2002:a9fe:a9fe::1', '6to4 address, embedding 169.254.169.254 is a linkLocal address'],
    // Teredo: the server IPv4 in bits 32-63, the client IPv4 inverted in the last 32 bits.
    ['2001:0:a00:1::1', 'Teredo address, embedding 10.0.0.1 is a private address'],
    ['2001:0:4136:e378:8000:63bf:f5ff:fffe', 'Teredo address, embedding 10.0.0.1 is a private'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'Teredo address, embedding 127.0.0.1 is a loopback']
  ])('refuses the 6to4 or Teredo address %s', (address, reason) => {
    expect(blockedAddressReason(address)).toContain(reason)
  })

  it('refuses 6to4 and Teredo relays even around a public IPv4 address', () => {
    expect(blockedAddressReason('2002:808:808::1')).toBe('2002:808:808::1 is a 6to4 address')
    expect(blockedAddressReason('2001:0:808:808::f7f7:f7f7')).toBe(
      '2001:0:808:808::f7f7:f7f7 is a Teredo address'
    )
  })

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '::ffff:8.8.8.8',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e'
  ])('allows public %s', (address) => {
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
      'http://[::1]/',
      'http://[::127.0.0.1]/',
      'http://[::7f00:1]/',
      'http://[::ffff:7f00:1]/',
      'http://[64:ff9b::7f00:1]/',
      'http://[64:ff9b::10.0.0.1]/',
      'http://[2002:7f00:1::1]/',
      'http://[ff02::1]/',
      'http://[2001:db8::1]/',
      'http://[fec0::1]/'
    ])
      expect(literalHostProblem(new URL(url)), url).toContain('private-network guard')
  })

  it('leaves host names to the DNS check and public literals alone', () => {
    expect(literalHostProblem(new URL('http://localhost:8080/'))).toBeNull()
    expect(literalHostProblem(new URL('https://93.184.215.14/hook'))).toBeNull()
  })
})
