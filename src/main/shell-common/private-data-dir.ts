import { chmodSync, existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'

const OWN_FILES = ['pim.sqlite', 'pim.sqlite-wal', 'pim.sqlite-shm', 'pim.lock', 'preferences.json']

/**
 * The headless shell has no OS keychain, so webhook secrets are protected by who may read the
 * data folder: only this user. The desktop seals secrets, but its records and logs deserve the
 * same (Electron makes a new userData folder 0700, not one that already existed looser). Files are
 * created private (umask 077), and an existing folder and the app's own files in it are tightened
 * on start (nothing else in the folder is touched). Windows keeps its own ACLs: chmod does nothing.
 */
export function makeDataDirPrivate(dataDir: string): void {
  process.umask(0o077)
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  chmodSync(dataDir, 0o700)
  for (const name of OWN_FILES) {
    const file = join(dataDir, name)
    if (existsSync(file)) chmodSync(file, 0o600)
  }
}
