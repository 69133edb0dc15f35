// A test double of the parts of Electron the main bundle uses. It records what the bundle does
// and reports it to the test over the child-process IPC channel; the test drives it back with
// commands (invoke an IPC handler as some frame, read the CSP hook, quit).
import { EventEmitter } from 'node:events'

const report = (message) => process.send?.(message)
const handlers = new Map()
const windows = []
let permissionHandler = null
let headersHook = null

class App extends EventEmitter {
  requestSingleInstanceLock() {
    return true
  }
  whenReady() {
    return Promise.resolve()
  }
  getPath(name) {
    if (name !== 'userData') throw new Error(`stub electron: no path "${name}"`)
    return process.env.PIM_STUB_USER_DATA
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

class WebContents extends EventEmitter {
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
    this.webContents = new WebContents()
    windows.push(this)
    report({ type: 'window', options })
  }
  static getAllWindows() {
    return windows
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
}

export const ipcMain = {
  handle(channel, handler) {
    handlers.set(channel, handler)
  }
}

export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler) {
      permissionHandler = handler
    },
    webRequest: {
      onHeadersReceived(hook) {
        headersHook = hook
      }
    }
  }
}

export const shell = { openExternal: () => Promise.resolve() }

export default { app, BrowserWindow, ipcMain, session, shell }

process.on('message', async (command) => {
  if (command.cmd === 'channels')
    return report({ type: 'channels', channels: [...handlers.keys()] })
  if (command.cmd === 'invoke') {
    const handler = handlers.get(command.channel)
    const answer = handler
      ? await handler({ senderFrame: { url: command.senderUrl } }, command.input)
      : { missing: true }
    return report({ type: 'answer', id: command.id, answer })
  }
  if (command.cmd === 'security') {
    let granted = null
    permissionHandler?.(null, 'geolocation', (allowed) => (granted = allowed))
    let headers = null
    headersHook?.({ responseHeaders: { 'X-Test': ['1'] } }, (result) => (headers = result))
    return report({ type: 'security', granted, headers })
  }
  if (command.cmd === 'quit') app.quit()
})
report({ type: 'stub-loaded' })
