import { useToast } from 'primevue/usetoast'
import { useRouter } from 'vue-router'
import type { AlertDto } from '@shared/dto'
import { alertNotice } from '../alert-notice'
import { useThisComputerStore } from '../stores/this-computer.store'
import { useBrowserNotifications } from './use-browser-notifications'

/** The toast group of alert notices (AlertToasts.vue), apart from actions' feedback toasts. */
export const ALERT_TOAST_GROUP = 'alerts'
/** Long enough to read and reach "View log"; the bell keeps the alert anyway. */
const ALERT_TOAST_LIFE_MS = 12_000

/**
 * Tells each alert pushed to this page: a toast with "View log", and in the browser shell a
 * browser notification when this computer's preferences allow one now (alert-notice.ts decides).
 * Called from App.vue's setup (it needs the toast service and the router).
 */
export function useAlertNotices(): (alert: AlertDto) => void {
  const toast = useToast()
  const router = useRouter()
  const thisComputer = useThisComputerStore()
  const browser = useBrowserNotifications()

  return (alert) => {
    const notice = alertNotice(alert, {
      shell: thisComputer.shell,
      notifications: thisComputer.preferences?.notifications ?? null,
      permission: browser.permission.value,
      now: new Date()
    })
    toast.add({ ...notice.toast, group: ALERT_TOAST_GROUP, life: ALERT_TOAST_LIFE_MS })
    const notification = notice.browserNotification
    if (notification) browser.show(notification, () => void router.push(notification.route))
  }
}
