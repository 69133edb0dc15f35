// A test double of the parts of Electron the main bundle uses. It records what the bundle does
// and reports it to the test over the child-process IPC channel; the test drives it back with
// commands (invoke an IPC handler as some frame, read the CSP hook, quit).
import { EventEmitter } from 'node:events'
import { readFileSync } from 'node:fs'
import { autoUpdater, withUpdaterApis } from './updater-apis.mjs'
import { net } from './net.mjs'

const report = (message) => process.send?.(message)
const handlers = new Map()
const windows = []
const schemes = new Map()
let permissionHandler = null
let permissionCheck = null
let headersHook = null

let ready = false
/** Electron refuses these before the ready event; so does the stub, loudly. */
function requireReady(what) {
  if (!ready) throw new Error(`stub electron: ${what} cannot be used before the app is ready`)
}

class App extends EventEmitter {
  isPackaged = process.env.PIM_STUB_PACKAGED === '1'
  quitting = false
  loginItem = { openAtLogin: false }
  setAboutPanelOptions(options) {
    report({ type: 'about', options })
  }
  showAboutPanel() {}
  /** PIM_STUB_LOCK_TAKEN=1: another instance holds this userData folder. */
  requestSingleInstanceLock() {
    const got = process.env.PIM_STUB_LOCK_TAKEN !== '1'
    report({ type: 'single-instance-lock', got })
    return got
  }
  whenReady() {
    ready = true
    return Promise.resolve()
  }
  isReady() {
    return ready
  }
  setAppUserModelId(id) {
    if (typeof id !== 'string') throw new TypeError('stub electron: setAppUserModelId(id: string)')
  }
  /** As Electron: macOS and Windows only (Linux ignores it, which would hide a bug). */
  setLoginItemSettings(settings) {
    if (process.platform !== 'darwin' && process.platform !== 'win32')
      throw new Error(
        'stub electron: setLoginItemSettings does nothing on Linux; use XDG autostart'
      )
    if (typeof settings?.openAtLogin !== 'boolean')
      throw new TypeError('stub electron: setLoginItemSettings({ openAtLogin: boolean })')
    this.loginItem = settings
    report({ type: 'login-item', settings })
  }
  getLoginItemSettings() {
    return {
      openAtLogin: this.loginItem.openAtLogin,
      wasOpenedAtLogin: process.env.PIM_STUB_OPENED_AT_LOGIN === '1'
    }
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
  /**
   * As Electron: `before-quit` (preventable), then every window is closed (a window whose `close`
   * is prevented cancels the quit), then `will-quit` (preventable) and `quit`; no
   * `window-all-closed` on the way.
   */
  quit() {
    let prevented = false
    this.emit('before-quit', { preventDefault: () => (prevented = true) })
    if (prevented) return report({ type: 'quit-deferred' })
    this.quitting = true
    for (const window of [...windows])
      if (!window.close()) {
        this.quitting = false
        return report({ type: 'quit-cancelled', by: 'window' })
      }
    let stopped = false
    this.emit('will-quit', { preventDefault: () => (stopped = true) })
    if (stopped) {
      this.quitting = false
      return report({ type: 'quit-cancelled', by: 'will-quit' })
    }
    // `quit` itself is emitted by exit (as Electron does for app.exit too): see updater-apis.mjs.
    report({ type: 'quit-event' })
    this.exit(0)
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
    report({ type: 'push', channel, payload, contentsId: this.id })
  }
}

let lastWindowId = 0
export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super()
    requireReady('BrowserWindow')
    this.id = ++lastWindowId
    this.visible = false
    this.destroyed = false
    this.options = options
    this.bounds = {
      x: options.x ?? 0,
      y: options.y ?? 0,
      width: options.width,
      height: options.height
    }
    this.webContents = new WebContents()
    windows.push(this)
    report({ type: 'window', id: this.id, options })
  }
  static getAllWindows() {
    return [...windows]
  }
  static fromWebContents(contents) {
    return windows.find((window) => window.webContents === contents) ?? null
  }
  loadFile(file) {
    report({ type: 'load', file })
    return Promise.resolve()
  }
  loadURL(url) {
    report({ type: 'load', url, windowId: this.id })
    // The page loads, then the window may show (as `ready-to-show` and `did-finish-load` go).
    setImmediate(() => {
      if (this.destroyed) return
      this.webContents.emit('did-finish-load')
      this.emit('ready-to-show')
    })
    return Promise.resolve()
  }
  show() {
    this.checkAlive('show')
    this.visible = true
    report({ type: 'window-shown', id: this.id })
  }
  hide() {
    this.checkAlive('hide')
    this.visible = false
    report({ type: 'window-hidden', id: this.id })
  }
  isVisible() {
    return !this.destroyed && this.visible
  }
  isDestroyed() {
    return this.destroyed
  }
  setMenuBarVisibility(visible) {
    if (typeof visible !== 'boolean')
      throw new TypeError('stub electron: setMenuBarVisibility(boolean)')
  }
  /** As Electron: `close` may be prevented (returns false here); otherwise the window goes. */
  close() {
    if (this.destroyed) return true
    if (this.options.closable === false && !app.quitting) return false
    let prevented = false
    this.emit('close', { preventDefault: () => (prevented = true) })
    if (prevented) return false
    this.destroy()
    return true
  }
  destroy() {
    if (this.destroyed) return
    this.destroyed = true
    this.visible = false
    windows.splice(windows.indexOf(this), 1)
    report({ type: 'window-closed', id: this.id })
    this.emit('closed')
    if (windows.length === 0 && !app.quitting) app.emit('window-all-closed')
  }
  checkAlive(what) {
    // Electron throws "Object has been destroyed" on a destroyed window.
    if (this.destroyed) throw new Error(`stub electron: ${what}() on a destroyed window`)
  }
  getNormalBounds() {
    return this.bounds
  }
  // Minimized as far as a second launch can tell: it restores, shows and focuses.
  isMinimized() {
    return true
  }
  restore() {
    report({ type: 'restore' })
  }
  focus() {
    report({ type: 'focus', id: this.id })
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

/** As Electron: every item needs a role, a label or a separator type; clicks are functions. */
function checkMenuTemplate(template) {
  if (!Array.isArray(template)) throw new TypeError('stub electron: buildFromTemplate(array)')
  for (const item of template) {
    if (!item.role && !item.label && item.type !== 'separator' && !item.submenu)
      throw new TypeError(`stub electron: menu item without role or label: ${JSON.stringify(item)}`)
    if (item.click !== undefined && typeof item.click !== 'function')
      throw new TypeError('stub electron: a menu item click must be a function')
    if (Array.isArray(item.submenu)) checkMenuTemplate(item.submenu)
  }
}
export const Menu = {
  buildFromTemplate: (template) => {
    checkMenuTemplate(template)
    return { template }
  },
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
/** The open dialog answers the paths the test queued (`open-dialog-answer`), else "cancelled". */
const openAnswers = []
/** Message boxes answer what the test queued (`message-box-answer`), else their cancel button. */
const messageBoxAnswers = []
export const dialog = {
  showMessageBox(...args) {
    const withWindow = args[0] instanceof BrowserWindow
    const options = withWindow ? args[1] : args[0]
    if (typeof options?.message !== 'string')
      throw new TypeError('stub electron: showMessageBox needs a message')
    report({ type: 'message-box', options, withWindow })
    const response = messageBoxAnswers.shift() ?? options.cancelId ?? 0
    return Promise.resolve({ response, checkboxChecked: false })
  },
  showErrorBox(title, content) {
    report({ type: 'error-box', title, content })
  },
  showSaveDialog(...args) {
    const options = args.length > 1 ? args[1] : args[0]
    report({ type: 'save-dialog', options, withWindow: args.length > 1 })
    return Promise.resolve(saveAnswers.shift() ?? { canceled: true, filePath: '' })
  },
  /** As Electron: `(window?, options)`, answering `{ canceled, filePaths }`. */
  showOpenDialog(...args) {
    const withWindow = args[0] instanceof BrowserWindow
    const options = withWindow ? args[1] : args[0]
    if (args.length > 1 && !withWindow)
      throw new TypeError('stub electron: showOpenDialog takes a BrowserWindow first')
    if (options === null || typeof options !== 'object')
      throw new TypeError('stub electron: showOpenDialog needs options')
    if (options.properties !== undefined && !Array.isArray(options.properties))
      throw new TypeError('stub electron: showOpenDialog properties must be an array')
    report({ type: 'open-dialog', options, withWindow })
    return Promise.resolve(openAnswers.shift() ?? { canceled: true, filePaths: [] })
  }
}

/** As Electron: an image from a file, empty (not an error) when the file is missing or no PNG. */
class NativeImage {
  constructor(path, size) {
    this.path = path
    let bytes = null
    try {
      bytes = readFileSync(path)
    } catch {
      bytes = null
    }
    this.empty = !bytes || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)
    this.size =
      size ??
      (this.empty
        ? { width: 0, height: 0 }
        : { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) })
  }
  isEmpty() {
    return this.empty
  }
  getSize() {
    return this.size
  }
  resize({ width, height }) {
    return new NativeImage(this.path, { width, height: height ?? width })
  }
}
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
export const nativeImage = {
  createFromPath(path) {
    if (typeof path !== 'string') throw new TypeError('stub electron: createFromPath(path: string)')
    return new NativeImage(path)
  }
}

