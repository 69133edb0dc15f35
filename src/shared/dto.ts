import type { AlertDto } from './alerts'
import type { BackfillProgressPush } from './backfill'
import type { MassEditProgressPush } from './mass-edit'
import type { DeliveryStatusDto } from './delivery-status'
import type { Preferences } from './preferences'
import type { UpdateStatusDto } from './updates'
import type { ImportProgressDto } from './imports'
import type { EntityAction, EventName } from './entity-catalog'
import type { WebhookFilters } from './webhook-filters'
import type { WebhookHealthState } from './webhook-health'

/** Shapes that cross a process boundary. Dates are ISO 8601 strings. */

export interface AccountDto {
  externalId: string
  name: string
  operatorName: string
  updatedAt: string
}

export interface AppDto {
  id: number
  externalId: string
  name: string
  key: string
  createdAt: string
  updatedAt: string
}

export type FieldValue = string | number | boolean | null

export interface EntityDto {
  id: number
  externalId: string
  createdAt: string
  updatedAt: string
  /** Every field of the type's spec, by camelCase name. */
  fields: Record<string, FieldValue>
}

export interface EntityPage {
  items: EntityDto[]
  total: number
}

export interface FieldChange {
  field: string
  old: FieldValue
  new: FieldValue
}

export interface RevisionDto {
  id: number
  productId: number
  productExternalId: string
  action: EntityAction
  userName: string
  createdAt: string
  changes: FieldChange[]
}

export interface WebhookDto {
  id: number
  externalId: string
  appId: number
  name: string
  url: string
  events: EventName[]
  active: boolean
  /** The signing secret's last four characters, to recognise it; `webhooks.revealSecret` gives it. */
  secretHint: string
  /** When a rotated-out secret stops being accepted; null outside a rotation window. */
  previousSecretExpiresAt: string | null
  disabledReason: string | null
  disabledAt: string | null
  /** Seconds between attempts; null means the default schedule. */
  retrySchedule: number[] | null
  /** Field-level narrowing per `*.updated` event; `{}` when nothing is narrowed. */
  filters: WebhookFilters
  /** Custom request headers, in the operator's order; `[]` when there are none. */
  headers: WebhookHeaderDto[]
  /** Deliveries in a row that exhausted every retry; any success resets it. */
  failureStreak: number
  failingSince: string | null
  /** Deliveries per second at most, spaced evenly; null: unlimited. */
  ratePerSecond: number | null
  /** Requests to it on the wire at once at most; null: unlimited. */
  maxInFlight: number | null
  /** Deliveries about one record go one at a time, in the order of the saves. */
  orderedPerRecord: boolean
  /** When the operator put it on hold (deliveries queue, none is sent); null while it sends. */
  heldSince: string | null
  flow: WebhookFlowDto
  health: WebhookHealthDto
  createdAt: string
  updatedAt: string
}

/** What waits to be sent to a webhook because of its flow controls. */
export interface WebhookFlowDto {
  /** Deliveries waiting while it is on hold, and when the oldest of them was queued. */
  held: number
  oldestHeldAt: string | null
  /** Due deliveries waiting their turn under its rate limit (0 without a limit). */
  waitingForLimit: number
}

/** The answer to `webhooks.discardHeld`. */
export interface DiscardedHeld {
  webhookId: number
  discarded: number
}

/** A webhook with its signing secret: only the answers to creating it and rotating its secret. */
export type WebhookWithSecretDto = WebhookDto & { secret: string }

export interface RevealedSecretDto {
  secret: string
}

/**
 * A custom request header as lists and reads show it: a secret one without its value, with its
 * last four characters as `hint` (null for a value too short to hint at).
 */
export interface WebhookHeaderDto {
  name: string
  value: string | null
  secret: boolean
  hint: string | null
}

/** Every custom header of a webhook in clear (`webhooks.revealHeaders`). */
export interface RevealedHeadersDto {
  headers: Array<{ name: string; value: string; secret: boolean }>
}

/** Recent delivery health of a webhook (test sends excluded); see shared/webhook-health.ts. */
export interface WebhookHealthDto {
  /** `new` until the first real attempt is logged ("No deliveries yet"). */
  state: WebhookHealthState
  /** Why the state is what it is, in one sentence (e.g. "3 attempts in a row failed."). */
  reason: string
  windowHours: number
  /** Attempts in the window, and how many got a 2xx. */
  attempts: number
  succeeded: number
  failed: number
  successRate: number | null
  /** Deliveries whose latest attempt failed and that wait for a scheduled retry. */
  pendingRetries: number
  nextRetryAt: string | null
  lastAttemptAt: string | null
  lastAttemptFailed: boolean | null
  lastSuccessAt: string | null
  /** The latest attempts the state was judged on (at most 20, in or before the window). */
  recentAttempts: number
  recentSucceeded: number
  /** Runs at the end of those attempts. */
  failedInARow: number
  succeededInARow: number
}

