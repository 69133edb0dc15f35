import {
  app,
  autoUpdater as nativeAutoUpdater,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  powerMonitor,
  protocol,
  safeStorage,
  type IpcMainInvokeEvent
} from 'electron'
import { join } from 'node:path'
import { apiMethodNames, PUSH_CHANNEL } from '@shared/api-methods'
import { APP_VERSION } from '@shared/version'
import { appMenuTemplate } from './app-menu'
import { APP_ENTRY_URL, APP_SCHEME, APP_UPGRADE_URL } from './app-protocol'
import { readDatabaseChoice } from '../core/db/database-choice'
import { startCore, type PimCore } from '../core/pim-core'
import { prepareDemo, type DemoSession } from '../shell-common/demo/demo-session'
import { transportThreadBeside } from '../shell-common/built-files'
import { makeDataDirPrivate } from '../shell-common/private-data-dir'
import { desktopDemoArgs } from './desktop-demo'
import { registerImportFileIpc } from './import-file-ipc'
import { registerLogExportIpc } from './log-export-ipc'
import { registerRecordExportIpc } from './record-export-ipc'
import { isTrustedSenderUrl } from './window-security'
import { withoutCredentials } from './start-failure'
import { safeStorageBox } from './safe-storage-box'
import { secureSession } from './session-security'
import { MainWindow } from './main-window'
import { UpgradeWindow } from './upgrade-window'
import { BackgroundMode } from './background/background-mode'
import { TrayIcon } from './background/tray-icon'
import { applyStartAtLogin, HIDDEN_ARG } from './background/login-item'
import { AlertNotifications } from './notifications/alert-notifications'
import { createDesktopUpdater } from './updater/create-desktop-updater'

/** Thin Electron shell: the core does the work; this file wires windows, tray and IPC to it. */
const rendererDir = join(__dirname, '../renderer')
// A dev server only in development: a packaged app must never load what an environment names.
// An empty variable means no dev server (not "trust the empty origin").
const devServerUrl = (!app.isPackaged && process.env.ELECTRON_RENDERER_URL) || null
const rendererUrl = devServerUrl ?? APP_ENTRY_URL
let core: PimCore | null = null
let demo: DemoSession | null = null
let background: BackgroundMode | null = null
let tray: TrayIcon | null = null
// Checks at start and daily, installs on quit or on "Restart now" (updater/); pushes to Settings.
const updater = createDesktopUpdater((status) => {
  for (const window of BrowserWindow.getAllWindows())
    window.webContents.send(PUSH_CHANNEL, { type: 'updates.changed', status })
})
// `npm run demo -- --desktop`: the demo's own folder, set before ready so the lock follows it.
const demoArgs = desktopDemoArgs(process.argv, app.isPackaged)
if (demoArgs) app.setPath('userData', demoArgs.dataDir)

// Before ready: app:// behaves like https (secure context, fetch, its own origin).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }
])

const mainWindow = new MainWindow({
  rendererUrl,
  userData: app.getPath('userData'),
  extraExternalLink: (url) => demo?.isReceiverPage(url) ?? false,
  mayClose: () => background?.mayCloseWindow() ?? true
})
const upgradeWindow = new UpgradeWindow(APP_UPGRADE_URL)

/** Started at login (or with --hidden): the app runs in the tray until someone opens it. */
function startsHidden(): boolean {
  if (process.argv.includes(HIDDEN_ARG)) return true
  return process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true
}

function applyLoginItem(startAtLogin: boolean): void {
  // The development binary is not the app: only an installed app registers itself.
  if (!app.isPackaged) return
  applyStartAtLogin(startAtLogin, {
    platform: process.platform,
    setLoginItemSettings: (settings) => app.setLoginItemSettings(settings),
    executable: process.env.APPIMAGE || process.execPath,
    env: process.env
  }).catch((error: unknown) => console.error('Could not change start at login:', error))
}

