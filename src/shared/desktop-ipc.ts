/**
 * Channels the desktop shell uses besides the API methods, and what travels on them. Free of
 * dependencies so the sandboxed preload can bundle it.
 */

/** Main → renderer: open this route (a notification was clicked). */
export const NAVIGATE_CHANNEL = 'navigate'
/** Main → upgrade window: how the data folder's upgrade goes. */
export const UPGRADE_PROGRESS_CHANNEL = 'upgrade-progress'

/** What an upgrade of the data (its migrations) reports while it runs. */
export type UpgradeProgress =
  /** Another process (on a shared PostgreSQL) is upgrading: this one waits for it. */
  | { phase: 'waiting' }
  /** `done` of `total` steps finished; `step` is the one running now, in words. */
  | { phase: 'migrating'; done: number; total: number; step: string }
  | { phase: 'finished'; total: number }

/** The delivery log of one webhook, as a renderer route (a notification's click opens it). */
export function webhookLogRoute(appId: number, webhookId: number | null): string {
  return webhookId === null ? `/apps/${appId}/logs` : `/apps/${appId}/logs?webhookId=${webhookId}`
}

/** A migration's file name (`202612060900_add_flow_controls`) as a step in words. */
export function upgradeStepName(migration: string): string {
  const words = migration
    .replace(/\.[jt]s$/, '')
    .replace(/^\d+_/, '')
    .replace(/_/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}
