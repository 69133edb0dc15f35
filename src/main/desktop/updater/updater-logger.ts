import type { Logger } from 'electron-updater'
import { redactUrls } from './update-errors'

/**
 * electron-updater's log lines, on the console like the rest of the shell, with every URL's
 * credentials and query string taken out (a private feed's token, a signed download link).
 */
export function updaterLogger(write: Pick<Console, 'log' | 'warn' | 'error'> = console): Logger {
  const line = (message: unknown) => `[updates] ${redactUrls(String(message))}`
  return {
    info: (message) => write.log(line(message)),
    warn: (message) => write.warn(line(message)),
    error: (message) => write.error(line(message))
  }
}
