import { LOOPBACK_HOST_NAMES, type HostAllowList } from '@shared/host-allow-list'

const LOOPBACK_BIND = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/
/** A DNS name (`receiver.lan`), as `--allow-host` takes it: the port is the receiver's own. */
const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i

/** Whether listening there keeps the receiver to this machine. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_BIND.test(host)
}

/** A URL people can open: the wildcard addresses are reached through loopback. */
export function displayHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}

/** An `--allow-host` value checked, or an error saying what a name looks like. */
export function checkAllowedHostName(name: string): string {
  if (!HOST_NAME.test(name))
    throw new Error(
      `--allow-host takes a host name like receiver.lan (no scheme, port or path), not "${name}"`
    )
  return name.toLowerCase()
}

/**
 * The headless shell's DNS-rebinding rule (src/shared/host-allow-list.ts) for the receiver: its
 * page and records show every body, and its webhook endpoint must not take posts that a foreign
 * page makes through a rebound name either. Loopback names always, and the listening address;
 * off loopback also any IP literal (how senders on the network reach it: an address is never a
 * rebound name) and the names the operator adds (`--allow-host`), which are the only way a
 * sender may use a DNS name.
 */
export function hostAllowList(host: string, port: number, extra: readonly string[]): HostAllowList {
  return {
    port,
    names: [...LOOPBACK_HOST_NAMES, '[::1]', displayHost(host), ...extra],
    ipLiterals: !isLoopbackHost(host)
  }
}
