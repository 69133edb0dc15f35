/**
 * The DNS-rebinding defence of the app's local HTTP servers (the headless shell, the receiver of
 * `npm run receiver` and of the demo): a page on any site can rebind its own name to 127.0.0.1,
 * and the browser then sends that name as `Host` (and its own origin as `Origin`) to the local
 * server. A request is answered only when its `Host` is one of the server's own names at its
 * port, and its `Origin`, when a browser sends one, is `http://` and such a host.
 */
export interface HostAllowList {
  /** The port the server listens on; `Host` must carry it (or nothing, for port 80). */
  port: number
  /** Host names or IP literals (IPv6 in brackets) the server answers to, in any case. */
  names: readonly string[]
  /**
   * Also any IPv4 or bracketed IPv6 literal: a server listening on the network is reached by its
   * addresses, and a rebinding page can only make a browser send a name, never an address it
   * does not own (a page loaded from that address is the server itself).
   */
  ipLiterals?: boolean
}

/** The names a loopback-only server answers to. */
export const LOOPBACK_HOST_NAMES = ['127.0.0.1', 'localhost'] as const

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/
const BRACKETED_IPV6 = /^\[[0-9a-f:.]+(%25[0-9a-z._~-]+)?\]$/

/** `name:port`, `[v6]:port` or `name` into its parts, lower-cased; null when malformed. */
function splitHost(value: string): { name: string; port: number | null } | null {
  const match = /^(\[[^\]]*\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(value.trim().toLowerCase())
  if (!match) return null
  return { name: match[1], port: match[2] === undefined ? null : Number(match[2]) }
}

/** Whether a `Host` header value (or the host part of an origin) is one this server owns. */
export function isAllowedHost(value: string | undefined, list: HostAllowList): boolean {
  if (!value) return false
  const host = splitHost(value)
  if (!host) return false
  // Browsers leave out the default port; anything else must be the one we listen on.
  if ((host.port ?? 80) !== list.port) return false
  if (list.names.some((name) => name.toLowerCase() === host.name)) return true
  return list.ipLiterals === true && (IPV4.test(host.name) || BRACKETED_IPV6.test(host.name))
}

/**
 * Why a request must be refused before anything else is looked at, or null to go on: a `Host`
 * that is not the server's own (DNS rebinding), or an `Origin` of another site (a page elsewhere
 * posting to localhost). Requests without `Origin` (curl, senders, same-origin GETs) pass on
 * their `Host` alone.
 */
export function hostOrOriginProblem(
  headers: { host?: string; origin?: string },
  list: HostAllowList
): string | null {
  if (!isAllowedHost(headers.host, list)) return 'Host not allowed'
  const origin = headers.origin
  if (origin) {
    const host = /^http:\/\/([^/]+)$/i.exec(origin)?.[1]
    if (!host || !isAllowedHost(host, list)) return `Origin ${origin} not allowed`
  }
  return null
}
