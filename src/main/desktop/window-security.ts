/** Only plain https links leave the app, and only to the system browser. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:'
  } catch {
    return false
  }
}

/**
 * IPC is answered only for frames showing our own renderer: the `app://renderer` host, the dev
 * server's origin, or exactly one index.html file (any other local file could be a page the user
 * opened).
 */
export function isTrustedSenderUrl(senderUrl: string, rendererUrl: string): boolean {
  try {
    const sender = new URL(senderUrl)
    const renderer = new URL(rendererUrl)
    if (renderer.protocol === 'file:')
      return sender.protocol === 'file:' && sender.pathname === renderer.pathname
    // Custom schemes have an opaque origin ("null") in the URL standard: compare scheme and host.
    if (renderer.protocol !== 'http:' && renderer.protocol !== 'https:')
      return sender.protocol === renderer.protocol && sender.host === renderer.host
    return sender.origin === renderer.origin
  } catch {
    return false
  }
}
