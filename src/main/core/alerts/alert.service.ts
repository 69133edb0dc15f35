import type { ApiParsed } from '@shared/api-contract'
import type { AlertPage, AlertSettingsDto, AlertTestDto, RevealedSecretDto } from '@shared/dto'
import type { Knex } from 'knex'
import { generateSecret } from '../delivery/transport/signing'
import { isoFromMs, type Clock } from '../support/clock'
import { invalidArgument, notFound } from '../support/core-error'
import { AlertRepository } from './alert.repository'
import type { AlertSender } from './alert-sender'
import { settingsDto, type AlertSettingsStore } from './alert-settings.store'

/** The alerts API: the bell's list, reading, and each app's settings with a test send. */
export class AlertService {
  private readonly alerts = new AlertRepository()

  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
    private readonly settingsStore: AlertSettingsStore,
    private readonly sender: AlertSender
  ) {}

  async list(input: ApiParsed<'alerts.list'>): Promise<AlertPage> {
    if (input.appId !== undefined) await this.requireApp(input.appId)
    return {
      items: await this.alerts.list(this.db, input),
      unread: await this.alerts.unread(this.db, input.appId)
    }
  }

  async markRead(input: ApiParsed<'alerts.markRead'>): Promise<{ marked: number }> {
    const target = input.ids ? { ids: input.ids } : { appId: input.appId }
    return { marked: await this.alerts.markRead(this.db, target, this.clock.now()) }
  }

  async settings(appId: number): Promise<AlertSettingsDto> {
    await this.requireApp(appId)
    return settingsDto(await this.settingsStore.get(this.db, appId))
  }

  async updateSettings(input: ApiParsed<'alerts.updateSettings'>): Promise<AlertSettingsDto> {
    const { appId, ...changes } = input
    await this.requireApp(appId)
    const { settings } = await this.settingsStore.update(
      this.db,
      appId,
      changes,
      generateSecret,
      this.clock.now()
    )
    return settingsDto(settings)
  }

  async revealSecret(appId: number): Promise<RevealedSecretDto> {
    await this.requireApp(appId)
    const secret = this.settingsStore.open(await this.settingsStore.get(this.db, appId))
    if (secret === null) throw invalidArgument('appId', 'this app has no alert webhook URL')
    return { secret }
  }

  /** A sample alert to the app's alert URL, signed like real ones, answered with its outcome. */
  async test(appId: number): Promise<AlertTestDto> {
    const app = await this.requireApp(appId)
    const settings = await this.settingsStore.get(this.db, appId)
    const secret = this.settingsStore.open(settings)
    if (!settings.webhookUrl || secret === null)
      throw invalidArgument('webhookUrl', 'set an alert webhook URL first')
    const result = await this.sender.send(
      { url: settings.webhookUrl, secret },
      {
        type: 'webhook.alert',
        kind: 'failing',
        state: 'raised',
        app: { id: appId, name: app.name },
        webhook: { id: 0, name: 'Sample webhook', host: 'erp.example.com' },
        text: `Test alert from Indexed PIM (app ${app.name}): alerts reach this URL.`,
        occurredAt: isoFromMs(this.clock.now()),
        test: true
      },
      { retries: false }
    )
    return { ok: result.errorClass === null, status: result.status, error: result.error }
  }

  private async requireApp(appId: number): Promise<{ name: string }> {
    const app = await this.db('apps').where({ id: appId }).first('name')
    if (!app) throw notFound('App', appId)
    return { name: String(app.name) }
  }
}
