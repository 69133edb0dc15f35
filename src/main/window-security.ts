/**
 * Security settings of the desktop window, kept free of electron imports so tests can assert
 * them without launching Electron.
 */
export const secureWebPreferences = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  spellcheck: false
} as const

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

/** Only plain https links leave the app, and only to the system browser. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:'
  } catch {
    return false
  }
}

/** IPC is answered only for frames showing our own renderer. */
export function isTrustedSenderUrl(senderUrl: string, rendererUrl: string | null): boolean {
  try {
    const sender = new URL(senderUrl)
    if (rendererUrl) return sender.origin === new URL(rendererUrl).origin
    return sender.protocol === 'file:'
  } catch {
    return false
  }
}
