import type { ApiMethod, ApiOutput, ApiParsed } from '@shared/api-contract'
import { asyncApiDocument } from '@shared/asyncapi'
import { eventCatalog } from '@shared/entity-catalog'
import type { AccountService } from '../account/account.service'
import type { AppService } from '../apps/app.service'
import type { DeliveryService } from '../delivery/delivery.service'
import type { EntityService } from '../entities/entity.service'
import type { SettingsService } from '../settings/settings.service'
import type { SystemStatusDto } from '@shared/dto'
import type { StorageMonitor } from '../support/storage-monitor'
import type { LogService } from '../logs/log.service'
import type { StatsService } from '../logs/stats.service'
import type { WebhookService } from '../webhooks/webhook.service'
import type { DemoControl } from '../demo/demo-control'
import type { DatabaseService } from '../db/database.service'
import type { AlertService } from '../alerts/alert.service'
import type { LocalService } from '../local/local.service'
import type { UpdateControl } from '../local/update-control'
import type { ImportService } from '../imports/import.service'
import type { BackfillService } from '../backfill/backfill.service'
import type { MassEditService } from '../mass-edit/mass-edit.service'

export interface Services {
  account: AccountService
  apps: AppService
  entities: EntityService
  webhooks: WebhookService
  deliveries: DeliveryService
  logs: LogService
  stats: StatsService
  settings: SettingsService
  storage: StorageMonitor
  secretStorage: SystemStatusDto['secretStorage']
  demo: DemoControl
  database: DatabaseService
  alerts: AlertService
  local: LocalService
  updates: UpdateControl
  imports: ImportService
  backfills: BackfillService
  massEdit: MassEditService
}

type Handler<M extends ApiMethod> = (
  input: ApiParsed<M>,
  services: Services
) => Promise<ApiOutput<M>>
export type Handlers = { [M in ApiMethod]: Handler<M> }