/** Real attempts (test sends left out) of one webhook in one bucket of its history. */
export interface WebhookHistoryBucket {
  start: string
  end: string
  attempts: number
  succeeded: number
  failed: number
}

/** A webhook's real attempts over the last `days`, oldest bucket first (`webhooks.history`). */
export interface WebhookHistoryDto {
  webhookId: number
  days: number
  /** 1 for a day's history, 24 for longer ones. */
  bucketHours: number
  buckets: WebhookHistoryBucket[]
  attempts: number
  succeeded: number
  failed: number
  successRate: number | null
}

/**
 * What a replay picks: `failed` takes every delivery whose latest attempt failed, pending retries
 * included; `exhausted` only those that used up every retry.
 */
export type ReplayScope = 'failed' | 'exhausted'

/** Deliveries of a webhook in a time range that a replay would send. */
export interface ReplayPreview {
  /** Latest attempt failed, next retry scheduled: sent now, the scheduled retry stays. */
  retrying: number
  /** Every retry used up: queued again with a fresh retry schedule. */
  exhausted: number
}

export interface ReplayStarted {
  batchId: string
  queued: number
  retrying: number
  exhausted: number
}

export interface ReplayProgress {
  batchId: string
  total: number
  succeeded: number
  /** Used up every retry again. */
  failed: number
  /** Failed the replayed attempt and wait for their scheduled retry. */
  retrying: number
  /** Not attempted since the replay started. */
  pending: number
  /** When the first of the `retrying` ones is sent again (ISO); null when none waits. */
  nextRetryAt: string | null
  /**
   * Every delivery of the batch has ended (delivered, or failed after every retry): the counts
   * no longer change. Until then a client keeps following them.
   */
  finished: boolean
  /** False while the webhook is turned off: its unfinished deliveries wait until it is on. */
  webhookActive: boolean
}

export interface BulkResult {
  action: 'activate' | 'deactivate' | 'delete'
  affected: number
}

export type DeliveryStatus = 'pending' | 'delivering' | 'succeeded' | 'failed'

/** Why an attempt got no HTTP status (status 0), or why a status counts as failure. */
export type DeliveryErrorClass =
  | 'timeout'
  | 'connection_refused'
  | 'connection_reset'
  | 'dns'
  | 'tls'
  | 'redirect'
  | 'too_large'
  | 'blocked_address'
  /** Never sent: the operator discarded it while its webhook was on hold. */
  | 'discarded'
  | 'network'
  | 'http_status'

export interface LogSummaryDto {
  id: number
  deliveryId: number | null
  messageId: string
  /** A "Send test event" attempt, not a delivery of a real change. */
  test: boolean
  /** Null once the webhook is deleted (its attempts stay in the log). */
  webhookId: number | null
  webhookExternalId: string
  /**
   * The webhook's name when the attempt happened, kept after the webhook is deleted; null for
   * attempts logged before names were kept whose webhook was already gone. `logWebhookLabel`
   * (src/shared/log-webhook.ts) turns it into what screens and exports show.
   */
  webhookName: string | null
  appId: number
  event: EventName
  responseStatus: number
  responseTimeMs: number
  errorClass: DeliveryErrorClass | null
  error: string | null
  attempt: number
  /**
   * Set on the attempt that switched its webhook off (a 410 Gone, or the failure that made the
   * streak reach the auto-disable limit): the reason stored on the webhook; null otherwise.
   */
  disabledWebhook: string | null
  createdAt: string
}

export interface LogDetailDto extends LogSummaryDto {
  url: string
  requestHeaders: Record<string, string>
  requestBody: string
  responseBody: string
  responseBodyTruncated: boolean
  /**
   * The receiver's response headers (names lower-case), capped at 50 headers and 8 KiB; null
   * when there was no answer or the attempt was logged before headers were kept.
   */
  responseHeaders: Record<string, string> | null
  /** Headers the cap left out (0 when all were kept). */
  responseHeadersOmitted: number
  revision: PayloadRevision | null
  delivery: {
    status: DeliveryStatus
    attempts: number
    nextAttemptAt: string | null
    /**
     * Why a narrowed webhook got this delivery: the watched fields the save changed (`[]` when it
     * is narrowed by conditions only); null when the webhook was not narrowed.
     */
    matched: string[] | null
  } | null
}

export interface LogPage {
  items: LogSummaryDto[]
  nextCursor: string | null
}

/**
 * A delivery as the log's message view shows it: `retrying` is a pending delivery whose latest
 * attempt failed; `pending` has not been attempted yet.
 */
