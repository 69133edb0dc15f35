import ipaddr from 'ipaddr.js'
import { compileAllowList, type AllowList } from '@shared/network-allow-list'
import { lookup, type LookupAddress, type LookupOptions } from 'node:dns'
import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'

export const BLOCKED_CODE = 'EBLOCKEDADDRESS'

/** Global unicast, the only IPv6 block that reaches the public Internet (2000::/3). */
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3')
/** NAT64's well-known prefix: DNS64 synthesises these for IPv4-only hosts (RFC 6052). */
const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR('64:ff9b::/96')

/**
 * ipaddr.js reads `::a.b.c.d` as the IPv4-mapped `::ffff:a.b.c.d`, but it is the IPv4-compatible
 * form (and libuv prints resolved IPv4-compatible addresses that way), so a dotted tail becomes
 * two hex groups before parsing.
 */
function withHexTail(address: string): string {
  const match = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(%.*)?$/.exec(address)
  if (!match) return address
  const [a, b, c, d] = match.slice(2, 6).map(Number)
  if ([a, b, c, d].some((octet) => octet > 255)) return address
  const hex = (high: number, low: number): string => ((high << 8) | low).toString(16)
  return `${match[1]}${hex(a, b)}:${hex(c, d)}${match[6] ?? ''}`
}

function v4Reason(address: ipaddr.IPv4, written: string): string | null {
  const range = address.range()
  return range === 'unicast' ? null : `${written} is a ${range} address`
}

/** The IPv4 address in the low 32 bits (IPv4-compatible ::a.b.c.d, NAT64). */
function low32(address: ipaddr.IPv6): ipaddr.IPv4 {
  const bytes = address.toByteArray()
  return new ipaddr.IPv4(bytes.slice(12, 16))
}

function embeddedNote(embedded: ipaddr.IPv4): string {
  const reason = v4Reason(embedded, embedded.toString())
  return reason ? `, embedding ${reason}` : ''
}

function v6Reason(address: ipaddr.IPv6, written: string): string | null {
  if (address.isIPv4MappedAddress()) return v4Reason(address.toIPv4Address(), written)
  const range = address.range()
  if (range === 'unspecified' || range === 'loopback') return `${written} is a ${range} address`
  // ::a.b.c.d (deprecated IPv4-compatible): some stacks still route it to the IPv4 address.
  if (address.parts.slice(0, 6).every((part) => part === 0))
    return `${written} is an IPv4-compatible IPv6 address${embeddedNote(low32(address))}`
  // DNS64 turns every public IPv4-only name into one of these on an IPv6-only network, so they
  // are judged by the IPv4 address the NAT64 gateway will contact.
  if (address.match(NAT64_WELL_KNOWN)) {
    const note = embeddedNote(low32(address))
    return note ? `${written} is a NAT64 address${note}` : null
  }
  // 6to4 (2002:V4ADDR::/48) and Teredo (server and XOR-ed client IPv4) are relays that are
  // refused outright; the note names a private IPv4 they would lead to.
  if (range === '6to4') {
    const embedded = new ipaddr.IPv4(address.toByteArray().slice(2, 6))
    return `${written} is a 6to4 address${embeddedNote(embedded)}`
  }
  if (range === 'teredo') {
    const bytes = address.toByteArray()
    const server = new ipaddr.IPv4(bytes.slice(4, 8))
    const client = new ipaddr.IPv4(bytes.slice(12, 16).map((byte) => byte ^ 0xff))
    return `${written} is a Teredo address${embeddedNote(server) || embeddedNote(client)}`
  }
  if (!address.match(GLOBAL_UNICAST_V6))
    return `${written} is outside IPv6 global unicast (${range === 'unicast' ? 'unassigned' : range})`
  return range === 'unicast' ? null : `${written} is a ${range} address`
}

