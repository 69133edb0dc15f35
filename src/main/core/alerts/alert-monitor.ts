import { alertText, alertTitle, type AlertKind, type AlertState } from '@shared/alerts'
import type { AlertDto } from '@shared/dto'
import type { Knex } from 'knex'
import { isoFromMs, type Clock } from '../support/clock'
import { inTransaction } from '../support/transaction'
import { decideAlerts, type AlertDecision, type StoredAlertState } from './alert-rules'
import { AlertRepository, type AlertStateChange } from './alert.repository'
import { urlHost, type AlertBody, type AlertSender } from './alert-sender'
import {
  defaultAlertSettings,
  type AlertSettingsStore,
  type StoredAlertSettings
} from './alert-settings.store'
import type { WebhookSnapshot } from './webhook-snapshots'

/** Every webhook is looked at this often, whatever happens (a hold ages without any event). */
export const ALERT_CHECK_MS = 30_000
/** After a signal, the next look waits this long (a burst of attempts makes one look)... */
const SOON_MS = 250
/** ...and never comes sooner than this after the previous one ended (health reads cost). */
const MIN_GAP_MS = 2_000

export interface AlertMonitorOptions {
  db: Knex
  clock: Clock
  snapshots: () => Promise<WebhookSnapshot[]>
  settings: AlertSettingsStore
  sender: AlertSender
  /** A new in-app alert, after its commit (the bell; the desktop's native notification). */
  alerted: (alert: AlertDto) => void
  logError: (message: string, error: unknown) => void
}

/**
 * Looks at every webhook periodically and soon after a signal, and turns changed conditions into
 * alerts. Each transition is claimed (alert.repository's `claim`) and committed before anyone is
 * told, so several monitors on one database tell each alert once.
 */
export class AlertMonitor {
  private readonly alerts = new AlertRepository()
  private timer: NodeJS.Timeout | null = null
  private soonTimer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private again = false
  private lastEnded = 0
  private stopped = false
  private readonly sending = new Set<Promise<unknown>>()

  constructor(private readonly options: AlertMonitorOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.checkNow(), ALERT_CHECK_MS)
    this.timer.unref()
  }

  /** Something changed (an attempt was logged, a webhook edited): look again shortly. */
  soon(): void {
    if (this.stopped || this.soonTimer) return
    const wait = Math.max(SOON_MS, this.lastEnded + MIN_GAP_MS - Date.now())
    this.soonTimer = setTimeout(() => {
      this.soonTimer = null
      void this.checkNow()
    }, wait)
    this.soonTimer.unref()
  }

  /** One look at every webhook; a call during a look makes one more after it (tests await it). */
  async checkNow(): Promise<void> {
    if (this.stopped) return
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = (async () => {
      do {
        this.again = false
        try {
          await this.check()
        } catch (error) {
          this.options.logError('alert monitor:', error)
        }
      } while (this.again && !this.stopped)
    })()
    try {
      await this.running
    } finally {
      this.running = null
      this.lastEnded = Date.now()
    }
  }

  /** Stops looking; alerts on the wire finish or are given up (retry waits end at once). */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearInterval(this.timer)
    if (this.soonTimer) clearTimeout(this.soonTimer)
    await this.running
    this.options.sender.close()
    await Promise.allSettled([...this.sending])
  }

  private async check(): Promise<void> {
    const { db, clock } = this.options
    const snapshots = await this.options.snapshots()
    if (snapshots.length === 0) return
    const settings = await this.options.settings.all(db)
    const states = await this.alerts.states(
      db,
      snapshots.map((webhook) => webhook.id)
    )
    const now = clock.now()
    for (const webhook of snapshots) {
      const appSettings = settings.get(webhook.appId) ?? defaultAlertSettings(webhook.appId)
      const thresholds = {
        heldThresholdMs: appSettings.heldThresholdMinutes * 60_000,
        quietPeriodMs: appSettings.quietPeriodMinutes * 60_000
      }
      const stored = states.get(webhook.id) ?? new Map<AlertKind, StoredAlertState>()
      for (const { kind, decision } of decideAlerts(webhook, stored, thresholds, now)) {
        if (decision.action === 'none') continue
        await this.apply(webhook, kind, decision, stored.get(kind) ?? null, appSettings, now)
      }
    }
  }

  private async apply(
    webhook: WebhookSnapshot,
    kind: AlertKind,
    decision: Exclude<AlertDecision, { action: 'none' }>,
    stored: StoredAlertState | null,
    settings: StoredAlertSettings,
    now: number
  ): Promise<void> {
    const { db } = this.options
    // A first raise is claimed from the row made ready for it, like any later transition.
    if (!stored) await this.alerts.ensureState(db, webhook.id, webhook.appId, kind)
    const version = stored?.version ?? 0
    const notify = decision.action === 'notify' || decision.notify
    const state: AlertState = decision.action === 'recover' ? 'recovered' : 'raised'
    const change: AlertStateChange =
      decision.action === 'raise'
        ? { state: 'raised', raised_at: now, recovered_at: null }
        : decision.action === 'recover'
          ? { state: 'recovered', recovered_at: now }
          : {}
    if (notify) change.last_notified_at = now
    const words = {
      appName: webhook.appName,
      webhookName: webhook.name,
      reason: kind === 'disabled' ? webhook.disabledReason : webhook.failingReason,
      heldThresholdMinutes: settings.heldThresholdMinutes
    }
    const text = alertText(kind, state, words)
    const alert = await inTransaction(
      db,
      async (unit) => {
        if (!(await this.alerts.claim(unit.db, webhook.id, kind, version, change))) return null
        if (!notify || !settings.enabled) return undefined
        return this.alerts.insertAlert(
          unit.db,
          {
            appId: webhook.appId,
            webhookId: webhook.id,
            webhookName: webhook.name,
            kind,
            state,
            title: alertTitle(kind, state, webhook.name),
            text
          },
          now
        )
      },
      { background: true }
    )
    // null: another monitor made this transition first, and tells it.
    if (alert === null || !notify) return
    if (alert) this.options.alerted(alert)
    if (settings.webhookUrl)
      this.post(settings, {
        type: 'webhook.alert',
        kind,
        state,
        app: { id: webhook.appId, name: webhook.appName },
        webhook: { id: webhook.id, name: webhook.name, host: urlHost(webhook.url) },
        text,
        occurredAt: isoFromMs(now)
      })
  }

  /** Sent after the commit and not awaited: a slow alert URL never holds the monitor up. */
  private post(settings: StoredAlertSettings, body: AlertBody): void {
    const secret = this.options.settings.open(settings)
    if (!settings.webhookUrl || !secret) return
    const sending = this.options.sender
      .send({ url: settings.webhookUrl, secret }, body)
      .then((result) => {
        if (result.errorClass !== null)
          this.options.logError(
            `alert webhook of app ${body.app.id} (${urlHost(settings.webhookUrl!)}) failed:`,
            result.error ?? `HTTP ${result.status}`
          )
      })
      .finally(() => this.sending.delete(sending))
    this.sending.add(sending)
  }
}
