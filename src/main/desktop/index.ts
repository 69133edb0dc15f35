import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  type IpcMainInvokeEvent
} from 'electron'
import { readFileSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { apiMethodNames, PUSH_CHANNEL } from '@shared/api-methods'
import { APP_VERSION } from '@shared/version'
import { appMenuTemplate } from './app-menu'
import { APP_ENTRY_URL, APP_SCHEME, resolveAppRequest } from './app-protocol'
import { contentTypeOf } from '../shell-common/content-types'
import { CONTENT_SECURITY_POLICY } from '../shell-common/content-security-policy'
import { readDatabaseChoice } from '../core/db/database-choice'
import { startCore, type PimCore } from '../core/pim-core'
import { prepareDemo, type DemoSession } from '../shell-common/demo/demo-session'
import { transportThreadBeside } from '../shell-common/built-files'
import { desktopDemoArgs } from './desktop-demo'
import { registerLogExportIpc } from './log-export-ipc'
import { documentationLink, isTrustedSenderUrl, loggableLink } from './window-security'
import { safeStorageBox } from './safe-storage-box'
import { restoreBounds, type WindowBounds } from './window-state'
import { createDesktopUpdater } from './updater/create-desktop-updater'

/** Thin Electron shell: the core does the work; this file wires windows and IPC to it. */
const rendererDir = join(__dirname, '../renderer')
// A dev server only in development: a packaged app must never load what an environment names.
// An empty variable means no dev server (not "trust the empty origin").
const devServerUrl = (!app.isPackaged && process.env.ELECTRON_RENDERER_URL) || null
const rendererUrl = devServerUrl ?? APP_ENTRY_URL
let core: PimCore | null = null
let demo: DemoSession | null = null
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

async function serveAppRequest(request: Request): Promise<Response> {
  const file = resolveAppRequest(request.url, rendererDir)
  const body = file ? await readFile(file).catch(() => null) : null
  if (!file || !body) return new Response('Not found', { status: 404 })
  return new Response(body, {
    headers: {
      'content-type': contentTypeOf(file),
      'content-security-policy': CONTENT_SECURITY_POLICY
    }
  })
}

const windowStateFile = () => join(app.getPath('userData'), 'window-state.json')

function savedBounds(): WindowBounds {
  let saved: string | null = null
  try {
    saved = readFileSync(windowStateFile(), 'utf8')
  } catch {
    // first start, or the file went away: the default size
  }
  return restoreBounds(
    saved,
    screen.getAllDisplays().map((display) => display.workArea)
  )
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    ...savedBounds(),
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
  window.on('close', () => {
    try {
      writeFileSync(windowStateFile(), JSON.stringify(window.getNormalBounds()))
    } catch {
      // a read-only profile folder costs the remembered size, nothing else
    }
  })
  // No window opens inside the app; a documentation link (or, in the demo, its receiver page)
  // opens in the system browser, and anything else is refused.
  window.webContents.setWindowOpenHandler(({ url }) => {
    const link = documentationLink(url) ?? (demo?.isReceiverPage(url) ? url : null)
    if (link)
      shell.openExternal(link).catch((error: unknown) => {
        console.warn(`Could not open ${loggableLink(link)}: ${(error as Error).message}`)
      })
    else
      console.warn(`Refused to open ${loggableLink(url)}: not one of the app's documentation links`)
    return { action: 'deny' }
  })
  window.webContents.on('will-navigate', (event, url) => {
    if (!isTrustedSenderUrl(url, rendererUrl)) event.preventDefault()
  })
  void window.loadURL(rendererUrl)
  return window
}

function focusExistingWindow(): void {
  const [window] = BrowserWindow.getAllWindows()
  if (!window) return
  if (window.isMinimized()) window.restore()
  window.focus()
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) return app.quit()
  app.on('second-instance', focusExistingWindow)
  await app.whenReady()
  protocol.handle(APP_SCHEME, serveAppRequest)
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false)
  )
  session.defaultSession.setPermissionCheckHandler(() => false)
  session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY]
      }
    })
  )
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
  // Settings may have chosen a team server. Its secrets stay unsealed there: the keychain of this
  // computer seals for this computer only, and the server's workers must sign with them too.
  const teamDatabase = demo ? null : readDatabaseChoice(dataDir)
  const started = await startCore({
    dataDir,
    transportThread: transportThreadBeside(import.meta.url),
    ...(teamDatabase
      ? { database: teamDatabase }
      : { secretBox: safeStorageBox(safeStorage, process.platform) }),
    updates: updater,
    ...demo?.coreOptions
  })
  core = started
  updater.follow(started)
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
  started.onPush((event) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(PUSH_CHANNEL, event)
    // Issue 22 hooks in here: an `alert.raised` event becomes the desktop's native notification.
  })
  if (demo) await demo.attach(started.call)
  createWindow()
  updater.start()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

// Quitting drains in-flight deliveries (up to 5 s) and closes the database, releasing its lock.
let quitting = false
app.on('before-quit', (event) => {
  updater.stop()
  if (!core || quitting) return
  quitting = true
  event.preventDefault()
  void Promise.resolve(demo?.close())
    .then(() => core?.close(5_000))
    .finally(() => app.exit(0))
})

start().catch((error) => {
  console.error('Indexed PIM failed to start:', error)
  app.exit(1)
})