const image = (picture) => {
  if (typeof picture === 'string') return new NativeImage(picture)
  if (picture instanceof NativeImage) return picture
  throw new TypeError('stub electron: an image must be a NativeImage or a path')
}
const describeImage = (picture) => ({
  path: picture.path,
  empty: picture.isEmpty(),
  size: picture.getSize()
})
let trays = []
export class Tray extends EventEmitter {
  constructor(picture) {
    super()
    requireReady('Tray')
    this.image = image(picture)
    this.menu = null
    this.destroyed = false
    trays.push(this)
    report({ type: 'tray', image: describeImage(this.image) })
  }
  checkAlive(what) {
    if (this.destroyed) throw new Error(`stub electron: Tray.${what}() after destroy()`)
  }
  setImage(picture) {
    this.checkAlive('setImage')
    this.image = image(picture)
    report({ type: 'tray-image', image: describeImage(this.image) })
  }
  setToolTip(text) {
    this.checkAlive('setToolTip')
    if (typeof text !== 'string') throw new TypeError('stub electron: setToolTip(string)')
    report({ type: 'tray-tooltip', text })
  }
  setContextMenu(menu) {
    this.checkAlive('setContextMenu')
    if (menu !== null && !Array.isArray(menu?.template))
      throw new TypeError('stub electron: setContextMenu(Menu | null)')
    this.menu = menu
    report({ type: 'tray-menu', items: JSON.parse(JSON.stringify(menu?.template ?? [])) })
  }
  destroy() {
    this.destroyed = true
    trays = trays.filter((tray) => tray !== this)
    report({ type: 'tray-destroyed' })
  }
}

