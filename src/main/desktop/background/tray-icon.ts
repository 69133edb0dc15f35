import { Menu, nativeImage, Tray } from 'electron'
import type { DeliveryState, DeliveryStatusDto } from '@shared/delivery-status'
import healthyIcon from '../../../../resources/tray/healthy.png?asset'
import heldIcon from '../../../../resources/tray/held.png?asset'
import failingIcon from '../../../../resources/tray/failing.png?asset'
import pausedIcon from '../../../../resources/tray/paused.png?asset'
import { trayIconState, trayMenu, trayTooltip, type TrayActions } from './tray-menu'

const ICONS: Record<DeliveryState, string> = {
  healthy: healthyIcon,
  held: heldIcon,
  failing: failingIcon,
  paused: pausedIcon
}

/** The tray icon (a menu-bar extra on macOS): its picture, tooltip and menu follow the status. */
export class TrayIcon {
  private readonly tray: Tray
  private state: DeliveryState | null = null

  constructor(private readonly actions: TrayActions) {
    this.tray = new Tray(this.image('healthy'))
    // Windows opens tray apps with a click; other systems show the menu.
    this.tray.on('click', () => actions.openWindow())
    this.show(null)
  }

  show(status: DeliveryStatusDto | null): void {
    const state = trayIconState(status)
    if (state !== this.state) {
      this.tray.setImage(this.image(state))
      this.state = state
    }
    this.tray.setToolTip(trayTooltip(status))
    this.tray.setContextMenu(Menu.buildFromTemplate(trayMenu(status, this.actions)))
  }

  destroy(): void {
    this.tray.destroy()
  }

  private image(state: DeliveryState) {
    const image = nativeImage.createFromPath(ICONS[state])
    // The macOS menu bar fits 18 points; the 32-pixel picture is its 2x version.
    return process.platform === 'darwin' ? image.resize({ width: 18, height: 18 }) : image
  }
}
