/** Operator settings that shape delivery; stored by the core, edited on the settings screen. */
export interface DeliverySettings {
  connectTimeoutMs: number
  totalTimeoutMs: number
  /**
   * Refuse loopback, private, link-local and other special addresses (after DNS). Off by default
   * on a desktop (SQLite), on by default in team mode (PostgreSQL): see `defaultDeliverySettings`.
   */
  blockPrivateNetworks: boolean
  /**
   * Host names and IP ranges the guard lets through while on (src/shared/network-allow-list.ts):
   * `hooks.internal`, `10.20.0.0/16`, `127.0.0.1/32`.
   */
  privateNetworkAllowList: string[]
  /** Delivery logs older than this are deleted in the background. */
  logRetentionDays: number
  /** Request and response bodies of successful attempts are dropped after this. */
  successPayloadRetentionDays: number
  /** Disable a webhook whose deliveries all exhausted their retries for this long... */
  autoDisableAfterDays: number
  /** ...or after this many exhausted deliveries in a row. */
  autoDisableAfterFailures: number
}

export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = {
  connectTimeoutMs: 5_000,
  totalTimeoutMs: 15_000,
  blockPrivateNetworks: false,
  privateNetworkAllowList: [],
  logRetentionDays: 30,
  successPayloadRetentionDays: 7,
  autoDisableAfterDays: 5,
  autoDisableAfterFailures: 50
}

/**
 * The defaults of a database kind. A desktop (SQLite) leaves the guard off, since receivers on
 * the same machine or network are normal there; in team mode (PostgreSQL) workers run on a
 * server whose private network every team member's webhooks could otherwise reach, so it is on.
 * A stored value always wins over these, `false` included.
 */
export function defaultDeliverySettings(database: 'sqlite' | 'postgres'): DeliverySettings {
  return {
    ...DEFAULT_DELIVERY_SETTINGS,
    privateNetworkAllowList: [],
    blockPrivateNetworks: database === 'postgres'
  }
}

/** Retry schedules in seconds after the first attempt; `null` on a webhook means the default. */
export const RETRY_PRESETS = {
  default: [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000],
  quick: [10, 60, 300],
  none: []
} as const satisfies Record<string, readonly number[]>

export type RetryPreset = keyof typeof RETRY_PRESETS

export const MAX_RETRY_ATTEMPTS = 10
export const MAX_RETRY_DELAY_SECONDS = 7 * 24 * 3_600
export const MAX_PAYLOAD_BYTES = 256 * 1024
