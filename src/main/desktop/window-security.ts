/**
 * The only pages the window may open in the system browser: documentation the app links to, as
 * exact URL prefixes (each ending in "/", so a look-alike host such as
 * `https://www.standardwebhooks.com.evil.example/` never matches). Any other link, https or not, is
 * refused: a renderer that shows a receiver's reply must not be able to send the operator anywhere.
 * Today the app links to the signature scheme its webhooks follow; add the app's own published
 * documentation pages here when they have an address.
 */
export const DOCUMENTATION_LINK_PREFIXES: readonly string[] = ['https://www.standardwebhooks.com/']

/**
 * The URL to hand to the system browser when `url` is a documentation link, normalized by the URL
 * parser (so the prefix is compared on what the browser would load), else null. Links carrying a
 * user name or password are refused: they could only be a disguise.
 */
export function documentationLink(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return null
  return DOCUMENTATION_LINK_PREFIXES.some((prefix) => parsed.href.startsWith(prefix))
    ? parsed.href
    : null
}

/**
 * A refused link as it may be logged: scheme, host and path, never the query or fragment (which
 * may carry tokens) nor a user name or password.
 */
export function loggableLink(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:')
      return `${parsed.protocol}//${parsed.host}${parsed.pathname}`
    return `a ${parsed.protocol} link`
  } catch {
    return 'an unparseable link'
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
