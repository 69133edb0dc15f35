// What electron-updater touches of Electron beyond what the shell uses, added to the stub's `app`
// and `session` (withUpdaterApis, called once from electron.mjs) plus Electron's built-in
// `autoUpdater` and `net` (./net.mjs). Each follows Electron's documented behaviour, argument
// checks included, so the real electron-updater code runs here as it would in the app.
import { EventEmitter } from 'node:events'
import { existsSync, readFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fromPartition } from './net.mjs'

const report = (message) => process.send?.(message)

/** The app folder: where the package.json of the main script is (`app.getAppPath()`). */
function appFolder() {
  let folder = dirname(process.argv[1] ?? fileURLToPath(import.meta.url))
  while (!existsSync(join(folder, 'package.json')) && dirname(folder) !== folder)
    folder = dirname(folder)
  return folder
}

// Electron sets process.resourcesPath (app-update.yml of a packaged app is read from there, and
// electron-updater looks for a `package-type` file in it on Linux). A test names its own folder.
process.resourcesPath ??=
  process.env.PIM_STUB_RESOURCES_PATH ?? join(tmpdir(), 'pim-stub-electron-resources')

/**
 * Electron's own autoUpdater (Squirrel on macOS and Windows). electron-updater's Linux and NSIS
 * updaters only emit `before-quit-for-update` on it, which the stub reports to the test.
 */
class NativeAutoUpdater extends EventEmitter {
  emit(event, ...args) {
    report({ type: 'native-auto-updater', event })
    return super.emit(event, ...args)
  }
  checkForUpdates() {
    throw new Error('stub electron: the native autoUpdater is not modelled (macOS Squirrel)')
  }
  setFeedURL() {
    throw new Error('stub electron: the native autoUpdater is not modelled (macOS Squirrel)')
  }
}
export const autoUpdater = new NativeAutoUpdater()

export function withUpdaterApis(app, session) {
  const folder = appFolder()
  const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'))
  app.getVersion = () => process.env.PIM_STUB_APP_VERSION ?? pkg.version
  app.getName = () => pkg.productName ?? pkg.name
  app.getAppPath = () => folder
  app.relaunch = (options = {}) => {
    if (options === null || typeof options !== 'object')
      throw new TypeError('stub electron: app.relaunch(options?: object)')
    report({ type: 'relaunch', options })
  }
  const getPath = app.getPath.bind(app)
  const more = {
    home: () => homedir(),
    temp: () => tmpdir(),
    appData: () => process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'),
    exe: () => process.execPath
  }
  app.getPath = (name) => {
    if (typeof name !== 'string') throw new TypeError('stub electron: app.getPath(name: string)')
    return more[name]?.() ?? getPath(name)
  }
  // Electron emits `quit` (event, exitCode) once as the app goes, app.exit() included: the
  // moment electron-updater installs a downloaded update "on quit".
  const exit = app.exit.bind(app)
  let quitEmitted = false
  app.exit = (code = 0) => {
    if (typeof code !== 'number') throw new TypeError('stub electron: app.exit(exitCode?: number)')
    if (!quitEmitted) {
      quitEmitted = true
      app.emit('quit', { preventDefault() {} }, code)
    }
    exit(code)
  }
  session.fromPartition = fromPartition
}