export type MessageState = 'pending' | 'delivering' | 'retrying' | 'succeeded' | 'failed'

/** One row per delivery (message), with its latest attempt. */
export interface MessageSummaryDto {
  deliveryId: number
  messageId: string
  webhookId: number
  webhookExternalId: string
  appId: number
  event: EventName
  state: MessageState
  attempts: number
  nextAttemptAt: string | null
  createdAt: string
  latestAttempt: {
    logId: number
    responseStatus: number
    errorClass: DeliveryErrorClass | null
    responseTimeMs: number
    createdAt: string
  } | null
}

export interface MessagePage {
  items: MessageSummaryDto[]
  nextCursor: string | null
}

export interface PayloadRevision {
  action: EntityAction
  user_name: string
  timestamp: string
  changes: FieldChange[]
}

export interface TestSendResult {
  log: LogDetailDto
  ok: boolean
}

export interface DeliveryStatsBucket {
  hourStart: string
  succeeded: number
  failed: number
}

export interface DeliveryStats {
  hours: number
  buckets: DeliveryStatsBucket[]
  succeeded: number
  failed: number
  successRate: number | null
  p95ResponseMs: number | null
  /** Test sends in those hours, left out of every figure above (health leaves them out too). */
  testSendsExcluded: number
}

/** Why the database cannot be written right now, for the operator (see core storage-problem). */
export interface StorageProblemDto {
  code: 'storage_full' | 'storage_unavailable'
  cause: 'disk_full' | 'read_only' | 'locked' | 'io_error'
  message: string
}

export interface SystemStatusDto {
  /** Null while saving works. */
  storage: StorageProblemDto | null
  /**
   * What protects webhook secrets at rest: the OS keychain, Electron's fixed fallback key on Linux
   * without a keyring (`basic_text`, worth a warning), or only the data folder's permissions.
   */
  secretStorage: 'os_keychain' | 'basic_text' | 'none'
}

/** Where records live: SQLite in the data folder, or a shared PostgreSQL server (team mode). */
export interface DatabaseLocationDto {
  kind: 'sqlite' | 'postgres'
  /** The SQLite file, or the PostgreSQL URL without its password. */
  location: string
}

export interface DatabaseStatusDto {
  /** What this run uses. */
  current: DatabaseLocationDto
  /** What the next start uses: the Settings choice, unless the command line fixes it. */
  next: DatabaseLocationDto
  /** Set when `--database` or `PIM_DATABASE_URL` decides, so Settings cannot. */
  fixedBy: string | null
}

/** A successful connection test of a PostgreSQL URL. */
export interface DatabaseTestDto {
  serverVersion: string
  /** The app's tables exist there already (another instance or a copy made them). */
  hasCatalog: boolean
}

/**
 * The demo environment (`npm run demo`): seeded data, webhooks pointed at the built-in receiver and
 * an activity simulator. `active` is false in a normal run, and the rest is then null.
 */
export interface DemoStatusDto {
  active: boolean
  /** The receiver's own page, listing what arrived with a signature verdict for each. */
  receiverPageUrl: string | null
  simulator: 'running' | 'paused' | null
  /** Record changes the simulator has made since the demo started. */
  simulatedChanges: number | null
}

/** Pushed to UIs when something they show changed (IPC event / server-sent event). */
export type PushEvent =
  | { type: 'log.created'; log: LogSummaryDto }
  | { type: 'webhook.changed'; webhookId: number }
  | { type: 'storage.changed'; problem: StorageProblemDto | null }
  /** A new in-app alert (raised or recovered); the desktop shows it natively too. */
  | { type: 'alert.raised'; alert: AlertDto }
  /** This computer's preferences changed (any window, or the tray). */
  | { type: 'preferences.changed'; preferences: Preferences }
  /** Saves queued deliveries (at most one notice per half second): waiting counts changed. */
  | { type: 'deliveries.queued' }
  /** Delivery was paused or resumed from this computer. */
  | { type: 'delivery.changed'; status: DeliveryStatusDto }
  /** The desktop's updater moved on (checking, downloading, ready, error). */
  | { type: 'updates.changed'; status: UpdateStatusDto }
  /** An import moved on (at most four a second per job, and once when it ends). */
  | { type: 'import.progress'; progress: ImportProgressDto }
  /** A backfill's progress or state changed (throttled per backfill). */
  | BackfillProgressPush
  /** A mass edit moved on (throttled per job). */
  | MassEditProgressPush

/** Alerts (`alerts.*`): defined beside their rules in alerts.ts. */
export type { AlertDto, AlertPage, AlertSettingsDto, AlertTestDto } from './alerts'
