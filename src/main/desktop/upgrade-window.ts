import { app, BrowserWindow } from 'electron'
import { join } from 'node:path'
import { UPGRADE_PROGRESS_CHANNEL, type UpgradeProgress } from '@shared/desktop-ipc'

/**
 * A small window that shows the data folder's upgrade (pending migrations after an update, which
 * can take a minute on a large log) instead of nothing. It opens at the first progress report,
 * shows the latest one once its page has loaded, and closes when the upgrade ends.
 */
export class UpgradeWindow {
  private window: BrowserWindow | null = null
  private loaded = false
  private latest: UpgradeProgress | null = null

  constructor(private readonly pageUrl: string) {}

  report(progress: UpgradeProgress): void {
    this.latest = progress
    if (!this.window) this.window = this.create()
    else if (this.loaded) this.window.webContents.send(UPGRADE_PROGRESS_CHANNEL, progress)
  }

  /** The window, while an upgrade shows (a second launch brings it forward). */
  get current(): BrowserWindow | null {
    return this.window && !this.window.isDestroyed() ? this.window : null
  }

  close(): void {
    const window = this.current
    this.window = null
    window?.destroy()
  }

  private create(): BrowserWindow {
    const window = new BrowserWindow({
      width: 420,
      height: 180,
      resizable: false,
      minimizable: false,
      maximizable: false,
      fullscreenable: false,
      // Closing it would not stop the upgrade: it stays until the upgrade ends.
      closable: false,
      show: false,
      title: 'Upgrading Indexed PIM Desktop',
      // Spelled out, not spread from a constant: Electronegativity (in .ci/run) reads them here.
      webPreferences: {
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        spellcheck: false,
        disableBlinkFeatures: 'Auxclick',
        devTools: !app.isPackaged,
        preload: join(__dirname, '../preload/index.cjs')
      }
    })
    window.setMenuBarVisibility(false)
    window.once('ready-to-show', () => window.show())
    window.webContents.on('did-finish-load', () => {
      this.loaded = true
      if (this.latest) window.webContents.send(UPGRADE_PROGRESS_CHANNEL, this.latest)
    })
    window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
    window.webContents.on('will-navigate', (event) => event.preventDefault())
    void window.loadURL(this.pageUrl)
    return window
  }
}
