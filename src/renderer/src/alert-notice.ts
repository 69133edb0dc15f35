import type { AlertDto } from '@shared/dto'
import { webhookLogRoute } from '@shared/desktop-ipc'
import { shouldNotify, type NotificationPreferences, type ShellKind } from '@shared/preferences'

/** The browser's notification permission, or `unsupported` where there is no Notification API. */
export type BrowserPermission = NotificationPermission | 'unsupported'

export interface NoticeContext {
  /** Null until the preferences are loaded: no notification then (it might be a second one). */
  shell: ShellKind | null
  notifications: NotificationPreferences | null
  permission: BrowserPermission
  now: Date
}

/** How an alert pushed to the page is told. */
export interface AlertNotice {
  /** Always: a toast in the page, with a link to the webhook's log. */
  toast: { severity: 'warn' | 'success'; summary: string; detail: string; route: string }
  /**
   * A browser notification, or null. Only in the browser shell: the desktop's main process shows
   * its own native notification, and this page must not add a second one.
   */
  browserNotification: { title: string; body: string; tag: string; route: string } | null
}

export function alertNotice(alert: AlertDto, context: NoticeContext): AlertNotice {
  const route = webhookLogRoute(alert.appId, alert.webhookId)
  const notify =
    context.shell === 'browser' &&
    context.permission === 'granted' &&
    context.notifications !== null &&
    shouldNotify(alert.appId, context.notifications, context.now)
  return {
    toast: {
      severity: alert.state === 'recovered' ? 'success' : 'warn',
      summary: alert.title,
      detail: alert.text,
      route
    },
    browserNotification: notify
      ? { title: alert.title, body: alert.text, tag: `alert-${alert.id}`, route }
      : null
  }
}