/**
 * Why an address must not be contacted when the private-network guard is on, or null for an
 * ordinary public unicast address. Covers loopback, RFC 1918, link-local (169.254.169.254 cloud
 * metadata), CGNAT, multicast, unspecified, documentation and reserved IPv4; for IPv6 anything
 * outside global unicast (2000::/3: unique-local, link-local, multicast, site-local, ...) and the
 * special blocks inside it (documentation, 6to4, Teredo, ...). IPv4-mapped (::ffff:127.0.0.1) and
 * NAT64 (64:ff9b::7f00:1) addresses are judged by the IPv4 address they carry; IPv4-compatible
 * ones (::127.0.0.1) are refused whatever they carry.
 */
export function blockedAddressReason(address: string): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6
  try {
    parsed = ipaddr.parse(address.includes(':') ? withHexTail(address) : address)
  } catch {
    return `"${address}" is not an IP address`
  }
  return parsed.kind() === 'ipv4'
    ? v4Reason(parsed as ipaddr.IPv4, address)
    : v6Reason(parsed as ipaddr.IPv6, address)
}

function blockedError(hostname: string, reason: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(
    `blocked by the private-network guard: ${hostname} -> ${reason}`
  )
  error.code = BLOCKED_CODE
  return error
}

const NOTHING_ALLOWED = compileAllowList([])

/** The URL's host without IPv6 brackets, as the allow-list and DNS see it. */
export function urlHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '')
}

/**
 * The URL's host when it is an IP literal (already normalised: 2130706433 -> 127.0.0.1), unless
 * the operator's allow-list takes it in.
 */
export function literalHostProblem(url: URL, allow: AllowList = NOTHING_ALLOWED): string | null {
  const host = urlHost(url)
  if (!ipaddr.isValid(host) || allow.allowsAddress(host)) return null
  const reason = blockedAddressReason(host)
  return reason ? `blocked by the private-network guard: ${reason}` : null
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number
) => void

type Lookup = (
  hostname: string,
  options: LookupOptions | LookupCallback,
  maybeCallback?: LookupCallback
) => void

/**
 * A `dns.lookup` replacement for the HTTP client: resolves as usual, then refuses if any
 * resolved address is special and outside the allow-list's ranges, so a public name pointing at
 * 10.0.0.1 is caught at connect time.
 */
function guardedLookupFor(allow: AllowList): Lookup {
  return (hostname, options, maybeCallback) => {
    const callback = (typeof options === 'function' ? options : maybeCallback) as LookupCallback
    const wanted: LookupOptions = typeof options === 'function' ? {} : options
    lookup(hostname, { ...wanted, all: true }, (error, addresses) => {
      if (error) return callback(error, [])
      for (const entry of addresses) {
        const reason = allow.allowsAddress(entry.address)
          ? null
          : blockedAddressReason(entry.address)
        if (reason) return callback(blockedError(hostname, reason), [])
      }
      if (wanted.all) return callback(null, addresses)
      const [first] = addresses
      callback(null, first.address, first.family)
    })
  }
}

export interface Guard {
  allow: AllowList
  lookup: Lookup
  /**
   * Connection pools used only while the guard is on with this allow-list: every socket in them
   * was opened through its lookup, so a kept-alive connection made before the guard was switched
   * on (to localhost, say), or while the list allowed more, can never be reused to bypass it.
   */
  agents: { http: HttpAgent; https: HttpsAgent }
}

const guards = new Map<string, Guard>()
/** Allow-lists change rarely; a few are kept so switching back and forth reuses their pools. */
const MAX_GUARDS = 4

/** The guard for one allow-list (the settings' list), built once and reused. */
export function guardFor(entries: readonly string[]): Guard {
  const key = entries.join('\n')
  const known = guards.get(key)
  if (known) return known
  const allow = compileAllowList(entries)
  const lookup = guardedLookupFor(allow)
  const guard: Guard = {
    allow,
    lookup,
    agents: {
      http: new HttpAgent({ keepAlive: true, lookup }),
      https: new HttpsAgent({ keepAlive: true, lookup })
    }
  }
  guards.set(key, guard)
  if (guards.size > MAX_GUARDS) {
    const [oldest, evicted] = guards.entries().next().value as [string, Guard]
    guards.delete(oldest)
    evicted.agents.http.destroy()
    evicted.agents.https.destroy()
  }
  return guard
}
