/**
 * Alerts about webhooks (issue 21): what raises one, the limits of the per-app settings, and the
 * wording shared by the in-app notice, the alert webhook's `text` and the docs.
 */

/** Failing: its health turned Failing. Disabled: switched off automatically. Held: deliveries
 * waited on hold longer than the app's threshold. */
export const alertKinds = ['failing', 'disabled', 'held'] as const
export type AlertKind = (typeof alertKinds)[number]

export const alertStates = ['raised', 'recovered'] as const
export type AlertState = (typeof alertStates)[number]

export const DEFAULT_HELD_THRESHOLD_MINUTES = 60
export const MAX_HELD_THRESHOLD_MINUTES = 10_080
export const DEFAULT_QUIET_PERIOD_MINUTES = 30
export const MAX_QUIET_PERIOD_MINUTES = 1_440

/** The event type of the alert webhook's body (and its `x-webhook-event` header). */
export const ALERT_EVENT_TYPE = 'webhook.alert'

export interface AlertSubject {
  appName: string
  webhookName: string
  /** The health reason or the disable reason, when there is one. */
  reason?: string | null
  heldThresholdMinutes?: number
}

/** A short title for the bell's list. */
export function alertTitle(kind: AlertKind, state: AlertState, webhookName: string): string {
  const name = `Webhook "${webhookName}"`
  if (state === 'recovered')
    return kind === 'failing'
      ? `${name} recovered`
      : kind === 'disabled'
        ? `${name} is enabled again`
        : `${name} no longer holds old deliveries`
  return kind === 'failing'
    ? `${name} is failing`
    : kind === 'disabled'
      ? `${name} was disabled`
      : `${name} holds old deliveries`
}

/** One line of plain text, Slack-compatible (no markup beyond plain words). */
export function alertText(kind: AlertKind, state: AlertState, subject: AlertSubject): string {
  const title = alertTitle(kind, state, subject.webhookName)
  const where = ` (app ${subject.appName})`
  if (state === 'recovered') return `${title}${where}.`
  if (kind === 'held')
    return `${title}${where}: deliveries have waited on hold for over ${subject.heldThresholdMinutes ?? DEFAULT_HELD_THRESHOLD_MINUTES} minutes.`
  const reason = subject.reason?.trim()
  return reason ? `${title}${where}: ${reason}` : `${title}${where}.`
}

/** A notice in the app's bell (`alerts.list`): an alert raised or recovered. */
export interface AlertDto {
  id: number
  appId: number
  /** Null once the webhook is deleted; its name when the alert was raised stays. */
  webhookId: number | null
  webhookName: string
  kind: AlertKind
  state: AlertState
  title: string
  text: string
  createdAt: string
  readAt: string | null
}

export interface AlertPage {
  items: AlertDto[]
  /** Unread alerts in the same scope (one app, or all), however many `items` shows. */
  unread: number
}

/** An app's alert settings (`alerts.settings`); an app nobody configured has the defaults. */
export interface AlertSettingsDto {
  appId: number
  /** Notices in the app (the bell, and the desktop's native notification). */
  enabled: boolean
  /** Where alerts are also POSTed as signed JSON; null: nowhere. */
  webhookUrl: string | null
  /** The alert secret's last four characters; `alerts.revealSecret` gives it. */
  secretHint: string | null
  heldThresholdMinutes: number
  quietPeriodMinutes: number
}

/** The answer to `alerts.test`: how the alert URL answered a sample alert. */
export interface AlertTestDto {
  ok: boolean
  status: number
  error: string | null
}