async function start(): Promise<void> {
  // One instance per data folder: Electron's lock follows userData (the demo's folder too).
  if (!app.requestSingleInstanceLock()) return app.quit()
  app.on('second-instance', () => {
    if (upgradeWindow.current) upgradeWindow.current.focus()
    else if (core) mainWindow.open()
  })
  await app.whenReady()
  // Windows shows notifications only for an app with a user model id (the installer's appId).
  if (process.platform === 'win32') app.setAppUserModelId('com.indexedpim.desktop')
  secureSession(rendererDir)
  app.setAboutPanelOptions({
    applicationName: 'Indexed PIM Desktop',
    applicationVersion: APP_VERSION,
    version: APP_VERSION
  })
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate({
        isMac: process.platform === 'darwin',
        devTools: !app.isPackaged,
        showAbout: () => app.showAboutPanel()
      })
    )
  )
  if (demoArgs) demo = await prepareDemo({ ...demoArgs, log: console.log })
  const dataDir = app.getPath('userData')
  makeDataDirPrivate(dataDir)
  // Settings may have chosen a team server. Its secrets stay unsealed there: the keychain of this
  // computer seals for this computer only, and the server's workers must sign with them too.
  const teamDatabase = demo ? null : readDatabaseChoice(dataDir)
  const started = await startCore({
    dataDir,
    transportThread: transportThreadBeside(import.meta.url),
    shell: 'desktop',
    lockDataDir: true,
    onUpgrade: (progress) => upgradeWindow.report(progress),
    ...(teamDatabase
      ? { database: teamDatabase }
      : { secretBox: safeStorageBox(safeStorage, process.platform) }),
    updates: updater,
    ...demo?.coreOptions
  }).finally(() => upgradeWindow.close())
  core = started
  updater.follow(started)
  wireIpc(started)
  const notifications = new AlertNotifications({
    preferences: () => started.local.preferences().preferences.notifications,
    openRoute: (route) => mainWindow.open(route)
  })
  background = new BackgroundMode({
    local: started.local,
    show: (status) => tray?.show(status),
    visibleWindow: () => (mainWindow.visible ? mainWindow.current : null),
    hideWindow: () => mainWindow.hide(),
    hiddenNotice: () =>
      notifications.notice(
        'Indexed PIM Desktop is still delivering',
        'Webhooks keep going from the tray. Quit from the tray menu to stop.',
        () => mainWindow.open()
      ),
    logError: (message, error) => console.error(message, error)
  })
  tray = new TrayIcon({
    openWindow: () => mainWindow.open(),
    setPaused: (paused) => void started.call('delivery.setPaused', { paused }),
    quit: () => app.quit()
  })
  started.onPush((event) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(PUSH_CHANNEL, event)
    background?.pushed(event)
    notifications.handle(event)
    if (event.type === 'preferences.changed') applyLoginItem(event.preferences.startAtLogin)
  })
  background.start()
  applyLoginItem(started.local.preferences().preferences.startAtLogin)
  // Logging out or shutting down is no time for a question: the queue waits for the next start.
  // Nor is "Restart now": the operator chose to restart, and the app comes back at once.
  const quitWithoutAsking = (): void => {
    if (background) background.quitting = true
  }
  powerMonitor.on('shutdown', () => {
    quitWithoutAsking()
    app.quit()
  })
  // A signal (a service manager, a script, Ctrl+C in a terminal) is not someone to ask either.
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.on(signal, () => {
      quitWithoutAsking()
      app.quit()
    })
  nativeAutoUpdater.on('before-quit-for-update', quitWithoutAsking)
  if (demo) await demo.attach(started.call)
  if (!startsHidden()) mainWindow.open()
  updater.start()
  app.on('activate', () => mainWindow.open())
}

function wireIpc(started: PimCore): void {
  const fromOwnRenderer = (event: IpcMainInvokeEvent): boolean =>
    isTrustedSenderUrl(event.senderFrame?.url ?? '', rendererUrl)
  for (const method of apiMethodNames) {
    ipcMain.handle(method, (event, input: unknown) => {
      if (!fromOwnRenderer(event))
        return { ok: false, error: { code: 'forbidden', message: 'Untrusted sender' } }
      return started.call(method, input)
    })
  }
  registerLogExportIpc(started.logExport, fromOwnRenderer)
  registerImportFileIpc(started.imports, fromOwnRenderer)
  registerRecordExportIpc(started.recordExport, fromOwnRenderer)
}

// The last window closed for good (nothing to deliver and no background wanted): quit, which
// still asks if saves made meanwhile are waiting. macOS apps stay in the dock.
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

// Quitting asks first when deliveries would be left waiting, then drains in-flight deliveries
// (up to 5 s) and closes the database, releasing its lock, and only then lets the quit go on:
// an update downloaded earlier installs on the app's own `quit`, which `app.exit` would skip.
let drained = false
let draining = false
app.on('before-quit', (event) => {
  if (!core || drained) return
  event.preventDefault()
  if (draining || !background) return
  void background.confirmQuit().then((goAhead) => {
    if (!goAhead || draining) return
    draining = true
    updater.stop()
    mainWindow.saveBounds()
    tray?.destroy()
    background?.stop()
    void Promise.resolve(demo?.close())
      .then(() => core?.close(5_000))
      .catch((error: unknown) => console.error('Closing the database failed:', error))
      .finally(() => {
        drained = true
        app.quit()
      })
  })
})

start().catch((error: unknown) => {
  console.error('Indexed PIM failed to start:', error)
  // Someone launched the app and is looking for it: say why it is not there.
  if (app.isReady())
    dialog.showErrorBox(
      'Indexed PIM Desktop could not start',
      withoutCredentials(error instanceof Error ? error.message : String(error))
    )
  app.exit(1)
})
