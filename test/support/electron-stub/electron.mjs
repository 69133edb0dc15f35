// A test double of the parts of Electron the main bundle uses. It records what the bundle does
// and reports it to the test over the child-process IPC channel; the test drives it back with
// commands (invoke an IPC handler as some frame, read the CSP hook, quit).
import { EventEmitter } from 'node:events'
import { autoUpdater, withUpdaterApis } from './updater-apis.mjs'
import { net } from './net.mjs'

const report = (message) => process.send?.(message)
const handlers = new Map()
const windows = []
const schemes = new Map()
let permissionHandler = null
let permissionCheck = null
let headersHook = null

class App extends EventEmitter {
  isPackaged = process.env.PIM_STUB_PACKAGED === '1'
  setAboutPanelOptions(options) {
    report({ type: 'about', options })
  }
  showAboutPanel() {}
  requestSingleInstanceLock() {
    return true
  }
  whenReady() {
    return Promise.resolve()
  }
  paths = new Map()
  getPath(name) {
    // The export's save dialog starts in downloads; the test names that folder.
    if (name === 'downloads')
      return process.env.PIM_STUB_DOWNLOADS ?? process.env.PIM_STUB_USER_DATA
    if (name !== 'userData') throw new Error(`stub electron: no path "${name}"`)
    return this.paths.get(name) ?? process.env.PIM_STUB_USER_DATA
  }
  setPath(name, path) {
    this.paths.set(name, path)
    report({ type: 'setPath', name, path })
  }
  quit() {
    let prevented = false
    this.emit('before-quit', { preventDefault: () => (prevented = true) })
    if (!prevented) this.exit(0)
  }
  exit(code = 0) {
    report({ type: 'exit', code })
    setTimeout(() => process.exit(code), 50)
  }
}
export const app = new App()

let lastContentsId = 0
class WebContents extends EventEmitter {
  id = ++lastContentsId
  isDestroyed() {
    return false
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler
  }
  send(channel, payload) {
    report({ type: 'push', channel, payload })
  }
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super()
    this.options = options
    this.bounds = {
      x: options.x ?? 0,
      y: options.y ?? 0,
      width: options.width,
      height: options.height
    }
    this.webContents = new WebContents()
    windows.push(this)
    report({ type: 'window', options })
  }
  static getAllWindows() {
    return windows
  }
  static fromWebContents(contents) {
    return windows.find((window) => window.webContents === contents) ?? null
  }
  loadFile(file) {
    report({ type: 'load', file })
    return Promise.resolve()
  }
  loadURL(url) {
    report({ type: 'load', url })
    return Promise.resolve()
  }
  show() {}
  getNormalBounds() {
    return this.bounds
  }
  isMinimized() {
    return true
  }
  restore() {
    report({ type: 'restore' })
  }
  focus() {
    report({ type: 'focus' })
  }
}

export const ipcMain = {
  handle(channel, handler) {
    handlers.set(channel, handler)
  }
}

export const protocol = {
  registerSchemesAsPrivileged(entries) {
    report({ type: 'schemes', entries })
  },
  handle(scheme, handler) {
    schemes.set(scheme, handler)
  }
}

/** Reversible and free of the secret's bytes, like the real keychain-backed encryption. */
export const safeStorage = {
  isEncryptionAvailable: () => true,
  encryptString: (plain) => Buffer.from(`stub:${[...plain].reverse().join('')}`),
  decryptString: (sealed) => [...sealed.toString().slice('stub:'.length)].reverse().join(''),
  getSelectedStorageBackend: () => process.env.PIM_STUB_STORAGE_BACKEND ?? 'gnome_libsecret'
}

export const screen = {
  getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]
}

export const Menu = {
  buildFromTemplate: (template) => ({ template }),
  setApplicationMenu(menu) {
    // Functions (click handlers) do not cross the IPC channel; labels and roles do.
    report({ type: 'menu', template: JSON.parse(JSON.stringify(menu.template)) })
  }
}

export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler) {
      permissionHandler = handler
    },
    setPermissionCheckHandler(handler) {
      permissionCheck = handler
    },
    webRequest: {
      onHeadersReceived(hook) {
        headersHook = hook
      }
    }
  }
}

/** The save dialog answers what the test queued (`save-dialog-answer`), else "cancelled". */
const saveAnswers = []
export const dialog = {
  showSaveDialog(...args) {
    const options = args.length > 1 ? args[1] : args[0]
    report({ type: 'save-dialog', options, withWindow: args.length > 1 })
    return Promise.resolve(saveAnswers.shift() ?? { canceled: true, filePath: '' })
  }
}

export const shell = {
  // As Electron: a URL string or a TypeError, and a URL that does not parse is a rejected promise
  // (which the shell must handle, not leave unhandled).
  openExternal(url) {
    if (typeof url !== 'string') throw new TypeError('stub electron: openExternal(url: string)')
    if (!URL.canParse(url)) return Promise.reject(new Error(`stub electron: invalid URL ${url}`))
    report({ type: 'openExternal', url })
    return Promise.resolve()
  }
}

withUpdaterApis(app, session)

export { autoUpdater, net }

export default {
  app,
  autoUpdater,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  net,
  protocol,
  safeStorage,
  screen,
  session,
  shell
}

process.on('message', async (command) => {
  if (command.cmd === 'channels')
    return report({ type: 'channels', channels: [...handlers.keys()] })
  if (command.cmd === 'invoke') {
    const handler = handlers.get(command.channel)
    const answer = handler
      ? await handler(
          { senderFrame: { url: command.senderUrl }, sender: windows[0]?.webContents },
          command.input
        )
      : { missing: true }
    return report({ type: 'answer', id: command.id, answer })
  }
  if (command.cmd === 'save-dialog-answer') return saveAnswers.push(command.answer)
  if (command.cmd === 'security') {
    let granted = null
    permissionHandler?.(null, 'geolocation', (allowed) => (granted = allowed))
    let headers = null
    headersHook?.({ responseHeaders: { 'X-Test': ['1'] } }, (result) => (headers = result))
    const checked = permissionCheck ? permissionCheck(null, 'clipboard-read') : null
    return report({ type: 'security', granted, checked, headers })
  }
  if (command.cmd === 'fetch') {
    const handler = schemes.get(new URL(command.url).protocol.slice(0, -1))
    const response = handler ? await handler(new Request(command.url)) : null
    return report({
      type: 'fetched',
      id: command.id,
      status: response?.status ?? null,
      contentType: response?.headers.get('content-type') ?? null,
      csp: response?.headers.get('content-security-policy') ?? null,
      body: response ? (await response.text()).slice(0, 200) : null
    })
  }
  if (command.cmd === 'window-open') {
    const decision = windows[0].webContents.windowOpenHandler({ url: command.url })
    return report({ type: 'window-opened', id: command.id, decision })
  }
  if (command.cmd === 'second-instance') return app.emit('second-instance')
  if (command.cmd === 'resize') {
    windows[0].bounds = command.bounds
    windows[0].emit('close')
    return report({ type: 'resized' })
  }
  if (command.cmd === 'quit') app.quit()
})
report({ type: 'stub-loaded' })
