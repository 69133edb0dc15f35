import ipaddr from 'ipaddr.js'

/**
 * The private-network guard's exceptions: hosts and networks an operator lets webhooks reach
 * while the guard is on (a receiver on the team's own network, a local test receiver). An entry
 * is a host name, matched exactly against the webhook URL's host (`hooks.internal`), or an IPv4
 * or IPv6 address or CIDR range, matched against every address the URL's host resolves to
 * (`10.20.0.0/16`, `127.0.0.1/32`, `fd00::/8`; a bare address is a /32 or /128). Shared by the
 * API's validation, the Settings form and the guard, so all three read an entry alike.
 */
export const MAX_ALLOW_LIST_ENTRIES = 100

export type AllowListEntry =
  { kind: 'host'; name: string } | { kind: 'range'; range: [ipaddr.IPv4 | ipaddr.IPv6, number] }

const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/

/** Dotted-quad IPv4 or IPv6 only: `2130706433` or `0x7f.1` are not what an operator means. */
function strictAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text)
  if (text.includes(':') && ipaddr.IPv6.isValid(text)) return ipaddr.IPv6.parse(text)
  return null
}

/** An entry as the guard uses it, or why it is not one (the message names the entry). */
export function parseAllowListEntry(given: string): AllowListEntry | string {
  const text = given.trim().toLowerCase()
  const shown = JSON.stringify(given)
  const slash = text.includes('://') ? -1 : text.indexOf('/')
  if (slash >= 0) {
    const address = strictAddress(text.slice(0, slash))
    const prefix = text.slice(slash + 1)
    if (!address) return `${shown} is not a CIDR range: the part before "/" must be an IP address`
    const max = address.kind() === 'ipv4' ? 32 : 128
    if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max)
      return `${shown} is not a CIDR range: the prefix length must be 0 to ${max}`
    return { kind: 'range', range: [address, Number(prefix)] }
  }
  const address = strictAddress(text.replace(/^\[(.*)\]$/, '$1'))
  if (address) return { kind: 'range', range: [address, address.kind() === 'ipv4' ? 32 : 128] }
  if (HOST_NAME.test(text) && !/^[\d.]+$/.test(text)) return { kind: 'host', name: text }
  return (
    `${shown} is not a host name, an IP address or a CIDR range ` +
    '(like hooks.internal, 10.0.0.5 or 10.20.0.0/16; no scheme, port or path)'
  )
}

/** Why an entry is refused, or null. */
export function allowListEntryProblem(given: string): string | null {
  const parsed = parseAllowListEntry(given)
  return typeof parsed === 'string' ? parsed : null
}

/** The address as the range test needs it: an IPv4-mapped IPv6 address is its IPv4 address. */
function comparable(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address
}

/** Parsed once per list; the guard asks for every request. */
export interface AllowList {
  /** A URL host (lower-case, no brackets) named by an entry. */
  allowsHost(hostname: string): boolean
  /** An address inside one of the ranges. */
  allowsAddress(address: string): boolean
}

export function compileAllowList(entries: readonly string[]): AllowList {
  const names = new Set<string>()
  const ranges: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]> = []
  for (const entry of entries) {
    const parsed = parseAllowListEntry(entry)
    if (typeof parsed === 'string') continue // refused at the API; a stored bad one allows nothing
    if (parsed.kind === 'host') names.add(parsed.name)
    else ranges.push(parsed.range)
  }
  return {
    allowsHost: (hostname) => names.has(hostname.toLowerCase().replace(/\.$/, '')),
    allowsAddress(address) {
      if (ranges.length === 0 || !ipaddr.isValid(address)) return false
      const parsed = comparable(ipaddr.parse(address))
      return ranges.some(
        ([network, bits]) => network.kind() === parsed.kind() && parsed.match(network, bits)
      )
    }
  }
}
