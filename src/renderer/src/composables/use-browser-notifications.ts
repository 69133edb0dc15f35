import { readonly, ref, type Ref } from 'vue'
import type { BrowserPermission } from '../alert-notice'

function currentPermission(): BrowserPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission
}

/** Shared by Settings (the permission line) and the alert notices (whether to notify). */
const permission = ref<BrowserPermission>('unsupported')
let following = false

/**
 * Follows the permission as the operator changes it in the browser's site settings too, where the
 * Permissions API says so (Chromium, Firefox); otherwise it is read again at each use.
 */
function follow(): void {
  permission.value = currentPermission()
  if (following || permission.value === 'unsupported') return
  following = true
  navigator.permissions
    ?.query({ name: 'notifications' })
    .then((status) => {
      status.onchange = () => {
        permission.value = currentPermission()
      }
    })
    .catch(() => {})
}

export interface BrowserNotifications {
  permission: Readonly<Ref<BrowserPermission>>
  /** Asks the browser (it shows its own prompt, only in answer to a click). */
  request(): Promise<BrowserPermission>
  /** Shows a notification; a click brings this tab to the front and runs `onClick`. */
  show(notice: { title: string; body: string; tag: string }, onClick: () => void): void
}

export function useBrowserNotifications(): BrowserNotifications {
  follow()
  return {
    permission: readonly(permission),
    async request() {
      if (typeof Notification === 'undefined') return 'unsupported'
      permission.value = await Notification.requestPermission()
      return permission.value
    },
    show(notice, onClick) {
      if (currentPermission() !== 'granted') return
      const notification = new Notification(notice.title, { body: notice.body, tag: notice.tag })
      notification.onclick = () => {
        window.focus()
        onClick()
        notification.close()
      }
    }
  }
}
