import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * Start at login. macOS and Windows keep login items themselves (Electron's login item settings);
 * Linux desktops follow the XDG autostart spec: a .desktop file in ~/.config/autostart.
 * The app started this way opens in the tray, without a window (`--hidden`).
 */
export const HIDDEN_ARG = '--hidden'

export interface LoginItemHost {
  platform: NodeJS.Platform
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void
  /** The executable to start: an AppImage's own path on Linux, else the app's. */
  executable: string
  env: NodeJS.ProcessEnv
}

export const AUTOSTART_FILE = 'indexed-pim-desktop.desktop'

export function autostartDir(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart')
}

/** The autostart entry; Exec quotes the path as the Desktop Entry spec asks. */
export function autostartEntry(executable: string): string {
  const quoted = `"${executable.replace(/(["`$\\])/g, '\\$1')}"`
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Indexed PIM Desktop',
    'Comment=Keeps delivering webhooks in the background',
    `Exec=${quoted} ${HIDDEN_ARG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    ''
  ].join('\n')
}

export async function applyStartAtLogin(enabled: boolean, host: LoginItemHost): Promise<void> {
  if (host.platform === 'darwin' || host.platform === 'win32') {
    host.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARG] })
    return
  }
  const file = join(autostartDir(host.env), AUTOSTART_FILE)
  if (!enabled) {
    await rm(file, { force: true })
    return
  }
  await mkdir(autostartDir(host.env), { recursive: true })
  // Written beside it and renamed: a session starting meanwhile never reads half an entry.
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, autostartEntry(host.executable), { mode: 0o644 })
  await rename(temporary, file)
}
