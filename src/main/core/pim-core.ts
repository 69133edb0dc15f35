import type { Knex } from 'knex'
import { EventEmitter } from 'node:events'
import { join } from 'node:path'
import type { LogSummaryDto, PushEvent } from '@shared/dto'
import { USER_AGENT } from '@shared/version'
import { AccountService } from './account/account.service'
import { createDispatcher, type ApiCall } from './api/api-dispatcher'
import { AppService } from './apps/app.service'
import { createKnex, isPostgresUrl } from './db/knex-factory'
import { migrateToLatest } from './db/migrate'
import { EntityService } from './entities/entity.service'
import { EntityEventEmitter } from './events/entity-event-emitter'
import { systemClock } from './support/clock'
import { lockDataDir } from './support/data-dir-lock'
import { storageProblemOf } from './support/storage-problem'
import { StorageMonitor } from './support/storage-monitor'
import { plainSecretBox } from './support/secret-box'
import { WebhookRepository } from './webhooks/webhook.repository'
import { WebhookSecrets } from './webhooks/webhook-secrets'
import { DeliveryTargets } from './delivery/delivery-targets'
import { createFanOut } from './delivery/fan-out'
import { DeliveryService } from './delivery/delivery.service'
import { DeliveryWorker } from './delivery/delivery-worker'
import { ThreadedTransport } from './delivery/transport/threaded-transport'
import { inProcessTransport, type Transport } from './delivery/transport/transport'
import { LogService } from './logs/log.service'
import { RetentionPruner } from './delivery/retention-pruner'
import { SettingsService } from './settings/settings.service'
import { MAX_PAYLOAD_BYTES } from '@shared/delivery-settings'
import { DEFAULT_RETRY_SCHEDULE_MS } from './delivery/retry-policy'
import { StatsService } from './logs/stats.service'
import { noDemo } from './demo/demo-control'
import { DatabaseService } from './db/database.service'
import { startTeamSignals, type TeamSignals } from './team/team-signals'
import { createWebhookSubscriber } from './webhooks/webhook-subscriber'
import { WebhookService } from './webhooks/webhook.service'
import { WebhookHealthRepository } from './delivery/webhook-health.repository'
import { CoreMetrics } from './metrics/core-metrics'
import { AlertMonitor } from './alerts/alert-monitor'
import { AlertSender } from './alerts/alert-sender'
import { AlertService } from './alerts/alert.service'
import { AlertSettingsStore } from './alerts/alert-settings.store'
import { webhookSnapshots } from './alerts/webhook-snapshots'
import { PreferencesStore } from './local/preferences.store'
import { LocalService } from './local/local.service'
import { queuedNotice } from './local/queued-notice'
import { noUpdates } from './local/update-control'
import { APP_VERSION } from '@shared/version'
import type { CoreOptions } from './core-options'
import { ImportService } from './imports/import.service'
import { createBackfills } from './backfill/backfills'
import { createRecordExport, type RecordExport } from './exports/record-export'
import { createMassEdit } from './mass-edit/mass-edits'

export interface PimCore {
  call: ApiCall
  db: Knex
  worker: DeliveryWorker
  pruner: RetentionPruner
  /** The database in use: a SQLite file path or a `postgres://` URL. */
  database: string
  onPush(listener: (event: PushEvent) => void): () => void
  /** Prometheus metrics of this core (a shell exposes them with `--metrics-port`). */
  metrics: CoreMetrics
  /** Exports of the delivery log: checked arguments, then a stream of text chunks. */
  logExport: Pick<LogService, 'prepareExport' | 'exportChunks'>
  /** This computer's preferences and delivery pause (the desktop's tray reads them here). */
  local: LocalService
  /** The alert monitor: `checkNow` looks at every webhook at once (tests, after moving a clock). */
  alerts: Pick<AlertMonitor, 'checkNow'>
  /** Imports: `stage` stores an uploaded file (a shell's upload route or file dialog calls it). */
  imports: Pick<ImportService, 'stage'>
  /** Exports of the records a list shows (CSV, XLSX): checked arguments and count, then chunks. */
  recordExport: RecordExport
  close(graceMs?: number): Promise<void>
}

export type { CoreOptions } from './core-options'

export const DATABASE_FILE = 'pim.sqlite'
export const DEFAULT_CONCURRENCY = 8

/**
 * Opens the store, migrates, seeds, wires services and starts delivering. Whatever a step opened
 * is closed again when a later step fails, so a failed start leaves no database handle and no
 * data-folder lock behind (the next start on the same folder can go ahead).
 */
