import { isIP } from 'node:net'

/** Where a shell exposes its Prometheus metrics (`--metrics-port`, `--metrics-host`). */
export interface MetricsArgs {
  /** 0 picks a free port (tests); the shell prints the one it got. */
  port: number
  /** The address to bind: loopback unless the operator says otherwise. */
  host: string
}

export const DEFAULT_METRICS_HOST = '127.0.0.1'

/** The two flags as node's parseArgs declares them; each shell spreads this into its options. */
export const METRICS_OPTIONS = {
  'metrics-port': { type: 'string' },
  'metrics-host': { type: 'string' }
} as const

/**
 * `--metrics-port N` (1–65535; 0 for any free port) and `--metrics-host ADDRESS` (an IP address,
 * default 127.0.0.1); null when no port is given: no listener. An address, never a name: the
 * listener checks `Host` against it, and a name could resolve to anything.
 */
export function parseMetricsArgs(values: {
  'metrics-port'?: string
  'metrics-host'?: string
}): MetricsArgs | null {
  const port = values['metrics-port']
  const host = values['metrics-host']
  if (port === undefined) {
    if (host !== undefined) throw new Error('--metrics-host needs --metrics-port')
    return null
  }
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535)
    throw new Error(
      `--metrics-port must be a whole number from 1 to 65535 (0: any free port), not "${port}"`
    )
  if (host !== undefined && isIP(host) === 0)
    throw new Error(`--metrics-host must be an IP address such as 127.0.0.1, not "${host}"`)
  return { port: Number(port), host: host ?? DEFAULT_METRICS_HOST }
}