/** One handler per contract method: arguments arrive parsed, results leave as DTOs. */
export const apiHandlers: Handlers = {
  'account.get': async (_input, { account }) => account.get(),
  'account.update': async (input, { account }) => account.update(input),

  'apps.list': async (_input, { apps }) => apps.list(),
  'apps.create': async (input, { apps }) => apps.create(input),
  'apps.update': async (input, { apps }) => apps.update(input),
  'apps.delete': async ({ id }, { apps }) => apps.delete(id),

  'catalog.events': async () => eventCatalog(),
  'catalog.asyncapi': async () => asyncApiDocument(),

  'entities.list': async ({ type, ...options }, { entities }) => entities.list(type, options),
  'entities.get': async ({ type, id }, { entities }) => entities.get(type, id),
  'entities.create': async ({ type, data, operatorName }, { entities }) =>
    entities.create(type, data, { operatorName }),
  'entities.update': async ({ type, id, data, operatorName }, { entities }) =>
    entities.update(type, id, data, { operatorName }),
  'entities.delete': async ({ type, id, operatorName }, { entities }) =>
    entities.delete(type, id, { operatorName }),
  'entities.revisions': async ({ productId }, { entities }) => entities.revisionsOf(productId),

  'webhooks.list': async ({ appId }, { webhooks }) => webhooks.list(appId),
  'webhooks.get': async ({ id }, { webhooks }) => webhooks.get(id),
  'webhooks.create': async (input, { webhooks }) => webhooks.create(input),
  'webhooks.update': async (input, { webhooks }) => webhooks.update(input),
  'webhooks.bulk': async (input, { webhooks }) => webhooks.bulk(input),
  'webhooks.rotateSecret': async (input, { webhooks }) => webhooks.rotateSecret(input),
  'webhooks.revealSecret': async ({ id }, { webhooks }) => webhooks.revealSecret(id),
  'webhooks.hold': async ({ id }, { webhooks }) => webhooks.hold(id),
  'webhooks.resume': async ({ id }, { webhooks }) => webhooks.resume(id),
  'webhooks.discardHeld': async ({ id }, { webhooks }) => webhooks.discardHeld(id),
  'webhooks.revealHeaders': async ({ id }, { webhooks }) => webhooks.revealHeaders(id),
  'webhooks.test': async (input, { webhooks }) => webhooks.test(input),
  'webhooks.history': async (input, { webhooks }) => webhooks.history(input),
  'webhooks.replay': async (input, { deliveries }) => deliveries.replay(input),
  'webhooks.replayPreview': async (input, { deliveries }) => deliveries.replayPreview(input),
  'webhooks.replayProgress': async ({ batchId }, { deliveries }) =>
    deliveries.replayProgress(batchId),

  'logs.list': async (input, { logs }) => logs.list(input),
  'logs.messages': async (input, { logs }) => logs.messages(input),
  'logs.get': async ({ id }, { logs }) => logs.get(id),
  'logs.redeliver': async ({ id }, { deliveries }) => deliveries.redeliver(id),

  'settings.get': async (_input, { settings }) => settings.current(),
  'settings.update': async (input, { settings }) => settings.update(input),

  'stats.deliveries': async (input, { stats }) => stats.deliveries(input),

  'system.status': async (_input, { storage, secretStorage }) => ({
    storage: storage.current(),
    secretStorage
  }),

  'system.database': async (_input, { database }) => database.status(),
  'system.testDatabase': async ({ url }, { database }) => database.test(url),
  'system.chooseDatabase': async ({ url }, { database }) => database.choose(url),

  'demo.status': async (_input, { demo }) => demo.status(),
  'demo.setPaused': async ({ paused }, { demo }) => demo.setPaused(paused),

  'alerts.list': async (input, { alerts }) => alerts.list(input),
  'alerts.markRead': async (input, { alerts }) => alerts.markRead(input),
  'alerts.settings': async ({ appId }, { alerts }) => alerts.settings(appId),
  'alerts.updateSettings': async (input, { alerts }) => alerts.updateSettings(input),
  'alerts.test': async ({ appId }, { alerts }) => alerts.test(appId),
  'alerts.revealSecret': async ({ appId }, { alerts }) => alerts.revealSecret(appId),

  'preferences.get': async (_input, { local }) => local.preferences(),
  'preferences.update': async (input, { local }) => local.updatePreferences(input),
  'delivery.status': async (_input, { local }) => local.deliveryStatus(),
  'delivery.setPaused': async ({ paused }, { local }) => local.setDeliveryPaused(paused),
  'updates.status': async (_input, { updates }) => updates.status(),
  'updates.check': async (_input, { updates }) => updates.check(),
  'updates.restartNow': async (_input, { updates }) => updates.restartNow(),

  'imports.preview': async (input, { imports }) => imports.preview(input),
  'imports.start': async (input, { imports }) => imports.start(input),
  'imports.progress': async ({ jobId }, { imports }) => imports.progress(jobId),
  'imports.cancel': async ({ jobId }, { imports }) => imports.cancel(jobId),
  'imports.get': async ({ jobId }, { imports }) => imports.get(jobId),
  'imports.list': async ({ limit }, { imports }) => imports.list(limit),
  'imports.errors': async (input, { imports }) => imports.errors(input),
  'imports.errorsCsv': async ({ jobId }, { imports }) => imports.errorsCsv(jobId),
  'backfills.start': async (input, { backfills }) => backfills.start(input),
  'backfills.get': async ({ id }, { backfills }) => backfills.get(id),
  'backfills.list': async ({ webhookId }, { backfills }) => backfills.list(webhookId),
  'backfills.pause': async ({ id }, { backfills }) => backfills.pause(id),
  'backfills.resume': async ({ id }, { backfills }) => backfills.resume(id),
  'backfills.cancel': async ({ id }, { backfills }) => backfills.cancel(id),
  'massEdit.preview': async (input, { massEdit }) => massEdit.preview(input),
  'massEdit.start': async (input, { massEdit }) => massEdit.start(input),
  'massEdit.progress': async ({ jobId }, { massEdit }) => massEdit.progress(jobId),
  'massEdit.cancel': async ({ jobId }, { massEdit }) => massEdit.cancel(jobId),
  'massEdit.get': async ({ jobId }, { massEdit }) => massEdit.get(jobId)
}