export async function startCore(options: CoreOptions): Promise<PimCore> {
  const opened = new Openings()
  try {
    return await openCore(options, opened)
  } catch (error) {
    await opened.closeAll(undefined, () => {})
    throw error
  }
}

/** What a start has opened, closed in reverse order (by `close()`, or when the start fails). */
class Openings {
  private readonly steps: Array<(graceMs?: number) => unknown> = []

  add(close: (graceMs?: number) => unknown): void {
    this.steps.push(close)
  }

  async closeAll(graceMs: number | undefined, onError?: (error: unknown) => void): Promise<void> {
    for (const close of this.steps.splice(0).reverse()) {
      try {
        await close(graceMs)
      } catch (error) {
        if (!onError) throw error
        onError(error)
      }
    }
  }
}

async function openCore(options: CoreOptions, opened: Openings): Promise<PimCore> {
  const clock = options.clock ?? systemClock
  const logError = options.logError ?? ((message, error) => console.error(message, error))
  if (options.lockDataDir ?? !options.database) opened.add(lockDataDir(options.dataDir))
  const database = options.database ?? join(options.dataDir, DATABASE_FILE)
  const db = createKnex(database)
  opened.add(() => db.destroy())
  await migrateToLatest(db, options.onUpgrade)
  const preferences = new PreferencesStore(
    options.keepPreferences === false ? null : options.dataDir,
    logError
  )
  await preferences.load()

  const push = new EventEmitter()
  // Attempts and webhook changes may change an alert's condition: the monitor looks soon.
  let alertsSoon = (): void => {}
  const emitPush = (event: PushEvent): void => {
    push.emit('push', event)
    if (event.type === 'log.created' || event.type === 'webhook.changed') alertsSoon()
  }
  // Signals reach the worker created below; on PostgreSQL also every other process.
  let deliveriesDueHere = (): void => {}
  const signals: TeamSignals = await startTeamSignals(
    database,
    { deliveriesDue: () => deliveriesDueHere(), push: emitPush, logError },
    options.teamPollMs
  )
  opened.add(() => signals.close())
  const settings = new SettingsService(db, options.settings)
  await settings.load()
  const currentSettings = () => settings.current()
  const storage = new StorageMonitor(
    db,
    () => clock.now(),
    (problem) => emitPush({ type: 'storage.changed', problem })
  )
  /** Background writers hit the same full disk as saves do: they report it the same way. */
  const backgroundError = (what: string) => (error: unknown) => {
    const problem = storageProblemOf(error)
    if (problem) storage.report(problem)
    else logError(what, error)
  }
  const secretBox = options.secretBox ?? plainSecretBox
  const secrets = new WebhookSecrets(secretBox)
  await secrets.sealPlainSecrets(db)
  const stores = {
    webhooks: new WebhookRepository(secrets),
    secrets,
    targets: new DeliveryTargets(secrets)
  }
  const transport: Transport = options.transportThread
    ? new ThreadedTransport({ script: options.transportThread, onProblem: logError })
    : inProcessTransport
  opened.add(() => transport.close())
  const attemptSettings = { clock, settings: currentSettings, userAgent: USER_AGENT, transport }
  const metrics = new CoreMetrics({
    db,
    clock,
    attemptsInFlight: () => worker.activeAttempts,
    health: new WebhookHealthRepository()
  })
  // Every log entry this process writes passes here on its way to the UIs (and other processes),
  // which makes it the one place attempts are counted; other processes count their own.
  const logCreated = (log: LogSummaryDto): void => {
    metrics.logged(log)
    signals.logCreated(log)
    // A finished attempt may have made room in a backfill's window.
    feeder.soon()
  }
  // Tells the shells that deliveries were queued, once the rows exist (at most twice a second).
  const queued = queuedNotice(emitPush)
  const worker = new DeliveryWorker({
    ...attemptSettings,
    db,
    targets: stores.targets,
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    retrySchedule: options.retrySchedule ?? DEFAULT_RETRY_SCHEDULE_MS,
    random: options.random,
    onLog: logCreated,
    onWebhookChanged: (webhookId) => signals.webhookChanged(webhookId),
    // Rows the worker wrote from a save's stored list: a status read now counts them.
    onQueued: () => queued(),
    onError: backgroundError('delivery worker:')
  })
  // On SQLite only this process's saves store lists (fan-out says so); on PostgreSQL any
  // process's may, and a notification cannot tell which.
  const wakeWorker = isPostgresUrl(database) ? () => worker.fanOutsQueued() : () => worker.wake()
  deliveriesDueHere = () => {
    wakeWorker()
    // A save that wrote its rows itself (a few webhooks) has them committed by now.
    queued()
  }
  const pruner = new RetentionPruner(db, clock, currentSettings)
  const backfills = createBackfills({
    db,
    clock,
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    window: options.backfillWindow,
    maxPayloadBytes: options.maxPayloadBytes ?? MAX_PAYLOAD_BYTES,
    deliveriesDue: () => signals.deliveriesDue(),
    onLog: logCreated,
    push: emitPush,
    onError: backgroundError('backfill feeder:')
  })
  const { feeder } = backfills
  opened.add((graceMs) => Promise.all([feeder.stop(), worker.stop(graceMs), pruner.stop()]))
  opened.add(() => storage.stop())

  const entityEvents = new EntityEventEmitter()
  const fanOut = createFanOut({
    maxPayloadBytes: options.maxPayloadBytes ?? MAX_PAYLOAD_BYTES,
    deliveriesDue: () => signals.deliveriesDue(),
    fanOutsQueued: () => worker.fanOutsQueued(),
    onLog: (log) => signals.logCreated(log)
  })
  entityEvents.on(createWebhookSubscriber(stores.webhooks, fanOut))

  const account = new AccountService(db, clock)
  await account.seedIfEmpty()
  const entities = new EntityService(db, entityEvents, clock)
  const serviceEvents = {
    deliveriesDue: () => signals.deliveriesDue(),
    webhookHeld: (id: number) => worker.holdBack(id),
    webhookChanged: (id: number) => signals.webhookChanged(id),
    logCreated
  }
  const alertSettings = new AlertSettingsStore(secretBox)
  const alertSender = new AlertSender({ ...attemptSettings })
  const services = {
    account,
    entities,
    apps: new AppService(entities),
    webhooks: new WebhookService(db, clock, attemptSettings, serviceEvents, stores),
    deliveries: new DeliveryService(
      db,
      clock,
      attemptSettings,
      serviceEvents,
      stores.targets,
      stores.webhooks
    ),
    logs: new LogService(db),
    stats: new StatsService(db, clock),
    settings,
    storage,
    secretStorage: secretBox.protection,
    demo: options.demo ?? noDemo,
    database: new DatabaseService({
      dataDir: options.dataDir,
      current: database,
      localFile: join(options.dataDir, DATABASE_FILE),
      fixedBy: options.databaseFixedBy ?? null
    }),
    alerts: new AlertService(db, clock, alertSettings, alertSender),
    updates: options.updates ?? noUpdates(APP_VERSION),
    imports: new ImportService({
      db,
      entities,
      dataDir: options.dataDir,
      clock,
      logError,
      push: (progress) => emitPush({ type: 'import.progress', progress }),
      shared: isPostgresUrl(database),
      batchSize: options.importBatchSize
    }),
    backfills: backfills.service,
    massEdit: createMassEdit({ db, entities, clock, logError, push: emitPush }, options)
  }
  await services.imports.recover()
  opened.add(() => Promise.all([services.imports.stop(), services.massEdit.stop()]))
  const local = new LocalService({
    db,
    store: preferences,
    worker,
    sources: services,
    shell: options.shell ?? 'browser',
    push: emitPush
  })
  const alertMonitor = new AlertMonitor({
    db,
    clock,
    snapshots: () => webhookSnapshots(services),
    settings: alertSettings,
    sender: alertSender,
    alerted: (alert) => signals.alertRaised(alert),
    logError
  })
  opened.add(() => alertMonitor.stop())
  alertsSoon = () => alertMonitor.soon()
  worker.setPaused(preferences.deliveryPaused())
  if (options.deliver !== false) {
    await worker.start()
    // Backfills running before a restart go on from their cursors.
    feeder.start()
  }
  pruner.start()
  // The first look comes with the first signal or tick, not at start: a start stays cheap.
  alertMonitor.start()

  return {
    call: createDispatcher({ ...services, local }, (error) => logError('API call failed:', error)),
    db,
    worker,
    pruner,
    database,
    metrics,
    logExport: services.logs,
    alerts: alertMonitor,
    local,
    imports: services.imports,
    recordExport: createRecordExport(db),
    onPush(listener) {
      push.on('push', listener)
      return () => push.off('push', listener)
    },
    close: (graceMs) => opened.closeAll(graceMs)
  }
}
