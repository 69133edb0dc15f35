import ipaddr from 'ipaddr.js'
import { lookup, type LookupAddress, type LookupOptions } from 'node:dns'
import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'

export const BLOCKED_CODE = 'EBLOCKEDADDRESS'

/**
 * Why an address must not be contacted when the private-network guard is on, or null for an
 * ordinary public unicast address. Covers loopback, RFC 1918, link-local (169.254.169.254 cloud
 * metadata), CGNAT, unique-local, multicast, unspecified, reserved and the IPv6 forms that embed
 * an IPv4 address (::ffff:127.0.0.1 is judged as 127.0.0.1).
 */
export function blockedAddressReason(address: string): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6
  try {
    parsed = ipaddr.parse(address)
  } catch {
    return `"${address}" is not an IP address`
  }
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    return blockedAddressReason((parsed as ipaddr.IPv6).toIPv4Address().toString())
  const range = parsed.range()
  return range === 'unicast' ? null : `${address} is a ${range} address`
}

function blockedError(hostname: string, reason: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(
    `blocked by the private-network guard: ${hostname} -> ${reason}`
  )
  error.code = BLOCKED_CODE
  return error
}

/** The URL's host when it is an IP literal (already normalised: 2130706433 -> 127.0.0.1). */
export function literalHostProblem(url: URL): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (!ipaddr.isValid(host)) return null
  const reason = blockedAddressReason(host)
  return reason ? `blocked by the private-network guard: ${reason}` : null
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number
) => void

/**
 * A `dns.lookup` replacement for the HTTP client: resolves as usual, then refuses if any
 * resolved address is special, so a public name pointing at 10.0.0.1 is caught at connect time.
 */
export function guardedLookup(
  hostname: string,
  options: LookupOptions | LookupCallback,
  maybeCallback?: LookupCallback
): void {
  const callback = (typeof options === 'function' ? options : maybeCallback) as LookupCallback
  const wanted: LookupOptions = typeof options === 'function' ? {} : options
  lookup(hostname, { ...wanted, all: true }, (error, addresses) => {
    if (error) return callback(error, [])
    for (const entry of addresses) {
      const reason = blockedAddressReason(entry.address)
      if (reason) return callback(blockedError(hostname, reason), [])
    }
    if (wanted.all) return callback(null, addresses)
    const [first] = addresses
    callback(null, first.address, first.family)
  })
}

/**
 * Connection pools used only while the guard is on: every socket in them was opened through
 * `guardedLookup`, so a kept-alive connection made before the guard was switched on (to
 * localhost, say) can never be reused to bypass it.
 */
export const guardedAgents = {
  http: new HttpAgent({ keepAlive: true, lookup: guardedLookup }),
  https: new HttpsAgent({ keepAlive: true, lookup: guardedLookup })
}
