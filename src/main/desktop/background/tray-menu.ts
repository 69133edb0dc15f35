import type { DeliveryState, DeliveryStatusDto } from '@shared/delivery-status'

/** What the tray shows for a delivery status: its icon's state, tooltip and menu (pure). */

export interface TrayActions {
  openWindow(): void
  setPaused(paused: boolean): void
  quit(): void
}

/** The menu items the tray uses: a subset of Electron's MenuItemConstructorOptions. */
export interface TrayMenuItem {
  label?: string
  type?: 'separator' | 'normal'
  enabled?: boolean
  click?: () => void
}

const STATE_WORDS: Record<DeliveryState, string> = {
  healthy: 'All webhooks healthy',
  held: 'Deliveries on hold',
  failing: 'A webhook is failing',
  paused: 'Delivery paused'
}

function waitingText(status: DeliveryStatusDto): string | null {
  if (status.pending === 0) return null
  return status.pending === 1 ? '1 delivery waiting' : `${status.pending} deliveries waiting`
}

export function trayTooltip(status: DeliveryStatusDto | null): string {
  if (!status) return 'Indexed PIM Desktop'
  const parts = [STATE_WORDS[status.state]]
  if (status.state === 'failing')
    parts[0] =
      status.failingWebhooks === 1
        ? '1 webhook failing'
        : `${status.failingWebhooks} webhooks failing`
  if (status.state === 'held')
    parts[0] =
      status.heldWebhooks === 1 ? '1 webhook on hold' : `${status.heldWebhooks} webhooks on hold`
  const waiting = waitingText(status)
  if (waiting) parts.push(waiting)
  return `Indexed PIM Desktop — ${parts.join(' · ')}`
}

export function trayMenu(status: DeliveryStatusDto | null, actions: TrayActions): TrayMenuItem[] {
  const paused = status?.paused ?? false
  return [
    { label: 'Open Indexed PIM Desktop', click: actions.openWindow },
    { type: 'separator' },
    // A status line, not an action: disabled items read as information in every OS's tray.
    {
      label: status ? trayTooltip(status).replace(/^Indexed PIM Desktop — /, '') : 'Starting…',
      enabled: false
    },
    paused
      ? { label: 'Resume delivery', click: () => actions.setPaused(false) }
      : { label: 'Pause all delivery', click: () => actions.setPaused(true) },
    { type: 'separator' },
    { label: 'Quit Indexed PIM Desktop', click: actions.quit }
  ]
}

export function trayIconState(status: DeliveryStatusDto | null): DeliveryState {
  return status?.state ?? 'healthy'
}
