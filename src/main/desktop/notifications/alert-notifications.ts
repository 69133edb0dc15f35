import { Notification } from 'electron'
import type { PushEvent } from '@shared/dto'
import { webhookLogRoute } from '@shared/desktop-ipc'
import { shouldNotify, type NotificationPreferences } from '@shared/preferences'

/** How many shown notifications keep their click handler alive at most. */
const KEPT = 50

/**
 * The desktop's native notifications for alerts (a webhook failing, disabled or holding too
 * long, and each recovery), as this computer's preferences allow (on, quiet hours, muted apps).
 * Clicking one opens the webhook's delivery log.
 */
export class AlertNotifications {
  // Electron forgets a notification's click handler once the object is garbage-collected: the
  // recent ones are kept until they close.
  private readonly shown = new Set<Notification>()

  constructor(
    private readonly deps: {
      preferences: () => NotificationPreferences
      openRoute: (route: string) => void
      now?: () => Date
    }
  ) {}

  handle(event: PushEvent): void {
    if (event.type !== 'alert.raised') return
    const { alert } = event
    const now = this.deps.now?.() ?? new Date()
    if (!Notification.isSupported() || !shouldNotify(alert.appId, this.deps.preferences(), now))
      return
    this.show(alert.title, alert.text, () =>
      this.deps.openRoute(webhookLogRoute(alert.appId, alert.webhookId))
    )
  }

  /** A notice of the app's own (e.g. "still delivering in the background"), if notifications are on. */
  notice(title: string, body: string, onClick: () => void): void {
    if (!Notification.isSupported() || !this.deps.preferences().enabled) return
    this.show(title, body, onClick)
  }

  private show(title: string, body: string, onClick: () => void): void {
    const notification = new Notification({ title, body })
    this.shown.add(notification)
    if (this.shown.size > KEPT) this.shown.delete(this.shown.values().next().value!)
    notification.on('click', onClick)
    notification.on('close', () => this.shown.delete(notification))
    notification.show()
  }
}
