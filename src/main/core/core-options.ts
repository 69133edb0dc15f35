import type { DeliverySettings } from '@shared/delivery-settings'
import type { ShellKind } from '@shared/preferences'
import type { UpgradeProgress } from '@shared/desktop-ipc'
import type { Clock } from './support/clock'
import type { SecretBox } from './support/secret-box'
import type { DemoControl } from './demo/demo-control'
import type { UpdateControl } from './local/update-control'

/** What a shell or a test chooses when it starts the core (`startCore`). */
export interface CoreOptions {
  /** Folder holding the database (`pim.sqlite`) and the process lock. */
  dataDir: string
  /**
   * The database, when not `pim.sqlite` in the data folder: a SQLite file path (`:memory:` for
   * fast tests) or a `postgres://` URL (team mode). Either skips the data-dir lock: a shared
   * server is meant for several processes.
   */
  database?: string
  clock?: Clock
  concurrency?: number
  /**
   * A backfill's rows in the outbox at most (default twice the concurrency): the most a live
   * delivery finds queued ahead of it; larger drains a backfill faster (benches tune it).
   */
  backfillWindow?: number
  /** Settings to use instead of the stored ones (tests: short timeouts, low limits). */
  settings?: Partial<DeliverySettings>
  /** Bodies larger than this are refused at enqueue (default 256 KiB). */
  maxPayloadBytes?: number
  retrySchedule?: readonly number[]
  random?: () => number
  /** Start the delivery worker (default true). Tests of the outbox alone turn it off. */
  deliver?: boolean
  logError?: (message: string, error: unknown) => void
  /** Seals webhook secrets at rest (Electron: safeStorage); default: stored as they are. */
  secretBox?: SecretBox
  /** `--database` or `PIM_DATABASE_URL` when one of them chose `database` (Settings says so). */
  databaseFixedBy?: string
  /** PostgreSQL: how often a worker looks for due rows without a notification (default 5 s). */
  teamPollMs?: number
  /** Set by the demo environment (`npm run demo`); a normal run has none. */
  demo?: DemoControl
  /**
   * The built transport thread (`out/main/transport-thread.js`): attempts go on the wire from it,
   * off the main thread. Each shell entry passes the one beside it; without it (tests of the core)
   * they are sent on the main thread.
   */
  transportThread?: URL
  /** The shell this core runs in (default `browser`): Settings shows the desktop's choices. */
  shell?: ShellKind
  /** The desktop's updater; other shells answer `unsupported`. */
  updates?: UpdateControl
  /**
   * Take the data folder's lock even with a `database` of its own (default: only without one).
   * A shell in team mode still has one data folder per process: it passes true.
   */
  lockDataDir?: boolean
  /**
   * Keep this computer's preferences in the data folder (default true). A worker has no folder of
   * its own: it runs with the defaults and writes nothing.
   */
  keepPreferences?: boolean
  /** Told how an upgrade of the data (pending migrations) goes; nothing when there is none. */
  onUpgrade?: (progress: UpgradeProgress) => void
  /** Rows an import saves per transaction (default 500; tests: a few). */
  importBatchSize?: number
  /** Records a mass edit saves per transaction (default 500; tests: a few). */
  massEditBatchSize?: number
}