const notifications = []
export class Notification extends EventEmitter {
  static isSupported() {
    return true
  }
  constructor(options) {
    super()
    requireReady('Notification')
    if (typeof options?.title !== 'string' || typeof options?.body !== 'string')
      throw new TypeError('stub electron: new Notification({ title: string, body: string })')
    this.options = options
  }
  show() {
    notifications.push(this)
    report({ type: 'notification', index: notifications.length - 1, options: this.options })
  }
}

class PowerMonitor extends EventEmitter {
  on(event, listener) {
    requireReady('powerMonitor')
    return super.on(event, listener)
  }
}
export const powerMonitor = new PowerMonitor()

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
  nativeImage,
  Notification,
  powerMonitor,
  Tray,
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
  if (command.cmd === 'open-dialog-answer') return openAnswers.push(command.answer)
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
    return report({ type: 'resized' })
  }
  if (command.cmd === 'quit') app.quit()
  if (command.cmd === 'close-window') {
    const window = windows.find((open) => open.id === command.id) ?? windows[0]
    return report({ type: 'close-answered', closed: window ? window.close() : null })
  }
  if (command.cmd === 'message-box-answer') return messageBoxAnswers.push(command.response)
  if (command.cmd === 'tray-click') {
    const item = trays[0]?.menu?.template.find((entry) => entry.label === command.label)
    if (!item?.click || item.enabled === false)
      return report({ type: 'tray-clicked', label: command.label, found: false })
    item.click()
    return report({ type: 'tray-clicked', label: command.label, found: true })
  }
  if (command.cmd === 'notification-click') {
    notifications[command.index]?.emit('click')
    return report({ type: 'notification-clicked', index: command.index })
  }
  if (command.cmd === 'power-shutdown') return powerMonitor.emit('shutdown')
  if (command.cmd === 'windows')
    return report({
      type: 'windows',
      windows: windows.map((window) => ({
        id: window.id,
        visible: window.visible,
        title: window.options.title
      }))
    })
})
report({ type: 'stub-loaded' })
