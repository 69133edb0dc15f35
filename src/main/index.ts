import { app, BrowserWindow, ipcMain, session, shell } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { apiMethodNames, PUSH_CHANNEL } from '@shared/api-methods'
import { startCore, type PimCore } from './core/pim-core'
import { CONTENT_SECURITY_POLICY } from './content-security-policy'
import { isSafeExternalUrl, isTrustedSenderUrl, secureWebPreferences } from './window-security'

/** Thin Electron shell: the core does the work; this file wires windows and IPC to it. */
// An empty variable means no dev server (not "trust the empty origin").
const devServerUrl = process.env.ELECTRON_RENDERER_URL || null
const rendererFile = join(__dirname, '../renderer/index.html')
const rendererUrl = devServerUrl ?? pathToFileURL(rendererFile).href
let core: PimCore | null = null

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 840,
    show: false,
    title: 'Indexed PIM Desktop',
    webPreferences: { ...secureWebPreferences, preload: join(__dirname, '../preload/index.cjs') }
  })
  window.once('ready-to-show', () => window.show())
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  window.webContents.on('will-navigate', (event, url) => {
    if (!isTrustedSenderUrl(url, rendererUrl)) event.preventDefault()
  })
  if (devServerUrl) void window.loadURL(devServerUrl)
  else void window.loadFile(rendererFile)
  return window
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) return app.quit()
  await app.whenReady()
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false)
  )
  session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY]
      }
    })
  )
  const started = await startCore({ dataDir: app.getPath('userData') })
  core = started
  for (const method of apiMethodNames) {
    ipcMain.handle(method, (event, input: unknown) => {
      if (!isTrustedSenderUrl(event.senderFrame?.url ?? '', rendererUrl))
        return { ok: false, error: { code: 'forbidden', message: 'Untrusted sender' } }
      return started.call(method, input)
    })
  }
  started.onPush((event) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(PUSH_CHANNEL, event)
  })
  createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

let quitting = false
app.on('before-quit', (event) => {
  if (!core || quitting) return
  quitting = true
  event.preventDefault()
  void core.close(5_000).finally(() => app.exit(0))
})

start().catch((error) => {
  console.error('Indexed PIM failed to start:', error)
  app.exit(1)
})
