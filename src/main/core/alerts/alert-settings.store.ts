import { DEFAULT_HELD_THRESHOLD_MINUTES, DEFAULT_QUIET_PERIOD_MINUTES } from '@shared/alerts'
import type { AlertSettingsDto } from '@shared/dto'
import type { Db } from '../db/knex-factory'
import { openSecret, sealSecret, secretHint, type SecretBox } from '../support/secret-box'

type Row = Record<string, unknown>

/** An app's settings as stored, the sealed secret included (never leaves the core). */
export interface StoredAlertSettings extends AlertSettingsDto {
  sealedSecret: string | null
}

export function defaultAlertSettings(appId: number): StoredAlertSettings {
  return {
    appId,
    enabled: true,
    webhookUrl: null,
    secretHint: null,
    sealedSecret: null,
    heldThresholdMinutes: DEFAULT_HELD_THRESHOLD_MINUTES,
    quietPeriodMinutes: DEFAULT_QUIET_PERIOD_MINUTES
  }
}

function fromRow(row: Row): StoredAlertSettings {
  return {
    appId: Number(row.app_id),
    enabled: Boolean(row.in_app),
    webhookUrl: row.webhook_url == null ? null : String(row.webhook_url),
    secretHint: row.secret_hint == null ? null : String(row.secret_hint),
    sealedSecret: row.secret == null ? null : String(row.secret),
    heldThresholdMinutes: Number(row.held_threshold_minutes),
    quietPeriodMinutes: Number(row.quiet_period_minutes)
  }
}

export interface AlertSettingsChanges {
  enabled?: boolean
  webhookUrl?: string | null
  heldThresholdMinutes?: number
  quietPeriodMinutes?: number
}

/**
 * Per-app alert settings. An app has a row only once someone changed them; until then it has
 * the defaults. The alert webhook's secret goes through the same secret box as webhook secrets.
 */
export class AlertSettingsStore {
  constructor(private readonly box: SecretBox) {}

  async get(db: Db, appId: number): Promise<StoredAlertSettings> {
    const row: Row | undefined = await db('alert_settings').where({ app_id: appId }).first()
    return row ? fromRow(row) : defaultAlertSettings(appId)
  }

  /** Every stored row, by app; apps missing here have the defaults. */
  async all(db: Db): Promise<Map<number, StoredAlertSettings>> {
    const rows: Row[] = await db('alert_settings').select()
    return new Map(rows.map((row) => [Number(row.app_id), fromRow(row)]))
  }

  /**
   * Applies the changes. Setting a URL the first time makes a secret (kept when the URL changes
   * later, as a webhook's is); removing the URL drops the secret with it.
   */
  async update(
    db: Db,
    appId: number,
    changes: AlertSettingsChanges,
    newSecret: () => string,
    now: number
  ): Promise<{ settings: StoredAlertSettings; secret: string | null }> {
    const current = await this.get(db, appId)
    const next: StoredAlertSettings = { ...current }
    let secret: string | null = null
    if (changes.enabled !== undefined) next.enabled = changes.enabled
    if (changes.heldThresholdMinutes !== undefined)
      next.heldThresholdMinutes = changes.heldThresholdMinutes
    if (changes.quietPeriodMinutes !== undefined)
      next.quietPeriodMinutes = changes.quietPeriodMinutes
    if (changes.webhookUrl === null) {
      Object.assign(next, { webhookUrl: null, sealedSecret: null, secretHint: null })
    } else if (changes.webhookUrl !== undefined) {
      next.webhookUrl = changes.webhookUrl
      if (!next.sealedSecret) {
        secret = newSecret()
        next.sealedSecret = sealSecret(this.box, secret)
        next.secretHint = secretHint(secret)
      }
    }
    const row = {
      in_app: next.enabled,
      webhook_url: next.webhookUrl,
      secret: next.sealedSecret,
      secret_hint: next.secretHint,
      held_threshold_minutes: next.heldThresholdMinutes,
      quiet_period_minutes: next.quietPeriodMinutes,
      updated_at: now
    }
    await db('alert_settings')
      .insert({ app_id: appId, ...row })
      .onConflict('app_id')
      .merge(row)
    return { settings: next, secret }
  }

  /** The alert secret in clear: to sign an alert, or for an operator who asked to see it. */
  open(settings: StoredAlertSettings): string | null {
    return settings.sealedSecret === null ? null : openSecret(this.box, settings.sealedSecret)
  }
}

/** What leaves the core: the settings without the sealed secret. */
export function settingsDto(settings: StoredAlertSettings): AlertSettingsDto {
  return {
    appId: settings.appId,
    enabled: settings.enabled,
    webhookUrl: settings.webhookUrl,
    secretHint: settings.secretHint,
    heldThresholdMinutes: settings.heldThresholdMinutes,
    quietPeriodMinutes: settings.quietPeriodMinutes
  }
}
