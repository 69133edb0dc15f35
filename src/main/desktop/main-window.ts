import { app, BrowserWindow, screen, shell } from 'electron'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { NAVIGATE_CHANNEL } from '@shared/desktop-ipc'
import { documentationLink, isTrustedSenderUrl, loggableLink } from './window-security'
import { restoreBounds, type WindowBounds } from './window-state'

export interface MainWindowOptions {
  rendererUrl: string
  userData: string
  /** A link the window may open in the system browser besides the documentation (the demo's). */
  extraExternalLink?: (url: string) => boolean
  /** Asked when the window is about to close: false keeps it (hidden, in the tray). */
  mayClose: () => boolean
}

/**
 * The app's one window: created on demand (a start in the tray has none until asked), shown,
 * hidden to the tray and brought back, and told where to go when a notification is clicked.
 */
export class MainWindow {
  private window: BrowserWindow | null = null

  constructor(private readonly options: MainWindowOptions) {}

  /** Shows the window (creating it if need be), optionally at an in-app route. */
  open(route?: string): BrowserWindow {
    const existing = this.window
    if (existing && !existing.isDestroyed()) {
      if (route) existing.webContents.send(NAVIGATE_CHANNEL, route)
      if (existing.isMinimized()) existing.restore()
      existing.show()
      existing.focus()
      return existing
    }
    this.window = this.create(route)
    return this.window
  }

  get current(): BrowserWindow | null {
    return this.window && !this.window.isDestroyed() ? this.window : null
  }

  get visible(): boolean {
    return this.current?.isVisible() ?? false
  }

  hide(): void {
    const window = this.current
    if (!window) return
    this.saveBounds(window)
    window.hide()
  }

  private get stateFile(): string {
    return join(this.options.userData, 'window-state.json')
  }

  saveBounds(window = this.current): void {
    if (!window) return
    try {
      writeFileSync(this.stateFile, JSON.stringify(window.getNormalBounds()))
    } catch {
      // a read-only profile folder costs the remembered size, nothing else
    }
  }

  private savedBounds(): WindowBounds {
    let saved: string | null = null
    try {
      saved = readFileSync(this.stateFile, 'utf8')
    } catch {
      // first start, or the file went away: the default size
    }
    return restoreBounds(
      saved,
      screen.getAllDisplays().map((display) => display.workArea)
    )
  }

  private create(route?: string): BrowserWindow {
    const { rendererUrl } = this.options
    const window = new BrowserWindow({
      ...this.savedBounds(),
      show: false,
      title: 'Indexed PIM Desktop',
      // Spelled out, not spread from a constant: Electronegativity (in .ci/run) reads them here.
      webPreferences: {
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        spellcheck: false,
        // Middle-click opens no new windows behind the window-open handler's back.
        disableBlinkFeatures: 'Auxclick',
        devTools: !app.isPackaged,
        preload: join(__dirname, '../preload/index.cjs')
      }
    })
    window.once('ready-to-show', () => window.show())
    window.on('close', (event) => {
      this.saveBounds(window)
      if (this.options.mayClose()) return
      event.preventDefault()
      window.hide()
    })
    // No window opens inside the app; a documentation link (or, in the demo, its receiver page)
    // opens in the system browser, and anything else is refused.
    window.webContents.setWindowOpenHandler(({ url }) => {
      const link = documentationLink(url) ?? (this.options.extraExternalLink?.(url) ? url : null)
      if (link)
        shell.openExternal(link).catch((error: unknown) => {
          console.warn(`Could not open ${loggableLink(link)}: ${(error as Error).message}`)
        })
      else
        console.warn(
          `Refused to open ${loggableLink(url)}: not one of the app's documentation links`
        )
      return { action: 'deny' }
    })
    window.webContents.on('will-navigate', (event, url) => {
      if (!isTrustedSenderUrl(url, rendererUrl)) event.preventDefault()
    })
    // A route from a notification: the hash router opens it as the first page.
    void window.loadURL(route ? `${rendererUrl}#${route}` : rendererUrl)
    return window
  }
}
